package dev.sidecar.docker;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * One run of a container, from its start to its exit: whether it has started (its postStart hook done and its startup
 * probe passed), whether it is ready, and the probes and watches that belong to it. A restart makes a new run.
 */
final class Run {

    final Instant startedAt = Instant.now();
    /** Completes once the run has started; fails when it ends before. */
    final CompletableFuture<Void> started = new CompletableFuture<>();
    /** Completes once the run is first ready; fails when it ends before. */
    final CompletableFuture<Void> firstReady = new CompletableFuture<>();
    volatile boolean ready;
    volatile boolean ended;
    private final List<ProbeLoop> loops = new ArrayList<>();
    private final List<Closeable> watches = new ArrayList<>();
    private volatile boolean logLineSeen;

    synchronized void add(ProbeLoop loop) {
        if (ended) {
            loop.cancel();
        } else {
            loops.add(loop.start());
        }
    }

    boolean startedYet() {
        return started.isDone() && !started.isCompletedExceptionally();
    }

    /** Whether a line matching the log-line probe's pattern has been seen in this run's output. */
    boolean logLineSeen() {
        return logLineSeen;
    }

    /** Watches the container's output for {@code pattern}, once per run. */
    synchronized void watchLog(ContainerOutput output, Pattern pattern) {
        if (!watches.isEmpty() || ended) {
            return;
        }
        Closeable[] self = new Closeable[1];
        self[0] = output.follow(line -> {
            if (!logLineSeen && pattern.matcher(line).find()) {
                logLineSeen = true;
            }
        });
        watches.add(self[0]);
    }

    /** Ends the run: its probes stop, its watches close, and whoever waits for it to start or be ready is told. */
    void end(RuntimeException why) {
        List<Closeable> toClose;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            ready = false;
            loops.forEach(ProbeLoop::cancel);
            toClose = List.copyOf(watches);
        }
        for (Closeable c : toClose) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                // The stream ends with the container anyway.
            }
        }
        started.completeExceptionally(why);
        firstReady.completeExceptionally(why);
    }
}
