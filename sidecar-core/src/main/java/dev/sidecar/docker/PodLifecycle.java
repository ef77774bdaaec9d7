package dev.sidecar.docker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a pod is open, closing or closed, shared by the pod and its containers: every call checks it before it
 * starts, and calls that were under way when the close began check it again, so that none returns as if nothing
 * happened.
 */
final class PodLifecycle {

    enum State { OPEN, CLOSING, CLOSED }

    private final String podName;
    private final String instanceId;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    PodLifecycle(String podName, String instanceId) {
        this.podName = podName;
        this.instanceId = instanceId;
    }

    String podName() {
        return podName;
    }

    State state() {
        return state.get();
    }

    boolean isOpen() {
        return state.get() == State.OPEN;
    }

    /** Moves from open to closing; whether this caller did (and so must close the pod). */
    boolean beginClose() {
        return state.compareAndSet(State.OPEN, State.CLOSING);
    }

    void closedNow() {
        state.set(State.CLOSED);
        closed.complete(null);
    }

    /** Completes once the pod is closed. */
    CompletableFuture<Void> whenClosed() {
        return closed;
    }

    void ensureOpen() {
        if (!isOpen()) {
            throw new IllegalStateException("pod '" + podName + "' (instance " + instanceId + ") is "
                    + (state.get() == State.CLOSING ? "closing" : "closed"));
        }
    }

    /** For a call that ran while the pod may have begun to close: fails when it did. */
    void ensureStillOpen(String what) {
        if (!isOpen()) {
            throw new IllegalStateException(what + " was cut short: pod '" + podName + "' (instance " + instanceId
                    + ") " + (state.get() == State.CLOSING ? "is closing" : "was closed") + " while it ran");
        }
    }
}
