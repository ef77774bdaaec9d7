package dev.sidecar.docker;

import dev.sidecar.SidecarException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads one runtime owns: a bounded pool for engine calls and probe tries, and one timer that only schedules
 * and times out. They are daemon threads named {@code sidecar-docker-<runtime>-<n>} (and {@code …-timer}), end after a
 * few seconds idle, and are shut down when the runtime closes.
 *
 * <p>Two rules keep the pool free of deadlock however small it is: a task on the pool never waits for another task
 * of the pool (an engine call made on a pool thread runs right there, see {@link #onPool()}), and the timer thread
 * never does work that blocks (completions that do work run on the pool through the {@code …Async} stages with
 * {@link #pool()}).
 */
final class EngineThreads {

    /** How many engine calls and probe tries may run at once per runtime; more wait in line. */
    static final int POOL_SIZE = 16;
    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor timer;

    EngineThreads() {
        String prefix = "sidecar-docker-" + RUNTIMES.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(POOL_SIZE, POOL_SIZE, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> new PoolThread(r, prefix + "-" + n.incrementAndGet(), this));
        pool.allowCoreThreadTimeOut(true);
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, prefix + "-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(5, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /** The pool, for {@code …Async} stages that do work. */
    Executor pool() {
        return pool;
    }

    /** Whether the calling thread is one of this pool's, where a call must run in place instead of waiting. */
    boolean onPool() {
        return Thread.currentThread() instanceof PoolThread t && t.owner == this;
    }

    /**
     * Runs {@code work} on the pool; the future fails with what {@code onTimeout} gives, and the work is interrupted,
     * when it has not finished within {@code bound}.
     */
    <T> CompletableFuture<T> submit(Supplier<T> work, Duration bound, Supplier<RuntimeException> onTimeout) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Future<?> task = pool.submit(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        ScheduledFuture<?> timeout = timer.schedule(() -> {
            if (result.completeExceptionally(onTimeout.get())) {
                task.cancel(true);
            }
        }, bound.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> timeout.cancel(false));
        return result;
    }

    /** A future that completes after {@code delay}, for the pauses between probe tries. */
    CompletableFuture<Void> delay(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> tick = timer.schedule(() -> done.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
        done.whenComplete((r, e) -> tick.cancel(false));
        return done;
    }

    /** Stops both; what is queued is dropped and what runs is interrupted. */
    void shutdown() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    boolean isShutdown() {
        return pool.isShutdown();
    }

    /**
     * Waits for {@code future}; rethrows its failure unwrapped. An interrupt of the waiting thread ends the wait with
     * {@link InterruptedWaitException}, the flag kept set.
     */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw unwrapped(e);
        } catch (CancellationException e) {
            throw new SidecarException("cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedWaitException(e);
        }
    }

    /** Waits for every future, then rethrows the first failure with the others suppressed. */
    static <T> List<T> joinAll(List<CompletableFuture<T>> futures) {
        RuntimeException first = null;
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> f : futures) {
            try {
                results.add(join(f));
            } catch (InterruptedWaitException e) {
                throw e;
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else if (first != e) {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    /** A future that completes when all of {@code futures} have, or fails as soon as one of them fails. */
    static <T> CompletableFuture<Void> allOrFirstFailure(List<CompletableFuture<T>> futures) {
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        futures.forEach(f -> f.whenComplete((r, e) -> {
            if (e != null) {
                all.completeExceptionally(e);
            }
        }));
        return all;
    }

    /** The thread was interrupted while it waited for the engine. */
    static final class InterruptedWaitException extends SidecarException {
        InterruptedWaitException(InterruptedException cause) {
            super("interrupted while waiting for the Docker engine", cause);
        }
    }

    static RuntimeException unwrapped(Throwable e) {
        Throwable cause = (e instanceof CompletionException || e instanceof ExecutionException)
                && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new SidecarException(String.valueOf(cause.getMessage()), cause);
    }

    private static final class PoolThread extends Thread {
        final EngineThreads owner;

        PoolThread(Runnable r, String name, EngineThreads owner) {
            super(r, name);
            this.owner = owner;
            setDaemon(true);
        }
    }
}
