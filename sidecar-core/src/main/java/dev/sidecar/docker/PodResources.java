package dev.sidecar.docker;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything one pod created on the engine, recorded as it is created, so that a failed start or a close removes
 * exactly that: containers first (all at once), then volumes.
 */
final class PodResources {

    private final DockerEngine engine;
    private final List<String> containerIds = new CopyOnWriteArrayList<>();
    private final List<String> volumeNames = new CopyOnWriteArrayList<>();
    private final List<Closeable> logStreams = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> pendingRemovals = new CopyOnWriteArrayList<>();
    private final List<RuntimeException> removalFailures = new CopyOnWriteArrayList<>();

    PodResources(DockerEngine engine) {
        this.engine = engine;
    }

    void container(String id) {
        containerIds.add(id);
    }

    void forget(String containerId) {
        containerIds.remove(containerId);
    }

    void volume(String name) {
        volumeNames.add(name);
    }

    void logStream(Closeable stream) {
        logStreams.add(stream);
    }

    /**
     * Starts removing a container that has stopped while the pod goes on closing the others; {@link #removeAll}
     * waits for it before removing volumes.
     */
    void removeSoon(String containerId) {
        containerIds.remove(containerId);
        pendingRemovals.add(CompletableFuture.runAsync(() -> {
            try {
                engine.remove(containerId);
            } catch (RuntimeException e) {
                removalFailures.add(e);
            }
        }, Parallel.EXECUTOR));
    }

    /** Removes everything recorded, collecting what failed into {@code failures} instead of stopping at it. */
    void removeAll(List<RuntimeException> failures) {
        List<RuntimeException> found = Collections.synchronizedList(new ArrayList<>());
        for (Closeable stream : logStreams) {
            try {
                stream.close();
            } catch (IOException | RuntimeException e) {
                // The stream ends with its container anyway.
            }
        }
        logStreams.clear();
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (String id : containerIds) {
            removals.add(CompletableFuture.runAsync(() -> {
                try {
                    engine.remove(id);
                } catch (RuntimeException e) {
                    found.add(e);
                }
            }, Parallel.EXECUTOR));
        }
        removals.forEach(CompletableFuture::join);
        pendingRemovals.forEach(CompletableFuture::join);
        pendingRemovals.clear();
        found.addAll(removalFailures);
        removalFailures.clear();
        containerIds.clear();
        for (String name : volumeNames) {
            try {
                engine.removeVolume(name);
            } catch (RuntimeException e) {
                found.add(e);
            }
        }
        volumeNames.clear();
        failures.addAll(found);
    }
}
