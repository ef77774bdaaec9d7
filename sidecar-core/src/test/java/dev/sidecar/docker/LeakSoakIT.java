package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 200 start/close cycles of a pod with a main container, two sidecars and a volume leave nothing on the engine and
 * no growth of this JVM's threads or heap.
 */
@Tag("soak")
class LeakSoakIT {

    private static final int WARM_UP = 10;
    private static final int CYCLES = 200;
    /** Threads that may come and go for reasons of their own (JIT compiler threads, the JDK's cleaners). */
    private static final int THREAD_SLACK = 4;
    private static final long HEAP_SLACK_BYTES = 32L << 20;

    /**
     * Exits on SIGTERM at once. It says "ready" once its trap is set: a SIGTERM that came before would be ignored by
     * the shell, which is PID 1, and close would wait out the grace period.
     */
    private static final String UNTIL_TERM = "trap 'exit 0' TERM; echo ready; while :; do sleep 1 & wait $!; done";
    private static final PodSpec POD = PodSpec.builder("leak-soak")
            .volume(VolumeSpec.emptyDir("shared"))
            .sidecar(busybox("log-shipper"))
            .sidecar(busybox("proxy"))
            .main(busybox("app"))
            .sidecarStartOrder(SidecarStartOrder.PARALLEL)
            .terminationGracePeriod(Duration.ofSeconds(10))
            .build();

    private static ContainerSpec busybox(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", UNTIL_TERM)
                .mount("shared", "/shared").readyWhen(Probe.logLine("^ready$")).build();
    }

    @Test
    @Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
    void twoHundredStartCloseCyclesLeaveNoObjectsThreadsOrHeap() throws InterruptedException {
        DockerPodRuntime runtime = DockerPodRuntime.create();
        cycles(runtime, WARM_UP);
        JvmSnapshot before = JvmSnapshot.whenIdle();

        long start = System.nanoTime();
        List<Long> millis = cycles(runtime, CYCLES);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        JvmSnapshot after = JvmSnapshot.whenIdle();

        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("LeakSoakIT: %d cycles in %d s; per cycle median %d ms, p90 %d ms, max %d ms; "
                        + "threads %d -> %d; heap after GC %d KiB -> %d KiB%n", CYCLES, took.toSeconds(),
                sorted.get(CYCLES / 2), sorted.get(CYCLES * 9 / 10), sorted.get(CYCLES - 1), before.threads(),
                after.threads(), before.heapBytes() >> 10, after.heapBytes() >> 10);

        assertThat(EngineObjects.containersOfPod(POD.name())).as("containers left").isEmpty();
        assertThat(EngineObjects.volumesOfPod(POD.name())).as("volumes left").isEmpty();
        assertThat(after.threads()).as("live threads after %d cycles; new ones: %s", CYCLES,
                after.threadNamesNotIn(before)).isLessThanOrEqualTo(before.threads() + THREAD_SLACK);
        assertThat(after.heapBytes()).as("heap used after GC").isLessThan(before.heapBytes() + HEAP_SLACK_BYTES);
    }

    /** Runs {@code n} start/close cycles; the duration of each in milliseconds. */
    private static List<Long> cycles(DockerPodRuntime runtime, int n) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            try (Pod pod = runtime.start(POD)) {
                assertThat(pod.containers()).hasSize(3);
            }
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        return millis;
    }
}
