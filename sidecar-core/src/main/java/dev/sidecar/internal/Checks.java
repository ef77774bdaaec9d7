package dev.sidecar.internal;

import dev.sidecar.InvalidSpecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Gathers the problems of one spec so that {@code build()} can report all of them at once.
 * Internal: not part of the public API.
 */
public final class Checks {

    /** A DNS-1123 label, as Kubernetes requires of pod, container and volume names. */
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** An environment variable name as Kubernetes accepts it (no '=' and not starting with a digit). */
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    /** [registry[:port]/]path[:tag][@digest], with the lower-case path components Docker requires. */
    private static final Pattern IMAGE_REFERENCE = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
                    + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*:[0-9a-fA-F]{32,})?");
    private static final Pattern QUANTITY = Pattern.compile("([0-9]+)(Ki|Mi|Gi|Ti|k|M|G|T)?");

    private final String what;
    private final List<String> problems = new ArrayList<>();

    /** Starts gathering for the spec described by {@code what}, for example {@code container 'app'}. */
    public Checks(String what) {
        this.what = what;
    }

    /** Records a problem when {@code ok} is false. */
    public Checks require(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
        return this;
    }

    /** Records a problem when {@code value} is not a DNS-1123 label of at most {@code maxLength} characters. */
    public Checks dnsLabel(String field, String value, int maxLength) {
        if (value == null || !DNS_1123_LABEL.matcher(value).matches() || value.length() > maxLength) {
            problems.add(field + " '" + value + "' is not a DNS-1123 label (lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit, at most " + maxLength + " characters)");
        }
        return this;
    }

    /** Records a problem when {@code name} is not a valid environment variable name. */
    public Checks envName(String field, String name) {
        if (name == null || !ENV_NAME.matcher(name).matches()) {
            problems.add(field + " '" + name + "' is not a valid environment variable name "
                    + "(letters, digits, '_', '-', '.', not starting with a digit, no '=')");
        }
        return this;
    }

    /** Records a problem when {@code image} is blank or not a well-formed image reference. */
    public Checks image(String field, String image) {
        if (image == null || image.isBlank()) {
            problems.add(field + " is blank");
        } else if (!IMAGE_REFERENCE.matcher(image).matches()) {
            problems.add(field + " '" + image + "' is not a valid image reference (for example 'busybox:1.36' "
                    + "or 'registry.example.com/team/app:2')");
        }
        return this;
    }

    /** Records a problem when {@code path} is not an absolute container path. */
    public Checks absolutePath(String field, String path) {
        if (path == null || !path.startsWith("/")) {
            problems.add(field + " '" + path + "' is not an absolute path");
        }
        return this;
    }

    /** Records a problem when {@code port} is outside 1..65535. */
    public Checks port(String field, int port) {
        return require(port >= 1 && port <= 65535, field + " " + port + " is not a TCP port (1..65535)");
    }

    /** Throws one {@link InvalidSpecException} listing every problem, if any was recorded. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(what, problems);
        }
    }

    /** Throws at once unless {@code duration} is positive; the message names the field and the value. */
    public static Duration positive(String field, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, was " + duration);
        }
        return duration;
    }

    /** Throws at once if {@code duration} is missing or negative; the message names the field and the value. */
    public static Duration notNegative(String field, Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(field + " must be zero or a positive duration, was " + duration);
        }
        return duration;
    }

    /**
     * Parses a Kubernetes quantity of bytes ({@code 64Mi}, {@code 1G}, {@code 1048576}).
     *
     * @throws IllegalArgumentException naming the field and the value when it is malformed or zero
     */
    public static long bytes(String field, String quantity) {
        var m = quantity == null ? null : QUANTITY.matcher(quantity.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(field + " '" + quantity
                    + "' is not a quantity of bytes (for example '64Mi', '1Gi' or '1048576')");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + quantity + "' is too large", e);
        }
        String unit = m.group(2) == null ? "" : m.group(2);
        long factor = switch (unit) {
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
        if (n <= 0) {
            throw new IllegalArgumentException(field + " '" + quantity + "' must be more than zero bytes");
        }
        if (n > Long.MAX_VALUE / factor) {
            throw new IllegalArgumentException(field + " '" + quantity + "' is too large");
        }
        return n * factor;
    }
}
