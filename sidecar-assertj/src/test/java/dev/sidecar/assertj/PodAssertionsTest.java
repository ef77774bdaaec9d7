package dev.sidecar.assertj;

import static dev.sidecar.assertj.SidecarAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.PodStatus;
import dev.sidecar.PodStatus.Phase;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every assertion on a pod, one row each, passing on a pod that meets it and failing on one that does not, with the
 * whole message: on a status snapshot (every container's status), on a running pod (and their last log lines), and
 * awaited (the time given, and why the wait ended: the time ran out, or the pod ended where it cannot come true).
 */
class PodAssertionsTest {

    /** What each assertion is called on: the snapshot's, the pod's and the awaiting assertion all have it. */
    interface Call {
        void on(PodStatusAssert snapshot);

        void on(PodAssert pod);

        void on(AwaitingPodAssert awaited);
    }

    /**
     * One assertion: a pod that meets it, one that does not, what the message says was expected and found, and how
     * an awaited one ends on the failing pod.
     */
    record Row(String name, Call call, Consumer<FakePod> passing, Consumer<FakePod> failing, String expected,
            String actual, String awaitedEnd) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String TIME_RAN_OUT = " when the time ran out";

    static Stream<Row> rows() {
        return Stream.of(
                new Row("hasPhase(SUCCEEDED) on a running pod", call(a -> a.hasPhase(Phase.SUCCEEDED),
                        a -> a.hasPhase(Phase.SUCCEEDED), a -> a.hasPhase(Phase.SUCCEEDED)),
                        pod -> pod.phase(Phase.SUCCEEDED, null), pod -> { }, "to be in phase SUCCEEDED",
                        "it was in phase RUNNING", TIME_RAN_OUT),
                new Row("hasPhase(SUCCEEDED) on a failed pod", call(a -> a.hasPhase(Phase.SUCCEEDED),
                        a -> a.hasPhase(Phase.SUCCEEDED), a -> a.hasPhase(Phase.SUCCEEDED)),
                        pod -> pod.phase(Phase.SUCCEEDED, null), pod -> pod.phase(Phase.FAILED, null),
                        "to be in phase SUCCEEDED", "it was in phase FAILED",
                        ", and never will be: the pod is FAILED"),
                new Row("isRunning on a pod past its deadline", call(PodStatusAssert::isRunning, PodAssert::isRunning,
                        AwaitingPodAssert::isRunning),
                        pod -> { }, pod -> pod.phase(Phase.FAILED, "DeadlineExceeded"), "to be in phase RUNNING",
                        "it was in phase FAILED (DeadlineExceeded)", ", and never will be: the pod is FAILED"),
                new Row("isRunning on a broken pod", call(PodStatusAssert::isRunning, PodAssert::isRunning,
                        AwaitingPodAssert::isRunning),
                        pod -> { }, pod -> pod.phase(Phase.BROKEN, null), "to be in phase RUNNING",
                        "it was in phase BROKEN", ", and never will be: the pod is BROKEN"),
                new Row("hasPhase(CLOSED) on a pod being closed", call(a -> a.hasPhase(Phase.CLOSED),
                        a -> a.hasPhase(Phase.CLOSED), a -> a.hasPhase(Phase.CLOSED)),
                        pod -> pod.phase(Phase.CLOSED, null), pod -> pod.phase(Phase.TERMINATING, null),
                        "to be in phase CLOSED", "it was in phase TERMINATING", TIME_RAN_OUT),
                new Row("isReady with a sidecar not ready", call(PodStatusAssert::isReady, PodAssert::isReady,
                        AwaitingPodAssert::isReady),
                        pod -> { }, pod -> pod.fake("envoy").status(Statuses.notReady("envoy")),
                        "to be ready (running, every container running and ready)",
                        "not every container was: 'envoy' was not ready", TIME_RAN_OUT),
                new Row("isReady with main crashing", call(PodStatusAssert::isReady, PodAssert::isReady,
                        AwaitingPodAssert::isReady),
                        pod -> { }, pod -> pod.fake("app").status(Statuses.waiting("app", "CrashLoopBackOff")),
                        "to be ready (running, every container running and ready)",
                        "not every container was: 'app' was WAITING", TIME_RAN_OUT),
                new Row("isReady on a pod that succeeded", call(PodStatusAssert::isReady, PodAssert::isReady,
                        AwaitingPodAssert::isReady),
                        pod -> { }, pod -> pod.phase(Phase.SUCCEEDED, null)
                                .fake("app").status(Statuses.terminated("app", 0, "Completed", 0)),
                        "to be ready (running, every container running and ready)", "it was in phase SUCCEEDED",
                        ", and never will be: the pod is SUCCEEDED"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void passesOnAStatusSnapshotThatMeetsIt(Row row) {
        FakePod pod = pod(row.passing());
        assertThatCode(() -> row.call().on(assertThat(pod.status()))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void failsOnAStatusSnapshotWithEveryContainersStatus(Row row) {
        FakePod pod = pod(row.failing());
        PodStatus status = pod.status();
        assertThatThrownBy(() -> row.call().on(assertThat(status)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting pod 'web' " + row.expected() + ", but " + row.actual() + "."
                        + "\npod 'web': " + phase(status)
                        + "\n  " + status.container("envoy")
                        + "\n  " + status.container("app"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void passesOnARunningPodThatMeetsIt(Row row) {
        FakePod pod = pod(row.passing());
        assertThatCode(() -> row.call().on(assertThat(pod))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void failsOnARunningPodWithEveryContainersStatusAndLastLogLines(Row row) {
        FakePod pod = pod(row.failing());
        assertThatThrownBy(() -> row.call().on(assertThat(pod)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting pod 'web' " + row.expected() + ", but " + row.actual() + "." + details(pod));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void passesAwaitedWhenItHolds(Row row) {
        FakePod pod = pod(row.passing());
        assertThatCode(() -> row.call().on(assertThat(pod).eventually(Duration.ofSeconds(3))))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void failsAwaitedSayingWhyTheWaitEnded(Row row) {
        FakePod pod = pod(row.failing());
        assertThatThrownBy(() -> row.call().on(assertThat(pod).eventually(Duration.ofSeconds(3))))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting pod 'web' " + row.expected() + " within PT3S, but " + row.actual()
                        + row.awaitedEnd() + "." + details(pod));
    }

    private static FakePod pod(Consumer<FakePod> setUp) {
        FakePod pod = new FakePod();
        pod.fake("envoy").status(Statuses.running("envoy")).logs("envoy up");
        pod.fake("app").logs("app 1\napp 2");
        setUp.accept(pod);
        return pod;
    }

    private static String details(FakePod pod) {
        PodStatus status = pod.status();
        return "\npod 'web': " + phase(status)
                + "\n  " + status.container("envoy")
                + "\n    last log lines of 'envoy':\n      | envoy up"
                + "\n  " + status.container("app")
                + "\n    last log lines of 'app':\n      | app 1\n      | app 2";
    }

    private static String phase(PodStatus status) {
        return status.phase() + (status.reason() == null ? "" : " (" + status.reason() + ")");
    }

    private static Call call(Consumer<PodStatusAssert> snapshot, Consumer<PodAssert> pod,
            Consumer<AwaitingPodAssert> awaited) {
        return new Call() {
            @Override
            public void on(PodStatusAssert a) {
                snapshot.accept(a);
            }

            @Override
            public void on(PodAssert a) {
                pod.accept(a);
            }

            @Override
            public void on(AwaitingPodAssert a) {
                awaited.accept(a);
            }
        };
    }
}
