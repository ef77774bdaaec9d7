package dev.sidecar;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A check of a container's health: Kubernetes' {@code Probe}, an {@link Action} (what to check) with Kubernetes'
 * timing fields. A container's {@linkplain ContainerSpec#readinessProbe() readiness probe} decides when it counts as
 * ready; the pod's start waits for it.
 *
 * <pre>{@code
 * Probe.http(8080, "/health")                                        // defaults as in Kubernetes
 * Probe.tcp(5432).toBuilder().period(Duration.ofSeconds(1)).build()   // a changed copy
 * }</pre>
 *
 * <p>Probes reach the port inside the pod's network namespace, so they work for every declared port of every
 * container, including sidecars. While a pod starts, a readiness probe that fails is tried again quickly (after 1 ms,
 * doubling up to 100 ms, never less often than its period) until it passes, where the kubelet would wait a whole
 * period: an extension that starts test pods fast without changing what "ready" means. {@link LogLine} and periods
 * under a second are extensions too; Kubernetes has neither.
 */
public final class Probe {

    /** How long to wait after the container starts before the first try, unless given: none ({@code 0}). */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ZERO;
    /** How often it is tried once the pod runs, unless given: Kubernetes' {@code periodSeconds} default, 10 s. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);
    /** How long one try may take, unless given: Kubernetes' {@code timeoutSeconds} default, 1 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** Consecutive passes that make a failing probe pass, unless given: 1, as in Kubernetes. */
    public static final int DEFAULT_SUCCESS_THRESHOLD = 1;
    /** Consecutive failures that make a passing probe fail, unless given: 3, as in Kubernetes. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;

    /** What a probe checks: Kubernetes' probe handlers, plus the log line Testcontainers users expect. */
    public sealed interface Action permits Exec, HttpGet, TcpSocket, LogLine {
    }

    /**
     * Passes when {@code command}, run in the container, exits 0 (Kubernetes {@code exec}).
     *
     * @param command the command and its arguments; not run through a shell
     */
    public record Exec(List<String> command) implements Action, Hook {
        /** Copies the command. */
        public Exec {
            command = List.copyOf(Checks.notNull(command, "command"));
        }

        @Override
        public String toString() {
            return "exec" + command;
        }
    }

    /**
     * Passes when {@code GET path} on a port answers with a status from 200 to 399 (Kubernetes {@code httpGet}).
     * Redirects are not followed; with HTTPS the certificate is not checked, as the kubelet does. As a hook, it is sent
     * to the pod and succeeds on the same statuses.
     *
     * @param port the container port by number, or 0 when {@code portName} names it
     * @param portName the name of one of the container's ports, or {@code null} when {@code port} gives its number
     * @param path the path, starting with {@code /}
     * @param scheme HTTP or HTTPS
     * @param headers request headers ({@code httpHeaders})
     */
    public record HttpGet(int port, String portName, String path, Scheme scheme, Map<String, String> headers)
            implements Action, Hook {
        /** Copies the headers. */
        public HttpGet {
            Checks.notNull(path, "path");
            Checks.notNull(scheme, "scheme");
            headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Checks.notNull(headers, "headers")));
        }

        /** A GET of a port given by number. */
        public HttpGet(int port, String path, Scheme scheme, Map<String, String> headers) {
            this(port, null, path, scheme, headers);
        }

        @Override
        public String toString() {
            return "httpGet(" + (scheme == Scheme.HTTPS ? "https " : "") + (portName == null ? port : portName) + path
                    + (headers.isEmpty() ? "" : " " + headers.keySet()) + ")";
        }
    }

    /** The scheme of an {@link HttpGet} probe. */
    public enum Scheme {
        /** Plain HTTP. */
        HTTP,
        /** HTTP over TLS. */
        HTTPS
    }

    /**
     * Passes when a port accepts a TCP connection (Kubernetes {@code tcpSocket}).
     *
     * @param port the container port by number, or 0 when {@code portName} names it
     * @param portName the name of one of the container's ports, or {@code null} when {@code port} gives its number
     */
    public record TcpSocket(int port, String portName) implements Action {
        /** A connection to a port given by number. */
        public TcpSocket(int port) {
            this(port, null);
        }

        @Override
        public String toString() {
            return "tcpSocket(" + (portName == null ? port : portName) + ")";
        }
    }

    /**
     * Passes once a line the container wrote since it (last) started matches {@code regex}, searched, not matched
     * whole. An extension: Kubernetes has no such probe.
     *
     * @param regex a {@link java.util.regex.Pattern} regular expression
     */
    public record LogLine(String regex) implements Action {
        /** Checks that the expression is there. */
        public LogLine {
            Checks.notNull(regex, "regex");
        }

        @Override
        public String toString() {
            return "logLine(/" + regex + "/)";
        }
    }

    private final Action action;
    private final Duration initialDelay;
    private final Duration period;
    private final Duration timeout;
    private final int successThreshold;
    private final int failureThreshold;

    private Probe(Builder b) {
        this.action = b.action;
        this.initialDelay = b.initialDelay;
        this.period = b.period;
        this.timeout = b.timeout;
        this.successThreshold = b.successThreshold;
        this.failureThreshold = b.failureThreshold;
    }

    /**
     * Passes when {@code port} accepts a TCP connection.
     *
     * @throws InvalidSpecException when the port is not a TCP port
     */
    public static Probe tcp(int port) {
        return builder(new TcpSocket(port)).build();
    }

    /**
     * Passes when {@code GET path} on {@code port} answers 200..399.
     *
     * @throws InvalidSpecException when the port or the path is malformed
     */
    public static Probe http(int port, String path) {
        return builder(new HttpGet(port, path, Scheme.HTTP, Map.of())).build();
    }

    /**
     * Passes when the container's port named {@code portName} accepts a TCP connection.
     *
     * @throws InvalidSpecException when the name is not a port name
     */
    public static Probe tcp(String portName) {
        return builder(new TcpSocket(0, Checks.notNull(portName, "portName"))).build();
    }

    /**
     * Passes when {@code GET path} on the container's port named {@code portName} answers 200..399.
     *
     * @throws InvalidSpecException when the name or the path is malformed
     */
    public static Probe http(String portName, String path) {
        return builder(new HttpGet(0, Checks.notNull(portName, "portName"), path, Scheme.HTTP, Map.of())).build();
    }

    /**
     * Passes when {@code command} run in the container exits 0.
     *
     * @throws InvalidSpecException when the command is empty
     */
    public static Probe exec(String... command) {
        return builder(new Exec(Checks.elements(command, "command"))).build();
    }

    /**
     * Passes once a line of the container's output matches {@code regex}.
     *
     * @throws InvalidSpecException when the expression does not compile
     */
    public static Probe logLine(String regex) {
        return builder(new LogLine(regex)).build();
    }

    /** A builder of a probe that checks {@code action}, with Kubernetes' default timing. */
    public static Builder builder(Action action) {
        return new Builder(Checks.notNull(action, "action"));
    }

    /** A builder holding this probe's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(action);
        b.initialDelay = initialDelay;
        b.period = period;
        b.timeout = timeout;
        b.successThreshold = successThreshold;
        b.failureThreshold = failureThreshold;
        return b;
    }

    /** What it checks. */
    public Action action() {
        return action;
    }

    /** How long after the container starts the first try waits ({@code initialDelaySeconds}). */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** How often it is tried once the pod runs ({@code periodSeconds}). */
    public Duration period() {
        return period;
    }

    /** How long one try may take before it counts as failed ({@code timeoutSeconds}). */
    public Duration timeout() {
        return timeout;
    }

    /** Consecutive passes that make a failing probe pass ({@code successThreshold}). */
    public int successThreshold() {
        return successThreshold;
    }

    /** Consecutive failures that make a passing probe fail ({@code failureThreshold}). */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** The container port it reaches by number, for {@link TcpSocket} and {@link HttpGet} given a number. */
    java.util.OptionalInt port() {
        if (action instanceof TcpSocket t && t.portName() == null) {
            return java.util.OptionalInt.of(t.port());
        }
        if (action instanceof HttpGet h && h.portName() == null) {
            return java.util.OptionalInt.of(h.port());
        }
        return java.util.OptionalInt.empty();
    }

    /** The container port it reaches by name, for {@link TcpSocket} and {@link HttpGet} given a name. */
    java.util.Optional<String> portName() {
        if (action instanceof TcpSocket t) {
            return java.util.Optional.ofNullable(t.portName());
        }
        if (action instanceof HttpGet h) {
            return java.util.Optional.ofNullable(h.portName());
        }
        return java.util.Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Probe p && action.equals(p.action) && initialDelay.equals(p.initialDelay)
                && period.equals(p.period) && timeout.equals(p.timeout) && successThreshold == p.successThreshold
                && failureThreshold == p.failureThreshold;
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, initialDelay, period, timeout, successThreshold, failureThreshold);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(action.toString());
        if (!initialDelay.equals(DEFAULT_INITIAL_DELAY)) {
            s.append(" initialDelay=").append(initialDelay);
        }
        if (!period.equals(DEFAULT_PERIOD)) {
            s.append(" period=").append(period);
        }
        if (!timeout.equals(DEFAULT_TIMEOUT)) {
            s.append(" timeout=").append(timeout);
        }
        if (successThreshold != DEFAULT_SUCCESS_THRESHOLD) {
            s.append(" successThreshold=").append(successThreshold);
        }
        if (failureThreshold != DEFAULT_FAILURE_THRESHOLD) {
            s.append(" failureThreshold=").append(failureThreshold);
        }
        return s.toString();
    }

    /**
     * Builds a {@link Probe}. Setters only store (a null argument fails at once); {@link #build()} checks every rule
     * and reports all problems in one {@link InvalidSpecException}.
     */
    public static final class Builder {
        private final Action action;
        private Duration initialDelay = DEFAULT_INITIAL_DELAY;
        private Duration period = DEFAULT_PERIOD;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int successThreshold = DEFAULT_SUCCESS_THRESHOLD;
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;

        private Builder(Action action) {
            this.action = action;
        }

        /** Waits this long after the container starts before the first try ({@code initialDelaySeconds}). */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = Checks.notNull(initialDelay, "initialDelay");
            return this;
        }

        /** Tries it this often once the pod runs ({@code periodSeconds}); under a second is an extension. */
        public Builder period(Duration period) {
            this.period = Checks.notNull(period, "period");
            return this;
        }

        /** Lets one try take this long before it counts as failed ({@code timeoutSeconds}). */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.notNull(timeout, "timeout");
            return this;
        }

        /** Consecutive passes that make a failing probe pass ({@code successThreshold}). */
        public Builder successThreshold(int successThreshold) {
            this.successThreshold = successThreshold;
            return this;
        }

        /** Consecutive failures that make a passing probe fail ({@code failureThreshold}). */
        public Builder failureThreshold(int failureThreshold) {
            this.failureThreshold = failureThreshold;
            return this;
        }

        /**
         * Checks every rule and builds the probe.
         *
         * @throws InvalidSpecException listing every problem found
         */
        public Probe build() {
            Checks checks = new Checks("probe " + action);
            checks.include(problems(action));
            checks.notNegative("initialDelay of probe " + action, initialDelay);
            checks.positive("period of probe " + action, period);
            checks.positive("timeout of probe " + action, timeout);
            checks.require(successThreshold >= 1, "successThreshold of probe " + action + " must be 1 or more, was "
                    + successThreshold);
            checks.require(failureThreshold >= 1, "failureThreshold of probe " + action + " must be 1 or more, was "
                    + failureThreshold);
            checks.throwIfAny();
            return new Probe(this);
        }

        private static void portOrName(Checks checks, String what, int port, String name) {
            if (name == null) {
                checks.port("port of " + what, port);
            } else {
                checks.require(port == 0, "port of " + what + " is given both as " + port + " and as '" + name
                        + "'");
                checks.portName("port name of " + what, name);
            }
        }

        /** The problems of an action, as a probe's or a hook's. */
        static List<String> problems(Action action) {
            Checks checks = new Checks("probe");
            String what = "probe " + action;
            if (action instanceof Exec e) {
                checks.require(!e.command().isEmpty() && !e.command().get(0).isBlank(), "command of " + what
                        + " must not be empty or start with a blank, was " + e.command());
                for (int i = 0; i < e.command().size(); i++) {
                    checks.noNul("command[" + i + "] of " + what, e.command().get(i));
                }
            } else if (action instanceof HttpGet h) {
                portOrName(checks, what, h.port(), h.portName());
                checks.require(h.path().startsWith("/"), "path of " + what + " '" + h.path()
                        + "' must start with '/'");
                checks.require(h.path().chars().allMatch(c -> c > 0x20 && c < 0x7f), "path of " + what + " '"
                        + h.path() + "' must be printable ASCII without spaces (percent-encode the rest)");
                h.headers().forEach((name, value) -> checks.require(name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")
                        && value != null && value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7f),
                        "header '" + name + "' of " + what + " is not a valid HTTP header (a token for the name, printable "
                        + "ASCII for the value)"));
            } else if (action instanceof TcpSocket t) {
                portOrName(checks, what, t.port(), t.portName());
            } else if (action instanceof LogLine l) {
                try {
                    Pattern.compile(l.regex());
                } catch (PatternSyntaxException e) {
                    checks.require(false, "regex of " + what + " is invalid: "
                            + e.getDescription().toLowerCase(Locale.ROOT) + " near index " + e.getIndex());
                }
            }
            return checks.problems();
        }
    }
}
