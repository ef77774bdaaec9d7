package dev.sidecar.assertj;

import dev.sidecar.ContainerStatus;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodStatus;
import java.util.List;
import java.util.function.Supplier;

/**
 * The text of every failure: what was expected, what was found, then the statuses and last log lines that explain
 * it. Container output comes from the runtime with the pod's secrets already masked. Reading the logs never adds a
 * second failure: what cannot be read is said so in the text.
 */
final class FailureText {

    private static final String LINE = "\n  | ";

    private FailureText() {
    }

    /** {@code Expecting SUBJECT EXPECTED, but ACTUAL.} */
    static String expecting(String subject, String expected, String actual) {
        return "Expecting " + subject + " " + expected + ", but " + actual + ".";
    }

    /** {@code container 'app' of pod 'web'}, or {@code container 'app'} when the pod is not known. */
    static String container(String podName, String containerName) {
        return "container '" + containerName + "'" + (podName == null ? "" : " of pod '" + podName + "'");
    }

    static String pod(String podName) {
        return "pod '" + podName + "'";
    }

    /** The container's status line, then its last log lines when the container is known. */
    static String details(ContainerStatus status, PodContainer container) {
        return "\nstatus: " + status + (container == null ? "" : "\n" + logs(container));
    }

    /** The container's status line, then its last log lines, read from {@code pod}. */
    static String details(ContainerStatus status, Pod pod) {
        return "\nstatus: " + status + "\n" + logs(pod, status.name());
    }

    /** The pod's phase, then per container its status line and, when the pod is known, its last log lines. */
    static String details(PodStatus status, Pod pod) {
        StringBuilder b = new StringBuilder("\n").append(pod(status.podName())).append(": ").append(status.phase());
        if (status.reason() != null) {
            b.append(" (").append(status.reason()).append(')');
        }
        for (ContainerStatus c : status.containers()) {
            b.append("\n  ").append(c);
            if (pod != null) {
                b.append(("\n" + logs(pod, c.name())).replace("\n", "\n    "));
            }
        }
        return b.toString();
    }

    /** {@code last log lines of 'app':} and the last lines, oldest first, each after a bar. */
    static String logs(PodContainer container) {
        return logs(container.name(), () -> container.logTail(SidecarAssertions.FAILURE_LOG_LINES));
    }

    /** The last log lines of {@code pod}'s container {@code name} (a closed pod has none to give). */
    static String logs(Pod pod, String name) {
        return logs(name, () -> pod.container(name).logTail(SidecarAssertions.FAILURE_LOG_LINES));
    }

    private static String logs(String name, Supplier<List<String>> lastLines) {
        String head = "last log lines of '" + name + "':";
        List<String> tail;
        try {
            tail = lastLines.get();
        } catch (RuntimeException e) {
            return head + " (unavailable: " + e.getMessage() + ")";
        }
        return tail.isEmpty() ? head + " (no output)" : head + LINE + String.join(LINE, tail);
    }

    /** The last {@link SidecarAssertions#FAILURE_LOG_LINES} lines of {@code text}, each after a bar. */
    static String lines(String text) {
        List<String> lines = text == null ? List.of() : text.lines().toList();
        if (lines.isEmpty()) {
            return " (empty)";
        }
        int from = Math.max(0, lines.size() - SidecarAssertions.FAILURE_LOG_LINES);
        return (from == 0 ? "" : " (last " + (lines.size() - from) + " of " + lines.size() + " lines)") + LINE
                + String.join(LINE, lines.subList(from, lines.size()));
    }

}
