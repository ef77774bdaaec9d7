package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.test.EngineObjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LeakSoakIT} under concurrency: four threads at once, each running start/close cycles of a pod of main, two
 * sidecars and a volume on one runtime (as the JUnit extension shares one across a parallel run), leave nothing on
 * the engine and no growth of this JVM's threads or heap.
 */
@Tag("soak")
class ConcurrentLeakSoakIT {

    private static final int THREADS = 4;
    private static final int WARM_UP = 2;
    /**
     * Cycles per thread: 30, 120 pods in all. Measured on the 2-core test machine while other runs shared its engine
     * (load average 12 to 17): a cycle took 5.4 s (median; p90 6.8 s) with four at once, the 120 pods 167 s, the
     * whole test with its warm-up and two idle waits 201 s: inside the 4 minutes CI can give it, and 120 chances for
     * a leak of one object or thread per pod to show.
     */
    private static final int CYCLES = 30;
    private static final Duration ALL_CYCLES_WITHIN = Duration.ofMinutes(8);

    private static final PodSpec POD = SoakPod.named("concurrent-soak");

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void fourThreadsOfStartCloseCyclesAtOnceLeaveNoObjectsThreadsOrHeap() throws InterruptedException {
        DockerPodRuntime runtime = DockerPodRuntime.create();
        concurrently(runtime, WARM_UP);
        JvmSnapshot before = JvmSnapshot.whenIdle();

        long start = System.nanoTime();
        List<Long> millis = concurrently(runtime, CYCLES);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        JvmSnapshot after = JvmSnapshot.whenIdle();

        int pods = millis.size();
        Collections.sort(millis);
        System.out.printf("ConcurrentLeakSoakIT: %d threads x %d cycles = %d pods in %d s; per cycle median %d ms, "
                        + "p90 %d ms, max %d ms; threads %d -> %d; heap after GC %d KiB -> %d KiB%n", THREADS, CYCLES,
                pods, took.toSeconds(), millis.get(pods / 2), millis.get(pods * 9 / 10), millis.get(pods - 1),
                before.threads(), after.threads(), before.heapBytes() >> 10, after.heapBytes() >> 10);

        assertThat(pods).isEqualTo(THREADS * CYCLES);
        assertThat(EngineObjects.containersOfPod(POD.name())).as("containers left").isEmpty();
        assertThat(EngineObjects.volumesOfPod(POD.name())).as("volumes left").isEmpty();
        after.assertNoGrowthSince(before, String.format("%d pods", pods));
    }

    /**
     * {@link #THREADS} threads, released together, each running {@code cycles} start/close cycles; the duration of
     * every cycle in milliseconds. A failure in any thread fails the test, with the others' attached.
     */
    private static List<Long> concurrently(DockerPodRuntime runtime, int cycles) throws InterruptedException {
        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < cycles; i++) {
                        long t0 = System.nanoTime();
                        try (Pod pod = runtime.start(POD)) {
                            assertThat(pod.containers()).hasSize(3);
                        }
                        millis.add((System.nanoTime() - t0) / 1_000_000);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "concurrent-soak-" + t);
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        long deadline = System.nanoTime() + ALL_CYCLES_WITHIN.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            assertThat(thread.isAlive()).as("%s still cycling after %s", thread.getName(), ALL_CYCLES_WITHIN)
                    .isFalse();
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " of " + THREADS + " threads failed; first: "
                    + failures.get(0), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
        return new ArrayList<>(millis);
    }
}
