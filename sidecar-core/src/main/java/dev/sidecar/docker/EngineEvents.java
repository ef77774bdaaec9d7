package dev.sidecar.docker;

import com.github.dockerjava.api.model.Event;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one stream of the engine's container {@code die} events a runtime holds, for the containers of this JVM's
 * pods: each exit reaches the supervisor of its pod at once, with one thread for the whole runtime rather than one
 * per container. When the stream breaks (the engine restarted), it is opened again from the time of the last event
 * it saw, so that no exit is missed.
 *
 * <p>Containers the library does not own (a Testcontainers container that sidecars are attached to) carry none of
 * its labels, which is what the first stream filters on: a second stream, opened when the first such container is
 * followed, brings their {@code die}, {@code start} and {@code destroy} events, in order.
 */
final class EngineEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineEvents.class);
    private static final Duration RECONNECT = Duration.ofMillis(500);

    /** What becomes of a followed container, told in the order the engine reports it. */
    interface Follower {
        /** The container exited with {@code exitCode}. */
        void died(int exitCode);

        /** The container started (again). */
        void started();

        /** The container was removed. */
        void destroyed();
    }

    private final DockerEngine engine;
    private final Map<String, IntConsumer> listeners = new ConcurrentHashMap<>();
    private final Map<String, Follower> followers = new ConcurrentHashMap<>();
    private final Subscription deaths;
    private final Subscription followed;
    private volatile boolean closed;

    /** @param label the label every container of this runtime's pods carries, as {@code key=value} */
    EngineEvents(DockerEngine engine, String label) {
        this.engine = engine;
        this.deaths = new Subscription(List.of("die"), label, this::dispatchDeath, listeners::isEmpty);
        this.followed = new Subscription(List.of("die", "start", "destroy"), null, this::dispatchFollowed,
                followers::isEmpty);
    }

    /** Tells {@code onExit} the exit code each time the container {@code id} exits, until {@link #forget}. */
    void watch(String id, IntConsumer onExit) {
        listeners.put(id, onExit);
        deaths.ensureOpen();
    }

    void forget(String id) {
        listeners.remove(id);
    }

    /**
     * Tells {@code follower} each exit, start and removal of the container {@code id}, which need not carry the
     * library's labels, until {@link #unfollow}. It is told on the stream's own thread, in the engine's order, so it
     * must hand any work that waits elsewhere.
     */
    void follow(String id, Follower follower) {
        followers.put(id, follower);
        followed.ensureOpen();
    }

    void unfollow(String id) {
        followers.remove(id);
    }

    private void dispatchDeath(Event event) {
        String id = actorId(event);
        IntConsumer listener = id == null ? null : listeners.get(id);
        if (listener == null) {
            return;
        }
        int exitCode = exitCode(event);
        // The listener asks the engine and may restart the container: not on the stream's own thread.
        engine.threads().pool().execute(() -> {
            try {
                listener.accept(exitCode);
            } catch (RuntimeException e) {
                LOG.warn("handling the exit of container {} failed: {}", id, e.toString());
            }
        });
    }

    private void dispatchFollowed(Event event) {
        String id = actorId(event);
        Follower follower = id == null ? null : followers.get(id);
        if (follower == null) {
            return;
        }
        try {
            switch (String.valueOf(event.getStatus() != null ? event.getStatus() : event.getAction())) {
                case "die" -> follower.died(exitCode(event));
                case "start" -> follower.started();
                case "destroy" -> follower.destroyed();
                default -> LOG.debug("event {} of followed container {} ignored", event.getStatus(), id);
            }
        } catch (RuntimeException e) {
            LOG.warn("handling event {} of container {} failed: {}", event.getStatus(), id, e.toString());
        }
    }

    private static String actorId(Event event) {
        return event.getActor() != null && event.getActor().getId() != null ? event.getActor().getId()
                : event.getId();
    }

    private static int exitCode(Event event) {
        Map<String, String> attributes = event.getActor() == null ? null : event.getActor().getAttributes();
        if (attributes != null && attributes.get("exitCode") != null) {
            try {
                return Integer.parseInt(attributes.get("exitCode"));
            } catch (NumberFormatException e) {
                LOG.debug("exit code unreadable: {}", attributes.get("exitCode"));
            }
        }
        return -1;
    }

    @Override
    public void close() {
        closed = true;
        deaths.close();
        followed.close();
    }

    /** One stream of events, opened on first use and again, from its last event, whenever it breaks. */
    private final class Subscription {
        private final List<String> actions;
        private final String label;
        private final Consumer<Event> dispatch;
        private final java.util.function.BooleanSupplier idle;
        private final Object lock = new Object();
        private Closeable stream;
        /** The time of the last event seen, as Docker's {@code since} takes it; {@code null} before the first. */
        private volatile String lastSeen;

        Subscription(List<String> actions, String label, Consumer<Event> dispatch,
                java.util.function.BooleanSupplier idle) {
            this.actions = actions;
            this.label = label;
            this.dispatch = dispatch;
            this.idle = idle;
        }

        void ensureOpen() {
            synchronized (lock) {
                if (stream == null && !closed) {
                    open();
                }
            }
        }

        private void open() {
            String since = lastSeen != null ? lastSeen
                    : String.format(java.util.Locale.ROOT, "%.9f", (System.currentTimeMillis() - 1000) / 1000.0);
            stream = engine.followEvents(actions, label, since, this::seen, this::ended);
        }

        private void seen(Event event) {
            if (event.getTimeNano() != null) {
                lastSeen = event.getTimeNano() / 1_000_000_000L + "." + String.format(java.util.Locale.ROOT, "%09d",
                        event.getTimeNano() % 1_000_000_000L);
            }
            dispatch.accept(event);
        }

        private void ended(Throwable cause) {
            synchronized (lock) {
                stream = null;
                if (closed || engine.threads().isShutdown()) {
                    return;
                }
            }
            LOG.debug("the engine's event stream {} ended ({}); opening it again", actions,
                    cause == null ? "closed" : cause.toString());
            engine.threads().delay(RECONNECT).thenRunAsync(this::reopen, engine.threads().pool());
        }

        private void reopen() {
            synchronized (lock) {
                if (stream != null || closed || idle.getAsBoolean()) {
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

        void close() {
            synchronized (lock) {
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
}
