package dev.sidecar.docker;

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
    private ContainerOutput.Cursor logCursor;
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

    /**
     * Whether a line of the container's output matches {@code pattern}: each call reads only what was written since
     * the last, and once a line matched, it stays matched for this run.
     */
    synchronized boolean logLineSeen(ContainerOutput output, Pattern pattern) {
        if (!logLineSeen) {
            if (logCursor == null) {
                logCursor = output.cursor();
            }
            logLineSeen = logCursor.next().stream().anyMatch(line -> pattern.matcher(line).find());
        }
        return logLineSeen;
    }

    /** Ends the run: its probes stop, and whoever waits for it to start or be ready is told. */
    void end(RuntimeException why) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            ready = false;
            loops.forEach(ProbeLoop::cancel);
        }
        started.completeExceptionally(why);
        firstReady.completeExceptionally(why);
    }
}
