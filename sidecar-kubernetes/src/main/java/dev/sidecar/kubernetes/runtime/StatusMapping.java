package dev.sidecar.kubernetes.runtime;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Kubernetes Pod's status as the library's {@link PodStatus}: one {@link ContainerStatus} per sidecar and main
 * container in start order (native sidecars are reported by Kubernetes among the init containers).
 */
final class StatusMapping {

    private StatusMapping() {
    }

    /**
     * The status of {@code pod}, started from {@code spec}; {@code pod} is {@code null} when it no longer exists on
     * the cluster (deleted by someone else, or evicted and gone): then the pod is {@code BROKEN} with reason
     * {@code Deleted} and each container's {@code last} status is kept.
     */
    static PodStatus map(PodSpec spec, Pod pod, PodStatus last) {
        if (pod == null) {
            List<ContainerStatus> kept = last == null ? List.of() : last.containers();
            return new PodStatus(spec.name(), PodStatus.Phase.BROKEN, "Deleted", kept);
        }
        List<ContainerStatus> containers = new ArrayList<>();
        for (ContainerSpec c : spec.containers()) {
            containers.add(container(spec, c.name(), find(pod, c.name())));
        }
        return new PodStatus(spec.name(), phase(pod), pod.getStatus() == null ? null : pod.getStatus().getReason(),
                containers);
    }

    /** The pod's phase: Kubernetes' {@code Pending} and {@code Running} are both {@code RUNNING} to the library. */
    static PodStatus.Phase phase(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return PodStatus.Phase.TERMINATING;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (phase == null) {
            return PodStatus.Phase.RUNNING;
        }
        return switch (phase) {
            case "Succeeded" -> PodStatus.Phase.SUCCEEDED;
            case "Failed" -> PodStatus.Phase.FAILED;
            // The node stopped reporting: like a lost infrastructure container, nothing here can recover it.
            case "Unknown" -> PodStatus.Phase.BROKEN;
            default -> PodStatus.Phase.RUNNING;
        };
    }

    static ContainerStatus container(PodSpec spec, String name,
            Optional<io.fabric8.kubernetes.api.model.ContainerStatus> found) {
        if (found.isEmpty()) {
            return new ContainerStatus(name, spec.role(name), ContainerStatus.State.WAITING, -1, 0, false, false,
                    "Pending", null, null);
        }
        var k = found.get();
        ContainerState state = k.getState();
        ContainerStateTerminated lastRun = k.getLastState() == null ? null : k.getLastState().getTerminated();
        int restarts = k.getRestartCount() == null ? 0 : k.getRestartCount();
        boolean ready = Boolean.TRUE.equals(k.getReady());
        boolean started = Boolean.TRUE.equals(k.getStarted());
        if (state != null && state.getRunning() != null) {
            return new ContainerStatus(name, spec.role(name), ContainerStatus.State.RUNNING, exitCode(lastRun),
                    restarts, ready, true, null, time(state.getRunning().getStartedAt()), null);
        }
        if (state != null && state.getTerminated() != null) {
            ContainerStateTerminated t = state.getTerminated();
            return new ContainerStatus(name, spec.role(name), ContainerStatus.State.TERMINATED, exitCode(t), restarts,
                    false, true, t.getReason(), time(t.getStartedAt()), time(t.getFinishedAt()));
        }
        String reason = state != null && state.getWaiting() != null ? state.getWaiting().getReason() : null;
        return new ContainerStatus(name, spec.role(name), ContainerStatus.State.WAITING, exitCode(lastRun), restarts,
                false, started || lastRun != null, reason, lastRun == null ? null : time(lastRun.getStartedAt()),
                lastRun == null ? null : time(lastRun.getFinishedAt()));
    }

    private static Optional<io.fabric8.kubernetes.api.model.ContainerStatus> find(Pod pod, String name) {
        return StartVerdict.statuses(pod).stream().filter(s -> name.equals(s.getName())).findFirst();
    }

    private static int exitCode(ContainerStateTerminated t) {
        return t == null || t.getExitCode() == null ? -1 : t.getExitCode();
    }

    private static Instant time(String rfc3339) {
        return rfc3339 == null ? null : Instant.parse(rfc3339);
    }
}
