package dev.sidecar.contract;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What kind of value a parameter takes, and so how its value must be written: the label
 * {@code dev.sidecar.contract.param.<NAME>.unit}. A value that does not parse as its unit fails the
 * {@link ContractCheck}; changing a parameter's unit is a breaking change.
 */
public enum Unit {

    /** A duration as Kubernetes and Go write it: {@code 300s}, {@code 5m}, {@code 1h30m}, {@code 250ms}. */
    DURATION("duration", "a duration such as 300s, 5m or 1h30m (units ns, us, ms, s, m, h)", "300s",
            Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+|0").asMatchPredicate()),
    /** A whole number of milliseconds. */
    MILLISECONDS("milliseconds", "a whole number of milliseconds", "200", Unit::wholeNumber),
    /** A whole number of seconds. */
    SECONDS("seconds", "a whole number of seconds", "300", Unit::wholeNumber),
    /** A whole number of minutes. */
    MINUTES("minutes", "a whole number of minutes", "5", Unit::wholeNumber),
    /** A whole number of hours. */
    HOURS("hours", "a whole number of hours", "24", Unit::wholeNumber),
    /** A whole number of days. */
    DAYS("days", "a whole number of days", "1", Unit::wholeNumber),
    /** A quantity of bytes as Kubernetes writes it: {@code 512Mi}, {@code 1Gi}, {@code 1048576}, {@code 10M}. */
    BYTES("bytes", "a quantity of bytes such as 512Mi, 1Gi or 1048576 (suffixes Ki Mi Gi Ti Pi Ei, k M G T P E)",
            "64Mi", Pattern.compile("[0-9]+(?:\\.[0-9]+)?(?:Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?").asMatchPredicate()),
    /** An integer, possibly negative. */
    INTEGER("integer", "an integer", "42", Pattern.compile("-?[0-9]+").asMatchPredicate()),
    /** {@code true} or {@code false}. */
    BOOLEAN("boolean", "true or false", "true", v -> v.equals("true") || v.equals("false")),
    /** A TCP or UDP port number, 1 to 65535. */
    PORT("port", "a port number from 1 to 65535", "8080", Unit::port),
    /** An absolute URL with a scheme and a host, for example {@code http://config-api:8080/app.conf}. */
    URL("url", "an absolute URL with a scheme and a host", "http://config-api:8080/app.conf", Unit::url),
    /** An absolute path in the container's file system. */
    PATH("path", "an absolute path", "/config/app.conf", v -> v.startsWith("/"));

    private final String label;
    private final String description;
    private final String example;
    private final Predicate<String> accepts;

    Unit(String label, String description, String example, Predicate<String> accepts) {
        this.label = label;
        this.description = description;
        this.example = example;
        this.accepts = accepts;
    }

    /** How the unit is written in the label, for example {@code seconds}. */
    public String label() {
        return label;
    }

    /** What a value of this unit looks like, for messages: {@code a whole number of seconds}. */
    public String description() {
        return description;
    }

    /** A value of this unit, for messages: {@code 300}. */
    public String example() {
        return example;
    }

    /** Whether {@code value} is written as this unit requires. */
    public boolean accepts(String value) {
        return value != null && accepts.test(value);
    }

    /** The unit a label value names ({@code seconds}, case-insensitive), or empty when it names none. */
    public static Optional<Unit> fromLabel(String label) {
        String wanted = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(u -> u.label.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }

    private static boolean wholeNumber(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean port(String value) {
        if (!wholeNumber(value) || value.length() > 5) {
            return false;
        }
        int port = Integer.parseInt(value);
        return port >= 1 && port <= 65535;
    }

    private static boolean url(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
