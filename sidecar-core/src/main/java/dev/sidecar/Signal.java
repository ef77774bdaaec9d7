package dev.sidecar;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux signal, by its name and its number on Linux: what {@link ContainerSpec.Builder#stopSignal} and
 * {@link PodContainer#signal} take (Kubernetes {@code lifecycle.stopSignal} names the same signals). Names are
 * checked here, before anything reaches an engine.
 *
 * @param name the canonical name, such as {@code SIGTERM} or {@code SIGRTMIN+3}
 * @param number its number on Linux (1..64)
 */
public record Signal(String name, int number) {

    /** Ask to hang up; many servers reload their configuration on it. */
    public static final Signal SIGHUP = new Signal("SIGHUP", 1);
    /** Interrupt, as Ctrl-C sends. */
    public static final Signal SIGINT = new Signal("SIGINT", 2);
    /** Quit; nginx stops gracefully on it. */
    public static final Signal SIGQUIT = new Signal("SIGQUIT", 3);
    /** Kill: cannot be caught. */
    public static final Signal SIGKILL = new Signal("SIGKILL", 9);
    /** User signal 1. */
    public static final Signal SIGUSR1 = new Signal("SIGUSR1", 10);
    /** User signal 2. */
    public static final Signal SIGUSR2 = new Signal("SIGUSR2", 12);
    /** Terminate: the default stop signal. */
    public static final Signal SIGTERM = new Signal("SIGTERM", 15);

    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;
    private static final Pattern REALTIME = Pattern.compile("SIGRT(MIN|MAX)(?:([+-])([0-9]{1,2}))?");
    private static final Map<String, Integer> NAMED = named();

    /** Checks the parts; use {@link #of(String)} to get a signal by name or number. */
    public Signal {
        if (name == null || number < 1 || number > SIGRTMAX) {
            throw new IllegalArgumentException("not a Linux signal: " + name + " (" + number + ")");
        }
    }

    /**
     * The signal named {@code nameOrNumber}: a name such as {@code SIGHUP} (the {@code SIG} prefix and case are
     * optional), a real-time signal such as {@code SIGRTMIN+3}, or a number from 1 to 64.
     *
     * @throws IllegalArgumentException naming the value when it is no Linux signal
     * @throws NullPointerException when it is null
     */
    public static Signal of(String nameOrNumber) {
        Checks.notNull(nameOrNumber, "signal");
        return parse(nameOrNumber).orElseThrow(() -> new IllegalArgumentException("signal '" + nameOrNumber
                + "' is not a Linux signal name such as SIGTERM or SIGRTMIN+3, nor a number from 1 to " + SIGRTMAX));
    }

    /** The signal {@code nameOrNumber} names, if it names one. */
    static Optional<Signal> parse(String nameOrNumber) {
        if (nameOrNumber == null) {
            return Optional.empty();
        }
        String key = nameOrNumber.strip().toUpperCase(Locale.ROOT);
        if (key.matches("[0-9]{1,2}")) {
            int number = Integer.parseInt(key);
            return number < 1 || number > SIGRTMAX ? Optional.empty() : Optional.of(byNumber(number));
        }
        if (!key.startsWith("SIG")) {
            key = "SIG" + key;
        }
        Integer number = NAMED.get(key);
        if (number != null) {
            return Optional.of(new Signal(key, number));
        }
        Matcher m = REALTIME.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        int offset = m.group(3) == null ? 0 : Integer.parseInt(m.group(3)) * ("-".equals(m.group(2)) ? -1 : 1);
        int n = ("MIN".equals(m.group(1)) ? SIGRTMIN : SIGRTMAX) + offset;
        return n < SIGRTMIN || n > SIGRTMAX ? Optional.empty() : Optional.of(byNumber(n));
    }

    private static Signal byNumber(int number) {
        for (Map.Entry<String, Integer> e : NAMED.entrySet()) {
            if (e.getValue() == number) {
                return new Signal(e.getKey(), number);
            }
        }
        if (number >= SIGRTMIN) {
            int fromMin = number - SIGRTMIN;
            int fromMax = SIGRTMAX - number;
            return new Signal(fromMin <= fromMax ? "SIGRTMIN" + (fromMin == 0 ? "" : "+" + fromMin)
                    : "SIGRTMAX" + (fromMax == 0 ? "" : "-" + fromMax), number);
        }
        // 32 and 33 are taken by the C library and have no name.
        return new Signal(Integer.toString(number), number);
    }

    private static Map<String, Integer> named() {
        Map<String, Integer> m = new LinkedHashMap<>();
        String[] names = {"SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
            "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD",
            "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
            "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], i + 1);
        }
        m.put("SIGIOT", 6);
        m.put("SIGPOLL", 29);
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return name;
    }
}
