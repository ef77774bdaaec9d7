package dev.sidecar;

import dev.sidecar.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to tell that a container is ready: Kubernetes' {@code readinessProbe} (and, for the first pass, its
 * {@code startupProbe}). Probes are immutable values; {@link #withTimeout(Duration)} and
 * {@link #withPeriod(Duration)} derive changed copies.
 *
 * <p>TCP and HTTP probes reach the port inside the pod's network namespace, so they work for every declared port of
 * every container, including sidecars joined to the pod's infrastructure container.
 */
public final class Probe {

    /** How long a probe may take to pass while the pod starts, unless {@link #withTimeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How often a probe is tried after its first quick retries (1, 2, 4 … 32 ms), unless {@link #withPeriod} says
     * otherwise.
     */
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(50);

    /** The kinds of probe, after Kubernetes' probe handlers plus the two Testcontainers users expect. */
    public enum Kind {
        /** The container's process has started (Kubernetes: a container without a probe is ready once started). */
        STARTED,
        /** A TCP connection to the port is accepted ({@code tcpSocket}). */
        TCP,
        /** An HTTP GET of the path answers with a status in 200..399 ({@code httpGet}). */
        HTTP,
        /** A command run in the container exits 0 ({@code exec}). */
        EXEC,
        /** A line of the container's output matches a regular expression. */
        LOG
    }

    private final Kind kind;
    private final int port;
    private final String path;
    private final List<String> command;
    private final String logPattern;
    private final Duration timeout;
    private final Duration period;

    private Probe(Kind kind, int port, String path, List<String> command, String logPattern,
            Duration timeout, Duration period) {
        this.kind = kind;
        this.port = port;
        this.path = path;
        this.command = command;
        this.logPattern = logPattern;
        this.timeout = timeout;
        this.period = period;
    }

    /** Ready as soon as the container's process runs. */
    public static Probe started() {
        return new Probe(Kind.STARTED, 0, null, List.of(), null, DEFAULT_TIMEOUT, DEFAULT_PERIOD);
    }

    /** Ready when {@code port} accepts a TCP connection inside the pod (Kubernetes {@code tcpSocket}). */
    public static Probe tcp(int port) {
        checkPort(port);
        return new Probe(Kind.TCP, port, null, List.of(), null, DEFAULT_TIMEOUT, DEFAULT_PERIOD);
    }

    /** Ready when {@code GET path} on {@code port} answers 200..399 (Kubernetes {@code httpGet}). */
    public static Probe http(int port, String path) {
        checkPort(port);
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("probe path '" + path + "' must start with '/'");
        }
        return new Probe(Kind.HTTP, port, path, List.of(), null, DEFAULT_TIMEOUT, DEFAULT_PERIOD);
    }

    /** Ready when {@code command} run in the container exits 0 (Kubernetes {@code exec}). */
    public static Probe exec(String... command) {
        List<String> cmd = List.of(command);
        if (cmd.isEmpty() || cmd.get(0).isBlank()) {
            throw new IllegalArgumentException("exec probe command must not be empty, was " + cmd);
        }
        return new Probe(Kind.EXEC, 0, null, cmd, null, DEFAULT_TIMEOUT, DEFAULT_PERIOD);
    }

    /** Ready when a line of the container's output matches {@code regex} (searched, not matched whole). */
    public static Probe logLine(String regex) {
        Objects.requireNonNull(regex, "regex");
        try {
            Pattern.compile(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("log probe regex '" + regex + "' is invalid: " + e.getDescription(), e);
        }
        return new Probe(Kind.LOG, 0, null, List.of(), regex, DEFAULT_TIMEOUT, DEFAULT_PERIOD);
    }

    /** A copy that fails the pod start when not passed within {@code timeout} (default {@link #DEFAULT_TIMEOUT}). */
    public Probe withTimeout(Duration timeout) {
        return new Probe(kind, port, path, command, logPattern, Checks.positive("probe timeout", timeout), period);
    }

    /** A copy that is tried every {@code period} (default {@link #DEFAULT_PERIOD}). */
    public Probe withPeriod(Duration period) {
        return new Probe(kind, port, path, command, logPattern, timeout, Checks.positive("probe period", period));
    }

    /** What this probe checks. */
    public Kind kind() {
        return kind;
    }

    /** The probed port for {@link Kind#TCP} and {@link Kind#HTTP}, else 0. */
    public int port() {
        return port;
    }

    /** The HTTP path for {@link Kind#HTTP}, else {@code null}. */
    public String path() {
        return path;
    }

    /** The command for {@link Kind#EXEC}, else empty. */
    public List<String> command() {
        return command;
    }

    /** The regular expression for {@link Kind#LOG}, else {@code null}. */
    public String logPattern() {
        return logPattern;
    }

    /** How long the probe may take to pass. */
    public Duration timeout() {
        return timeout;
    }

    /** How often it is tried. */
    public Duration period() {
        return period;
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("probe port " + port + " is not a TCP port (1..65535)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Probe p && kind == p.kind && port == p.port && Objects.equals(path, p.path)
                && command.equals(p.command) && Objects.equals(logPattern, p.logPattern)
                && timeout.equals(p.timeout) && period.equals(p.period);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, port, path, command, logPattern, timeout, period);
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case STARTED -> "started";
            case TCP -> "tcp(" + port + ")";
            case HTTP -> "http(" + port + ", " + path + ")";
            case EXEC -> "exec" + command;
            case LOG -> "logLine(/" + logPattern + "/)";
        };
        return what + " within " + timeout;
    }
}
