package dev.sidecar.docker;

import com.github.dockerjava.api.DockerClient;
import dev.sidecar.ContainerSpec;
import dev.sidecar.InvalidSpecException;
import dev.sidecar.Pod;
import dev.sidecar.PodRuntime;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.SidecarException;
import dev.sidecar.spi.PodClosers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * Runs pods on a Docker engine: by default the one Testcontainers finds ({@code DOCKER_HOST},
 * {@code ~/.testcontainers.properties}, the local socket), or one given to the {@link Builder}. One instance may start
 * any number of pods, concurrently; {@link #close()} closes those still open and stops the runtime's threads.
 *
 * <pre>{@code
 * try (DockerPodRuntime runtime = DockerPodRuntime.create();
 *      Pod pod = runtime.start(spec)) { ... }
 * }</pre>
 *
 * <p>Each pod gets an infrastructure container holding its namespaces, like Kubernetes' pause container. Its image is
 * {@value #DEFAULT_INFRA_IMAGE} unless the system property {@value #INFRA_IMAGE_PROPERTY} or the environment variable
 * {@code SIDECAR_INFRA_IMAGE} names another (read when the builder is created), or {@link Builder#infraImage} does.
 */
public final class DockerPodRuntime implements PodRuntime {

    /** The infrastructure image unless configured: Kubernetes' pause image. */
    public static final String DEFAULT_INFRA_IMAGE = "registry.k8s.io/pause:3.10";
    /** The system property that names the infrastructure image. */
    public static final String INFRA_IMAGE_PROPERTY = "sidecar.infra-image";
    /** How long pulling a missing image may take unless {@link Builder#pullTimeout} says otherwise. */
    public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(2);
    /**
     * How long a pod may take from its first object to every container ready, init containers included, unless
     * {@link Builder#startupTimeout} says otherwise.
     */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(2);
    /**
     * How long the first restart of a container waits unless {@link Builder#restartBackoff} or the system property
     * {@value #RESTART_BACKOFF_PROPERTY} says otherwise: Kubernetes' 10 s, doubling for each further restart.
     */
    public static final Duration DEFAULT_RESTART_BACKOFF = Duration.ofSeconds(10);
    /** The longest a restart waits unless {@link Builder#restartBackoff} says otherwise: Kubernetes' 5 minutes. */
    public static final Duration DEFAULT_MAX_RESTART_BACKOFF = Duration.ofMinutes(5);
    /** The system property that sets the first restart's wait (an ISO-8601 duration such as {@code PT0.5S}). */
    public static final String RESTART_BACKOFF_PROPERTY = "sidecar.restart-backoff";

    private static final Logger LOG = LoggerFactory.getLogger(DockerPodRuntime.class);

    /** What a runtime was configured with. */
    record Settings(String infraImage, List<String> infraCommand, Duration pullTimeout, Duration startupTimeout,
            PodSupervisor.Backoff restartBackoff) {
    }

    private final Settings settings;
    private final Supplier<DockerEngine> engineSource;
    private final EngineThreads threads = new EngineThreads();
    private volatile DockerEngine engine;
    private volatile DockerEngine.NodeInfo node;
    private final ImagePulls images;
    private final AtomicBoolean swept = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<DockerPod> open = ConcurrentHashMap.newKeySet();
    private final Set<AttachedPod> attachedPods = ConcurrentHashMap.newKeySet();
    private final Set<LibraryNetwork> networks = ConcurrentHashMap.newKeySet();
    private final Contracts contracts = new Contracts();
    private volatile EngineEvents events;

    private DockerPodRuntime(Settings settings, EngineSource source) {
        this.settings = settings;
        this.images = new ImagePulls(settings.infraImage(), settings.pullTimeout(), threads.pool());
        this.engineSource = () -> source.connect(threads);
    }

    /** A runtime with the defaults, on the engine Testcontainers finds. */
    public static DockerPodRuntime create() {
        return builder().build();
    }

    /** A builder to change the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether a Docker engine answers, found the way Testcontainers finds it. The answer is remembered for the life
     * of the JVM, as Testcontainers remembers it.
     */
    public static boolean isDockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** The infrastructure image this runtime uses. */
    public String infraImage() {
        return settings.infraImage();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Before anything is created it checks what the engine would refuse (the least memory, the CPUs it has, host
     * paths when the engine runs here, Kubernetes fields Docker cannot honour), that every image is present as its
     * container's {@code imagePullPolicy} says (pulling within the pull timeout), that no container with
     * {@code runAsNonRoot} would run as root, and each container against its image's contract, if the image declares
     * one.
     */
    @Override
    public Pod start(PodSpec spec) {
        return start(spec, List.of());
    }

    /**
     * Starts the pod as {@link #start(PodSpec)} does, on {@code networks} instead of Docker's default bridge: its
     * infrastructure container joins each (the first when it is created, the others before any container of the pod
     * starts), known on each by that network's aliases, so that containers there reach the pod by alias and the
     * pod's containers reach theirs. Ports are still published on the host. The pod's address, which probes reach
     * and {@code status.podIP} gives, is its address on the first network. With no network, it is
     * {@link #start(PodSpec)}.
     *
     * @throws PodStartException naming every network that does not exist or cannot hold a pod, before anything is
     *     created
     */
    public Pod start(PodSpec spec, List<PodNetwork> networks) {
        Objects.requireNonNull(spec, "spec must not be null");
        List<PodNetwork> joined = Args.elements(networks, "networks");
        DockerEngine docker = checkedEngine(spec);
        PodNetworks resolved = PodNetworks.resolve(docker, spec.name(), joined);
        PodFacts facts = checkedFacts(docker, spec);
        contracts.check(docker, spec, facts);
        PodStarter.StartedPod started = new PodStarter(docker, events, settings, spec, facts,
                PodStarter.Placement.infra(resolved)).start();
        return opened(docker, spec, started);
    }

    /**
     * Prepares {@code spec}'s sidecars and init containers for a container that exists or is about to, and is not the
     * library's: checks the spec as {@link #start(PodSpec)} does, and creates and fills the pod's volumes, which
     * {@link AttachedPod#volumeName(String)} names for mounting into the container before it starts. The spec's main
     * container stands for that container: give it the container's name (its image and the rest are not used, and
     * nothing of it is created); the spec has one main container. {@link AttachedPod#start(String)} runs the rest.
     *
     * @throws PodStartException as {@link #start(PodSpec)} does, and for a volume that keeps its content in memory
     *     ({@code emptyDirInMemory}, {@code secret}, {@code downwardAPI}, {@code projected}), which only a running
     *     infrastructure container could hold for the sidecars
     * @throws IllegalArgumentException when the spec has more than one main container
     */
    public AttachedPod attach(PodSpec spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        if (spec.mainContainers().size() != 1) {
            throw new IllegalArgumentException("pod '" + spec.name() + "' has " + spec.mainContainers().size()
                    + " main containers; attached sidecars have one, which stands for the container they join");
        }
        List<String> inMemory = spec.volumes().stream().filter(VolumeContent::inMemory)
                .map(v -> v.name() + " (" + v.kind() + ")").toList();
        if (!inMemory.isEmpty()) {
            throw new PodStartException("pod '" + spec.name() + "' cannot be attached to a container: its volumes "
                    + inMemory + " keep their content in memory, which only a pod's own infrastructure container can "
                    + "hold; use an emptyDir on disk, or start a pod of its own", null);
        }
        // Nothing of main is created: its image stands in as the infrastructure image, which is there anyway.
        PodSpec attached = spec.toBuilder().main(ContainerSpec.builder(spec.main().name(), settings.infraImage())
                .build()).build();
        DockerEngine docker = checkedEngine(attached);
        PodFacts checked = checkedFacts(docker, attached);
        contracts.check(docker, attached, checked);
        String instanceId = Naming.newInstanceId();
        PodResources volumes = new PodResources(docker);
        PodFacts facts = AttachedPod.prepareVolumes(docker, attached, instanceId, checked, volumes,
                settings.infraImage());
        AttachedPod pod = new AttachedPod(docker, events, settings, attached, facts, instanceId, volumes,
                started -> opened(docker, attached, started), attachedPods::remove);
        attachedPods.add(pod);
        if (closed.get()) {
            pod.closeNow();
            throw new IllegalStateException("this DockerPodRuntime was closed while pod '" + spec.name()
                    + "' was attached; its volumes were removed again");
        }
        return pod;
    }

    /**
     * Connects a running pod of this runtime to {@code network}, known there by its aliases, as if it had joined it
     * at its start (its own address stays the one it had). A pod started on Docker's default bridge can resolve the
     * network's aliases from then on.
     *
     * @throws IllegalArgumentException when {@code pod} is not an open pod of this runtime
     * @throws PodStartException when the network does not exist
     */
    public void connect(Pod pod, PodNetwork network) {
        DockerPod p = openPod(pod);
        Objects.requireNonNull(network, "network must not be null");
        DockerEngine docker = engine();
        PodNetworks.Joined n = PodNetworks.resolve(docker, p.name(), List.of(network)).first();
        docker.connect(n.id(), p.infraId(), n.aliases());
    }

    /**
     * Disconnects a pod of this runtime from {@code network}, which takes its aliases there away; a pod that is not
     * on it, or is closed, is left as it is.
     */
    public void disconnect(Pod pod, PodNetwork network) {
        Objects.requireNonNull(pod, "pod must not be null");
        Objects.requireNonNull(network, "network must not be null");
        if (!(pod instanceof DockerPod p)) {
            throw new IllegalArgumentException("pod " + pod + " was not started by a DockerPodRuntime");
        }
        DockerEngine docker = engine();
        DockerEngine.NetworkInfo info = docker.network(network.reference());
        if (info != null) {
            docker.disconnect(info.id(), p.infraId());
        }
    }

    /**
     * Creates a Docker network (a bridge, named {@code name} and a random suffix) that carries the library's labels,
     * for pods ({@link PodNetwork#of}) and Testcontainers containers ({@code withNetwork}) to meet on. Closing it
     * removes it, which Docker allows once nothing is attached to it; the runtime's {@link #close()} removes those
     * still there after closing its pods, and the sweep removes those of JVMs that are gone.
     *
     * @param name a DNS-1123 label saying what the network is for, such as the test class
     * @throws IllegalArgumentException when {@code name} is not a DNS-1123 label of at most 40 characters
     */
    public Network newNetwork(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.length() > 40 || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("network name '" + name + "' is not a DNS-1123 label of at most 40 "
                    + "characters (lower-case letters, digits and '-')");
        }
        ensureOpen();
        DockerEngine docker = engine();
        sweepOnce(docker);
        String dockerName = Naming.network(name);
        LibraryNetwork network = new LibraryNetwork(docker, docker.createNetwork(dockerName,
                Labels.forNetwork(name)), dockerName, networks::remove);
        networks.add(network);
        LOG.debug("created network {}", dockerName);
        return network;
    }

    private DockerPod openPod(Pod pod) {
        Objects.requireNonNull(pod, "pod must not be null");
        if (!(pod instanceof DockerPod p) || !open.contains(p)) {
            throw new IllegalArgumentException("pod " + pod + " is not an open pod of this runtime");
        }
        return p;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this DockerPodRuntime is closed: it starts no pods");
        }
    }

    /** The engine, once what the engine would refuse of {@code spec} has been checked; starts the first sweep. */
    private DockerEngine checkedEngine(PodSpec spec) {
        ensureOpen();
        DockerEngine docker = engine();
        Preflight.check(spec, () -> node(docker), docker.isLocal());
        sweepOnce(docker);
        return docker;
    }

    /** Makes sure the images are there and no runAsNonRoot container would run as root; what the start needs. */
    private PodFacts checkedFacts(DockerEngine docker, PodSpec spec) {
        images.ensure(docker, spec);
        Map<String, String> imageUsers = Preflight.checkUsers(spec, image -> docker.imageConfig(image).user());
        return PodFacts.newPod(node(docker), imageUsers);
    }

    private void sweepOnce(DockerEngine docker) {
        if (swept.compareAndSet(false, true)) {
            // Sweeping touches only objects of dead owners, so it need not hold up this pod.
            Thread sweeper = new Thread(() -> sweep(docker), "sidecar-sweeper");
            sweeper.setDaemon(true);
            sweeper.start();
        }
    }

    private DockerPod opened(DockerEngine docker, PodSpec spec, PodStarter.StartedPod started) {
        DockerPod pod = new DockerPod(docker, spec, started, open::remove);
        open.add(pod);
        pod.closeOnJvmShutdown();
        if (closed.get()) {
            pod.close();
            throw new IllegalStateException("this DockerPodRuntime was closed while pod '" + spec.name()
                    + "' started; the pod was closed again");
        }
        return pod;
    }

    /** Closes every pod still open (at once), then stops the runtime's threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<RuntimeException> failures = PodClosers.closeAtOnce(open);
        // Attached sidecars were closed with the pods above; their volumes and the networks go once nothing uses them.
        for (AttachedPod pod : List.copyOf(attachedPods)) {
            try {
                pod.closeNow();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        for (LibraryNetwork network : List.copyOf(networks)) {
            try {
                network.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (events != null) {
            events.close();
        }
        threads.shutdown();
        if (!failures.isEmpty()) {
            SidecarException e = new SidecarException("closing the runtime's open pods left " + failures.size()
                    + " problem(s); first: " + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    /**
     * What pods of JVMs that are gone left on this runtime's engine (objects carrying the library's labels whose owner
     * ran on this host and is no longer alive): found and, unless {@code dryRun}, removed, as the runtime's own sweep
     * at its first start does. Objects without the labels, of live JVMs and of other hosts are never touched.
     *
     * @throws DockerUnavailableException when no engine answers
     */
    public Swept sweep(boolean dryRun) {
        if (closed.get()) {
            throw new IllegalStateException("this DockerPodRuntime is closed");
        }
        Sweeper.Result r = new Sweeper(engine()).sweep(dryRun);
        return new Swept(r.containerNames(), r.volumeNames(), r.networkNames(), !dryRun);
    }

    /**
     * What {@link #sweep(boolean)} found.
     *
     * @param containers the names of the containers found
     * @param volumes the names of the volumes found
     * @param networks the names of the networks found
     * @param removed whether they were removed (false for a dry run)
     */
    public record Swept(List<String> containers, List<String> volumes, List<String> networks, boolean removed) {
        /** Copies the lists. */
        public Swept {
            containers = List.copyOf(containers);
            volumes = List.copyOf(volumes);
            networks = List.copyOf(networks);
        }
    }

    /** Removes what pods of dead JVMs on this host left; a failure is logged, never fatal to the start. */
    private static void sweep(DockerEngine docker) {
        try {
            Sweeper.Result r = new Sweeper(docker).sweep();
            if (r.containers() + r.volumes() + r.networks() > 0) {
                LOG.info("removed {} container(s), {} volume(s) and {} network(s) left by pods of JVMs that are gone",
                        r.containers(), r.volumes(), r.networks());
            }
        } catch (RuntimeException e) {
            LOG.warn("sweeping objects left by dead JVMs failed: {}", e.getMessage());
        }
    }

    /** The engine's host as a node, asked of the engine once. */
    private DockerEngine.NodeInfo node(DockerEngine docker) {
        DockerEngine.NodeInfo n = node;
        if (n == null) {
            n = docker.nodeInfo();
            node = n;
        }
        return n;
    }

    private DockerEngine engine() {
        DockerEngine e = engine;
        if (e == null) {
            synchronized (this) {
                if (engine == null) {
                    DockerEngine connected = engineSource.get();
                    events = new EngineEvents(connected, Labels.SESSION + "=" + Labels.SESSION_ID);
                    engine = connected;
                }
                e = engine;
            }
        }
        return e;
    }

    @Override
    public String toString() {
        return "DockerPodRuntime{infraImage=" + settings.infraImage() + (closed.get() ? ", closed" : "") + "}";
    }

    /** How a runtime reaches its engine, asked when the first pod starts. */
    private interface EngineSource {
        DockerEngine connect(EngineThreads threads);
    }

    /** Builds a {@link DockerPodRuntime}. */
    public static final class Builder {
        private String infraImage = configuredInfraImage();
        private List<String> infraCommand = List.of();
        private Duration pullTimeout = DEFAULT_PULL_TIMEOUT;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Duration restartBackoff = configuredRestartBackoff();
        private Duration maxRestartBackoff = DEFAULT_MAX_RESTART_BACKOFF;
        private EngineSource source = Builder::testcontainersEngine;

        private Builder() {
        }

        /**
         * The image of each pod's infrastructure container and, optionally, the command that keeps it running
         * (for example {@code infraImage("busybox:1.36", "sleep", "2147483647")}). It must run until stopped.
         */
        public Builder infraImage(String image, String... command) {
            Objects.requireNonNull(image, "image must not be null");
            try {
                // The one rule for image references is the spec's.
                ContainerSpec.builder("infra", image).build();
            } catch (InvalidSpecException e) {
                throw new IllegalArgumentException("infraImage '" + image + "' is not a valid image reference (for "
                        + "example 'registry.k8s.io/pause:3.10')", e);
            }
            this.infraCommand = Args.elements(command, "command");
            this.infraImage = image;
            return this;
        }

        /** How long pulling a missing image may take (default {@link #DEFAULT_PULL_TIMEOUT}). */
        public Builder pullTimeout(Duration timeout) {
            this.pullTimeout = Args.positive(timeout, "pullTimeout");
            return this;
        }

        /**
         * How long a pod may take from its first object to every container ready, init containers included (default
         * {@link #DEFAULT_STARTUP_TIMEOUT}). Past it the start fails naming the container that was not ready.
         */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Args.positive(timeout, "startupTimeout");
            return this;
        }

        /**
         * How long a container's restarts wait (Kubernetes' back-off): {@code first} before the first restart,
         * doubling for each further one up to {@code max}; a run of 10 minutes resets it. Defaults
         * {@link #DEFAULT_RESTART_BACKOFF} (or the system property {@value #RESTART_BACKOFF_PROPERTY}) and
         * {@link #DEFAULT_MAX_RESTART_BACKOFF}; shorten them for tests that watch restarts.
         */
        public Builder restartBackoff(Duration first, Duration max) {
            Args.positive(first, "first");
            Args.positive(max, "max");
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("max " + max + " is shorter than first " + first);
            }
            this.restartBackoff = first;
            this.maxRestartBackoff = max;
            return this;
        }

        /**
         * Runs pods through {@code client} instead of the engine Testcontainers finds. Published ports are reached on
         * {@code localhost}, so the engine must run on this machine; for another, use {@link #transportConfig}.
         * The client stays the caller's: the runtime does not close it.
         */
        public Builder dockerClient(DockerClient client) {
            Objects.requireNonNull(client, "client must not be null");
            this.source = threads -> connected(client, "localhost", threads);
            return this;
        }

        /**
         * Runs pods on the engine that {@code config} describes (its address and TLS settings), with a client made as
         * Testcontainers makes its own; published ports are reached on the engine's host.
         */
        public Builder transportConfig(TransportConfig config) {
            Objects.requireNonNull(config, "config must not be null");
            this.source = threads -> {
                DockerClient client = DockerClientProviderStrategy.getClientForConfig(config);
                String host = "unix".equals(config.getDockerHost().getScheme()) ? "localhost"
                        : config.getDockerHost().getHost();
                return connected(client, host, threads);
            };
            return this;
        }

        /** The runtime. Nothing talks to the engine until the first pod starts. */
        public DockerPodRuntime build() {
            return new DockerPodRuntime(new Settings(infraImage, infraCommand, pullTimeout, startupTimeout,
                    new PodSupervisor.Backoff(restartBackoff, maxRestartBackoff.compareTo(restartBackoff) < 0
                            ? restartBackoff : maxRestartBackoff)), source);
        }

        private static DockerEngine testcontainersEngine(EngineThreads threads) {
            DockerClientFactory factory = DockerClientFactory.instance();
            if (!factory.isDockerAvailable()) {
                throw new DockerUnavailableException("no Docker engine answers: start one (docker info must answer), "
                        + "or set DOCKER_HOST; on Debian as root, scripts/docker-env.sh installs and starts one", null);
            }
            // Testcontainers answers the bridge gateway when it finds /.dockerenv, assuming a sibling container; an
            // engine behind a unix socket whose host name is ours runs right here, and loopback reaches its ports.
            boolean unixSocket = "unix".equals(factory.getTransportConfig().getDockerHost().getScheme());
            boolean local = unixSocket && Labels.OWNER_HOST_VALUE.equals(factory.getInfo().getName());
            return new DockerEngine(factory.client(), local ? "localhost" : factory.dockerHostIpAddress(), local,
                    DockerEngine.CALL_BOUND, threads);
        }

        /** An engine reached through a given client: local when the engine's host name is this machine's. */
        private static DockerEngine connected(DockerClient client, String host, EngineThreads threads) {
            String engineHost = EngineThreads.join(threads.submit(() -> {
                try {
                    return client.infoCmd().exec().getName();
                } catch (RuntimeException e) {
                    throw new DockerUnavailableException("the given Docker engine does not answer: " + e.getMessage(),
                            e);
                }
            }, DockerEngine.CALL_BOUND, () -> new DockerUnavailableException("the given Docker engine did not answer "
                    + "within " + DockerEngine.CALL_BOUND, null)));
            boolean local = Labels.OWNER_HOST_VALUE.equals(engineHost)
                    && ("localhost".equals(host) || "127.0.0.1".equals(host));
            return new DockerEngine(client, host, local, DockerEngine.CALL_BOUND, threads);
        }

        private static Duration configuredRestartBackoff() {
            String value = System.getProperty(RESTART_BACKOFF_PROPERTY);
            if (value == null || value.isBlank()) {
                return DEFAULT_RESTART_BACKOFF;
            }
            try {
                return Args.positive(Duration.parse(value.strip()), RESTART_BACKOFF_PROPERTY);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("system property " + RESTART_BACKOFF_PROPERTY + "='" + value
                        + "' is not an ISO-8601 duration such as PT0.5S", e);
            }
        }

        private static String configuredInfraImage() {
            String image = System.getProperty(INFRA_IMAGE_PROPERTY);
            if (image == null || image.isBlank()) {
                image = System.getenv("SIDECAR_INFRA_IMAGE");
            }
            return image == null || image.isBlank() ? DEFAULT_INFRA_IMAGE : image.strip();
        }
    }
}
