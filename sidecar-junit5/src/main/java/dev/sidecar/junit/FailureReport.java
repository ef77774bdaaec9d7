package dev.sidecar.junit;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
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
 * one report entry each and at WARN in the log. Secret environment values are masked; a pod that cannot be asked
 * is reported as such, never as a second failure.
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

    /** If what ran in {@code context} failed (not aborted), reports every visible pod that {@code owner} started. */
    static void publishIfFailed(ExtensionContext context, Object owner) {
        if (context.getExecutionException().filter(t -> !(t instanceof TestAbortedException)).isEmpty()) {
            return;
        }
        for (RunningPod pod : PodScope.visible(context)) {
            if (pod.owner() == owner) {
                int lines = pod.settings().failureLogLines(context); // a bad configuration parameter fails loudly
                try {
                    publish(context, pod, lines);
                } catch (RuntimeException e) {
                    LOG.warn("could not report {} for failed {}: {}", pod, context.getDisplayName(), e.toString());
                }
            }
        }
    }

    private static void publish(ExtensionContext context, RunningPod running, int lines) {
        Pod pod = running.pod();
        PodSpec spec = pod.spec();
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
        for (ContainerSpec container : pod.spec().containers()) {
            String state = status == null ? statusProblem : describe(status, container.name());
            String logs = lines == 0 ? "(not collected: " + SidecarPod.FAILURE_LOG_LINES_PARAMETER + " is 0)"
                    : logTail(pod, container.name(), lines);
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put(POD, printable(spec.maskSecrets(podValue)));
            entry.put(CONTAINER, container.name());
            entry.put(STATUS, printable(spec.maskSecrets(state)));
            entry.put(LOGS, printable(spec.maskSecrets(logs)));
            context.publishReportEntry(entry);
            LOG.warn("{} failed; pod {}, container '{}': {}; last log lines:\n  | {}", context.getDisplayName(),
                    entry.get(POD), container.name(), entry.get(STATUS), entry.get(LOGS).replace("\n", "\n  | "));
        }
    }

    private static String describe(PodStatus status, String containerName) {
        ContainerStatus s;
        try {
            s = status.container(containerName);
        } catch (RuntimeException e) {
            return "unknown: " + e.getMessage();
        }
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
}
