package dev.sidecar;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A snapshot of a pod (Kubernetes {@code PodStatus}): its phase and one {@link ContainerStatus} per sidecar and main
 * container, in start order.
 *
 * @param podName the pod's name
 * @param phase the pod's phase
 * @param reason why it is in that phase, as Kubernetes says it ({@code DeadlineExceeded}), or {@code null}
 * @param containers the containers' statuses
 */
public record PodStatus(String podName, Phase phase, String reason, List<ContainerStatus> containers) {

    /** The pod's phase (Kubernetes' phases, plus what a local engine can tell besides). */
    public enum Phase {
        /** Its infrastructure container holds the namespaces and a main container runs, or will be restarted. */
        RUNNING,
        /** Every main container has terminated with code 0 and will not be restarted; the sidecars were stopped. */
        SUCCEEDED,
        /**
         * Every main container has terminated and will not be restarted, one of them with a non-zero code (the
         * sidecars were stopped); or the pod passed its active deadline ({@code DeadlineExceeded}).
         */
        FAILED,
        /** The infrastructure container is gone or stopped: the pod's namespaces are lost and it cannot recover. */
        BROKEN,
        /** {@link Pod#close()} is stopping it: the statuses show which containers have stopped so far. */
        TERMINATING,
        /** It was closed: the statuses are the containers' last, taken as they stopped. */
        CLOSED
    }

    /** Copies the list. */
    public PodStatus {
        containers = List.copyOf(containers);
    }

    /**
     * The status of the container named {@code name}.
     *
     * @throws NoSuchElementException naming the containers there are when none has that name
     */
    public ContainerStatus container(String name) {
        return findContainer(name).orElseThrow(() -> new NoSuchElementException("pod '" + podName
                + "' has no container '" + name + "' (has: " + containers.stream().map(ContainerStatus::name).toList()
                + ")"));
    }

    /** The status of the container named {@code name}, if the pod has one. */
    public Optional<ContainerStatus> findContainer(String name) {
        java.util.Objects.requireNonNull(name, "name must not be null");
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Whether every container runs and is ready. */
    public boolean allReady() {
        return containers.stream().allMatch(c -> c.running() && c.ready());
    }

    @Override
    public String toString() {
        return "PodStatus{" + podName + ", " + phase + (reason == null ? "" : " (" + reason + ")") + ", " + containers
                + "}";
    }
}
