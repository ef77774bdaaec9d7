package dev.sidecar.docker;

import dev.sidecar.SidecarException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.testcontainers.containers.Network;

/**
 * A Docker network the library created ({@link DockerPodRuntime#newNetwork}), labelled like a pod's objects so that
 * the sweep finds it when its JVM is gone. It is a Testcontainers {@link Network}, so that Testcontainers containers
 * can join it too.
 */
final class LibraryNetwork implements Network {

    private final DockerEngine engine;
    private final String id;
    private final String name;
    private final Consumer<LibraryNetwork> onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();

    LibraryNetwork(DockerEngine engine, String id, String name, Consumer<LibraryNetwork> onClosed) {
        this.engine = engine;
        this.id = id;
        this.name = name;
        this.onClosed = onClosed;
    }

    @Override
    public String getId() {
        return id;
    }

    /** The network's Docker name. */
    String name() {
        return name;
    }

    /**
     * Removes the network. Docker refuses while containers are attached: the message names them, and the network
     * stays (a later close, or the runtime's, may remove it).
     */
    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        try {
            engine.removeNetwork(id);
        } catch (SidecarException e) {
            DockerEngine.NetworkInfo info = engine.network(id);
            if (info != null && !info.containerIds().isEmpty()) {
                throw new SidecarException("network " + name + " cannot be removed while containers are attached to "
                        + "it: " + info.containerIds() + "; close the pods and containers on it first", e);
            }
            if (info != null) {
                throw e;
            }
        }
        if (closed.compareAndSet(false, true)) {
            onClosed.accept(this);
        }
    }

    @Override
    public String toString() {
        return "Network{" + name + (closed.get() ? ", removed" : "") + "}";
    }
}
