package dev.sidecar;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A snapshot of a running pod (Kubernetes {@code PodStatus}): its phase and one {@link ContainerStatus} per
 * sidecar and main container, in start order.
 *
 * @param podName the pod's name
 * @param phase the pod's phase
 * @param containers the containers' statuses
 */
public record PodStatus(String podName, Phase phase, List<ContainerStatus> containers) {

    /** The pod's phase. */
    public enum Phase {
        /** Its infrastructure container holds the namespaces and main runs (or is being restarted). */
        RUNNING,
        /** Main has terminated and will not be restarted; sidecars may still run. */
        SUCCEEDED,
        /** Main terminated with a non-zero code and will not be restarted. */
        FAILED,
        /** The infrastructure container is gone or stopped: the pod's namespaces are lost and it cannot recover. */
        BROKEN,
        /** The pod was closed. */
        CLOSED
    }

    /** Copies the list. */
    public PodStatus {
        containers = List.copyOf(containers);
    }

    /** The status of the container named {@code name}. */
    public ContainerStatus container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(
                () -> new NoSuchElementException("pod '" + podName + "' has no container '" + name + "' (has: "
                        + containers.stream().map(ContainerStatus::name).toList() + ")"));
    }

    /** Whether every container runs and is ready. */
    public boolean allReady() {
        return containers.stream().allMatch(c -> c.running() && c.ready());
    }
}
