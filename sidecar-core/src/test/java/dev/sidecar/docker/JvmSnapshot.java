package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * This JVM's live threads and heap, taken once the runtimes' idle pool threads have ended and after a full GC: what
 * the soak tests compare before and after their cycles.
 *
 * @param threads the live thread count
 * @param threadNames their names
 * @param heapBytes heap in use after GC (the least of three tries)
 */
record JvmSnapshot(int threads, Set<String> threadNames, long heapBytes) {

    /** The prefix of every thread a runtime owns ({@link EngineThreads}: pool threads and the timer). */
    static final String RUNTIME_THREADS = "sidecar-docker-";
    /** The runtime's pool threads end after 5 s idle; the engine's connection threads in about as long. */
    static final Duration IDLE_THREADS_EXPIRE = Duration.ofSeconds(30);

    /** Waits (at most {@link #IDLE_THREADS_EXPIRE}) for the runtimes' threads to end, collects garbage, then counts. */
    static JvmSnapshot whenIdle() throws InterruptedException {
        long deadline = System.nanoTime() + IDLE_THREADS_EXPIRE.toNanos();
        while (System.nanoTime() < deadline && !runtimeThreads().isEmpty()) {
            Thread.sleep(250);
        }
        assertThat(runtimeThreads()).as("runtime threads still alive after %s idle", IDLE_THREADS_EXPIRE).isEmpty();
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        Set<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        return new JvmSnapshot(ManagementFactory.getThreadMXBean().getThreadCount(), names, heap);
    }

    private static List<String> runtimeThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith(RUNTIME_THREADS)).toList();
    }

    /** Threads that may come and go for reasons of their own (JIT compiler threads, the JDK's cleaners). */
    static final int THREAD_SLACK = 4;
    static final long HEAP_SLACK_BYTES = 32L << 20;

    /** Asserts that this JVM holds no more threads or heap than {@code before}, within the slack, after {@code what}. */
    void assertNoGrowthSince(JvmSnapshot before, String what) {
        assertThat(threads).as("live threads after %s; new ones: %s", what, threadNamesNotIn(before))
                .isLessThanOrEqualTo(before.threads + THREAD_SLACK);
        assertThat(heapBytes).as("heap used after GC, after %s", what).isLessThan(before.heapBytes + HEAP_SLACK_BYTES);
    }

    /** The names of threads alive now that were not {@code earlier}. */
    Set<String> threadNamesNotIn(JvmSnapshot earlier) {
        Set<String> added = new TreeSet<>(threadNames);
        added.removeAll(earlier.threadNames);
        return added;
    }
}
