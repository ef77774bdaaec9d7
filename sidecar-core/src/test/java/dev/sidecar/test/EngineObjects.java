package dev.sidecar.test;

import com.github.dockerjava.api.DockerClient;
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

    private static DockerClient client() {
        return DockerClientFactory.instance().client();
    }
}
