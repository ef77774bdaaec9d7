package dev.sidecar.assertj;

import static dev.sidecar.assertj.SidecarAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus.Phase;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.Signal;
import dev.sidecar.docker.DockerPodRuntime;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The awaiting assertions on real pods: each condition comes true some time after the test caused it (no sleeping
 * in the test), and one that does not come fails with the last status and log lines, when the time runs out or at
 * once when the pod has ended where it cannot come true.
 */
class EventuallyIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String FOREVER = "while :; do sleep 1; done";
    /** Waits for the test to create /tmp/done. */
    private static final String UNTIL_DONE = "while [ ! -f /tmp/done ]; do sleep 0.1; done";

    private Pod pod;

    @AfterEach
    void closeAndCheckNothingIsLeft() {
        if (pod != null) {
            pod.close();
            assertThat(EngineObjects.containersOfInstance(pod.instanceId())).isEmpty();
            assertThat(EngineObjects.volumesOfInstance(pod.instanceId())).isEmpty();
        }
    }

    @AfterAll
    static void closeRuntime() {
        RUNTIME.close();
    }

    @Test
    void readinessThatGoesAndComesBackIsAwaited() {
        pod = RUNTIME.start(pod("assertj-readiness")
                .main(sh("app", "touch /tmp/ready; " + FOREVER)
                        .readyWhen(Probe.exec("test", "-f", "/tmp/ready").toBuilder()
                                .period(Duration.ofMillis(200)).failureThreshold(1).build())
                        .build())
                .build());

        pod.main().exec("rm", "/tmp/ready");
        assertThat(pod).eventually(WAIT).container("app").isNotReady().isRunning().hasRestartCount(0);

        pod.main().exec("touch", "/tmp/ready");
        assertThat(pod).eventually(WAIT).isReady().container("app").isReady();
    }

    @Test
    void aLogLineWrittenLaterIsAwaited() {
        pod = RUNTIME.start(pod("assertj-late-line")
                .main(sh("app", "echo started; " + FOREVER).readyWhen(Probe.logLine("started")).build())
                .build());
        assertThatThrownBy(() -> assertThat(pod).container("app").hasLogLineMatching("^late line$"))
                .isInstanceOf(AssertionError.class);

        // Main's shell (PID 1) writes the line a second after the exec returns.
        pod.main().exec("sh", "-c", "(sleep 1; echo late line > /proc/1/fd/1) > /dev/null 2>&1 &");

        assertThat(pod).eventually(WAIT).container("app").hasLogLineMatching("^late line$");
        assertThat(pod).container("app").hasLogLineMatching("^late line$").logs().endsWith("late line\n");
    }

    @Test
    void aRestartIsAwaited() {
        pod = RUNTIME.start(pod("assertj-restart")
                .main(sh("app", "echo run; " + FOREVER).build())
                .restartPolicy(RestartPolicy.ALWAYS)
                .build());

        pod.main().signal(Signal.SIGKILL);

        assertThat(pod).eventually(WAIT).main().hasRestartCount(1).isRunning().isReady();
        assertThat(pod).isRunning().main().hasRestartCount(1);
    }

    @Test
    void theEndOfAJobsPodIsAwaited() {
        pod = RUNTIME.start(pod("assertj-job")
                .sidecar(sh("helper", FOREVER).build())
                .main(sh("app", UNTIL_DONE + "; echo finished").build())
                .build());

        pod.main().exec("touch", "/tmp/done");

        assertThat(pod).eventually(WAIT).hasPhase(Phase.SUCCEEDED)
                .main().isTerminated().hasReason("Completed").hasExitCode(0);
        assertThat(pod).eventually(WAIT).container("helper").isTerminated();
        assertThat(pod).main().hasLogLineMatching("finished");
    }

    @Test
    void anAwaitedSuccessFailsAtOnceWhenThePodFailsWithMainsExitAndLogs() {
        pod = RUNTIME.start(pod("assertj-job-fails")
                .main(sh("app", "echo waiting; " + UNTIL_DONE + "; exit 3").readyWhen(Probe.logLine("waiting"))
                        .build())
                .build());
        pod.main().exec("touch", "/tmp/done");

        long start = System.nanoTime();
        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofMinutes(1)).hasPhase(Phase.SUCCEEDED))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod 'assertj-job-fails' to be in phase SUCCEEDED within PT1M, but "
                        + "it was in phase FAILED, and never will be: the pod is FAILED.\npod 'assertj-job-fails': "
                        + "FAILED\n  app: TERMINATED (Error), exit code 3, not ready, 0 restarts")
                .hasMessageContaining("    last log lines of 'app':\n      | waiting");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("long before the minute is up")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(pod).main().isTerminated().hasReason("Error").hasExitCode(3);
    }

    @Test
    void anAwaitedConditionThatDoesNotComeFailsWhenTheTimeRunsOut() {
        pod = RUNTIME.start(pod("assertj-timeout")
                .main(sh("app", "echo started; " + FOREVER).readyWhen(Probe.logLine("started")).build())
                .build());

        long start = System.nanoTime();
        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofMillis(500)).container("app")
                .hasRestartCount(2))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container 'app' of pod 'assertj-timeout' to have been restarted 2 times within "
                        + "PT0.5S, but it had been restarted 0 times when the time ran out.\npod 'assertj-timeout': "
                        + "RUNNING\nstatus: app: RUNNING, ready, 0 restarts\nlast log lines of 'app':\n  | started");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("waited for the time given, and not much longer")
                .isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofSeconds(10));

        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofMillis(300)).container("app")
                .hasLogLineMatching("never printed"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container 'app' of pod 'assertj-timeout' to have a log line matching 'never "
                        + "printed' within PT0.3S, but none did when the time ran out.\nstatus: app: RUNNING, ready, "
                        + "0 restarts\nlast log lines of 'app':\n  | started");
    }

    @Test
    void awaitingOnAClosedPodFailsAtOnceWithItsLastStatus() {
        pod = RUNTIME.start(pod("assertj-closed").main(sh("app", FOREVER).build()).build());
        pod.close();

        long start = System.nanoTime();
        assertThatThrownBy(() -> assertThat(pod).eventually(Duration.ofMinutes(1)).container("app").isRunning())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container 'app' of pod 'assertj-closed' to be running within PT1M, "
                        + "but it was ")
                .hasMessageContaining(", and never will be: the pod is CLOSED.\npod 'assertj-closed': CLOSED\nstatus: "
                        + "app: ")
                .hasMessageContaining("\nlast log lines of 'app': (unavailable: pod 'assertj-closed' ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(pod).hasPhase(Phase.CLOSED);
        assertThat(pod.status()).hasPhase(Phase.CLOSED).container("app").isNotReady();
        assertThatThrownBy(() -> assertThat(pod).container("app"))
                .as("a closed pod's containers are gone: the library's IllegalStateException")
                .isInstanceOf(IllegalStateException.class);
    }

    private static PodSpec.Builder pod(String name) {
        return PodSpec.builder(name).terminationGracePeriod(Duration.ZERO);
    }

    private static ContainerSpec.Builder sh(String name, String script) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", script);
    }
}
