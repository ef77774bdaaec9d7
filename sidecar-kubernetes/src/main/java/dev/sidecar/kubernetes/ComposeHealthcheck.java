package dev.sidecar.kubernetes;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Probe;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A probe as a Compose healthcheck, run inside the container: {@code exec} as it is, {@code httpGet} with
 * {@code wget} or {@code curl}, {@code tcpSocket} with {@code nc} or bash (the image needs one: reported). A log-line
 * probe has none.
 */
final class ComposeHealthcheck {

    private ComposeHealthcheck() {
    }

    static void healthcheck(ContainerSpec c, Probe p, Map<String, Object> s, Map<String, ManifestReport.Entry> entries,
            String path) {
        List<String> test;
        if (p.action() instanceof Probe.Exec e) {
            test = new ArrayList<>(List.of("CMD"));
            test.addAll(e.command());
        } else if (p.action() instanceof Probe.HttpGet h) {
            int port = h.portName() == null ? h.port() : c.portNamed(h.portName()).orElseThrow();
            String url = (h.scheme() == Probe.Scheme.HTTPS ? "https" : "http") + "://127.0.0.1:" + port + h.path();
            StringBuilder wget = new StringBuilder("wget -q -O /dev/null");
            StringBuilder curl = new StringBuilder("curl -fsS -o /dev/null");
            if (h.scheme() == Probe.Scheme.HTTPS) {
                wget.append(" --no-check-certificate");
                curl.append(" -k");
            }
            h.headers().forEach((k, v) -> {
                wget.append(" --header ").append(quote(k + ": " + v));
                curl.append(" -H ").append(quote(k + ": " + v));
            });
            test = List.of("CMD-SHELL", wget + " " + quote(url) + " || " + curl + " " + quote(url));
            entries.putIfAbsent(path + ".healthcheck", new ManifestReport.Entry(path + ".healthcheck",
                    Verdict.DIFFERENT, "the HTTP probe runs wget or curl inside the container: the image needs one"));
        } else if (p.action() instanceof Probe.TcpSocket t) {
            int port = t.portName() == null ? t.port() : c.portNamed(t.portName()).orElseThrow();
            test = List.of("CMD-SHELL", "nc -z 127.0.0.1 " + port + " 2>/dev/null || nc -w 1 127.0.0.1 " + port
                    + " </dev/null >/dev/null 2>&1 || bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + port + "' 2>/dev/null");
            entries.putIfAbsent(path + ".healthcheck", new ManifestReport.Entry(path + ".healthcheck",
                    Verdict.DIFFERENT, "the TCP probe runs nc or bash inside the container: the image needs one"));
        } else {
            entries.putIfAbsent(path + ".healthcheck", new ManifestReport.Entry(path + ".healthcheck",
                    Verdict.UNSUPPORTED, "a log-line probe (" + p.action() + ") has no Compose healthcheck: the "
                    + "service counts as ready once started"));
            return;
        }
        Map<String, Object> hc = new LinkedHashMap<>();
        hc.put("test", test.stream().map(t -> t.replace("$", "$$")).toList()); // Compose interpolates $
        hc.put("interval", ComposeService.duration(p.period()));
        hc.put("timeout", ComposeService.duration(p.timeout()));
        hc.put("retries", p.failureThreshold());
        if (!p.initialDelay().isZero()) {
            hc.put("start_period", ComposeService.duration(p.initialDelay()));
        }
        if (p.successThreshold() != 1) {
            entries.putIfAbsent(path + ".healthcheck.successThreshold", new ManifestReport.Entry(path
                    + ".healthcheck.successThreshold", Verdict.DIFFERENT, "one passing check makes a Compose service "
                    + "healthy, not " + p.successThreshold()));
        }
        s.put("healthcheck", hc);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
