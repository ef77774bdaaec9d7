package dev.sidecar;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gathers the broken rules of one spec so that its {@code build()} reports all of them at once, each naming the field
 * and the value. Every rule of a spec lives here or in the {@code build()} that calls it; runtimes check nothing the
 * spec could know.
 */
final class Checks {

    /** A DNS-1123 label, as Kubernetes requires of pod, container and volume names. */
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** An environment variable name as Kubernetes accepts it (no '=' and not starting with a digit). */
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    /**
     * [registry/]path[:tag][@digest] as Docker parses it: path components in lower case; the part before the first
     * '/' is a registry only when it has a '.' or a port or is {@code localhost} (Docker reads anything else as a path
     * component); a digest of an algorithm Docker has, with as many lower-case hex digits as it takes. Group 1 is the
     * name, which Docker limits to {@value #IMAGE_NAME_MAX} characters.
     */
    private static final Pattern IMAGE_REFERENCE;
    private static final int IMAGE_NAME_MAX = 255;

    static {
        String domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
        String registry = "(?:" + domainComponent + "(?:\\." + domainComponent + ")+(?::[0-9]+)?|" + domainComponent
                + ":[0-9]+|localhost)";
        String pathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        IMAGE_REFERENCE = Pattern.compile("((?:" + registry + "/)?" + pathComponent + "(?:/" + pathComponent + ")*)"
                + "(?::[\\w][\\w.-]{0,127})?(?:@(?:sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128}))?");
    }

    private static final Pattern BYTES = Pattern.compile("([0-9]+)(Ki|Mi|Gi|Ti|k|M|G|T)?");
    private static final Pattern CPU = Pattern.compile("([0-9]+)m|([0-9]+(?:\\.[0-9]{1,3})?)");
    /** The Linux capabilities (capabilities(7)), without the {@code CAP_} prefix, and {@code ALL}. */
    static final Set<String> CAPABILITIES = Set.of("ALL", "AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE",
            "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE",
            "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID",
            "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYSLOG", "SYS_MODULE", "SYS_NICE",
            "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "WAKE_ALARM");

    private final String what;
    private final List<String> problems = new ArrayList<>();

    /** Starts gathering for the spec described by {@code what}, for example {@code container 'app'}. */
    Checks(String what) {
        this.what = what;
    }

    /** Records {@code problem} when {@code ok} is false. */
    Checks require(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
        return this;
    }

    /** Records every problem of an inner value (a probe of a container, say) as this spec's own. */
    Checks include(List<String> more) {
        problems.addAll(more);
        return this;
    }

    /** Records a problem when {@code value} is not a DNS-1123 label of at most {@code maxLength} characters. */
    Checks dnsLabel(String field, String value, int maxLength) {
        if (value == null || !DNS_1123_LABEL.matcher(value).matches() || value.length() > maxLength) {
            problems.add(field + " '" + value + "' is not a DNS-1123 label (lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit, at most " + maxLength + " characters)");
        }
        return this;
    }

    /** Records a problem when {@code value} is not a DNS-1123 subdomain, as Kubernetes requires of object names. */
    Checks dnsSubdomain(String field, String value) {
        boolean ok = value != null && value.length() <= 253
                && java.util.Arrays.stream(value.split("\\.", -1)).allMatch(l -> DNS_1123_LABEL.matcher(l).matches());
        return require(ok, field + " '" + value + "' is not a DNS-1123 subdomain (lower-case letters, digits, '-' "
                + "and '.', at most 253 characters)");
    }

    /** Records a problem when {@code name} is not a valid environment variable name. */
    Checks envName(String field, String name) {
        if (name == null || !ENV_NAME.matcher(name).matches()) {
            problems.add(field + " '" + name + "' is not a valid environment variable name "
                    + "(letters, digits, '_', '-', '.', not starting with a digit, no '=')");
        }
        return this;
    }

    /** Records a problem when {@code image} is blank or not an image reference Docker can parse. */
    Checks image(String field, String image) {
        Matcher m = image == null ? null : IMAGE_REFERENCE.matcher(image);
        if (image == null || image.isBlank()) {
            problems.add(field + " is blank");
        } else if (!m.matches()) {
            problems.add(field + " '" + image + "' is not a valid image reference (for example 'busybox:1.36' "
                    + "or 'registry.example.com/team/app:2')");
        } else if (m.group(1).length() > IMAGE_NAME_MAX) {
            problems.add(field + " '" + image + "' has a name of " + m.group(1).length() + " characters, more than "
                    + "the " + IMAGE_NAME_MAX + " Docker allows");
        }
        return this;
    }

    /** Records a problem when {@code path} is not an absolute path. */
    Checks absolutePath(String field, String path) {
        if (path == null || !path.startsWith("/")) {
            problems.add(field + " '" + path + "' is not an absolute path");
        }
        return this;
    }

    /**
     * {@code path} as the engine compares mount points: repeated slashes, {@code .} and {@code ..} resolved, no
     * trailing slash ({@code /mnt//data/} and {@code /mnt/x/../data} are both {@code /mnt/data}).
     */
    static String cleanPath(String path) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return (path.startsWith("/") ? "/" : "") + String.join("/", parts);
    }

    /** Records a problem when {@code port} is outside 1..65535. */
    Checks port(String field, int port) {
        return require(port >= 1 && port <= 65535, field + " " + port + " is not a TCP port (1..65535)");
    }

    /** Records a problem when {@code name} is not an IANA service name, as Kubernetes requires of port names. */
    Checks portName(String field, String name) {
        return require(name != null && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") && name.length() <= 15
                && name.matches(".*[a-z].*") && !name.contains("--"), field + " '" + name + "' is not a port name "
                + "(at most 15 lower-case letters, digits and '-', with a letter, no '--')");
    }

    /** Records a problem when {@code text} holds a NUL character, which no process argument or variable can. */
    Checks noNul(String field, String text) {
        int at = text == null ? -1 : text.indexOf('\0');
        return require(at < 0, field + " contains a NUL character (at index " + at + "), which no process "
                + "argument, environment variable or label can hold");
    }

    /** Records a problem when {@code duration} is not more than zero. */
    Checks positive(String field, Duration duration) {
        return require(duration != null && !duration.isNegative() && !duration.isZero(),
                field + " must be a positive duration, was " + duration);
    }

    /** Records a problem when {@code duration} is negative. */
    Checks notNegative(String field, Duration duration) {
        return require(duration != null && !duration.isNegative(),
                field + " must be zero or a positive duration, was " + duration);
    }

    /** Records a problem when {@code name} is not a Linux capability. */
    Checks capability(String field, String name) {
        return require(name != null && CAPABILITIES.contains(capabilityKey(name)), field + " '" + name
                + "' is not a Linux capability (for example NET_ADMIN or SYS_PTRACE; see capabilities(7))");
    }

    /** A capability's name as the kernel documents it, without {@code CAP_}, in upper case. */
    static String capabilityKey(String name) {
        return name.strip().toUpperCase(java.util.Locale.ROOT).replaceFirst("^CAP_", "");
    }

    /**
     * Parses a Kubernetes quantity of bytes ({@code 64Mi}, {@code 1G}, {@code 1048576}); records a problem and answers
     * 0 when it is malformed, zero or too large.
     */
    long bytes(String field, String quantity) {
        Matcher m = quantity == null ? null : BYTES.matcher(quantity.strip());
        if (m == null || !m.matches()) {
            problems.add(field + " '" + quantity + "' is not a quantity of bytes (for example '64Mi', '1Gi' or "
                    + "'1048576')");
            return 0;
        }
        long factor = switch (m.group(2) == null ? "" : m.group(2)) {
            case "k" -> 1000L;
            case "M" -> 1000L * 1000;
            case "G" -> 1000L * 1000 * 1000;
            case "T" -> 1000L * 1000 * 1000 * 1000;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            default -> 1L;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n <= 0) {
                problems.add(field + " '" + quantity + "' must be more than zero bytes");
                return 0;
            }
            return Math.multiplyExact(n, factor);
        } catch (NumberFormatException | ArithmeticException e) {
            problems.add(field + " '" + quantity + "' is too large");
            return 0;
        }
    }

    /**
     * Parses a Kubernetes CPU quantity ({@code 500m}, {@code 1.5}) into millicores; records a problem and answers 0
     * when it is malformed, zero or too large.
     */
    long cpuMillis(String field, String quantity) {
        Matcher m = quantity == null ? null : CPU.matcher(quantity.strip());
        if (m == null || !m.matches()) {
            problems.add(field + " '" + quantity + "' is not a CPU quantity (for example '500m' or '1.5')");
            return 0;
        }
        try {
            long millis = m.group(1) != null ? Long.parseLong(m.group(1))
                    : new BigDecimal(m.group(2)).movePointRight(3).longValueExact();
            if (millis <= 0) {
                problems.add(field + " '" + quantity + "' must be more than zero");
                return 0;
            }
            return millis;
        } catch (NumberFormatException | ArithmeticException e) {
            problems.add(field + " '" + quantity + "' is too large");
            return 0;
        }
    }

    /** The problems recorded so far. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Throws one {@link InvalidSpecException} listing every problem, if any was recorded. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(what, problems);
        }
    }

    /** Fails at once when {@code value} is null, naming the parameter: the one rule a builder setter enforces. */
    static <T> T notNull(T value, String parameter) {
        if (value == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
        return value;
    }

    /** Fails at once when the array or one of its elements is null, naming the parameter and the element's index. */
    static List<String> elements(String[] values, String parameter) {
        notNull(values, parameter);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(parameter + "[" + i + "] must not be null");
            }
        }
        return List.of(values);
    }
}
