package dev.sidecar.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration option as kubectl writes one ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1m30s}) or as
 * ISO-8601 ({@code PT30S}); above zero. A value it refuses is a usage error naming the option.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Duration duration = parse(value.trim());
        if (duration.isNegative() || duration.isZero()) {
            throw new TypeConversionException("'" + value + "' must be more than zero");
        }
        return duration;
    }

    private static Duration parse(String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        }
        Matcher m = PART.matcher(value);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < value.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            at = m.end();
        }
        if (at == 0 || at != value.length()) {
            throw invalid(value);
        }
        return total;
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value + "' is not a duration such as 30s, 2m, 1m30s, 500ms or PT30S");
    }

    /** How a duration reads in messages: {@code 30s}, {@code 2m}, {@code 1m30s}, {@code 500ms}. */
    static String format(Duration d) {
        if (d.toMillisPart() != 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder b = new StringBuilder();
        if (d.toHours() > 0) {
            b.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            b.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || b.length() == 0) {
            b.append(d.toSecondsPart()).append('s');
        }
        return b.toString();
    }
}
