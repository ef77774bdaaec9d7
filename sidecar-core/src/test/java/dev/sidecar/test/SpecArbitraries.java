package dev.sidecar.test;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import dev.sidecar.test.property.Gen;

/**
 * Generators of the values each rule of a spec accepts, and of values that break it, written from the rules as
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
    private static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";

    private SpecArbitraries() {
    }

    // --- names ---

    /** DNS-1123 labels of 1 to 63 characters. */
    public static Gen<String> dnsLabel() {
        Gen<String> end = Gen.strings(Gen.chars(LOWER_DIGITS), 1, 1);
        Gen<String> middle = Gen.strings(Gen.chars(LOWER_DIGITS + "-"), 0, 61);
        return Gen.oneOf(end, c -> end.next(c) + middle.next(c) + end.next(c));
    }

    /** Strings that are not DNS-1123 labels: upper case, dots, underscores, edge dashes, too long, empty. */
    public static Gen<String> notDnsLabel() {
        return Gen.<String>oneOf(
                Gen.of("", "-", "app-", "-app", "App", "my.app", "my_app", "a b", "x".repeat(64), "caf\u00e9"),
                Gen.strings(Gen.anyChar(), 0, 70))
                .filter(s -> !DNS_1123_LABEL.matcher(s).matches());
    }

    // --- images ---

    /**
     * Image references Docker 20.10 parses: {@code [registry[:port]/]path[:tag][@digest]}, where the registry is a
     * host name with a dot or a port, or {@code localhost}; path components are lower case; the digest is
     * {@code sha256} with 64 lower-case hex digits; the name is at most 255 characters.
     */
    public static Gen<String> imageReference() {
        Gen<String> hostPart = Gen.strings(Gen.chars(LOWER_DIGITS + "ABCXYZ"), 1, 8);
        Gen<String> host = Gen.oneOf(
                Gen.constant("localhost"),
                hostPart.list(2, 3).map(parts -> String.join(".", parts)),
                c -> hostPart.next(c) + ":" + Gen.ints(1, 65535).next(c));
        Gen<String> registry = Gen.frequency(3, Gen.constant(""), 1, host.map(h -> h + "/"));
        Gen<String> separator = Gen.of(".", "_", "__", "-", "--");
        Gen<String> alnum = Gen.strings(Gen.chars(LOWER_DIGITS), 1, 10);
        Gen<String> separated = c -> separator.next(c) + alnum.next(c);
        Gen<String> component = c -> alnum.next(c) + String.join("", separated.list(0, 2).next(c));
        Gen<String> path = component.list(1, 3).map(parts -> String.join("/", parts));
        Gen<String> tagStart = Gen.chars(ALPHA + DIGITS + "_").map(String::valueOf);
        Gen<String> tagRest = Gen.strings(Gen.chars(ALPHA + DIGITS + "_.-"), 0, 20);
        Gen<String> tag = c -> ":" + tagStart.next(c) + tagRest.next(c);
        Gen<String> digest = Gen.strings(Gen.chars("0123456789abcdef"), 64, 64).map(hex -> "@sha256:" + hex);
        Gen<String> maybeTag = Gen.frequency(1, Gen.constant(""), 3, tag);
        Gen<String> maybeDigest = Gen.frequency(4, Gen.constant(""), 1, digest);
        Gen<String> reference = c -> registry.next(c) + path.next(c) + maybeTag.next(c) + maybeDigest.next(c);
        return reference.filter(ref -> nameOf(ref).length() <= 255);
    }

    /**
     * Strings that look like image references, many of them malformed: every character an image reference may have
     * and a few it may not, in any order, and well-formed references with one part mangled.
     */
    public static Gen<String> imageReferenceLike() {
        Gen<String> soup = Gen.strings(Gen.chars("aAbZz09.-_:/@"), 1, 24);
        Gen<String> reference = imageReference();
        Gen<String> prefix = Gen.of("Up/", "UP/", "a..b/", "-a/", "a-/", "a.-b/", "_a/", "a:b/", "host:99999/", "X/");
        Gen<String> suffix = Gen.of("", ":", ":-tag", ":.tag", "@md5:0123456789abcdef0123456789abcdef",
                "@sha256:0123456789abcdef0123456789abcdef",
                "@sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
                "@sha512:" + "0".repeat(128), "/" + "a".repeat(250));
        Gen<String> mangled = c -> {
            String ref = reference.next(c);
            return prefix.next(c) + ref.replaceAll("[:@].*$", "") + suffix.next(c);
        };
        return Gen.oneOf(soup, mangled, reference);
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
    public static Gen<Integer> port() {
        return Gen.ints(1, 65535);
    }

    /** Numbers that are no TCP port. */
    public static Gen<Integer> notPort() {
        return Gen.oneOf(Gen.ints(Integer.MIN_VALUE, 0), Gen.ints(65536, Integer.MAX_VALUE));
    }

    /** One component of a path: letters, digits and a few punctuation marks, never {@code .} or {@code ..}. */
    public static Gen<String> pathSegment() {
        return Gen.strings(Gen.chars(LOWER_DIGITS + "ABZ._- "), 1, 12).filter(s -> !s.equals(".") && !s.equals(".."));
    }

    /** Absolute paths other than {@code /}, sometimes with a trailing slash. */
    public static Gen<String> absolutePath() {
        Gen<List<String>> segments = pathSegment().list(1, 3);
        Gen<String> end = Gen.frequency(5, Gen.constant(""), 1, Gen.constant("/"));
        return c -> "/" + String.join("/", segments.next(c)) + end.next(c);
    }

    /** A path as the engine compares mount points: without repeated or trailing slashes. */
    public static String cleanPath(String path) {
        String cleaned = path.replaceAll("/+", "/");
        return cleaned.length() > 1 && cleaned.endsWith("/") ? cleaned.substring(0, cleaned.length() - 1) : cleaned;
    }

    /** Paths relative to a volume's root, without {@code ..}: one to three segments. */
    public static Gen<String> relativeFilePath() {
        return pathSegment().list(1, 3).map(s -> String.join("/", s)).filter(p -> !p.isBlank());
    }

    /** Kubernetes quantities of bytes above zero that fit a {@code long}: {@code 64Mi}, {@code 1G}, {@code 1048576}. */
    public static Gen<String> byteQuantity() {
        Gen<Integer> number = Gen.ints(1, 1023);
        Gen<String> unit = Gen.of("Ki", "Mi", "Gi", "Ti", "k", "M", "G", "T");
        return Gen.oneOf(c -> number.next(c) + unit.next(c), Gen.longs(1, 1L << 50).map(n -> Long.toString(n)));
    }

    /** Strings that are no quantity of bytes above zero. */
    public static Gen<String> notByteQuantity() {
        return Gen.<String>oneOf(Gen.of("", "0", "0Mi", "-1Gi", "512MB", "1.5Gi", "64 Mi", "Mi", "1mi",
                        "99999999999Ti", "9223372036854775808"),
                Gen.strings(Gen.chars("0123456789KMGTikmb.- "), 0, 8))
                .filter(s -> !s.strip().matches("0*[1-9][0-9]{0,17}(Ki|Mi|Gi|Ti|k|M|G|T)?"));
    }

    /** Kubernetes CPU quantities above zero: millicores ({@code 250m}) or cores with up to 3 decimals. */
    public static Gen<String> cpuQuantity() {
        Gen<Integer> cores = Gen.ints(0, 63);
        Gen<Integer> thousandths = Gen.ints(1, 999);
        return Gen.oneOf(
                Gen.ints(1, 64_000).map(m -> m + "m"),
                Gen.ints(1, 64).map(n -> Integer.toString(n)),
                c -> cores.next(c) + "." + String.format(Locale.ROOT, "%03d", thousandths.next(c))
                        .replaceAll("0+$", ""));
    }

    /** Strings that are no CPU quantity above zero. */
    public static Gen<String> notCpuQuantity() {
        return Gen.of("", "0", "0m", "0.000", "0.0001", "1.2345", "-1", "2 cores", "1.5m", "m", "1e3", "500M");
    }

    // --- signals, capabilities ---

    /**
     * Linux signals as a spec may name them: with or without {@code SIG}, in any case, by number (1..64), or
     * real-time ({@code SIGRTMIN+n}, {@code SIGRTMAX-n}).
     */
    public static Gen<String> signal() {
        Gen<String> names = Gen.of(SIGNAL_NAMES);
        Gen<Boolean> yesNo = Gen.booleans();
        Gen<String> named = c -> {
            String name = names.next(c);
            String s = yesNo.next(c) ? name : name.substring(3);
            return yesNo.next(c) ? s.toLowerCase(Locale.ROOT) : s;
        };
        return Gen.oneOf(named,
                Gen.ints(1, 64).map(n -> Integer.toString(n)),
                Gen.ints(0, 30).map(n -> "SIGRTMIN+" + n),
                Gen.ints(0, 30).map(n -> "SIGRTMAX-" + n),
                Gen.of("SIGRTMIN", "SIGRTMAX", "RTMIN+1"));
    }

    /** Strings that name no Linux signal. */
    public static Gen<String> notSignal() {
        return Gen.of("", " ", "0", "65", "-9", "SIGFOO", "FOO", "SIG", "SIGRTMIN+31", "SIGRTMAX+1", "SIGRTMIN-1",
                "STOP NOW", "SIGTERM!", "100");
    }

    /** Linux capabilities as a spec may name them: with or without {@code CAP_}, in any case. */
    public static Gen<String> capability() {
        Gen<String> caps = Gen.of(CAPABILITIES);
        Gen<Boolean> yesNo = Gen.booleans();
        return c -> {
            String cap = caps.next(c);
            String s = yesNo.next(c) && !cap.equals("ALL") ? "CAP_" + cap : cap;
            return yesNo.next(c) ? s.toLowerCase(Locale.ROOT) : s;
        };
    }

    /** Strings that name no capability. */
    public static Gen<String> notCapability() {
        return Gen.of("", "NET_FLY", "CAP_", "SYS", "ADMIN", "NET-ADMIN", "root");
    }

    // --- environment ---

    /** Environment variable names Kubernetes accepts. */
    public static Gen<String> envName() {
        Gen<String> start = Gen.chars(ALPHA + "_-.").map(String::valueOf);
        Gen<String> rest = Gen.strings(Gen.chars(ALPHA + DIGITS + "_-."), 0, 15);
        return c -> start.next(c) + rest.next(c);
    }

    /** Strings that are no environment variable name. */
    public static Gen<String> notEnvName() {
        return Gen.<String>oneOf(Gen.of("", "9LIVES", "A=B", "A B", "=", "caf\u00e9"),
                Gen.strings(Gen.anyChar(), 0, 10)).filter(s -> !ENV_NAME.matcher(s).matches());
    }

    /** Any text without a NUL character: what an argument or environment value may hold. */
    public static Gen<String> text() {
        return Gen.<String>oneOf(Gen.strings(Gen.anyChar(), 0, 20),
                        Gen.strings(Gen.chars('\0', '\u007f'), 0, 20),
                        Gen.of("", " ", "a=b", "line\nbreak", "$HOME", "'quoted'", "\u00e9\u4e2d\ud83d\ude00"))
                .map(s -> s.replace('\0', ' '));
    }

    /**
     * Secret values: non-empty text without NUL and without {@code *}, the mask's own character (a secret of stars
     * could not be told from its mask).
     */
    public static Gen<String> secretValue() {
        return Gen.strings(Gen.anyChar().filter(ch -> ch != '\0' && ch != '*'), 1, 16);
    }

    /** {@code text} with a NUL character at {@code index} (modulo its length + 1). */
    public static String withNul(String text, int index) {
        int at = Math.floorMod(index, text.length() + 1);
        return text.substring(0, at) + '\0' + text.substring(at);
    }
}
