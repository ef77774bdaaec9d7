package dev.sidecar.assertj;

import dev.sidecar.ExecResult;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;

/**
 * Assertions on what a command run in a container returned ({@link ExecResult}). A failure shows the command's
 * exit code and the last lines of its standard output and error.
 *
 * <pre>{@code
 * assertThat(pod).container("app").exec("cat", "/etc/app.conf").succeeded().stdout().contains("port=8080");
 * }</pre>
 */
public class ExecResultAssert extends AbstractAssert<ExecResultAssert, ExecResult> {

    private final String command;

    /** Creates the assertion; {@link SidecarAssertions#assertThat(ExecResult)} is the usual way in. */
    public ExecResultAssert(ExecResult actual) {
        this(actual, "the command");
    }

    /** From a container's {@code exec}: messages name the command and the container. */
    ExecResultAssert(ExecResult actual, String command) {
        super(actual, ExecResultAssert.class);
        this.command = command;
    }

    /** The command exited 0. */
    public ExecResultAssert succeeded() {
        return check("to succeed (exit code 0)", 0);
    }

    /** The command exited with {@code code}. */
    public ExecResultAssert hasExitCode(int code) {
        return check("to exit with code " + code, code);
    }

    /** AssertJ's string assertions on what the command wrote to standard output. */
    public AbstractStringAssert<?> stdout() {
        isNotNull();
        return Navigation.text(this, actual.stdout(),
                () -> "stdout of " + command + " (exit code " + actual.exitCode() + ")");
    }

    /** AssertJ's string assertions on what the command wrote to standard error. */
    public AbstractStringAssert<?> stderr() {
        isNotNull();
        return Navigation.text(this, actual.stderr(),
                () -> "stderr of " + command + " (exit code " + actual.exitCode() + ")");
    }

    private ExecResultAssert check(String expected, int code) {
        isNotNull();
        if (actual.exitCode() != code) {
            failWithMessage("%s", FailureText.expecting(command, expected, "it exited with code " + actual.exitCode())
                    + "\nstdout:" + FailureText.lines(actual.stdout()) + "\nstderr:" + FailureText.lines(actual.stderr()));
        }
        return myself;
    }
}
