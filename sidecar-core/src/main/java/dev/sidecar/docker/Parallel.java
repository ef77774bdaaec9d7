package dev.sidecar.docker;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs independent engine calls at once. Its daemon threads are created on demand and end after a few seconds
 * idle, so an idle JVM keeps none; the pool is immutable infrastructure, not state.
 */
final class Parallel {

    static final ExecutorService EXECUTOR = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
            new SynchronousQueue<>(), daemonThreads());

    private Parallel() {
    }

    /** Applies {@code action} to every item at once and waits for all; rethrows the first failure unwrapped. */
    static <T, R> List<R> forEach(List<T> items, Function<T, R> action) {
        if (items.size() == 1) {
            return Collections.singletonList(action.apply(items.get(0)));
        }
        List<CompletableFuture<R>> futures = items.stream()
                .map(item -> CompletableFuture.supplyAsync(() -> action.apply(item), EXECUTOR)).toList();
        RuntimeException first = null;
        for (CompletableFuture<R> f : futures) {
            try {
                f.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (first == null) {
                    first = cause;
                } else if (first != cause) {
                    first.addSuppressed(cause);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /** Waits for {@code future}; rethrows its failure unwrapped. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "sidecar-engine-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
