package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.PodStatus;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.Probe;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubernetes' pod lifecycle on Docker: init containers, start order, ordered shutdown, restarts, signals, status. */
class LifecycleIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A shell loop that runs until SIGTERM, then appends {@code name} to /shared/stopped and exits 0. */
    private static String untilTerm(String name) {
        return "trap 'echo " + name + " >> /shared/stopped; exit 0' TERM; while :; do sleep 1 & wait $!; done";
    }

    private static ContainerSpec.Builder shell(String name, String script) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", script).mount("shared", "/shared");
    }

    private static List<String> lines(Pod pod, String container, String file) {
        return pod.container(container).exec("cat", file).stdout().lines().toList();
    }

    @Test
    void initContainersRunToCompletionInOrderBeforeSidecarsAndMain() {
        PodSpec spec = PodSpec.builder("init-order")
                .volume(VolumeSpec.emptyDir("shared"))
                .initContainer(shell("first", "echo first >> /shared/order").build())
                .initContainer(shell("second", "echo second >> /shared/order").build())
                .sidecar(shell("helper", "echo helper >> /shared/order; " + untilTerm("helper")).build())
                .main(shell("app", "echo app >> /shared/order; " + untilTerm("app")).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(lines(pod, "app", "/shared/order")).containsExactly("first", "second", "helper", "app");
        }
    }

    @Test
    void failingInitContainerFailsTheStartWithNameExitCodeAndLogsAndRemovesEverything() {
        PodSpec spec = PodSpec.builder("init-fails")
                .volume(VolumeSpec.emptyDir("shared"))
                .initContainer(shell("migrate", "echo migrating; echo 'schema v7 is broken' >&2; exit 3").build())
                .main(shell("app", untilTerm("app")).build())
                .build();

        assertThatThrownBy(() -> RUNTIME.start(spec))
                .isInstanceOf(PodStartException.class)
                .hasMessageContaining("init container 'migrate'")
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("schema v7 is broken")
                .satisfies(e -> assertThat(((PodStartException) e).containerName()).hasValue("migrate"));
        assertThat(EngineObjects.containersOfPod("init-fails")).isEmpty();
        assertThat(EngineObjects.volumesOfPod("init-fails")).isEmpty();
    }

    /** Each sidecar logs its start, becomes ready two seconds later, and logs that too. */
    private static PodSpec startOrderPod(String name, SidecarStartOrder order) {
        PodSpec.Builder pod = PodSpec.builder(name).volume(VolumeSpec.emptyDir("shared"))
                .sidecarStartOrder(order).terminationGracePeriod(Duration.ofSeconds(5));
        for (String s : List.of("s1", "s2", "s3")) {
            pod.sidecar(shell(s, "echo 'start " + s + "' >> /shared/log; sleep 2; echo 'ready " + s
                    + "' >> /shared/log; touch /shared/" + s + ".ready; " + untilTerm(s))
                    .startupProbe(Probe.exec("test", "-f", "/shared/" + s + ".ready").toBuilder()
                            .period(Duration.ofMillis(100)).failureThreshold(100).build())
                    .build());
        }
        return pod.main(shell("app", "echo 'start app' >> /shared/log; " + untilTerm("app")).build()).build();
    }

    @Test
    void orderedStartStartsEachSidecarAfterThePreviousHasStartedAndMainLast() {
        try (Pod pod = RUNTIME.start(startOrderPod("ordered-start", SidecarStartOrder.ORDERED))) {
            assertThat(lines(pod, "app", "/shared/log")).containsExactly(
                    "start s1", "ready s1", "start s2", "ready s2", "start s3", "ready s3", "start app");
        }
    }

    @Test
    void parallelStartStartsAllSidecarsAtOnceAndMainAfterAllHaveStarted() {
        try (Pod pod = RUNTIME.start(startOrderPod("parallel-start", SidecarStartOrder.PARALLEL))) {
            List<String> log = lines(pod, "app", "/shared/log");
            assertThat(log).hasSize(7);
            assertThat(log.subList(0, 3)).containsExactlyInAnyOrder("start s1", "start s2", "start s3");
            assertThat(log.subList(3, 6)).containsExactlyInAnyOrder("ready s1", "ready s2", "ready s3");
            assertThat(log.get(6)).isEqualTo("start app");
        }
    }

    @Test
    void closeStopsMainFirstThenSidecarsInReverseOrder(@TempDir Path host) throws IOException {
        PodSpec spec = PodSpec.builder("stop-order")
                .volume(VolumeSpec.hostPath("shared", host).toBuilder().readOnly(false).build())
                .sidecar(shell("s1", untilTerm("s1")).build())
                .sidecar(shell("s2", untilTerm("s2")).build())
                .main(shell("app", untilTerm("app")).build())
                .terminationGracePeriod(Duration.ofSeconds(10))
                .build();
        String instance;
        try (Pod pod = RUNTIME.start(spec)) {
            instance = pod.instanceId();
        }
        assertThat(Files.readAllLines(host.resolve("stopped"))).containsExactly("app", "s2", "s1");
        assertThat(EngineObjects.containersOfInstance(instance)).isEmpty();
    }

    @Test
    void closeOfAPodWithParallelSidecarsStopsMainFirstThenAllSidecars(@TempDir Path host) throws IOException {
        PodSpec spec = PodSpec.builder("parallel-stop")
                .volume(VolumeSpec.hostPath("shared", host).toBuilder().readOnly(false).build())
                .sidecarStartOrder(SidecarStartOrder.PARALLEL)
                .sidecar(shell("s1", untilTerm("s1")).build())
                .sidecar(shell("s2", untilTerm("s2")).build())
                .main(shell("app", untilTerm("app")).build())
                .terminationGracePeriod(Duration.ofSeconds(10))
                .build();
        RUNTIME.start(spec).close();

        List<String> stopped = Files.readAllLines(host.resolve("stopped"));
        assertThat(stopped).hasSize(3).startsWith("app");
        assertThat(stopped.subList(1, 3)).containsExactlyInAnyOrder("s1", "s2");
    }

    @Test
    void readinessOfASidecarDoesNotHoldUpTheNextStartButThePodWaitsForIt() {
        // Kubernetes gates the next start on a sidecar's startup probe only; the pod is ready once everything is.
        PodSpec spec = PodSpec.builder("readiness-no-gate")
                .volume(VolumeSpec.emptyDir("shared"))
                .sidecar(shell("slow", "while [ ! -f /shared/app-started ]; do sleep 0.1; done; touch /tmp/ready; "
                        + untilTerm("slow")).readyWhen(Probe.exec("test", "-f", "/tmp/ready")).build())
                .main(shell("app", "touch /shared/app-started; " + untilTerm("app")).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();

        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(pod.status().allReady()).as("start waited for the sidecar's readiness").isTrue();
        }
    }

    @Test
    void parallelStartOfASingleSidecarWorks() {
        PodSpec spec = PodSpec.builder("parallel-one")
                .volume(VolumeSpec.emptyDir("shared"))
                .sidecarStartOrder(SidecarStartOrder.PARALLEL)
                .sidecar(shell("only", untilTerm("only")).build())
                .main(shell("app", untilTerm("app")).build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(pod.status().allReady()).isTrue();
        }
    }

    @Test
    void zeroGracePeriodKillsEveryContainerWithoutAStopSignal(@TempDir Path host) {
        PodSpec spec = PodSpec.builder("no-grace")
                .volume(VolumeSpec.hostPath("shared", host).toBuilder().readOnly(false).build())
                .sidecar(shell("helper", untilTerm("helper")).build())
                .main(shell("app", untilTerm("app")).build())
                .terminationGracePeriod(Duration.ZERO)
                .build();
        Pod pod = RUNTIME.start(spec);
        assertThat(pod.status().allReady()).isTrue();

        pod.close();

        assertThat(host.resolve("stopped")).as("no container ran its SIGTERM trap").doesNotExist();
        assertThat(EngineObjects.containersOfInstance(pod.instanceId())).isEmpty();
        assertThat(EngineObjects.volumesOfInstance(pod.instanceId())).isEmpty();
    }

    @Test
    void containerThatIgnoresItsStopSignalIsKilledWhenTheGracePeriodEnds(@TempDir Path host) throws IOException {
        Duration grace = Duration.ofSeconds(2);
        PodSpec spec = PodSpec.builder("grace-expiry")
                .volume(VolumeSpec.hostPath("shared", host).toBuilder().readOnly(false).build())
                .sidecar(shell("helper", untilTerm("helper")).build())
                .main(shell("stubborn", "trap 'echo ignored >> /shared/stubborn' TERM; "
                        + "while :; do sleep 1 & wait $!; done").build())
                .terminationGracePeriod(grace)
                .build();
        Pod pod = RUNTIME.start(spec);
        long start = System.nanoTime();
        pod.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(Files.readAllLines(host.resolve("stubborn"))).as("main got SIGTERM and ignored it")
                .contains("ignored");
        assertThat(took).as("close waited the grace period, then killed").isGreaterThanOrEqualTo(grace)
                .isLessThan(grace.plusSeconds(10));
        assertThat(EngineObjects.containersOfInstance(pod.instanceId())).isEmpty();
    }

    @Test
    void crashingSidecarIsRestartedAndTheRestartCountShowsIt() {
        PodSpec spec = PodSpec.builder("crash-loop")
                .volume(VolumeSpec.emptyDir("shared"))
                .sidecar(shell("crashy", "echo run >> /shared/runs; sleep 0.2; exit 1").build())
                .main(shell("app", untilTerm("app")).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            PodStatus status = pod.awaitStatus(s -> s.container("crashy").restartCount() >= 2, WAIT);

            assertThat(status.phase()).isEqualTo(PodStatus.Phase.RUNNING);
            assertThat(lines(pod, "app", "/shared/runs").size()).as("runs of the crashing sidecar")
                    .isGreaterThanOrEqualTo(2);
            assertThat(status.container("app").restartCount()).isZero();
        }
    }

    @Test
    void sidecarIsReadyAgainAfterItCrashesAndRestarts() {
        PodSpec spec = PodSpec.builder("ready-again")
                .volume(VolumeSpec.emptyDir("shared"))
                .sidecar(shell("server", "trap 'exit 1' USR1; httpd -f -p 9000 & while :; do sleep 1 & wait $!; done")
                        .port(9000).readyWhen(Probe.tcp(9000)).build())
                .main(shell("app", untilTerm("app")).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            Instant firstStart = pod.status().container("server").startedAt();

            pod.container("server").signal("SIGUSR1");

            ContainerStatus server = pod.awaitStatus(s -> s.container("server").restartCount() >= 1
                    && s.container("server").ready(), WAIT).container("server");
            assertThat(server.running()).isTrue();
            assertThat(server.startedAt()).isAfter(firstStart);
        }
    }

    @Test
    void signalReachesMainsProcess() {
        PodSpec spec = PodSpec.builder("signal")
                .volume(VolumeSpec.emptyDir("shared"))
                .main(shell("app", "trap 'echo reloaded >> /shared/signals' HUP; " + untilTerm("app")).build())
                .terminationGracePeriod(Duration.ofSeconds(2))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            pod.main().signal("SIGHUP");

            pod.awaitStatus(s -> pod.main().exec("cat", "/shared/signals").stdout().contains("reloaded"), WAIT);
            assertThat(pod.status().container("app").restartCount()).isZero();
        }
    }

    @Test
    void sidecarSignalsMainsProcessThroughTheSharedProcessNamespace() {
        PodSpec spec = PodSpec.builder("pid-signal")
                .volume(VolumeSpec.emptyDir("shared"))
                .shareProcessNamespace(true)
                .sidecar(shell("reloader", untilTerm("reloader")).build())
                .main(shell("app", "trap 'echo reloaded >> /shared/signals' HUP; "
                        + "while :; do sleep 1 & wait $!; done # app-marker").build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            // busybox has no pkill: find main's shell by its command line in the shared /proc.
            String signalMain = "for p in /proc/[0-9]*; do grep -q 'app-marke[r]' $p/cmdline 2>/dev/null "
                    + "&& kill -HUP ${p#/proc/} && echo signalled ${p#/proc/}; done";
            assertThat(pod.container("reloader").exec("sh", "-c", signalMain).stdout()).contains("signalled");

            pod.awaitStatus(s -> pod.main().exec("cat", "/shared/signals").stdout().contains("reloaded"), WAIT);
            assertThat(pod.status().container("app").running()).isTrue();
        }
    }

    @Test
    void statusSnapshotDescribesEveryContainer() {
        PodSpec spec = PodSpec.builder("status")
                .volume(VolumeSpec.emptyDir("shared"))
                .sidecar(shell("helper", untilTerm("helper")).build())
                .main(shell("app", "httpd -f -p 8080 & " + untilTerm("app")).port(8080)
                        .readyWhen(Probe.tcp(8080)).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        Instant before = Instant.now().minusSeconds(5);
        try (Pod pod = RUNTIME.start(spec)) {
            PodStatus status = pod.status();

            assertThat(status.phase()).isEqualTo(PodStatus.Phase.RUNNING);
            assertThat(status.allReady()).isTrue();
            assertThat(status.containers()).extracting(ContainerStatus::name).containsExactly("helper", "app");
            ContainerStatus app = status.container("app");
            assertThat(app.role()).isEqualTo(dev.sidecar.ContainerRole.MAIN);
            assertThat(app.state()).isEqualTo(ContainerStatus.State.RUNNING);
            assertThat(app.ready()).isTrue();
            assertThat(app.restartCount()).isZero();
            assertThat(app.lastExitCode()).isEmpty();
            assertThat(app.startedAt()).isAfter(before).isBeforeOrEqualTo(Instant.now());
            assertThat(status.container("helper").role()).isEqualTo(dev.sidecar.ContainerRole.SIDECAR);
        }
    }

    @Test
    void mainThatExitsForGoodEndsThePodAndStopsItsSidecarsAsAJobsPod() {
        PodSpec spec = PodSpec.builder("main-exits")
                .volume(VolumeSpec.emptyDir("shared"))
                .sidecar(shell("helper", untilTerm("helper")).build())
                .main(shell("app", "echo working; sleep 1; echo giving up; exit 3").build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        Pod pod = RUNTIME.start(spec);
        try {
            PodStatus status = pod.awaitStatus(s -> s.phase() == PodStatus.Phase.FAILED
                    && s.container("helper").terminated(), WAIT);

            ContainerStatus app = status.container("app");
            assertThat(app.state()).isEqualTo(ContainerStatus.State.TERMINATED);
            assertThat(app.exitCode()).isEqualTo(3);
            assertThat(app.reason()).isEqualTo("Error");
            assertThat(app.ready()).isFalse();
            assertThat(app.finishedAt()).isNotNull();
            assertThat(status.container("helper").exitCode()).as("the sidecar got its stop signal").isZero();
            assertThat(status.container("helper").restartCount()).isZero();
            assertThat(pod.main().logs()).contains("working", "giving up");
            assertThat(pod.container("helper").logs()).isNotNull();
        } finally {
            pod.close();
        }
        assertThat(EngineObjects.containersOfInstance(pod.instanceId())).isEmpty();
    }

    @Test
    void mainRestartedAlwaysKeepsThePodRunning() {
        PodSpec spec = PodSpec.builder("main-always")
                .volume(VolumeSpec.emptyDir("shared"))
                .sidecar(shell("helper", untilTerm("helper")).build())
                .main(shell("app", "echo run >> /shared/runs; sleep 0.2; exit 1").build())
                .restartPolicy(dev.sidecar.RestartPolicy.ALWAYS)
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            PodStatus status = pod.awaitStatus(s -> s.container("app").restartCount() >= 2, WAIT);

            assertThat(status.phase()).isEqualTo(PodStatus.Phase.RUNNING);
            assertThat(status.container("helper").running()).isTrue();
            assertThat(lines(pod, "helper", "/shared/runs")).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void awaitingAStatusThatNeverComesTimesOutWithTheLastStatus() {
        PodSpec spec = PodSpec.builder("await-timeout")
                .volume(VolumeSpec.emptyDir("shared"))
                .main(shell("app", untilTerm("app")).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThatThrownBy(() -> pod.awaitStatus(s -> s.phase() == PodStatus.Phase.SUCCEEDED,
                    Duration.ofMillis(300)))
                    .isInstanceOf(PodTimeoutException.class)
                    .hasMessageContaining("pod 'await-timeout'")
                    .hasMessageContaining("PodStatus{await-timeout, RUNNING");
        }
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedPodRefusesCalls() {
        PodSpec spec = PodSpec.builder("close-twice")
                .volume(VolumeSpec.emptyDir("shared"))
                .main(shell("app", untilTerm("app")).build())
                .build();
        Pod pod = RUNTIME.start(spec);
        pod.close();
        pod.close();

        assertThat(pod.status().phase()).isEqualTo(PodStatus.Phase.CLOSED);
        assertThatThrownBy(() -> pod.main().exec("true")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pod 'close-twice'").hasMessageContaining("is closed");
        assertThatThrownBy(() -> pod.container("app")).isInstanceOf(IllegalStateException.class);
        assertThat(EngineObjects.containersOfInstance(pod.instanceId())).isEmpty();
        assertThat(EngineObjects.volumesOfInstance(pod.instanceId())).isEmpty();
    }
}
