package dev.sidecar.junit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.testcontainers.DockerClientFactory;

/** What the engine holds of a pod, found by the label the Docker runtime puts on each of its objects. */
final class DockerObjects {

    /** The runtime's label naming an object's pod ({@code dev.sidecar.docker.Labels.POD}). */
    private static final String POD_LABEL = "dev.sidecar.pod";
    /** The runtime's label naming an object's pod instance ({@code dev.sidecar.docker.Labels.INSTANCE}). */
    private static final String INSTANCE_LABEL = "dev.sidecar.pod-instance";

    private DockerObjects() {
    }

    /** The names of every container of pods named {@code podName}, running or not. */
    static List<String> containers(String podName) {
        return containerList(podName, true).stream().map(c -> String.join(",", c.getNames())).toList();
    }

    /** The names of every volume of pods named {@code podName}. */
    static List<String> volumes(String podName) {
        var volumes = client().listVolumesCmd().withFilter("label", List.of(POD_LABEL + "=" + podName)).exec()
                .getVolumes();
        return volumes == null ? List.of() : volumes.stream().map(v -> v.getName()).toList();
    }

    /** The instance ids of the pods named {@code podName} that have a running container. */
    static Set<String> runningInstances(String podName) {
        Set<String> ids = new TreeSet<>();
        containerList(podName, false).forEach(c -> ids.add(c.getLabels().get(INSTANCE_LABEL)));
        return ids;
    }

    private static List<Container> containerList(String podName, boolean all) {
        return client().listContainersCmd().withShowAll(all).withLabelFilter(Map.of(POD_LABEL, podName)).exec();
    }

    private static DockerClient client() {
        return DockerClientFactory.instance().client();
    }
}
