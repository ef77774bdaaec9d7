package dev.sidecar.docker;

import dev.sidecar.PodSpec;
import dev.sidecar.RuntimeUnavailableException;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * Forwards a pod's container output to SLF4J ({@code dev.sidecar.pod.<pod>.<container>} at INFO) by reading what
 * each container wrote since the last read, every half second: no stream, and so no thread, is held per container
 * (a followed log stream holds one). The last lines are read once more when the pod closes, before its containers
 * are removed.
 */
final class LogForwarding implements Closeable {

    static final Duration INTERVAL = Duration.ofMillis(500);

    /** One container's output and where it goes. */
    record Target(String container, ContainerOutput.Cursor cursor, Logger log) {
    }

    private final EngineThreads threads;
    private final PodSpec spec;
    private final String instanceId;
    private final List<Target> targets;
    private volatile boolean closed;

    LogForwarding(EngineThreads threads, PodSpec spec, String instanceId, List<Target> targets) {
        this.threads = threads;
        this.spec = spec;
        this.instanceId = instanceId;
        this.targets = List.copyOf(targets);
    }

    LogForwarding start() {
        if (!targets.isEmpty()) {
            schedule();
        }
        return this;
    }

    private void schedule() {
        if (!closed && !threads.isShutdown()) {
            threads.delay(INTERVAL).thenRunAsync(this::tick, threads.pool());
        }
    }

    private void tick() {
        if (closed) {
            return;
        }
        forwardAll();
        schedule();
    }

    private synchronized void forwardAll() {
        for (Target t : targets) {
            try {
                for (String line : t.cursor().next()) {
                    t.log().info("[{}] {}", instanceId, spec.maskSecrets(line));
                }
            } catch (RuntimeUnavailableException e) {
                return;
            } catch (RuntimeException e) {
                t.log().debug("reading the output of '{}' failed: {}", t.container(), e.getMessage());
            }
        }
    }

    /** Forwards what {@code container} wrote since the last read: once it has stopped, before it is removed. */
    synchronized void flush(String container) {
        for (Target t : targets) {
            if (t.container().equals(container)) {
                try {
                    t.cursor().next().forEach(line -> t.log().info("[{}] {}", instanceId, spec.maskSecrets(line)));
                } catch (RuntimeException e) {
                    t.log().debug("reading the output of '{}' failed: {}", container, e.getMessage());
                }
            }
        }
    }

    /** Stops forwarding; what was not read yet is left (see {@link #flush}). */
    void stop() {
        closed = true;
    }

    /** Forwards what is left, once, and stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!targets.isEmpty() && !threads.isShutdown()) {
            forwardAll();
        }
    }
}
