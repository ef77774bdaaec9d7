package dev.sidecar.junit;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Pod;
import dev.sidecar.PodStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed test tells about its pods: per container (sidecars, then main) its status and last log lines, as
 * one report entry each, at WARN in the log, and attached to the failure itself. Secret environment values come
 * masked from the runtime; a pod that cannot be asked is reported as such, never as a second failure.
 */
final class FailureReport {

    /** Report entry key: the pod, its instance id and phase. */
    static final String POD = "sidecar.pod";
    /** Report entry key: the container and its role. */
    static final String CONTAINER = "sidecar.container";
    /** Report entry key: the container's state, readiness and restarts. */
    static final String STATUS = "sidecar.status";
    /** Report entry key: the container's last log lines, oldest first. */
    static final String LOGS = "sidecar.logs";

    private static final Logger LOG = LoggerFactory.getLogger(FailureReport.class);

    private FailureReport() {
    }

    /**
     * If what ran in {@code context} failed (not aborted), reports every visible pod that {@code owner} started: as
     * report entries, at WARN, and as a {@link PodReport} suppressed by the failure itself, so that the report shows
     * in the build's output and in the XML test reports whatever logging backend the project has.
     */
    static void publishIfFailed(ExtensionContext context, Object owner) {
        Throwable failure = context.getExecutionException().filter(t -> !(t instanceof TestAbortedException))
                .orElse(null);
        if (failure == null) {
            return;
        }
        for (RunningPod pod : PodScope.visible(context)) {
            if (pod.owner() == owner) {
                int lines = pod.settings().failureLogLines(context); // a bad configuration parameter fails loudly
                try {
                    failure.addSuppressed(new PodReport(publish(context, pod, lines)));
                } catch (RuntimeException e) {
                    LOG.warn("could not report {} for failed {}: {}", pod, context.getDisplayName(), e.toString());
                }
            }
        }
    }

    /** Publishes the pod's entries and logs them; the report as text. Container output comes masked. */
    private static String publish(ExtensionContext context, RunningPod running, int lines) {
        Pod pod = running.pod();
        PodStatus status = null;
        String statusProblem = null;
        try {
            status = pod.status();
        } catch (RuntimeException e) {
            statusProblem = "unknown: " + e.getMessage();
        }
        String podValue = pod.name() + " [" + pod.instanceId() + "]"
                + (running.ref().equals(pod.name()) ? "" : ", field " + running.ref())
                + (status == null ? "" : ", phase " + status.phase());
        StringBuilder text = new StringBuilder("pod " + podValue + " when " + context.getDisplayName() + " failed:");
        for (ContainerSpec container : pod.spec().containers()) {
            String state = status == null ? statusProblem : describe(status, container.name());
            String logs = lines == 0 ? "(not collected: " + SidecarPod.FAILURE_LOG_LINES_PARAMETER + " is 0)"
                    : logTail(pod, container.name(), lines);
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put(POD, printable(podValue));
            entry.put(CONTAINER, container.name());
            entry.put(STATUS, printable(state));
            entry.put(LOGS, printable(logs));
            context.publishReportEntry(entry);
            String indented = entry.get(LOGS).replace("\n", "\n  | ");
            LOG.warn("{} failed; pod {}, container '{}': {}; last log lines:\n  | {}", context.getDisplayName(),
                    entry.get(POD), container.name(), entry.get(STATUS), indented);
            text.append("\ncontainer '").append(container.name()).append("': ").append(entry.get(STATUS))
                    .append("; last log lines:\n  | ").append(indented);
        }
        return text.toString();
    }

    private static String describe(PodStatus status, String containerName) {
        return status.findContainer(containerName).map(FailureReport::describe)
                .orElse("unknown: the pod reports no container '" + containerName + "'");
    }

    private static String describe(ContainerStatus s) {
        StringBuilder b = new StringBuilder(s.state().name());
        s.lastExitCode().ifPresent(code -> b.append(" (exit code ").append(code).append(')'));
        b.append(s.ready() ? ", ready" : ", not ready");
        b.append(", ").append(s.restartCount()).append(s.restartCount() == 1 ? " restart" : " restarts");
        return b.toString();
    }

    private static String logTail(Pod pod, String containerName, int lines) {
        try {
            List<String> tail = pod.container(containerName).logTail(lines);
            return tail.isEmpty() ? "(no output)" : String.join("\n", tail);
        } catch (RuntimeException e) {
            return "(logs unavailable: " + e.getMessage() + ")";
        }
    }

    /** Report entries must not be blank; control characters other than newline and tab would spoil XML reports. */
    private static String printable(String value) {
        StringBuilder b = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (c == '\n' || c == '\t' || !Character.isISOControl(c)) {
                b.appendCodePoint(c);
            } else if (c != '\r') {
                b.append('?');
            }
        });
        return b.toString().isBlank() ? "(empty)" : b.toString();
    }

    /** A pod's state when a test failed, attached to the failure; it carries no stack trace of its own. */
    static final class PodReport extends RuntimeException {

        private static final long serialVersionUID = 1L;

        PodReport(String report) {
            super(report, null, false, false);
        }
    }
}
