package dev.sidecar.docker;

import com.github.dockerjava.api.model.Event;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one stream of the engine's container {@code die} events a runtime holds, for the containers of this JVM's
 * pods: each exit reaches the supervisor of its pod at once, with one thread for the whole runtime rather than one
 * per container. When the stream breaks (the engine restarted), it is opened again from the time of the last event
 * it saw, so that no exit is missed.
 */
final class EngineEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineEvents.class);
    private static final Duration RECONNECT = Duration.ofMillis(500);

    private final DockerEngine engine;
    private final String label;
    private final Map<String, IntConsumer> listeners = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private Closeable stream;
    private volatile boolean closed;
    /** The time of the last event seen, as Docker's {@code since} takes it; {@code null} before the first. */
    private volatile String lastSeen;

    /** @param label the label every container of this runtime's pods carries, as {@code key=value} */
    EngineEvents(DockerEngine engine, String label) {
        this.engine = engine;
        this.label = label;
    }

    /** Tells {@code onExit} the exit code each time the container {@code id} exits, until {@link #forget}. */
    void watch(String id, IntConsumer onExit) {
        listeners.put(id, onExit);
        synchronized (lock) {
            if (stream == null && !closed) {
                open();
            }
        }
    }

    void forget(String id) {
        listeners.remove(id);
    }

    private void open() {
        String since = lastSeen != null ? lastSeen
                : String.format(java.util.Locale.ROOT, "%.9f", (System.currentTimeMillis() - 1000) / 1000.0);
        stream = engine.followDeaths(label, since, this::dispatch, this::ended);
    }

    private void dispatch(Event event) {
        if (event.getTimeNano() != null) {
            lastSeen = event.getTimeNano() / 1_000_000_000L + "." + String.format(java.util.Locale.ROOT, "%09d",
                    event.getTimeNano() % 1_000_000_000L);
        }
        String id = event.getActor() != null && event.getActor().getId() != null ? event.getActor().getId()
                : event.getId();
        IntConsumer listener = id == null ? null : listeners.get(id);
        if (listener == null) {
            return;
        }
        int code = -1;
        Map<String, String> attributes = event.getActor() == null ? null : event.getActor().getAttributes();
        if (attributes != null && attributes.get("exitCode") != null) {
            try {
                code = Integer.parseInt(attributes.get("exitCode"));
            } catch (NumberFormatException e) {
                LOG.debug("exit code of {} unreadable: {}", id, attributes.get("exitCode"));
            }
        }
        int exitCode = code;
        // The listener asks the engine and may restart the container: not on the stream's own thread.
        engine.threads().pool().execute(() -> {
            try {
                listener.accept(exitCode);
            } catch (RuntimeException e) {
                LOG.warn("handling the exit of container {} failed: {}", id, e.toString());
            }
        });
    }

    private void ended(Throwable cause) {
        synchronized (lock) {
            stream = null;
            if (closed || engine.threads().isShutdown()) {
                return;
            }
        }
        LOG.debug("the engine's event stream ended ({}); opening it again", cause == null ? "closed" : cause.toString());
        engine.threads().delay(RECONNECT).thenRunAsync(this::reopen, engine.threads().pool());
    }

    private void reopen() {
        synchronized (lock) {
            if (stream != null || closed || listeners.isEmpty()) {
                return;
            }
            try {
                open();
            } catch (RuntimeException e) {
                LOG.debug("the engine's event stream cannot be opened yet: {}", e.getMessage());
                engine.threads().delay(RECONNECT).thenRunAsync(this::reopen, engine.threads().pool());
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException e) {
                    LOG.debug("closing the event stream: {}", e.toString());
                }
                stream = null;
            }
        }
    }
}
