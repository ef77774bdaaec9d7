package dev.sidecar.assertj;

import static dev.sidecar.assertj.SidecarAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ExecResult;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Assertions on what a command returned: exit code, standard output and error. */
class ExecResultAssertTest {

    private static final ExecResult OK = new ExecResult(0, "port=8080\n", "");
    private static final ExecResult FAILED = new ExecResult(1, "", "cat: can't open '/etc/app.conf'\n");

    @Test
    void succeededPassesOnExitCodeZero() {
        assertThatCode(() -> assertThat(OK).succeeded()).doesNotThrowAnyException();
    }

    @Test
    void succeededFailsWithTheExitCodeAndBothStreams() {
        assertThatThrownBy(() -> assertThat(FAILED).succeeded())
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting the command to succeed (exit code 0), but it exited with code 1."
                        + "\nstdout: (empty)\nstderr:\n  | cat: can't open '/etc/app.conf'");
    }

    @Test
    void hasExitCodePassesOnThatCode() {
        assertThatCode(() -> assertThat(FAILED).hasExitCode(1)).doesNotThrowAnyException();
    }

    @Test
    void hasExitCodeFailsOnAnotherCode() {
        assertThatThrownBy(() -> assertThat(OK).hasExitCode(2))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting the command to exit with code 2, but it exited with code 0."
                        + "\nstdout:\n  | port=8080\nstderr: (empty)");
    }

    @Test
    void longOutputIsCutToItsLastLines() {
        String out = IntStream.rangeClosed(1, 30).mapToObj(i -> "row " + i).collect(Collectors.joining("\n"));

        assertThatThrownBy(() -> assertThat(new ExecResult(3, out, "")).succeeded())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("stdout: (last 20 of 30 lines)\n  | row 11\n")
                .hasMessageContaining("  | row 30\nstderr: (empty)")
                .hasMessageNotContaining("row 10\n");
    }

    @Test
    void stdoutAndStderrAreAssertJsStringAssertions() {
        assertThatCode(() -> assertThat(OK).stdout().isEqualTo("port=8080\n")).doesNotThrowAnyException();
        assertThatCode(() -> assertThat(FAILED).stderr().contains("can't open")).doesNotThrowAnyException();

        assertThatThrownBy(() -> assertThat(OK).stdout().contains("port=9090"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[stdout of the command (exit code 0)]");
        assertThatThrownBy(() -> assertThat(FAILED).stderr().isEmpty())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[stderr of the command (exit code 1)]");
    }

    @Test
    void execFromAContainerNamesTheCommandAndTheContainer() {
        FakePod pod = new FakePod();

        assertThatCode(() -> assertThat(pod).container("app").exec("cat", "/etc/app.conf").succeeded().stdout()
                .isEqualTo("out of [cat, /etc/app.conf]\n")).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(pod).container("app").exec("cat", "fail").succeeded())
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting command [cat, fail] in container 'app' of pod 'web' to succeed (exit code 0), "
                        + "but it exited with code 2.\nstdout:\n  | out of [cat, fail]\nstderr:\n  | err of [cat, fail]");
        assertThatThrownBy(() -> assertThat(pod).container("app").exec("cat", "fail").stdout().isEmpty())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[stdout of command [cat, fail] in container 'app' of pod 'web' (exit code 2)]");
    }
}
