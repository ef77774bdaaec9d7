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
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
    /** The runtime's pool threads end after 5 s idle; the engine's connection threads in about as long. */
    private static final Duration IDLE_THREADS_EXPIRE = Duration.ofSeconds(30);

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
        Snapshot before = Snapshot.whenIdle();

        long start = System.nanoTime();
        List<Long> millis = cycles(runtime, CYCLES);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Snapshot after = Snapshot.whenIdle();

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

    /** The JVM's live threads and heap, taken once idle pool threads have ended and after a full GC. */
    private record Snapshot(int threads, Set<String> threadNames, long heapBytes) {

        static Snapshot whenIdle() throws InterruptedException {
            long deadline = System.nanoTime() + IDLE_THREADS_EXPIRE.toNanos();
            while (System.nanoTime() < deadline && !poolThreads().isEmpty()) {
                Thread.sleep(250);
            }
            assertThat(poolThreads()).as("runtime pool threads still alive after %s idle", IDLE_THREADS_EXPIRE)
                    .isEmpty();
            long heap = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
                heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            Set<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), names, heap);
        }

        private static List<String> poolThreads() {
            return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith("sidecar-engine-")).toList();
        }

        Set<String> threadNamesNotIn(Snapshot earlier) {
            Set<String> added = new TreeSet<>(threadNames);
            added.removeAll(earlier.threadNames);
            return added;
        }
    }
}
