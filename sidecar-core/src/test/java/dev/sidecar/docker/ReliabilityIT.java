package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.PodStatus;
import dev.sidecar.Probe;
import dev.sidecar.ProbeTimeoutException;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's defects, each proven fixed against the engine: probes and signals that tell the truth about a
 * container's state, calls that race a close, a close that others can wait on, and host paths checked (and created
 * only when asked) before anything is created.
 */
class ReliabilityIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final DockerPodRuntime IMPATIENT = DockerPodRuntime.builder().startupTimeout(Duration.ofSeconds(20))
            .build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ContainerSpec.Builder shell(String name, String script) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", script);
    }

    private static String idle() {
        return "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";
    }

    // --- an exec readiness probe tells the truth about its container ---

    @Test
    void execProbeOfAContainerThatExitsReportsTheExitWithItsCodeAndLogLines() {
        PodSpec spec = PodSpec.builder("exec-probe-exit")
                .main(shell("app", "echo bye; exit 3").readyWhen(Probe.exec("true")).build())
                .build();

        ProbeTimeoutException e = catchThrowableOfType(ProbeTimeoutException.class, () -> IMPATIENT.start(spec));

        assertThat(e).hasMessageStartingWith("container 'app' exited with code 3 (Error) before it could become "
                + "ready");
        assertThat(e.containerName()).hasValue("app");
        assertThat(e.lastLogLines()).contains("bye");
        assertThat(EngineObjects.containersOfPod("exec-probe-exit")).isEmpty();
    }

    @Test
    void sidecarThatIsRestartedWhileItsExecProbeWaitsStillStartsThePod() {
        PodSpec spec = PodSpec.builder("exec-probe-restart")
                .volume(VolumeSpec.emptyDir("state"))
                .sidecar(shell("helper", "if [ ! -f /state/ran ]; then touch /state/ran; exit 1; fi; touch /tmp/up; "
                        + idle()).mount("state", "/state").readyWhen(Probe.exec("test", "-f", "/tmp/up")).build())
                .main(shell("app", idle()).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();

        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(pod.status().container("helper").restartCount()).isEqualTo(1);
            assertThat(pod.status().allReady()).isTrue();
        }
    }

    // --- signals ---

    @Test
    void signalThatEndsTheProcessLeavesTheRestartPolicyInForce() {
        PodSpec spec = PodSpec.builder("signal-restart")
                .sidecar(shell("helper", "trap 'exit 5' USR1; " + idle()).build())
                .main(shell("app", idle()).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            pod.container("helper").signal("SIGUSR1");

            PodStatus restarted = pod.awaitStatus(s -> s.container("helper").restartCount() == 1
                    && s.container("helper").running(), WAIT);
            assertThat(restarted.container("helper").running()).isTrue();
        }
    }

    @Test
    void sigkillIsAnExitLikeAnyOtherAndTheRestartPolicyApplies() {
        PodSpec spec = PodSpec.builder("signal-kill")
                .sidecar(shell("helper", idle()).build())
                .main(shell("app", idle()).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            pod.container("helper").signal("SIGKILL");

            PodStatus restarted = pod.awaitStatus(s -> s.container("helper").restartCount() == 1
                    && s.container("helper").running(), WAIT);
            assertThat(restarted.phase()).isEqualTo(PodStatus.Phase.RUNNING);
        }
    }

    @Test
    void signalToAContainerThatExitedFailsNamingItsState() {
        PodSpec spec = PodSpec.builder("signal-exited")
                .sidecar(shell("helper", idle()).build())
                .main(shell("app", idle()).build())
                .container(shell("batch", "exit 0").build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            pod.awaitStatus(s -> s.container("batch").terminated(), WAIT);

            assertThatThrownBy(() -> pod.container("batch").signal("SIGHUP"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot send SIGHUP: container 'batch' of pod 'signal-exited' is not running")
                    .hasMessageContaining("TERMINATED (Completed), exit code 0");
        }
    }

    // --- calls that race a close, and closes that race each other ---

    @Test
    void execUnderWayWhenThePodClosesEndsWithAnExceptionSayingSo() throws Exception {
        PodSpec spec = PodSpec.builder("exec-vs-close")
                .main(shell("app", idle()).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        Pod pod = RUNTIME.start(spec);
        CompletableFuture<Object> exec = CompletableFuture.supplyAsync(() -> pod.main().exec("sleep", "30"));
        awaitProcess(pod, "sleep 30");

        pod.close();

        Throwable failure = catchThrowableOfType(java.util.concurrent.ExecutionException.class,
                () -> exec.get(30, TimeUnit.SECONDS)).getCause();
        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("command [sleep, 30] in container 'app' of pod 'exec-vs-close' was cut short")
                .hasMessageContaining("while it ran");
    }

    @Test
    void closeCalledWhileAnotherCloseRunsReturnsOnlyOnceThePodIsClosed() throws Exception {
        PodSpec spec = PodSpec.builder("close-vs-close")
                .volume(VolumeSpec.emptyDir("scratch"))
                // Ignores SIGTERM: the first close waits the whole 3 s grace period.
                .main(shell("app", "trap '' TERM; while :; do sleep 1 & wait $!; done").mount("scratch", "/s")
                        .build())
                .terminationGracePeriod(Duration.ofSeconds(3))
                .build();
        Pod pod = RUNTIME.start(spec);
        CompletableFuture<Void> first = CompletableFuture.runAsync(pod::close);
        pod.awaitStatus(s -> s.phase() == PodStatus.Phase.TERMINATING || s.phase() == PodStatus.Phase.CLOSED, WAIT);

        pod.close();

        first.get(10, TimeUnit.SECONDS);
        assertThat(pod.status().phase()).isEqualTo(PodStatus.Phase.CLOSED);
        assertThat(EngineObjects.containersOfInstance(pod.instanceId())).isEmpty();
        assertThat(EngineObjects.volumesOfInstance(pod.instanceId())).isEmpty();
    }

    // --- host paths ---

    @Test
    void hostPathThatDoesNotExistIsRefusedBeforeAnythingIsCreatedAndIsNotCreated(@TempDir Path tmp) {
        Path missing = tmp.resolve("missing");
        PodSpec spec = PodSpec.builder("host-path-missing")
                .volume(VolumeSpec.hostPath("repo", missing))
                .main(shell("app", idle()).mount("repo", "/repo").build())
                .build();

        assertThatThrownBy(() -> RUNTIME.start(spec)).isInstanceOf(PodStartException.class)
                .hasMessageContaining("hostPath of volume 'repo' '" + missing + "' does not exist")
                .hasMessageContaining("nothing was created");
        assertThat(missing).doesNotExist();
        assertThat(EngineObjects.containersOfPod("host-path-missing")).isEmpty();
    }

    @Test
    void hostPathOfTheWrongTypeIsRefusedBeforeAnythingIsCreated(@TempDir Path tmp) {
        PodSpec spec = PodSpec.builder("host-path-type")
                .volume(VolumeSpec.hostPath("conf", tmp).toBuilder().hostPathType(VolumeSpec.HostPathType.FILE)
                        .build())
                .main(shell("app", idle()).mount("conf", "/conf").build())
                .build();

        assertThatThrownBy(() -> RUNTIME.start(spec)).isInstanceOf(PodStartException.class)
                .hasMessageContaining("hostPath of volume 'conf' '" + tmp + "' is not an existing file");
        assertThat(EngineObjects.containersOfPod("host-path-type")).isEmpty();
    }

    @Test
    void hostPathCreatedForThePodIsRemovedWhenItCloses(@TempDir Path tmp) {
        Path created = tmp.resolve("made/for/the/pod");
        PodSpec spec = PodSpec.builder("host-path-create")
                .volume(VolumeSpec.hostPath("out", created).toBuilder().readOnly(false)
                        .hostPathType(VolumeSpec.HostPathType.DIRECTORY_OR_CREATE).build())
                .main(shell("app", "echo written > /out/file; " + idle()).mount("out", "/out").build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();

        try (Pod pod = RUNTIME.start(spec)) {
            pod.awaitStatus(s -> Files.exists(created.resolve("file")), WAIT);
            assertThat(created.resolve("file")).hasContent("written");
        }

        assertThat(tmp.resolve("made")).as("the outermost directory the pod created").doesNotExist();
        assertThat(tmp).exists();
    }

    /** Waits until a process whose command line contains {@code command} runs in main. */
    private static void awaitProcess(Pod pod, String command) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!pod.main().exec("ps", "-o", "args").stdout().contains(command)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no process '" + command + "' in main within " + WAIT);
            }
        }
    }
}
