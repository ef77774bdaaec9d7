package dev.sidecar.assertj;

import static dev.sidecar.assertj.SidecarAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ContainerStatus;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodStatus;
import dev.sidecar.PodStatus.Phase;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** From a pod to its containers and their logs, and what every failure message carries besides the row tests'. */
class NavigationAndMessagesTest {

    private final FakePod pod = new FakePod();

    @Test
    void anUnknownContainerFailsNamingThePodsContainers() {
        String message = "Expecting pod 'web' to have a container 'nginx', but it has [envoy, app].";
        assertThatThrownBy(() -> assertThat(pod).container("nginx")).isInstanceOf(AssertionError.class)
                .hasMessage(message);
        assertThatThrownBy(() -> assertThat(pod.status()).container("nginx")).isInstanceOf(AssertionError.class)
                .hasMessage(message);
        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofSeconds(1)).container("nginx"))
                .isInstanceOf(AssertionError.class).hasMessage(message);
        assertThat(pod.awaits()).as("a name the pod does not have is not awaited").isZero();
    }

    @Test
    void mainLeadsToTheMainContainer() {
        pod.fake("app").status(Statuses.notReady("app"));

        assertThatThrownBy(() -> assertThat(pod).main().isReady()).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container 'app' of pod 'web' to be ready, but it was not ready.");
        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofSeconds(1)).main().isReady())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container 'app' of pod 'web' to be ready within PT1S");
    }

    @Test
    void aChainOfAssertionsPassesWhenEachHolds() {
        pod.fake("app").logs("app ready on 8080");

        assertThatCode(() -> assertThat(pod).isRunning().isReady().container("envoy").isRunning().isReady()
                .hasStarted().hasRestartCount(0)).doesNotThrowAnyException();
        assertThatCode(() -> assertThat(pod).eventually(Duration.ofSeconds(1)).isReady().container("app").isReady()
                .hasLogLineMatching("ready on \\d+")).doesNotThrowAnyException();
    }

    @Test
    void logsAreAssertJsStringAssertionDescribedWithTheContainersStatus() {
        pod.fake("app").logs("booting\nlistening");

        assertThatCode(() -> assertThat(pod).container("app").logs().contains("listening").startsWith("booting"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(pod).container("app").logs().contains("ready"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[logs of container 'app' of pod 'web' (app: RUNNING, ready, 0 restarts)]")
                .hasMessageContaining("booting\nlistening")
                .hasMessageContaining("to contain:");
    }

    @Test
    void aLogLineMatchesWhenAnyLineContainsTheRegex() {
        pod.fake("app").logs("booting\nlistening on 8080\n");

        assertThatCode(() -> assertThat(pod).container("app").hasLogLineMatching("on \\d{4}$"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(pod).container("app").hasLogLineMatching("^ready"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container 'app' of pod 'web' to have a log line matching '^ready', but none "
                        + "of its 2 lines did.\nstatus: app: RUNNING, ready, 0 restarts\nlast log lines of 'app':"
                        + "\n  | booting\n  | listening on 8080");
    }

    @Test
    void aLogLineIsMissingFromAContainerThatWroteNothing() {
        assertThatThrownBy(() -> assertThat(pod).container("app").hasLogLineMatching("ready"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container 'app' of pod 'web' to have a log line matching 'ready', but it has "
                        + "written nothing.\nstatus: app: RUNNING, ready, 0 restarts\nlast log lines of 'app': "
                        + "(no output)");
    }

    @Test
    void anAwaitedLogLineThatDoesNotComeFailsWithTheLastLines() {
        pod.fake("app").logs("booting");

        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofMillis(300)).container("app")
                .hasLogLineMatching("ready"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container 'app' of pod 'web' to have a log line matching 'ready' within "
                        + "PT0.3S, but none did when the time ran out.\nstatus: app: RUNNING, ready, 0 restarts"
                        + "\nlast log lines of 'app':\n  | booting");
    }

    @Test
    void anInvalidRegexIsABadArgumentNotAFailure() {
        assertThatThrownBy(() -> assertThat(pod).container("app").hasLogLineMatching("(unclosed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regex '(unclosed' is invalid");
        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofSeconds(1)).container("app")
                .hasLogLineMatching("(unclosed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regex '(unclosed' is invalid");
    }

    @Test
    void aFailureShowsTheLastTwentyLogLines() {
        pod.fake("app").status(Statuses.notReady("app"))
                .logs(IntStream.rangeClosed(1, 25).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));

        assertThatThrownBy(() -> assertThat(pod).container("app").isReady())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("last log lines of 'app':\n  | line 6\n  | line 7\n")
                .hasMessageEndingWith("\n  | line 25")
                .hasMessageNotContaining("line 5\n");
    }

    @Test
    void textFromTheContainerIsShownAsWrittenEvenWithPercentSigns() {
        pod.fake("app").status(Statuses.notReady("app")).logs("100% loaded %s %n %d");

        assertThatThrownBy(() -> assertThat(pod).container("app").isReady())
                .isInstanceOf(AssertionError.class).hasMessageEndingWith("\n  | 100% loaded %s %n %d");
    }

    @Test
    void logsThatCannotBeReadAreSaidSoWithoutASecondFailure() {
        pod.fake("app").status(Statuses.notReady("app"))
                .logsFail(new IllegalStateException("pod 'web' (instance fake1) is closed"));

        assertThatThrownBy(() -> assertThat(pod).container("app").isReady())
                .isInstanceOf(AssertionError.class)
                .hasMessageEndingWith("last log lines of 'app': (unavailable: pod 'web' (instance fake1) is closed)");
    }

    @Test
    void theUsersDescriptionIsKeptThroughNavigation() {
        pod.fake("app").status(Statuses.notReady("app")).logs("booting");

        assertThatThrownBy(() -> assertThat(pod).as("after reload").container("app").isReady())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[after reload] Expecting container 'app' of pod 'web' to be ready");
        assertThatThrownBy(() -> assertThat(pod).as("after reload").eventually(Duration.ofSeconds(1))
                .container("app").isReady())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[after reload] Expecting container 'app' of pod 'web' to be ready within");
        assertThatThrownBy(() -> assertThat(pod.status()).as("after reload").container("app").isReady())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[after reload] Expecting container 'app' of pod 'web' to be ready");
        assertThatThrownBy(() -> assertThat(pod).as("after reload").container("app").logs().contains("ready"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[after reload: logs of container 'app' of pod 'web' (app: RUNNING, not "
                        + "ready, 0 restarts)]");
    }

    @Test
    void anAwaitedContainerThatCanNoLongerRunFailsAtOnceWhenThePodHasEnded() {
        pod.phase(Phase.SUCCEEDED, null).fake("app").status(Statuses.terminated("app", 0, "Completed", 0));

        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofMinutes(1)).container("app").isReady())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container 'app' of pod 'web' to be ready within PT1M, but it was "
                        + "not ready, and never will be: the pod is SUCCEEDED.\npod 'web': SUCCEEDED\nstatus: app: "
                        + "TERMINATED (Completed), exit code 0, not ready, 0 restarts");
        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofMinutes(1)).container("app").isRunning())
                .isInstanceOf(AssertionError.class).hasMessageContaining("never will be: the pod is SUCCEEDED");
    }

    @Test
    void anEndedPodStillStopsItsSidecarsSoTheirStateIsAwaitedToTheEnd() {
        pod.phase(Phase.SUCCEEDED, null).fake("app").status(Statuses.terminated("app", 0, "Completed", 0));

        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofSeconds(1)).container("envoy").isTerminated())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container 'envoy' of pod 'web' to have terminated within PT1S, "
                        + "but it was RUNNING when the time ran out.");
    }

    @Test
    void nothingAboutAClosedPodChangesSoEveryAwaitedConditionFailsAtOnce() {
        pod.close();

        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofMinutes(1)).container("envoy").isTerminated())
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container 'envoy' of pod 'web' to have terminated within PT1M, but it was "
                        + "RUNNING, and never will be: the pod is CLOSED.\npod 'web': CLOSED\nstatus: envoy: RUNNING, "
                        + "ready, 0 restarts\nlast log lines of 'envoy': (unavailable: pod 'web' (instance fake1) is "
                        + "closed)");
        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofMinutes(1)).hasPhase(Phase.TERMINATING))
                .isInstanceOf(AssertionError.class).hasMessageContaining("never will be: the pod is CLOSED")
                .hasMessageEndingWith("\n  app: RUNNING, ready, 0 restarts\n    last log lines of 'app': "
                        + "(unavailable: pod 'web' (instance fake1) is closed)");
    }

    @Test
    void aStatusOfAClosedPodIsAssertedAsAnyOther() {
        pod.fake("app").status(Statuses.terminated("app", 143, "Error", 0));
        pod.close();
        PodStatus last = pod.status();

        assertThatCode(() -> assertThat(last).hasPhase(Phase.CLOSED).container("app").isTerminated()
                .hasExitCode(143)).doesNotThrowAnyException();
    }

    @Test
    void aNullActualFailsAsAnyAssertJAssertionDoes() {
        assertThatThrownBy(() -> assertThat((Pod) null).isRunning()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
        assertThatThrownBy(() -> assertThat((PodContainer) null).isReady()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
        assertThatThrownBy(() -> assertThat((PodStatus) null).isReady()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
        assertThatThrownBy(() -> assertThat((ContainerStatus) null).isReady()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
    }

    @Test
    void badArgumentsAreRefusedAtOnce() {
        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive, was PT0S");
        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive, was PT-1S");
        assertThatThrownBy(() -> assertThat(pod).eventually(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("timeout");
        assertThatThrownBy(() -> assertThat(pod).container(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> assertThat(pod).container("app").hasReason(null))
                .isInstanceOf(NullPointerException.class).hasMessage("reason");
        assertThatThrownBy(() -> assertThat(pod).hasPhase(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("phase");
        assertThatThrownBy(() -> assertThat(pod).container("app").hasRestartCount(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("restart count must be 0 or more, was -1");
    }

    @Test
    void aChainSharesOneDeadlineAndAChainPastItStillChecksOnce() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(10));
        assertThat(deadline.remaining()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));

        Deadline passed = new Deadline(Duration.ofSeconds(10), System.nanoTime() - 1);
        assertThat(passed.remaining()).isEqualTo(Duration.ofMillis(1));
    }
}
