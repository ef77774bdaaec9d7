package dev.sidecar.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/**
 * What the engine holds under the library's labels, asked of docker-java directly rather than through the runtime
 * under test: for tests of labels and of cleanup.
 */
final class LabelledObjects {

    private LabelledObjects() {
    }

    /** Containers, running or not, of pod instance {@code instanceId}. */
    static List<Container> containersOfInstance(String instanceId) {
        return containers(Labels.INSTANCE + "=" + instanceId);
    }

    /** Volumes of pod instance {@code instanceId}. */
    static List<InspectVolumeResponse> volumesOfInstance(String instanceId) {
        return volumes(Labels.INSTANCE + "=" + instanceId);
    }

    /** Containers, running or not, of every pod named {@code podName}. */
    static List<Container> containersOfPod(String podName) {
        return containers(Labels.POD + "=" + podName);
    }

    /** Volumes of every pod named {@code podName}. */
    static List<InspectVolumeResponse> volumesOfPod(String podName) {
        return volumes(Labels.POD + "=" + podName);
    }

    private static List<Container> containers(String labelFilter) {
        return client().listContainersCmd().withShowAll(true).withLabelFilter(List.of(labelFilter)).exec();
    }

    private static List<InspectVolumeResponse> volumes(String labelFilter) {
        List<InspectVolumeResponse> found = client().listVolumesCmd().withFilter("label", List.of(labelFilter))
                .exec().getVolumes();
        return found == null ? List.of() : found;
    }

    private static DockerClient client() {
        return DockerClientFactory.instance().client();
    }
}
