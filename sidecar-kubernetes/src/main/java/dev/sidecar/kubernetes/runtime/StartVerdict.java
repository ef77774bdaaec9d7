package dev.sidecar.kubernetes.runtime;

import dev.sidecar.ContainerRole;
import dev.sidecar.PodSpec;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a starting Pod's status says: ready, failed (and why, as Kubernetes says it), or not yet. Read from each
 * status the watch delivers; nothing here calls the API server.
 */
final class StartVerdict {

    /**
     * The waiting reasons that end a start at once. The kubelet would go on retrying them, but a test that waits
     * minutes for an image that does not exist helps nobody.
     */
    static final Set<String> FATAL_WAITING_REASONS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError",
            "RunContainerError", "PreStartHookError", "PostStartHookError");

    /**
     * Why a pod cannot start.
     *
     * @param container the container to blame, or {@code null} when the pod as a whole failed (not scheduled)
     * @param reason Kubernetes' reason ({@code ImagePullBackOff}, {@code Unschedulable}, {@code Error})
     * @param message Kubernetes' message, or what the runtime knows, never {@code null}
     * @param ran whether the container ran, so that it has log lines (of its last run: {@code previous})
     * @param previous whether those are the previous run's (the container waits to be restarted)
     */
    record Failure(String container, String reason, String message, boolean ran, boolean previous) {
    }

    private StartVerdict() {
    }

    /** Whether the pod is ready (condition {@code Ready}), or has already succeeded (a main that ran to its end). */
    static boolean ready(Pod pod) {
        PodStatus s = pod.getStatus();
        if (s == null) {
            return false;
        }
        if ("Succeeded".equals(s.getPhase())) {
            return true;
        }
        return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** Why the pod cannot start, if its status says so already. */
    static Optional<Failure> failure(Pod pod, PodSpec spec) {
        PodStatus s = pod.getStatus();
        if (s == null) {
            return Optional.empty();
        }
        Optional<PodCondition> scheduled = condition(pod, "PodScheduled");
        if (scheduled.isPresent() && "False".equals(scheduled.get().getStatus())
                && "Unschedulable".equals(scheduled.get().getReason())) {
            return Optional.of(new Failure(null, "Unschedulable", text(scheduled.get().getMessage()), false, false));
        }
        for (var c : statuses(pod)) {
            ContainerStateWaiting waiting = c.getState() == null ? null : c.getState().getWaiting();
            if (waiting != null && FATAL_WAITING_REASONS.contains(waiting.getReason())) {
                boolean ranBefore = c.getLastState() != null && c.getLastState().getTerminated() != null;
                return Optional.of(new Failure(c.getName(), waiting.getReason(), text(waiting.getMessage()),
                        ranBefore, ranBefore));
            }
            ContainerStateTerminated terminated = c.getState() == null ? null : c.getState().getTerminated();
            if (terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0
                    && spec.findContainer(c.getName()).map(x -> spec.role(x.name()) == ContainerRole.INIT)
                            .orElse(false)) {
                return Optional.of(new Failure(c.getName(), text(terminated.getReason(), "Error"),
                        "init container exited with code " + terminated.getExitCode()
                                + (terminated.getMessage() == null ? "" : ": " + terminated.getMessage().strip()),
                        true, false));
            }
        }
        if ("Failed".equals(s.getPhase())) {
            String container = null;
            for (var c : statuses(pod)) {
                if (c.getState() != null && c.getState().getTerminated() != null
                        && c.getState().getTerminated().getExitCode() != null
                        && c.getState().getTerminated().getExitCode() != 0) {
                    container = c.getName();
                    break;
                }
            }
            return Optional.of(new Failure(container, text(s.getReason(), "Failed"), text(s.getMessage(),
                    "the pod failed before it was ready"), container != null, false));
        }
        return Optional.empty();
    }

    /** What keeps the pod from being ready, for a start that ran out of time: each container not ready and why. */
    static String pending(Pod pod) {
        PodStatus s = pod.getStatus();
        if (s == null || s.getPhase() == null) {
            return "the pod has no status yet: no kubelet took it up";
        }
        List<String> parts = new ArrayList<>();
        parts.add("phase " + s.getPhase());
        condition(pod, "PodScheduled").filter(c -> !"True".equals(c.getStatus()))
                .ifPresent(c -> parts.add("not scheduled (" + c.getReason() + ": " + text(c.getMessage()) + ")"));
        for (var c : statuses(pod)) {
            if (Boolean.TRUE.equals(c.getReady())) {
                continue;
            }
            String state = c.getState() == null ? "unknown"
                    : c.getState().getWaiting() != null ? "waiting (" + c.getState().getWaiting().getReason() + ")"
                    : c.getState().getRunning() != null ? "running, not ready"
                    : c.getState().getTerminated() != null ? "terminated (" + c.getState().getTerminated().getReason()
                            + ", exit code " + c.getState().getTerminated().getExitCode() + ")" : "unknown";
            parts.add("container '" + c.getName() + "' " + state);
        }
        return String.join("; ", parts);
    }

    static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** The init containers' statuses (native sidecars among them), then the containers'. */
    static List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses(Pod pod) {
        List<io.fabric8.kubernetes.api.model.ContainerStatus> all = new ArrayList<>();
        if (pod.getStatus() != null) {
            if (pod.getStatus().getInitContainerStatuses() != null) {
                all.addAll(pod.getStatus().getInitContainerStatuses());
            }
            if (pod.getStatus().getContainerStatuses() != null) {
                all.addAll(pod.getStatus().getContainerStatuses());
            }
        }
        return all;
    }

    private static String text(String message) {
        return text(message, "(Kubernetes gave no message)");
    }

    private static String text(String message, String otherwise) {
        return message == null || message.isBlank() ? otherwise : message.strip();
    }
}
