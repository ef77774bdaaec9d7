package dev.sidecar.testcontainers;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.SELContext;
import com.github.dockerjava.api.model.Volume;
import dev.sidecar.ContainerPort;
import dev.sidecar.ContainerSpec;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.VolumeSpec;
import dev.sidecar.docker.AttachedPod;
import dev.sidecar.docker.DockerPodRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.utility.DockerImageName;

/**
 * Sidecars and init containers for a Testcontainers container the user already has (a {@code GenericContainer} or a
 * module's, such as a database): they join its network namespace (and, with
 * {@link #withShareProcessNamespace(boolean)}, its PID namespace), share volumes with it, and have their ports
 * published by it, so that it plays a pod's main container. A TLS proxy in front of a database, a metrics exporter
 * beside it:
 *
 * <pre>{@code
 * GenericContainer<?> db = new PostgreSQLContainer<>(DockerImageName.parse("my/postgres:16")
 *         .asCompatibleSubstituteFor("postgres"));
 *
 * @Container
 * static AttachedSidecars sidecars = AttachedSidecars.to(db)
 *         .withVolume(VolumeSpec.emptyDir("run"), "/var/run/postgresql")   // its socket, shared
 *         .withSidecar(ContainerSpec.builder("exporter", "my/exporter:1").port(9187).mount("run", "/run/pg")
 *                 .readyWhen(Probe.http(9187, "/metrics")).build());
 *
 * // sidecars.getContainer("exporter").getMappedPort(9187)
 * }</pre>
 *
 * <p>{@link #start()} starts the container if it does not run, after giving it what must be there before it starts
 * (the shared volumes, mounted through a create-command modifier; the sidecars' ports, published, since a container
 * joined to its network namespace cannot publish them); then it runs the init containers and sidecars in their order,
 * each ready before the next, as a pod starts them. A container that runs already can take sidecars whose ports it
 * publishes and no shared volume: anything else is refused, naming what it lacks. Let {@code AttachedSidecars} start
 * the container (declare only it as {@code @Container}).
 *
 * <p>{@link #stop()} stops the sidecars, the last started first, then the container, if this object started it. When
 * the container is stopped or removed by Testcontainers (or dies), the sidecars are removed; when it starts again in
 * place (a Docker restart), they start again in its new namespaces; once it is removed, the shared volumes are. The
 * sidecars and volumes carry the library's labels and are swept like a pod's.
 */
public final class AttachedSidecars implements Startable {

    private final GenericContainer<?> target;
    private final PodSpec.Builder pod;
    private final Map<String, String> targetMounts = new LinkedHashMap<>();
    private final Set<String> containerNames = new java.util.HashSet<>();
    private DockerPodRuntime runtime;
    private boolean modifierAdded;
    /** What the modifier adds while this object starts the container, and only then. */
    private volatile Map<String, String> pendingBinds;
    private volatile List<Integer> pendingPorts;
    private AttachedPod attached;
    private String attachedTo;
    private boolean startedTarget;

    private AttachedSidecars(GenericContainer<?> target) {
        this.target = target;
        this.pod = PodSpec.builder(podName(target));
    }

    /** Sidecars for {@code target}, none yet. */
    public static AttachedSidecars to(GenericContainer<?> target) {
        return new AttachedSidecars(Objects.requireNonNull(target, "target must not be null"));
    }

    /** A sidecar, started after the entries given before it, ready before those after it (a native sidecar). */
    public synchronized AttachedSidecars withSidecar(ContainerSpec sidecar) {
        ensureNotStarted();
        pod.sidecar(Objects.requireNonNull(sidecar, "sidecar must not be null"));
        containerNames.add(sidecar.name());
        return this;
    }

    /** An init container, run to completion after the entries given before it and before those after it. */
    public synchronized AttachedSidecars withInitContainer(ContainerSpec init) {
        ensureNotStarted();
        pod.initContainer(Objects.requireNonNull(init, "init must not be null"));
        containerNames.add(init.name());
        return this;
    }

    /**
     * A volume the sidecars and init containers mount ({@code emptyDir} on disk, possibly with files, or
     * {@code hostPath}); one that keeps its content in memory is refused at {@link #start()}, since only a pod's own
     * infrastructure container could hold it.
     */
    public synchronized AttachedSidecars withVolume(VolumeSpec volume) {
        ensureNotStarted();
        pod.volume(Objects.requireNonNull(volume, "volume must not be null"));
        return this;
    }

    /**
     * A volume shared with the container too, mounted into it at {@code mountPathInTarget} before it starts (as a
     * Kubernetes main container mounts a pod volume). Needs a container that does not run yet.
     */
    public synchronized AttachedSidecars withVolume(VolumeSpec volume, String mountPathInTarget) {
        Objects.requireNonNull(mountPathInTarget, "mountPathInTarget must not be null");
        if (!mountPathInTarget.startsWith("/")) {
            throw new IllegalArgumentException("mountPathInTarget '" + mountPathInTarget + "' is not an absolute path");
        }
        withVolume(volume);
        targetMounts.put(volume.name(), mountPathInTarget);
        return this;
    }

    /**
     * Whether the sidecars join the container's PID namespace ({@code shareProcessNamespace}): they see its
     * processes and may signal them. When the container's first process ends, the kernel ends theirs too.
     */
    public synchronized AttachedSidecars withShareProcessNamespace(boolean share) {
        ensureNotStarted();
        pod.shareProcessNamespace(share);
        return this;
    }

    /**
     * How long stopping the sidecars may take in all before what remains is killed (default 30 s; zero kills them at
     * once): {@code terminationGracePeriodSeconds}.
     */
    public synchronized AttachedSidecars withTerminationGracePeriod(Duration gracePeriod) {
        ensureNotStarted();
        pod.terminationGracePeriod(Objects.requireNonNull(gracePeriod, "gracePeriod must not be null"));
        return this;
    }

    /** Runs the sidecars on {@code runtime} instead of the one runtime this package shares. */
    public synchronized AttachedSidecars withRuntime(DockerPodRuntime runtime) {
        ensureNotStarted();
        this.runtime = Objects.requireNonNull(runtime, "runtime must not be null");
        return this;
    }

    /** The container the sidecars are attached to. */
    public GenericContainer<?> getTarget() {
        return target;
    }

    /**
     * Starts the container if it does not run (with the shared volumes and the sidecars' ports), then the init
     * sequence in its namespaces; returns once every sidecar is ready. Does nothing when the sidecars run already
     * beside the container.
     *
     * @throws IllegalStateException when the container runs already and lacks a shared volume or a sidecar's port
     * @throws dev.sidecar.PodStartException when an init container fails or a sidecar does not become ready; what
     *     was created is removed, and the container is stopped if this object started it
     */
    @Override
    public synchronized void start() {
        if (attached != null && attached.pod().isPresent() && Objects.equals(attachedTo, target.getContainerId())) {
            return;
        }
        closeAttached();
        PodSpec spec = spec();
        List<Integer> ports = sidecarPorts(spec);
        boolean running = target.getContainerId() != null && target.isRunning();
        if (running) {
            refuseWhatNeedsANewContainer(ports);
        }
        AttachedPod prepared = runtime().attach(spec);
        try {
            if (!running) {
                Map<String, String> binds = new LinkedHashMap<>();
                targetMounts.forEach((volume, path) -> binds.put(prepared.volumeName(volume), path));
                startedTarget = true;
                startTarget(binds, ports);
            }
            prepared.start(target.getContainerId());
        } catch (RuntimeException e) {
            prepared.stopSidecars();
            if (startedTarget) {
                // Also after a failed start of the container: what Testcontainers created of it goes.
                stopTarget(e);
            }
            try {
                prepared.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        attached = prepared;
        attachedTo = target.getContainerId();
    }

    /**
     * Stops the sidecars (the last started first, within their grace period) and removes them, then stops the
     * container if this object started it, then removes the shared volumes (at once when the container is gone, else
     * when it is removed). Idempotent.
     */
    @Override
    public synchronized void stop() {
        AttachedPod stopping = attached;
        attached = null;
        attachedTo = null;
        if (stopping != null) {
            stopping.stopSidecars();
        }
        if (startedTarget) {
            startedTarget = false;
            target.stop();
        }
        if (stopping != null) {
            stopping.close();
        }
    }

    /**
     * The running sidecar {@code name}.
     *
     * @throws java.util.NoSuchElementException when no sidecar of that name runs
     */
    public synchronized PodContainer getSidecar(String name) {
        if (attached == null) {
            throw new java.util.NoSuchElementException("the sidecars of " + describe() + " do not run: start() them "
                    + "first");
        }
        return attached.container(name);
    }

    /** The running sidecar {@code name} as Testcontainers sees a container: host, mapped ports, exec, logs. */
    public synchronized ContainerState getContainer(String name) {
        PodContainer sidecar = getSidecar(name);
        return new PodContainerState(attached.pod().orElseThrow(), sidecar);
    }

    /** The pod: the sidecars, init containers and volumes, and a main container that stands for the target. */
    private PodSpec spec() {
        String main = containerNames.contains("target") ? "attached-target" : "target";
        return pod.main(ContainerSpec.builder(main, "scratch").build()).build();
    }

    private void startTarget(Map<String, String> binds, List<Integer> ports) {
        if (!modifierAdded) {
            target.withCreateContainerCmdModifier(this::addBindsAndPorts);
            modifierAdded = true;
        }
        pendingBinds = binds;
        pendingPorts = ports;
        try {
            target.start();
        } finally {
            pendingBinds = null;
            pendingPorts = null;
        }
    }

    /**
     * Gives the container being created the shared volumes and the sidecars' ports, published on random host ports.
     * The ports are not Testcontainers' exposed ports: its wait strategy would wait for them, and nothing listens on
     * them before the sidecars start.
     */
    private void addBindsAndPorts(CreateContainerCmd cmd) {
        Map<String, String> binds = pendingBinds;
        List<Integer> ports = pendingPorts;
        if (binds == null || ports == null) {
            return;
        }
        var host = cmd.getHostConfig();
        List<Bind> all = new ArrayList<>(host.getBinds() == null ? List.of() : Arrays.asList(host.getBinds()));
        binds.forEach((source, path) -> all.add(source.startsWith("/")
                ? new Bind(source, new Volume(path), AccessMode.rw)
                // nocopy: a pod volume starts empty, where Docker would copy the image's files at the path into it.
                : new Bind(source, new Volume(path), AccessMode.rw, SELContext.DEFAULT, Boolean.TRUE)));
        host.withBinds(all);
        List<ExposedPort> exposed = new ArrayList<>(cmd.getExposedPorts() == null ? List.of()
                : Arrays.asList(cmd.getExposedPorts()));
        Ports bindings = host.getPortBindings() == null ? new Ports() : host.getPortBindings();
        for (int port : ports) {
            ExposedPort e = ExposedPort.tcp(port);
            if (!exposed.contains(e)) {
                exposed.add(e);
            }
            if (!bindings.getBindings().containsKey(e)) {
                bindings.bind(e, Ports.Binding.empty());
            }
        }
        cmd.withExposedPorts(exposed);
        host.withPortBindings(bindings);
    }

    /** A running container cannot get volumes or published ports: say which, and how to do without. */
    private void refuseWhatNeedsANewContainer(List<Integer> ports) {
        List<String> problems = new ArrayList<>();
        if (!targetMounts.isEmpty()) {
            problems.add("the volumes " + targetMounts.keySet() + " cannot be mounted into it");
        }
        InspectContainerResponse info = target.getCurrentContainerInfo();
        Set<Integer> published = new TreeSet<>();
        info.getNetworkSettings().getPorts().getBindings().forEach((port, bound) -> {
            if (bound != null && bound.length > 0) {
                published.add(port.getPort());
            }
        });
        List<Integer> missing = ports.stream().filter(p -> !published.contains(p)).toList();
        if (!missing.isEmpty()) {
            problems.add("it does not publish the sidecars' ports " + missing + " (it publishes " + published + ")");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(describe() + " runs already, so " + String.join(", and ", problems)
                    + ": let AttachedSidecars start it (declare only the AttachedSidecars as @Container), or give it "
                    + "those ports with addExposedPort before it starts");
        }
    }

    private static List<Integer> sidecarPorts(PodSpec spec) {
        List<Integer> ports = new ArrayList<>();
        spec.sidecars().forEach(c -> c.containerPorts().stream()
                .filter(p -> p.protocol() == ContainerPort.Protocol.TCP)
                .forEach(p -> ports.add(p.containerPort())));
        return ports;
    }

    private void stopTarget(RuntimeException failure) {
        startedTarget = false;
        try {
            target.stop();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void closeAttached() {
        if (attached != null) {
            attached.close();
            attached = null;
            attachedTo = null;
        }
    }

    private DockerPodRuntime runtime() {
        return runtime != null ? runtime : SharedRuntime.get();
    }

    private void ensureNotStarted() {
        if (attached != null) {
            throw new IllegalStateException("the sidecars of " + describe() + " run already: configure them before "
                    + "start()");
        }
    }

    private String describe() {
        return "container " + target.getDockerImageName()
                + (target.getContainerId() == null ? "" : " (" + target.getContainerId().substring(0, 12) + ")");
    }

    /**
     * The pod's name, and its main container's: the last part of the container's image repository as a DNS-1123
     * label ({@code my/postgres:16} gives {@code postgres}).
     */
    static String podName(GenericContainer<?> target) {
        String repository;
        try {
            repository = DockerImageName.parse(target.getDockerImageName()).getRepository();
        } catch (RuntimeException e) {
            repository = "";
        }
        String last = repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (last.length() > 40) {
            last = last.substring(0, 40).replaceAll("-+$", "");
        }
        return last.isEmpty() ? "target" : last;
    }

    @Override
    public synchronized String toString() {
        return "AttachedSidecars{" + describe() + (attached == null ? ", not running" : ", running") + "}";
    }
}
