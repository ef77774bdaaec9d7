package dev.sidecar.test;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/** What the engine holds: for tests that prove the library leaves nothing behind. */
public final class EngineObjects {

    private EngineObjects() {
    }

    /** Names of containers, running or not, labelled with the given pod instance id. */
    public static List<String> containersOfInstance(String instanceId) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of("dev.sidecar.pod-instance=" + instanceId)).exec().stream()
                .map(c -> String.join(",", c.getNames())).toList();
    }

    /** Names of volumes labelled with the given pod instance id. */
    public static List<String> volumesOfInstance(String instanceId) {
        var volumes = client().listVolumesCmd().withFilter("label", List.of("dev.sidecar.pod-instance=" + instanceId))
                .exec().getVolumes();
        return volumes == null ? List.of() : volumes.stream().map(v -> v.getName()).toList();
    }

    /** Names of containers, running or not, of any pod named {@code podName}. */
    public static List<String> containersOfPod(String podName) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of("dev.sidecar.pod=" + podName)).exec().stream()
                .map(c -> String.join(",", c.getNames())).toList();
    }

    /** Names of volumes of any pod named {@code podName}. */
    public static List<String> volumesOfPod(String podName) {
        var volumes = client().listVolumesCmd().withFilter("label", List.of("dev.sidecar.pod=" + podName))
                .exec().getVolumes();
        return volumes == null ? List.of() : volumes.stream().map(v -> v.getName()).toList();
    }

    /** The full inspection of every container, running or not, labelled with the given pod instance id. */
    public static List<InspectContainerResponse> inspectContainersOfInstance(String instanceId) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of("dev.sidecar.pod-instance=" + instanceId)).exec().stream()
                .map(c -> client().inspectContainerCmd(c.getId()).exec()).toList();
    }

    /**
     * The id of the container of pod instance {@code instanceId} that plays {@code role} ({@code infra},
     * {@code sidecar}, {@code main}) and is named {@code name} in the pod; for {@code infra}, pass {@code null}.
     */
    public static String containerIdOf(String instanceId, String role, String name) {
        List<Container> found = client().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of("dev.sidecar.pod-instance=" + instanceId, "dev.sidecar.role=" + role))
                .exec().stream()
                .filter(c -> name == null || name.equals(c.getLabels().get("dev.sidecar.container")))
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
}
