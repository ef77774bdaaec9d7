package dev.sidecar.assertj;

import static dev.sidecar.assertj.SidecarAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus.Phase;
import dev.sidecar.Probe;
import dev.sidecar.docker.DockerPodRuntime;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The assertions on a real pod: what passes on a running pod, and what a failure shows of it. */
class PodAssertionsIT {

    private static final String SECRET = "s3cr3t-token";
    private static final PodSpec WEB = PodSpec.builder("assertj-web")
            .sidecar(ContainerSpec.builder("envoy", TestImages.BUSYBOX)
                    .command("sh", "-c", "echo envoy up; while :; do sleep 1; done")
                    .build())
            .main(ContainerSpec.builder("app", TestImages.BUSYBOX)
                    .secretEnv("TOKEN", SECRET)
                    .command("sh", "-c", "echo \"token $TOKEN\"; echo ready; while :; do sleep 1; done")
                    .readyWhen(Probe.logLine("^ready$"))
                    .build())
            .terminationGracePeriod(Duration.ZERO)
            .build();

    private static DockerPodRuntime runtime;
    private static Pod pod;

    @BeforeAll
    static void start() {
        runtime = DockerPodRuntime.create();
        pod = runtime.start(WEB);
    }

    @AfterAll
    static void close() {
        try {
            if (pod != null) {
                pod.close();
            }
        } finally {
            runtime.close();
        }
        assertThat(EngineObjects.containersOfPod(WEB.name())).as("nothing left on the engine").isEmpty();
        assertThat(EngineObjects.volumesOfPod(WEB.name())).isEmpty();
    }

    @Test
    void aRunningPodPassesTheIssuesExample() {
        assertThat(pod).isRunning().isReady().container("envoy").isReady().hasRestartCount(0);
        assertThat(pod).container("app").logs().contains("ready");
        assertThat(pod).hasPhase(Phase.RUNNING).main().isRunning().hasStarted().hasLogLineMatching("^token ");
        assertThat(pod.status()).isReady().container("envoy").isRunning();
    }

    @Test
    void aFailureShowsTheContainersStatusAndLastLogLines() {
        assertThatThrownBy(() -> assertThat(pod).container("envoy").hasRestartCount(1))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container 'envoy' of pod 'assertj-web' to have been restarted 1 time, but it "
                        + "had been restarted 0 times.\nstatus: envoy: RUNNING, ready, 0 restarts"
                        + "\nlast log lines of 'envoy':\n  | envoy up");
    }

    @Test
    void aPodFailureShowsEveryContainer() {
        assertThatThrownBy(() -> assertThat(pod).hasPhase(Phase.SUCCEEDED))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod 'assertj-web' to be in phase SUCCEEDED, but it was in phase "
                        + "RUNNING.\npod 'assertj-web': RUNNING\n  envoy: RUNNING, ready, 0 restarts"
                        + "\n    last log lines of 'envoy':\n      | envoy up"
                        + "\n  app: RUNNING, ready, 0 restarts\n    last log lines of 'app':");
    }

    @Test
    void secretValuesStayMaskedInFailures() {
        assertThatThrownBy(() -> assertThat(pod).container("app").isNotReady())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("  | token *****\n  | ready")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> assertThat(pod).container("app").logs().contains("listening"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("token *****")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aCommandsResultIsAsserted() {
        assertThat(pod).container("app").exec("sh", "-c", "echo out; echo err >&2; exit 3")
                .hasExitCode(3).stdout().isEqualTo("out\n");

        assertThatThrownBy(() -> assertThat(pod).container("app").exec("cat", "/etc/app.conf").succeeded())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting command [cat, /etc/app.conf] in container 'app' of pod "
                        + "'assertj-web' to succeed (exit code 0), but it exited with code 1.\nstdout: (empty)"
                        + "\nstderr:\n  | cat: can't open '/etc/app.conf'");
    }
}
