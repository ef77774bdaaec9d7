package dev.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Linux signal names and numbers, checked before anything reaches an engine. */
class SignalTest {

    @ParameterizedTest(name = "{0} is {1} ({2})")
    @CsvSource({
        "SIGTERM, SIGTERM, 15",
        "term, SIGTERM, 15",
        "HUP, SIGHUP, 1",
        "9, SIGKILL, 9",
        "SIGIOT, SIGIOT, 6",
        "6, SIGABRT, 6",
        "SIGRTMIN, SIGRTMIN, 34",
        "SIGRTMIN+3, SIGRTMIN+3, 37",
        "SIGRTMAX-1, SIGRTMAX-1, 63",
        "64, SIGRTMAX, 64",
        "40, SIGRTMIN+6, 40"
    })
    void parsesNamesAndNumbers(String given, String name, int number) {
        Signal signal = Signal.of(given);

        assertThat(signal.name()).isEqualTo(name);
        assertThat(signal.number()).isEqualTo(number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "SIGFOO", "0", "65", "-1", "SIGRTMIN+31", "SIGRTMAX+1", "SIG", "TERM NOW"})
    void refusesWhatIsNoLinuxSignal(String given) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Signal.of(given))
                .withMessage("signal '" + given + "' is not a Linux signal name such as SIGTERM or SIGRTMIN+3, nor "
                        + "a number from 1 to 64");
    }

    @org.junit.jupiter.api.Test
    void refusesNullNamingTheParameter() {
        assertThatNullPointerException().isThrownBy(() -> Signal.of(null)).withMessage("signal must not be null");
    }
}
