package dev.sidecar.kubernetes.runtime;

import dev.sidecar.SidecarException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One container run's log, followed through the API server ({@code pods/log?follow=true}, opened by
 * {@link ClusterApi#streamLog}) and cut into lines. No thread waits for it: the HTTP client hands over each piece as
 * it arrives, and the next is asked for only once the lines of this one are handed on, so a slow consumer slows the
 * stream instead of filling memory. The kubelet ends the stream when the run ends.
 */
final class LogStream implements AutoCloseable {

    /** The longest line handed on whole; a longer one is handed on in pieces of this many bytes. */
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** How much of a refusal's body (the API server's Status) its message carries. */
    private static final int MAX_ERROR_BYTES = 4 * 1024;

    private final String what;
    private final Consumer<String> onLine;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private CompletableFuture<?> request;
    private AsyncBody body;
    private int refusedWith;
    private boolean closed;
    private final java.util.function.BiFunction<Integer, String, RuntimeException> refused;

    /**
     * @param refused what a refusal becomes, from its HTTP code and the API server's answer (as the runtime's other
     *     calls translate theirs: missing rights name the Role)
     */
    LogStream(String what, Consumer<String> onLine, java.util.function.BiFunction<Integer, String, RuntimeException>
            refused) {
        this.what = what;
        this.onLine = onLine;
        this.refused = refused;
    }

    /**
     * Completes when the stream has ended and its last line was handed on: normally when the run ended,
     * exceptionally when the API server refused the request or the connection broke, normally too once closed.
     */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /** The request is on its way: closing cancels it (and so the HTTP client's retries of it). */
    synchronized void requested(CompletableFuture<?> pending) {
        request = pending;
        if (closed) {
            pending.cancel(false);
        }
    }

    /** The API server answered (or the request failed): a log is consumed, a refusal read for its message. */
    synchronized void answered(HttpResponse<AsyncBody> response, Throwable failure) {
        if (closed) {
            if (response != null) {
                response.body().cancel();
            }
            return;
        }
        if (failure != null) {
            ended.completeExceptionally(new SidecarException("could not " + what + ": " + failure, failure));
            return;
        }
        body = response.body();
        if (!response.isSuccessful()) {
            refusedWith = response.code();
        }
        body.done().whenComplete((v, e) -> finish(e));
        body.consume();
    }

    /** Takes what arrived: lines are handed on, a refusal's text is kept for its message. */
    void accept(List<ByteBuffer> buffers, AsyncBody from) {
        synchronized (this) {
            if (closed) {
                from.cancel();
                return;
            }
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    take(buffer.get());
                }
            }
        }
        from.consume();
    }

    private void take(byte b) {
        if (refusedWith != 0) {
            if (line.size() < MAX_ERROR_BYTES) {
                line.write(b);
            }
        } else if (b == '\n') {
            handOn();
        } else {
            line.write(b);
            if (line.size() >= MAX_LINE_BYTES) {
                handOn();
            }
        }
    }

    private void handOn() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        onLine.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }

    private synchronized void finish(Throwable failure) {
        if (closed) {
            return;
        }
        closed = true;
        if (refusedWith != 0) {
            ended.completeExceptionally(refused.apply(refusedWith, line.toString(StandardCharsets.UTF_8).strip()));
        } else if (failure != null) {
            ended.completeExceptionally(new SidecarException("following stopped: could not " + what + ": "
                    + failure, failure));
        } else {
            if (line.size() > 0) {
                // The run's last line had no line break.
                handOn();
            }
            ended.complete(null);
        }
    }

    /** Stops following: the connection is dropped (once the API server has answered, if it has not yet). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (body != null) {
            body.cancel();
        } else if (request != null) {
            // Not answered yet: an answer that comes is dropped at once (fabric8 cancels its body).
            request.cancel(false);
        }
        ended.complete(null);
    }
}
