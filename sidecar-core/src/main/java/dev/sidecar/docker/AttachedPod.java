package dev.sidecar.docker;

import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.VolumeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's sidecars and init containers around a container that exists and is not the library's (a Testcontainers
 * container, say): they join its network namespace (and its PID namespace when the spec shares the process namespace),
 * so that it plays the pod's main container. Made by {@link DockerPodRuntime#attach(PodSpec)}, which creates and fills
 * the pod's volumes at once, so that they can be mounted into the container before it starts
 * ({@link #volumeName(String)}); {@link #start(String)} then runs the init sequence with readiness, as a pod's start
 * does.
 *
 * <p>It follows the container through the engine's events: when the container exits, the sidecars are stopped and
 * removed (a network namespace that is gone is of no use to them); when it starts again, the init sequence runs
 * again in its new namespaces, as the kubelet runs a pod's again in a new sandbox; when it is removed, the volumes
 * are removed too. The container itself is never stopped or removed here.
 *
 * <p>Thread-safe. The sidecars carry the library's labels like any pod's containers, and are swept like them.
 */
public final class AttachedPod implements AutoCloseable {

    private final DockerEngine engine;
    private final EngineEvents events;
    private final DockerPodRuntime.Settings settings;
    private final PodSpec spec;
    private final PodFacts facts;
    private final String instanceId;
    private final PodResources volumes;
    private final Function<PodStarter.StartedPod, DockerPod> opener;
    private final Consumer<AttachedPod> onClosed;
    private final Logger log;
    private final Object lock = new Object();
    /** Guards {@link #handled} only: the event stream's thread must never wait for a start or a stop. */
    private final Object queue = new Object();
    /** Events of the container, handled one after the other in the engine's order. */
    private CompletableFuture<Void> handled = CompletableFuture.completedFuture(null);
    private String containerId;
    private DockerPod run;
    private boolean sidecarsStopped;
    private boolean closed;
    private boolean volumesRemoved;

    AttachedPod(DockerEngine engine, EngineEvents events, DockerPodRuntime.Settings settings, PodSpec spec,
            PodFacts facts, String instanceId, PodResources volumes, Function<PodStarter.StartedPod, DockerPod> opener,
            Consumer<AttachedPod> onClosed) {
        this.engine = engine;
        this.events = events;
        this.settings = settings;
        this.spec = spec;
        this.facts = facts;
        this.instanceId = instanceId;
        this.volumes = volumes;
        this.opener = opener;
        this.onClosed = onClosed;
        this.log = LoggerFactory.getLogger("dev.sidecar.pod." + spec.name());
    }

    /**
     * Creates the volumes of {@code spec} (labelled like a pod's) and fills them through a container that is created
     * and never started; on failure removes what it created.
     */
    static PodFacts prepareVolumes(DockerEngine engine, PodSpec spec, String instanceId, PodFacts facts,
            PodResources resources, String holderImage) {
        Map<String, String> labels = Labels.forPod(spec.name(), instanceId);
        try {
            PodStarter.prepareHostPaths(engine, spec, resources);
            PodFacts known = new PodVolumes(engine, spec, instanceId, resources).create(labels, facts);
            if (spec.volumes().stream().anyMatch(v -> v.kind() != VolumeSpec.Kind.HOST_PATH)) {
                Wiring wiring = new Wiring(spec, instanceId, labels, "", known);
                String holder = engine.createContainer(wiring.volumeHolder(holderImage));
                try {
                    new PodVolumes(engine, spec, instanceId, resources).populate(holder, known);
                } finally {
                    engine.remove(holder);
                }
            }
            return known;
        } catch (RuntimeException e) {
            List<RuntimeException> cleanup = new ArrayList<>();
            resources.removeAll(cleanup);
            cleanup.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** The pod spec; its main container stands for the container the sidecars are attached to. */
    public PodSpec spec() {
        return spec;
    }

    /**
     * The Docker volume that holds pod volume {@code volume} (for a {@code hostPath}, its host path): mount it into
     * the container before the container starts, to share it with the sidecars.
     *
     * @throws NoSuchElementException naming the pod's volumes when it has none by that name
     */
    public String volumeName(String volume) {
        Objects.requireNonNull(volume, "volume must not be null");
        VolumeSpec v = spec.volumes().stream().filter(x -> x.name().equals(volume)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("pod '" + spec.name() + "' has no volume '" + volume
                        + "'; its volumes are " + spec.volumes().stream().map(VolumeSpec::name).toList()));
        return v.kind() == VolumeSpec.Kind.HOST_PATH ? v.hostPath() : Naming.volume(spec.name(), instanceId, volume);
    }

    /**
     * Runs the init sequence (init containers to completion, sidecars started, in order) in the namespaces of the
     * running container {@code containerId}, and returns once every sidecar is ready; from then on the sidecars
     * follow the container (see the class comment).
     *
     * @throws IllegalStateException when the container does not run, or when this was started already or closed
     * @throws dev.sidecar.PodStartException when an init container fails or a sidecar does not become ready; the
     *     sidecars created are removed, the volumes stay until {@link #close()}
     */
    public void start(String containerId) {
        Objects.requireNonNull(containerId, "containerId must not be null");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the sidecars of pod '" + spec.name() + "' are closed");
            }
            if (this.containerId != null) {
                throw new IllegalStateException("the sidecars of pod '" + spec.name() + "' were started already, "
                        + "for container " + this.containerId);
            }
            if (!engine.running(containerId)) {
                throw new IllegalStateException("container " + containerId + " does not run: start it before its "
                        + "sidecars, which join its namespaces");
            }
            this.containerId = containerId;
            // Before the first run: an exit during the start is then seen.
            events.follow(containerId, new Follower());
            try {
                run = startRun();
            } catch (RuntimeException e) {
                events.unfollow(containerId);
                sidecarsStopped = true;
                throw e;
            }
        }
    }

    /** The sidecars' current run, while the container runs and they have not been stopped. */
    public Optional<Pod> pod() {
        synchronized (lock) {
            return Optional.ofNullable(run);
        }
    }

    /**
     * The running sidecar named {@code name}.
     *
     * @throws NoSuchElementException naming the sidecars when none by that name runs
     */
    public PodContainer container(String name) {
        Objects.requireNonNull(name, "name must not be null");
        Pod current = pod().orElseThrow(() -> new NoSuchElementException("no sidecar of pod '" + spec.name()
                + "' runs now (the container they are attached to does not run, or they were stopped)"));
        if (spec.role(name) == dev.sidecar.ContainerRole.MAIN) {
            throw new NoSuchElementException("'" + name + "' is the container the sidecars are attached to, not one "
                    + "of them; the sidecars are " + spec.sidecars().stream().map(c -> c.name()).toList());
        }
        return current.container(name);
    }

    /**
     * Stops the sidecars (the last started first, each within what remains of the pod's grace period) and removes
     * them; they no longer follow the container. Idempotent.
     */
    public void stopSidecars() {
        synchronized (lock) {
            sidecarsStopped = true;
            closeRun();
        }
    }

    /**
     * Stops and removes the sidecars (if {@link #stopSidecars()} did not already), then removes the volumes: at once
     * when the container is gone, else as soon as it is removed, since Docker keeps a volume that a container
     * mounts. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopSidecars();
            if (containerId == null || !engine.exists(containerId)) {
                removeVolumes();
            } else {
                log.debug("pod {}-{}: its volumes are removed once container {} is", spec.name(), instanceId,
                        containerId);
            }
        }
    }

    /** Closes at once, removing every volume it can, for a runtime that is closing. */
    void closeNow() {
        close();
        synchronized (lock) {
            removeVolumes();
        }
    }

    private DockerPod startRun() {
        PodStarter.StartedPod started = new PodStarter(engine, events, settings, spec, facts,
                PodStarter.Placement.joining(containerId, instanceId)).start();
        return opener.apply(started);
    }

    private void closeRun() {
        DockerPod current = run;
        run = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                log.warn("stopping the sidecars of pod {}-{} failed: {}", spec.name(), instanceId, e.getMessage());
            }
        }
    }

    private void removeVolumes() {
        if (volumesRemoved) {
            return;
        }
        volumesRemoved = true;
        if (containerId != null) {
            events.unfollow(containerId);
        }
        List<RuntimeException> failures = new ArrayList<>();
        volumes.removeAll(failures);
        failures.forEach(f -> log.warn("removing a volume of pod {}-{} failed: {}", spec.name(), instanceId,
                f.getMessage()));
        onClosed.accept(this);
    }

    /** Handles the container's events one after the other, off the event stream's thread. */
    private void handle(Runnable action) {
        synchronized (queue) {
            handled = handled.thenRunAsync(() -> {
                synchronized (lock) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        log.warn("pod {}-{}: following container {} failed: {}", spec.name(), instanceId,
                                containerId, e.getMessage());
                    }
                }
            }, engine.threads().pool());
        }
    }

    private final class Follower implements EngineEvents.Follower {

        @Override
        public void died(int exitCode) {
            handle(() -> {
                if (run != null) {
                    log.info("container {} that pod {}-{} is attached to exited with code {}: stopping its sidecars",
                            containerId, spec.name(), instanceId, exitCode);
                    closeRun();
                }
            });
        }

        @Override
        public void started() {
            handle(() -> {
                if (run != null || sidecarsStopped || closed) {
                    return;
                }
                log.info("container {} that pod {}-{} is attached to started again: running its init sequence and "
                        + "sidecars in its new namespaces", containerId, spec.name(), instanceId);
                try {
                    run = startRun();
                } catch (RuntimeException e) {
                    log.warn("the sidecars of pod {}-{} did not start again with container {}: {}", spec.name(),
                            instanceId, containerId, e.getMessage());
                }
            });
        }

        @Override
        public void destroyed() {
            handle(() -> {
                log.info("container {} that pod {}-{} is attached to was removed: removing its sidecars and volumes",
                        containerId, spec.name(), instanceId);
                sidecarsStopped = true;
                closeRun();
                removeVolumes();
            });
        }
    }
}
