package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Endpoint;
import dev.sidecar.ExecResult;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.PodStatus;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults a test environment has, from outside the library: the pod reports them instead of hanging, its other
 * containers go on where Kubernetes' would, and close still removes everything. (Main exiting while the pod runs is
 * shown by {@code LifecycleIT}; the daemon disappearing by {@code DockerEngineTest}, and restarting by
 * {@link EngineRestartIT}.)
 */
@Tag("faults")
class FaultsIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    /** The grace period and a bounded kill of each container; far more than a close should take. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(90);
    private static final String UNTIL_TERM = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";
    /** Like {@link #UNTIL_TERM}, and says "ready" once its trap is set. */
    private static final String READY_UNTIL_TERM =
            "trap 'exit 0' TERM; echo ready; while :; do sleep 1 & wait $!; done";

    @ParameterizedTest(name = "shareProcessNamespace={0}")
    @ValueSource(booleans = {false, true})
    void infraContainerKilledFromOutsideMakesThePodBrokenAndCloseStillRemovesEverything(boolean sharePids) {
        PodSpec spec = PodSpec.builder("faults-infra-killed")
                .volume(VolumeSpec.emptyDir("shared"))
                .shareProcessNamespace(sharePids)
                .sidecar(busybox("helper"))
                .main(busybox("app"))
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        Pod pod = RUNTIME.start(spec);
        try {
            assertThat(pod.status().phase()).isEqualTo(PodStatus.Phase.RUNNING);
            String infra = EngineObjects.containerIdOf(pod.instanceId(), "infra", null);

            EngineObjects.client().killContainerCmd(infra).exec();

            long t0 = System.nanoTime();
            PodStatus broken = assertTimeoutPreemptively(PROMPTLY.plusSeconds(30),
                    () -> pod.awaitStatus(s -> s.phase() == PodStatus.Phase.BROKEN, PROMPTLY));
            System.out.printf("FaultsIT: BROKEN %d ms after the infra container was killed (shared PIDs: %s)%n",
                    (System.nanoTime() - t0) / 1_000_000, sharePids);
            assertThat(broken.containers()).extracting(c -> c.name()).containsExactly("helper", "app");
            assertThat(pod.status().phase()).as("a broken pod stays broken").isEqualTo(PodStatus.Phase.BROKEN);
        } finally {
            long t0 = System.nanoTime();
            assertTimeoutPreemptively(CLOSE_BOUND, pod::close);
            System.out.printf("FaultsIT: closing the broken pod took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
        assertThat(EngineObjects.containersOfInstance(pod.instanceId())).isEmpty();
        assertThat(EngineObjects.volumesOfInstance(pod.instanceId())).isEmpty();
    }

    @Test
    void processAllocatingPastItsMemoryLimitIsReportedOomKilled() {
        // The shell waits to be told, so that the kill comes after the start (a container that dies first fails it);
        // then dd, as PID 1, fills a 256 MiB buffer in a container of 16 MiB.
        PodSpec spec = PodSpec.builder("faults-oom")
                .main(ContainerSpec.builder("app", TestImages.BUSYBOX)
                        .command("sh", "-c", "echo ready; until [ -f /tmp/go ]; do sleep 0.1; done; "
                                + "exec dd if=/dev/zero of=/dev/null bs=256M count=1")
                        .memoryLimit("16Mi")
                        .readyWhen(Probe.logLine("^ready$"))
                        .build())
                .terminationGracePeriod(Duration.ZERO)
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            pod.main().exec("touch", "/tmp/go");

            PodStatus status = pod.awaitStatus(s -> s.container("app").terminated(), PROMPTLY.multipliedBy(3));

            ContainerStatus app = status.container("app");
            assertThat(app.reason()).as("reason of %s", app).isEqualTo("OOMKilled");
            assertThat(app.exitCode()).isEqualTo(137);
            assertThat(status.phase()).isEqualTo(PodStatus.Phase.FAILED);
        }
    }

    @Test
    void podWhoseDeclaredPortIsTakenOnTheHostStartsAndServesOnAnotherHostPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            PodSpec spec = PodSpec.builder("faults-port-taken")
                    .main(ContainerSpec.builder("app", TestImages.BUSYBOX)
                            .command(Scripts.thenIdle(Scripts.serve(port, "index.html", "from the pod")))
                            .port(port)
                            .readyWhen(Probe.http(port, "/index.html"))
                            .build())
                    .terminationGracePeriod(Duration.ZERO)
                    .build();
            try (Pod pod = RUNTIME.start(spec)) {
                Endpoint app = pod.endpoint("app", port);

                assertThat(app.port()).as("host port of container port %d, taken on the host", port)
                        .isNotEqualTo(port);
                assertThat(HostHttp.get(app.http("/index.html")).body()).isEqualTo("from the pod\n");
            }
            assertThat(taken.isClosed()).as("the host's listener").isFalse();
        }
    }

    @Test
    void writerFillingAnInMemoryEmptyDirPastItsLimitGetsEnospcAndThePodGoesOn() {
        PodSpec spec = PodSpec.builder("faults-enospc")
                .volume(VolumeSpec.emptyDirInMemory("cache", "1Mi"))
                .sidecar(ContainerSpec.builder("reader", TestImages.BUSYBOX).command("sh", "-c", READY_UNTIL_TERM)
                        .mount("cache", "/cache").readyWhen(Probe.logLine("^ready$")).build())
                .main(ContainerSpec.builder("writer", TestImages.BUSYBOX).command("sh", "-c", READY_UNTIL_TERM)
                        .mount("cache", "/cache").readyWhen(Probe.logLine("^ready$")).build())
                .terminationGracePeriod(Duration.ZERO)
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            ExecResult fill = pod.container("writer")
                    .exec("dd", "if=/dev/zero", "of=/cache/fill", "bs=64k", "count=64");

            assertThat(fill.exitCode()).as("exit code of dd: %s", fill).isNotZero();
            assertThat(fill.stderr()).contains("No space left on device");
            PodStatus status = pod.status();
            assertThat(status.phase()).isEqualTo(PodStatus.Phase.RUNNING);
            assertThat(status.containers()).allSatisfy(c -> {
                assertThat(c.running()).as("%s", c).isTrue();
                assertThat(c.restartCount()).as("%s", c).isZero();
            });
            String size = pod.container("reader").exec("stat", "-c", "%s", "/cache/fill").stdout().strip();
            assertThat(Long.parseLong(size)).as("bytes the reader sees written").isPositive()
                    .isLessThanOrEqualTo(1L << 20);
            assertThat(pod.container("writer").exec("sh", "-c", "rm /cache/fill && echo again > /cache/small "
                    + "&& cat /cache/small").stdout()).as("the writer once space is freed").isEqualTo("again\n");
        }
    }

    @Test
    void interruptingTheThreadThatStartsAPodEndsTheStartPromptlyKeepsTheInterruptAndLeavesNothing()
            throws Exception {
        String name = "faults-interrupted";
        PodSpec spec = PodSpec.builder(name)
                .volume(VolumeSpec.emptyDir("shared"))
                .initContainer(ContainerSpec.builder("slow-init", TestImages.BUSYBOX)
                        .command("sh", "-c", "sleep 600").mount("shared", "/shared").build())
                .main(busybox("app"))
                .build();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread starter = new Thread(() -> {
            try {
                RUNTIME.start(spec).close();
                failure.complete(null);
            } catch (Throwable t) {
                interruptedAfter.set(Thread.currentThread().isInterrupted());
                failure.complete(t);
            }
        }, "faults-starter");
        starter.start();
        awaitRunningInit(name, Duration.ofMinutes(1));

        long t0 = System.nanoTime();
        starter.interrupt();
        Throwable thrown = failure.get(PROMPTLY.multipliedBy(3).toSeconds(), TimeUnit.SECONDS);
        System.out.printf("FaultsIT: start ended %d ms after the interrupt%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(thrown).isInstanceOf(PodStartException.class).hasMessageContaining("interrupted");
        assertThat(interruptedAfter).as("the starting thread's interrupt flag").isTrue();
        assertThat(EngineObjects.containersOfPod(name)).as("containers left").isEmpty();
        assertThat(EngineObjects.volumesOfPod(name)).as("volumes left").isEmpty();
    }

    /** Waits until an init container of a pod named {@code podName} of this JVM runs. */
    private static void awaitRunningInit(String podName, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (EngineObjects.containersOfPod(podName).stream().noneMatch(c -> "init".equals(c.getLabels()
                .get(EngineObjects.ROLE_LABEL)) && "running".equals(c.getState()))) {
            assertThat(System.nanoTime()).as("an init container of %s running within %s", podName, timeout)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static ContainerSpec busybox(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", UNTIL_TERM)
                .mount("shared", "/shared").build();
    }
}
