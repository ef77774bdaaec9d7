package dev.sidecar.assertj;

import static dev.sidecar.assertj.SidecarAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ContainerStatus;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every assertion on a container, one row each, passing on a status that meets it and failing on one that does not,
 * with the whole message: the same on a status snapshot, on a running container (plus its last log lines) and
 * awaited on the pod (plus the time given and the pod's phase). The rows call each assertion by name on all three,
 * so they also keep the three classes' assertions the same.
 */
class ContainerAssertionsTest {

    private static final String LOG = "app started\napp listening on 8080";
    private static final String LOG_BLOCK = "\nlast log lines of 'app':\n  | app started\n  | app listening on 8080";

    /**
     * One assertion: its name and arguments, a status that meets it, one that does not, what the message says was
     * expected and what was found instead.
     */
    record Row(String method, Object[] args, ContainerStatus passing, ContainerStatus failing, String expected,
            String actual) {

        @Override
        public String toString() {
            return method + Arrays.toString(args) + " on " + failing;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                row("isRunning", Statuses.running("app"), Statuses.waiting("app", "ContainerCreating"),
                        "to be running", "it was WAITING (ContainerCreating)"),
                row("isWaiting", Statuses.waiting("app", "CrashLoopBackOff"), Statuses.running("app"),
                        "to be waiting", "it was RUNNING"),
                row("isTerminated", Statuses.terminated("app", 0, "Completed", 0), Statuses.running("app"),
                        "to have terminated", "it was RUNNING"),
                row("hasReason", "OOMKilled", Statuses.terminated("app", 137, "OOMKilled", 0),
                        Statuses.terminated("app", 1, "Error", 0), "to have reason 'OOMKilled'",
                        "its reason was 'Error'"),
                row("hasReason", "Completed", Statuses.terminated("app", 0, "Completed", 0), Statuses.running("app"),
                        "to have reason 'Completed'", "it had none (it was RUNNING)"),
                row("isReady", Statuses.running("app"), Statuses.notReady("app"), "to be ready", "it was not ready"),
                row("isNotReady", Statuses.notReady("app"), Statuses.running("app"), "not to be ready",
                        "it was ready"),
                row("hasStarted", Statuses.running("app"), Statuses.waiting("app", "ContainerCreating"),
                        "to have started", "it had not (it was WAITING (ContainerCreating))"),
                row("hasRestartCount", 2, Statuses.restarted("app", 2), Statuses.running("app"),
                        "to have been restarted 2 times", "it had been restarted 0 times"),
                row("hasRestartCount", 1, Statuses.restarted("app", 1), Statuses.restarted("app", 3),
                        "to have been restarted 1 time", "it had been restarted 3 times"),
                row("hasExitCode", 0, Statuses.terminated("app", 0, "Completed", 0),
                        Statuses.terminated("app", 3, "Error", 0), "to have exit code 0", "its exit code was 3"),
                row("hasExitCode", 0, Statuses.terminated("app", 0, "Completed", 0), Statuses.running("app"),
                        "to have exit code 0", "it had none yet (it was RUNNING)"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void passesOnAStatusSnapshotThatMeetsIt(Row row) {
        FakePod pod = pod(row.passing());
        assertThatCode(() -> call(assertThat(pod.status()).container("app"), row)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void failsOnAStatusSnapshotSayingWhatItExpectedAndTheStatus(Row row) {
        FakePod pod = pod(row.failing());
        assertThatThrownBy(() -> call(assertThat(pod.status()).container("app"), row))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container 'app' of pod 'web' " + row.expected() + ", but " + row.actual()
                        + ".\nstatus: " + row.failing());
    }

    @ParameterizedTest
    @MethodSource("rows")
    void passesOnARunningContainerThatMeetsIt(Row row) {
        FakePod pod = pod(row.passing());
        assertThatCode(() -> call(assertThat(pod).container("app"), row)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void failsOnARunningContainerWithItsStatusAndLastLogLines(Row row) {
        FakePod pod = pod(row.failing());
        assertThatThrownBy(() -> call(assertThat(pod).container("app"), row))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container 'app' of pod 'web' " + row.expected() + ", but " + row.actual()
                        + ".\nstatus: " + row.failing() + LOG_BLOCK);
    }

    @ParameterizedTest
    @MethodSource("rows")
    void passesAwaitedWhenItHolds(Row row) {
        FakePod pod = pod(row.passing());
        assertThatCode(() -> call(assertThat(pod).eventually(Duration.ofSeconds(1)).container("app"), row))
                .doesNotThrowAnyException();
        assertThat(pod.awaits()).as("waited with Pod.awaitStatus").isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("rows")
    void failsAwaitedWhenTheTimeRunsOutWithTheLastStatusAndLogLines(Row row) {
        FakePod pod = pod(row.failing());
        assertThatThrownBy(() -> call(assertThat(pod).eventually(Duration.ofSeconds(1)).container("app"), row))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container 'app' of pod 'web' " + row.expected() + " within PT1S, but "
                        + row.actual() + " when the time ran out.\npod 'web': RUNNING\nstatus: " + row.failing()
                        + LOG_BLOCK);
    }

    @ParameterizedTest
    @MethodSource("rows")
    void failsOnAStatusOfNoKnownPodNamingOnlyTheContainer(Row row) {
        assertThatThrownBy(() -> call(assertThat(row.failing()), row))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container 'app' " + row.expected() + ", but ");
        assertThatThrownBy(() -> call(assertThat(pod(row.failing()).container("app")), row))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container 'app' " + row.expected() + ", but ");
    }

    private static FakePod pod(ContainerStatus app) {
        FakePod pod = new FakePod();
        pod.fake("app").status(app).logs(LOG);
        return pod;
    }

    private static Row row(String method, ContainerStatus passing, ContainerStatus failing, String expected,
            String actual) {
        return new Row(method, new Object[0], passing, failing, expected, actual);
    }

    private static Row row(String method, Object arg, ContainerStatus passing, ContainerStatus failing,
            String expected, String actual) {
        return new Row(method, new Object[] {arg}, passing, failing, expected, actual);
    }

    /** Calls the row's assertion on {@code assertion}, which must have a public method of that name and arity. */
    private static void call(Object assertion, Row row) throws Throwable {
        Method method = Arrays.stream(assertion.getClass().getMethods())
                .filter(m -> m.getName().equals(row.method()) && m.getParameterCount() == row.args().length)
                .findFirst()
                .orElseThrow(() -> new AssertionError(assertion.getClass().getSimpleName() + " has no "
                        + row.method() + " of " + row.args().length + " argument(s)"));
        try {
            method.invoke(assertion, row.args());
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
