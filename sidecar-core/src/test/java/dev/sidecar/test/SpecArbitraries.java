package dev.sidecar.test;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of the values each rule of a spec accepts, and of values that break it, written from the rules as
 * the README and Kubernetes (or Docker, where the engine decides) state them, not from the library's own checks: a
 * test oracle independent of the code under test.
 */
public final class SpecArbitraries {

    /** A DNS-1123 label of at most 63 characters, as Kubernetes requires of pod, container and volume names. */
    public static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** An environment variable name as Kubernetes accepts it. */
    public static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    /** capabilities(7), without the {@code CAP_} prefix, and Docker's {@code ALL}. */
    public static final List<String> CAPABILITIES = List.of("ALL", "AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE",
            "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE",
            "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID",
            "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYSLOG", "SYS_MODULE", "SYS_NICE",
            "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "WAKE_ALARM");

    /** signal(7): the standard signals 1..31 by name, and two aliases. */
    public static final List<String> SIGNAL_NAMES = List.of("SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP",
            "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
            "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
            "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS", "SIGIOT", "SIGPOLL");

    private static final String LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private SpecArbitraries() {
    }

    // --- names ---

    /** DNS-1123 labels of 1 to 63 characters. */
    public static Arbitrary<String> dnsLabel() {
        Arbitrary<String> end = Arbitraries.strings().withChars(LOWER_DIGITS).ofLength(1);
        Arbitrary<String> middle = Arbitraries.strings().withChars(LOWER_DIGITS + "-").ofMaxLength(61);
        return Arbitraries.oneOf(end, Combinators.combine(end, middle, end).as((a, m, z) -> a + m + z));
    }

    /** Strings that are not DNS-1123 labels: upper case, dots, underscores, edge dashes, too long, empty. */
    public static Arbitrary<String> notDnsLabel() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "-", "app-", "-app", "App", "my.app", "my_app", "a b", "x".repeat(64), "caf\u00e9"),
                Arbitraries.strings().all().ofMaxLength(70))
                .filter(s -> !DNS_1123_LABEL.matcher(s).matches());
    }

    // --- images ---

    /**
     * Image references Docker 20.10 parses: {@code [registry[:port]/]path[:tag][@digest]}, where the registry is a
     * host name with a dot or a port, or {@code localhost}; path components are lower case; the digest is
     * {@code sha256} with 64 lower-case hex digits; the name is at most 255 characters.
     */
    public static Arbitrary<String> imageReference() {
        Arbitrary<String> hostPart = Arbitraries.strings().withChars(LOWER_DIGITS + "ABCXYZ").ofMinLength(1)
                .ofMaxLength(8);
        Arbitrary<String> host = Arbitraries.oneOf(
                Arbitraries.just("localhost"),
                hostPart.list().ofMinSize(2).ofMaxSize(3).map(parts -> String.join(".", parts)),
                Combinators.combine(hostPart, Arbitraries.integers().between(1, 65535)).as((h, p) -> h + ":" + p));
        Arbitrary<String> registry = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")),
                Tuple.of(1, host.map(h -> h + "/")));
        Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "--");
        Arbitrary<String> alnum = Arbitraries.strings().withChars(LOWER_DIGITS).ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> component = Combinators.combine(alnum, Combinators.combine(separator, alnum)
                .as(String::concat).list().ofMaxSize(2)).as((first, rest) -> first + String.join("", rest));
        Arbitrary<String> path = component.list().ofMinSize(1).ofMaxSize(3).map(c -> String.join("/", c));
        Arbitrary<String> tag = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                        .withChars('_').ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                        .withChars("_.-").ofMaxLength(20)).as(String::concat);
        Arbitrary<String> digest = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)
                .map(hex -> "@sha256:" + hex);
        return Combinators.combine(registry, path, Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("")),
                        Tuple.of(3, tag.map(t -> ":" + t))), Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("")),
                        Tuple.of(1, digest)))
                .as((r, p, t, d) -> r + p + t + d)
                .filter(ref -> nameOf(ref).length() <= 255);
    }

    /**
     * Strings that look like image references, many of them malformed: every character an image reference may have
     * and a few it may not, in any order, and well-formed references with one part mangled.
     */
    public static Arbitrary<String> imageReferenceLike() {
        Arbitrary<String> soup = Arbitraries.strings().withChars("aAbZz09.-_:/@").ofMinLength(1).ofMaxLength(24);
        Arbitrary<String> mangled = Combinators.combine(imageReference(), Arbitraries.of(
                "Up/", "UP/", "a..b/", "-a/", "a-/", "a.-b/", "_a/", "a:b/", "host:99999/", "X/"), Arbitraries.of(
                "", ":", ":-tag", ":.tag", "@md5:0123456789abcdef0123456789abcdef",
                "@sha256:0123456789abcdef0123456789abcdef",
                "@sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
                "@sha512:" + "0".repeat(128), "/" + "a".repeat(250)))
                .as((ref, prefix, suffix) -> prefix + ref.replaceAll("[:@].*$", "") + suffix);
        return Arbitraries.oneOf(soup, mangled, imageReference());
    }

    /** The name part (registry and path) of an image reference: what Docker limits to 255 characters. */
    private static String nameOf(String ref) {
        String name = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        return colon > slash ? name.substring(0, colon) : name;
    }

    // --- ports, paths, quantities ---

    /** TCP ports, 1..65535. */
    public static Arbitrary<Integer> port() {
        return Arbitraries.integers().between(1, 65535);
    }

    /** Numbers that are no TCP port. */
    public static Arbitrary<Integer> notPort() {
        return Arbitraries.oneOf(Arbitraries.integers().between(Integer.MIN_VALUE, 0),
                Arbitraries.integers().between(65536, Integer.MAX_VALUE));
    }

    /** One component of a path: letters, digits and a few punctuation marks, never {@code .} or {@code ..}. */
    public static Arbitrary<String> pathSegment() {
        return Arbitraries.strings().withChars(LOWER_DIGITS + "ABZ._- ").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.equals(".") && !s.equals(".."));
    }

    /** Absolute paths other than {@code /}, sometimes with a trailing slash. */
    public static Arbitrary<String> absolutePath() {
        return Combinators.combine(pathSegment().list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just("")), Tuple.of(1, Arbitraries.just("/"))))
                .as((segments, end) -> "/" + String.join("/", segments) + end);
    }

    /** A path as the engine compares mount points: without repeated or trailing slashes. */
    public static String cleanPath(String path) {
        String cleaned = path.replaceAll("/+", "/");
        return cleaned.length() > 1 && cleaned.endsWith("/") ? cleaned.substring(0, cleaned.length() - 1) : cleaned;
    }

    /** Paths relative to a volume's root, without {@code ..}: one to three segments. */
    public static Arbitrary<String> relativeFilePath() {
        return pathSegment().list().ofMinSize(1).ofMaxSize(3).map(s -> String.join("/", s))
                .filter(p -> !p.isBlank());
    }

    /** Kubernetes quantities of bytes above zero that fit a {@code long}: {@code 64Mi}, {@code 1G}, {@code 1048576}. */
    public static Arbitrary<String> byteQuantity() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(1, 1023),
                        Arbitraries.of("Ki", "Mi", "Gi", "Ti", "k", "M", "G", "T")).as((n, unit) -> n + unit),
                Arbitraries.longs().between(1, 1L << 50).map(n -> Long.toString(n)));
    }

    /** Strings that are no quantity of bytes above zero. */
    public static Arbitrary<String> notByteQuantity() {
        return Arbitraries.oneOf(Arbitraries.of("", "0", "0Mi", "-1Gi", "512MB", "1.5Gi", "64 Mi", "Mi", "1mi",
                        "99999999999Ti", "9223372036854775808"),
                Arbitraries.strings().withChars("0123456789KMGTikmb.- ").ofMaxLength(8))
                .filter(s -> !s.strip().matches("0*[1-9][0-9]{0,17}(Ki|Mi|Gi|Ti|k|M|G|T)?"));
    }

    /** Kubernetes CPU quantities above zero: millicores ({@code 250m}) or cores with up to 3 decimals. */
    public static Arbitrary<String> cpuQuantity() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1, 64_000).map(m -> m + "m"),
                Arbitraries.integers().between(1, 64).map(n -> Integer.toString(n)),
                Combinators.combine(Arbitraries.integers().between(0, 63), Arbitraries.integers().between(1, 999))
                        .as((cores, thousandths) -> cores + "." + String.format(Locale.ROOT, "%03d", thousandths)
                                .replaceAll("0+$", "")));
    }

    /** Strings that are no CPU quantity above zero. */
    public static Arbitrary<String> notCpuQuantity() {
        return Arbitraries.of("", "0", "0m", "0.000", "0.0001", "1.2345", "-1", "2 cores", "1.5m", "m", "1e3",
                "500M");
    }

    // --- signals, capabilities ---

    /**
     * Linux signals as a spec may name them: with or without {@code SIG}, in any case, by number (1..64), or
     * real-time ({@code SIGRTMIN+n}, {@code SIGRTMAX-n}).
     */
    public static Arbitrary<String> signal() {
        Arbitrary<String> named = Combinators.combine(Arbitraries.of(SIGNAL_NAMES), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as((name, prefix, lower) -> {
                    String s = prefix ? name : name.substring(3);
                    return lower ? s.toLowerCase(Locale.ROOT) : s;
                });
        return Arbitraries.oneOf(named,
                Arbitraries.integers().between(1, 64).map(n -> Integer.toString(n)),
                Arbitraries.integers().between(0, 30).map(n -> "SIGRTMIN+" + n),
                Arbitraries.integers().between(0, 30).map(n -> "SIGRTMAX-" + n),
                Arbitraries.of("SIGRTMIN", "SIGRTMAX", "RTMIN+1"));
    }

    /** Strings that name no Linux signal. */
    public static Arbitrary<String> notSignal() {
        return Arbitraries.of("", " ", "0", "65", "-9", "SIGFOO", "FOO", "SIG", "SIGRTMIN+31", "SIGRTMAX+1",
                "SIGRTMIN-1", "STOP NOW", "SIGTERM!", "100");
    }

    /** Linux capabilities as a spec may name them: with or without {@code CAP_}, in any case. */
    public static Arbitrary<String> capability() {
        return Combinators.combine(Arbitraries.of(CAPABILITIES), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as((cap, prefix, lower) -> {
                    String s = prefix && !cap.equals("ALL") ? "CAP_" + cap : cap;
                    return lower ? s.toLowerCase(Locale.ROOT) : s;
                });
    }

    /** Strings that name no capability. */
    public static Arbitrary<String> notCapability() {
        return Arbitraries.of("", "NET_FLY", "CAP_", "SYS", "ADMIN", "NET-ADMIN", "root");
    }

    // --- environment ---

    /** Environment variable names Kubernetes accepts. */
    public static Arbitrary<String> envName() {
        return Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withChars("_-.").ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                        .withChars("_-.").ofMaxLength(15)).as(String::concat);
    }

    /** Strings that are no environment variable name. */
    public static Arbitrary<String> notEnvName() {
        return Arbitraries.oneOf(Arbitraries.of("", "9LIVES", "A=B", "A B", "=", "caf\u00e9"),
                Arbitraries.strings().all().ofMaxLength(10)).filter(s -> !ENV_NAME.matcher(s).matches());
    }

    /** Any text without a NUL character: what an argument or environment value may hold. */
    public static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(20),
                        Arbitraries.strings().ascii().ofMaxLength(20),
                        Arbitraries.of("", " ", "a=b", "line\nbreak", "$HOME", "'quoted'", "\u00e9\u4e2d\ud83d\ude00"))
                .map(s -> s.replace('\0', ' '));
    }

    /**
     * Secret values: non-empty text without NUL and without {@code *}, the mask's own character (a secret of stars
     * could not be told from its mask).
     */
    public static Arbitrary<String> secretValue() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(16).excludeChars('\0', '*');
    }

    /** {@code text} with a NUL character at {@code index} (modulo its length + 1). */
    public static String withNul(String text, int index) {
        int at = Math.floorMod(index, text.length() + 1);
        return text.substring(0, at) + '\0' + text.substring(at);
    }
}
