package dev.sidecar.kubernetes;

import dev.sidecar.Hook;
import dev.sidecar.Probe;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.SleepAction;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A spec {@link Probe} as a Kubernetes probe (whole seconds of at least 1, 0 for the initial delay; no log lines), and
 * a spec {@link Hook} as a lifecycle handler (a sleep of whole seconds).
 */
final class ProbeExport {

    /**
     * The written probe.
     *
     * @param probe the Kubernetes probe, or null when there is none (a log-line probe)
     * @param exact whether it says exactly what the spec's does
     * @param reason why not, when not
     */
    record Written(io.fabric8.kubernetes.api.model.Probe probe, boolean exact, String reason) {
    }

    /**
     * The written hook.
     *
     * @param handler the lifecycle handler
     * @param exact whether it says exactly what the spec's does
     * @param reason why not, when not
     */
    record WrittenHook(LifecycleHandler handler, boolean exact, String reason) {
    }

    private ProbeExport() {
    }

    static WrittenHook write(Hook hook) {
        LifecycleHandler k = new LifecycleHandler();
        if (hook instanceof Hook.Sleep s) {
            long seconds = PodExport.ceilSeconds(s.duration());
            k.setSleep(new SleepAction(seconds));
            return PodExport.whole(s.duration()) ? new WrittenHook(k, true, "")
                    : new WrittenHook(k, false, "a sleep of " + s.duration() + " is not whole seconds: written as "
                    + seconds);
        }
        if (hook instanceof Probe.Exec e) {
            k.setExec(exec(e));
        } else if (hook instanceof Probe.HttpGet h) {
            k.setHttpGet(httpGet(h));
        }
        return new WrittenHook(k, true, "");
    }

    private static ExecAction exec(Probe.Exec e) {
        ExecAction exec = new ExecAction();
        exec.setCommand(e.command());
        return exec;
    }

    private static HTTPGetAction httpGet(Probe.HttpGet h) {
        HTTPGetAction get = new HTTPGetAction();
        get.setPort(port(h.port(), h.portName()));
        get.setPath(h.path());
        if (h.scheme() == Probe.Scheme.HTTPS) {
            get.setScheme("HTTPS");
        }
        if (!h.headers().isEmpty()) {
            List<HTTPHeader> headers = new ArrayList<>();
            h.headers().forEach((n, v) -> {
                HTTPHeader header = new HTTPHeader();
                header.setName(n);
                header.setValue(v);
                headers.add(header);
            });
            get.setHttpHeaders(headers);
        }
        return get;
    }

    private static IntOrString port(int port, String name) {
        return name == null ? new IntOrString(port) : new IntOrString(name);
    }

    static Written write(Probe p) {
        io.fabric8.kubernetes.api.model.Probe k = new io.fabric8.kubernetes.api.model.Probe();
        if (p.action() instanceof Probe.LogLine l) {
            return new Written(null, false, "a log-line probe (" + l.regex() + ") has no Kubernetes equivalent: no "
                    + "probe is written");
        } else if (p.action() instanceof Probe.Exec e) {
            k.setExec(exec(e));
        } else if (p.action() instanceof Probe.HttpGet h) {
            k.setHttpGet(httpGet(h));
        } else if (p.action() instanceof Probe.TcpSocket t) {
            TCPSocketAction tcp = new TCPSocketAction();
            tcp.setPort(port(t.port(), t.portName()));
            k.setTcpSocket(tcp);
        }
        List<String> rounded = new ArrayList<>();
        k.setInitialDelaySeconds(seconds(p.initialDelay(), Probe.DEFAULT_INITIAL_DELAY, 0, "initialDelay", rounded));
        k.setPeriodSeconds(seconds(p.period(), Probe.DEFAULT_PERIOD, 1, "period", rounded));
        k.setTimeoutSeconds(seconds(p.timeout(), Probe.DEFAULT_TIMEOUT, 1, "timeout", rounded));
        if (p.successThreshold() != Probe.DEFAULT_SUCCESS_THRESHOLD) {
            k.setSuccessThreshold(p.successThreshold());
        }
        if (p.failureThreshold() != Probe.DEFAULT_FAILURE_THRESHOLD) {
            k.setFailureThreshold(p.failureThreshold());
        }
        return rounded.isEmpty() ? new Written(k, true, "")
                : new Written(k, false, String.join(", ", rounded) + " of the probe: Kubernetes takes whole seconds");
    }

    /** Whole seconds, rounded up to at least {@code least}; null for the default. */
    private static Integer seconds(Duration d, Duration fallback, int least, String field, List<String> rounded) {
        if (d.equals(fallback)) {
            return null;
        }
        long seconds = Math.max(least, PodExport.ceilSeconds(d));
        if (!Duration.ofSeconds(seconds).equals(d)) {
            rounded.add(field + " " + d + " written as " + seconds + " s");
        }
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }
}
