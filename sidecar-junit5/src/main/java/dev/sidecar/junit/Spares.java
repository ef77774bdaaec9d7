package dev.sidecar.junit;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pods started ahead for a test class: as soon as a test has claimed the pod started for it, the next test's pod of
 * the same spec starts in the background, while the first still waits for its own to be ready and then runs; the next
 * test takes it instead of starting its own. Kept in the class's store: when the class ends, a pod started ahead that
 * no test took is closed.
 */
final class Spares implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spares.class);

    /** A pod starting (or started) ahead, and the spec it was started from. */
    private record Spare(PodSpec spec, CompletableFuture<Pod> pod) {
    }

    private final RunResources run;
    private final Map<Object, Spare> byKey = new ConcurrentHashMap<>();

    private Spares(RunResources run) {
        this.run = run;
    }

    /** The spares of the class {@code classContext}, made on first use. */
    static Spares of(ExtensionContext classContext, RunResources run) {
        Store store = classContext.getStore(PodScope.NAMESPACE);
        synchronized (classContext) {
            Spares spares = store.get(Spares.class, Spares.class);
            if (spares == null) {
                spares = new Spares(run);
                store.put(Spares.class, spares);
            }
            return spares;
        }
    }

    /**
     * Claims the pod started ahead under {@code key}, if there is one of an equal spec, without waiting for it: the
     * caller may start the next spare first, then {@linkplain #await await} this one. A spare of another spec is
     * dropped (closed once started).
     */
    CompletableFuture<Pod> claim(Object key, PodSpec spec) {
        Spare spare = byKey.remove(key);
        if (spare == null) {
            return null;
        }
        if (!spare.spec().equals(spec)) {
            run.closeWhenStarted(spare.pod());
            return null;
        }
        return spare.pod();
    }

    /**
     * The claimed spare once started, or {@code null} when its start failed (its failure logged): the test then
     * starts its own pod, which reports any failure as usual. Bounded by the runtime's own startup timeout.
     */
    static Pod await(CompletableFuture<Pod> claimed, Object key) {
        try {
            return claimed.join();
        } catch (RuntimeException e) {
            LOG.debug("the pod started ahead for {} did not start: {}", key, e.getMessage());
            return null;
        }
    }

    /** Starts a pod of {@code spec} in the background for the next test that asks under {@code key}. */
    void startAhead(Object key, PodSpec spec) {
        Spare previous = byKey.put(key, new Spare(spec, run.startInBackground(spec)));
        if (previous != null) {
            run.closeWhenStarted(previous.pod());
        }
    }

    /** Closes every spare no test took. */
    @Override
    public void close() {
        byKey.values().forEach(spare -> run.closeWhenStarted(spare.pod()));
        byKey.clear();
    }
}
