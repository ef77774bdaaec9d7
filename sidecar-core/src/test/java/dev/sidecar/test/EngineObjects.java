package dev.sidecar.test;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.testcontainers.DockerClientFactory;

/**
 * What the engine holds under the library's labels, asked of docker-java directly rather than through the runtime
 * under test: for tests of labels and of cleanup. The one place tests name the runtime's label keys.
 */
public final class EngineObjects {

    /** The runtime's label naming an object's pod. */
    public static final String POD_LABEL = "dev.sidecar.pod";
    /** The runtime's label naming an object's pod instance. */
    public static final String INSTANCE_LABEL = "dev.sidecar.pod-instance";
    /** The runtime's label naming a container's part: infra, init, sidecar or main. */
    public static final String ROLE_LABEL = "dev.sidecar.role";
    /** The runtime's label naming a container in its pod. */
    public static final String CONTAINER_LABEL = "dev.sidecar.container";
    /** The runtime's label naming the PID of the JVM that created an object. */
    public static final String OWNER_PID_LABEL = "dev.sidecar.owner-pid";
    /**
     * Only this JVM's objects: other test runs on the same engine (another module, another checkout) start pods of
     * the same names at the same time, and theirs must not count here.
     */
    private static final String MINE = OWNER_PID_LABEL + "=" + ProcessHandle.current().pid();

    private EngineObjects() {
    }

    /** Containers, running or not, of pod instance {@code instanceId}. */
    public static List<Container> containersOfInstance(String instanceId) {
        return containers(true, INSTANCE_LABEL + "=" + instanceId);
    }

    /** Volumes of pod instance {@code instanceId}. */
    public static List<InspectVolumeResponse> volumesOfInstance(String instanceId) {
        return volumes(INSTANCE_LABEL + "=" + instanceId);
    }

    /** Containers, running or not, of every pod named {@code podName} that this JVM started. */
    public static List<Container> containersOfPod(String podName) {
        return containers(true, POD_LABEL + "=" + podName, MINE);
    }

    /** Volumes of every pod named {@code podName} that this JVM started. */
    public static List<InspectVolumeResponse> volumesOfPod(String podName) {
        return volumes(POD_LABEL + "=" + podName, MINE);
    }

    /** The names of the networks that this JVM's runtimes created and that are still there. */
    public static List<String> networksOfThisJvm() {
        return client().listNetworksCmd().withFilter("label", List.of(MINE)).exec().stream()
                .map(com.github.dockerjava.api.model.Network::getName).toList();
    }

    /** Whether a container of this id exists, running or not. */
    public static boolean containerExists(String id) {
        return found(() -> client().inspectContainerCmd(id).exec());
    }

    /** Whether a volume of this name exists. */
    public static boolean volumeExists(String name) {
        return found(() -> client().inspectVolumeCmd(name).exec());
    }

    /** Whether a network of this name or id exists. */
    public static boolean networkExists(String nameOrId) {
        return found(() -> client().inspectNetworkCmd().withNetworkId(nameOrId).exec());
    }

    /** Whether {@code inspect} finds its object: the engine answers 404 when it does not. */
    private static boolean found(Runnable inspect) {
        try {
            inspect.run();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        }
    }

    /** The instance ids of the pods named {@code podName} that this JVM started and that have a running container. */
    public static Set<String> runningInstancesOfPod(String podName) {
        Set<String> ids = new TreeSet<>();
        containers(false, POD_LABEL + "=" + podName, MINE).forEach(c -> ids.add(c.getLabels().get(INSTANCE_LABEL)));
        return ids;
    }

    /** The full inspection of every container, running or not, of pod instance {@code instanceId}. */
    public static List<InspectContainerResponse> inspectContainersOfInstance(String instanceId) {
        return containersOfInstance(instanceId).stream()
                .map(c -> client().inspectContainerCmd(c.getId()).exec()).toList();
    }

    /**
     * The id of the container of pod instance {@code instanceId} that plays {@code role} ({@code infra},
     * {@code sidecar}, {@code main}) and is named {@code name} in the pod; for {@code infra}, pass {@code null}.
     */
    public static String containerIdOf(String instanceId, String role, String name) {
        List<Container> found = containers(true, INSTANCE_LABEL + "=" + instanceId, ROLE_LABEL + "=" + role).stream()
                .filter(c -> name == null || name.equals(c.getLabels().get(CONTAINER_LABEL)))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + role + " container " + (name == null ? "" : name + " ")
                    + "of pod instance " + instanceId + ", found " + found.size());
        }
        return found.get(0).getId();
    }

    /**
     * The engine's client, for tests that act on the engine behind the library's back (kill a container, create an
     * object by hand). Remove what you create.
     */
    public static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    private static List<Container> containers(boolean all, String... labelFilters) {
        return client().listContainersCmd().withShowAll(all).withLabelFilter(List.of(labelFilters)).exec();
    }

    private static List<InspectVolumeResponse> volumes(String... labelFilters) {
        List<InspectVolumeResponse> found = client().listVolumesCmd().withFilter("label", List.of(labelFilters))
                .exec().getVolumes();
        return found == null ? List.of() : found;
    }
}
