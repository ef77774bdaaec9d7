package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.test.EngineObjects;
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

    private static final PodSpec POD = SoakPod.named("leak-soak");

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
        after.assertNoGrowthSince(before, String.format("%d cycles", CYCLES));
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
