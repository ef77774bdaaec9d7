package dev.sidecar.docker;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one pod created, recorded as it is created, so that a failed start or a close removes exactly that:
 * log streams, containers (all at once), then volumes and the host paths the pod created.
 */
final class PodResources {

    private static final Logger LOG = LoggerFactory.getLogger(PodResources.class);

    private final DockerEngine engine;
    private final List<String> containerIds = new CopyOnWriteArrayList<>();
    private final List<String> volumeNames = new CopyOnWriteArrayList<>();
    private final List<Path> createdHostPaths = new CopyOnWriteArrayList<>();
    private final List<Closeable> logStreams = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> pendingRemovals = new CopyOnWriteArrayList<>();

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

    /** A file or directory on this machine the pod created for a {@code hostPath}, removed last. */
    void hostPath(Path path) {
        createdHostPaths.add(path);
    }

    void logStream(Closeable stream) {
        logStreams.add(stream);
    }

    /**
     * Starts removing a container that has stopped while the pod goes on closing the others; {@link #removeAll}
     * waits for it before removing volumes.
     */
    void removeSoon(String containerId) {
        if (containerIds.remove(containerId)) {
            pendingRemovals.add(engine.removeAsync(containerId));
        }
    }

    /** Removes everything recorded, collecting what failed into {@code failures} instead of stopping at it. */
    void removeAll(List<RuntimeException> failures) {
        for (Closeable stream : logStreams) {
            try {
                stream.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing a log stream: {}", e.toString());
            }
        }
        logStreams.clear();
        List<CompletableFuture<Void>> removals = new ArrayList<>(pendingRemovals);
        pendingRemovals.clear();
        for (String id : containerIds) {
            removals.add(engine.removeAsync(id));
        }
        containerIds.clear();
        collect(removals, failures);
        List<CompletableFuture<Void>> volumes = new ArrayList<>();
        for (String name : volumeNames) {
            volumes.add(engine.removeVolumeAsync(name));
        }
        volumeNames.clear();
        collect(volumes, failures);
        for (Path path : createdHostPaths) {
            try {
                deleteRecursively(path);
            } catch (IOException | RuntimeException e) {
                failures.add(new dev.sidecar.SidecarException("could not remove host path " + path
                        + " that the pod created: " + e.getMessage(), e));
            }
        }
        createdHostPaths.clear();
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteRecursively(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    private static void collect(List<CompletableFuture<Void>> futures, List<RuntimeException> failures) {
        for (CompletableFuture<Void> f : futures) {
            try {
                EngineThreads.join(f);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
    }
}
