package dev.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** Durations as kubectl writes them, or as ISO-8601; printed back the short way. */
class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "2m, PT2M", "1h, PT1H", "1m30s, PT1M30S", "PT45S, PT45S"})
    void readsKubectlAndIsoDurations(String text, Duration expected) {
        assertThat(converter.convert(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"5x", "30", "s", "1m 30s", "-5s", "P1X"})
    void refusesWhatIsNoDuration(String text) {
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + text + "' is not a duration such as 30s, 2m, 1m30s, 500ms or PT30S");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0s", "PT0S", "PT-5S"})
    void refusesZeroAndLess(String text) {
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + text + "' must be more than zero");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PT0.5S, 500ms", "PT30S, 30s", "PT1M30S, 1m30s", "PT2H, 2h"})
    void printsTheShortForm(Duration duration, String expected) {
        assertThat(DurationConverter.format(duration)).isEqualTo(expected);
    }
}
