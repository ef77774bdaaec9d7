package dev.sidecar.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.Endpoint;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.ProbeTimeoutException;
import dev.sidecar.RuntimeUnavailableException;
import dev.sidecar.SidecarException;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one pod up: volumes, the infrastructure container, the volumes' content, init containers in order, sidecars
 * (in order or at once), then main, each ready before what depends on it starts. On any failure it removes
 * everything it created before the exception leaves. It hands the running pod one {@link StartedPod} of what it
 * created.
 */
final class PodStarter {

    /**
     * Where a pod's containers go: into the namespaces of an infrastructure container that the start creates on
     * {@code networks}, or into those of a container that exists ({@code ownerId}) and is not the library's, whose
     * pod volumes were created and filled beforehand ({@link AttachedPod}). The spec's main containers stand for that
     * container: nothing of them is created, started or stopped.
     *
     * @param networks the networks the infrastructure container joins
     * @param ownerId the container that owns the namespaces, or {@code null} to create an infrastructure container
     * @param instanceId the pod instance's id, which names its objects
     */
    record Placement(PodNetworks networks, String ownerId, String instanceId) {

        /** A pod of its own, on {@code networks}. */
        static Placement infra(PodNetworks networks) {
            return new Placement(networks, null, Naming.newInstanceId());
        }

        /** Containers joined to the existing container {@code ownerId}, their volumes those of {@code instanceId}. */
        static Placement joining(String ownerId, String instanceId) {
            return new Placement(PodNetworks.DEFAULT_BRIDGE, ownerId, instanceId);
        }

        boolean createsInfra() {
            return ownerId == null;
        }
    }

    private final DockerEngine engine;
    private final DockerPodRuntime.Settings settings;
    private final PodSpec spec;
    private final PodFacts facts;
    private final Placement placement;
    private final String instanceId;
    private final PodResources resources;
    private final PodVolumes volumes;
    private final Logger log;
    private final Map<String, Long> timings = Collections.synchronizedMap(new LinkedHashMap<>());
    private final EngineEvents events;
    private final PodLifecycle lifecycle;
    private PodSupervisor supervisor;

    PodStarter(DockerEngine engine, EngineEvents events, DockerPodRuntime.Settings settings, PodSpec spec,
            PodFacts facts) {
        this(engine, events, settings, spec, facts, Placement.infra(PodNetworks.DEFAULT_BRIDGE));
    }

    /**
     * @param facts what the translation needs; when joining an existing container, with the host directories of the
     *     volumes created beforehand
     */
    PodStarter(DockerEngine engine, EngineEvents events, DockerPodRuntime.Settings settings, PodSpec spec,
            PodFacts facts, Placement placement) {
        this.placement = placement;
        this.instanceId = placement.instanceId();
        this.engine = engine;
        this.events = events;
        this.lifecycle = new PodLifecycle(spec.name(), instanceId);
        this.settings = settings;
        this.spec = spec;
        this.facts = facts;
        this.resources = new PodResources(engine);
        this.volumes = new PodVolumes(engine, spec, instanceId, resources);
        this.log = LoggerFactory.getLogger("dev.sidecar.pod." + spec.name());
    }

    /** What a start created and found out, handed to the running pod in one piece. */
    record StartedPod(String instanceId, String infraId, Map<Integer, Endpoint> endpoints, List<Member> members,
            PodSupervisor supervisor, PodLifecycle lifecycle, PodResources resources, LogForwarding forwarding) {
    }

    StartedPod start() {
        long t0 = System.nanoTime();
        long deadline = t0 + settings.startupTimeout().toNanos();
        Map<String, String> podLabels = Labels.forPod(spec.name(), instanceId);
        List<CompletableFuture<String>> creations = new ArrayList<>();
        // The wiring once infra runs and the pod's addresses are known (status.podIP), for containers that need them.
        CompletableFuture<Wiring> addressed = new CompletableFuture<>();
        try {
            PodFacts known;
            Wiring wiring;
            String infraId;
            if (placement.createsInfra()) {
                prepareHostPaths(engine, spec, resources);
                known = volumes.create(podLabels, facts);
                wiring = new Wiring(spec, instanceId, podLabels, engine.isLocal() ? "127.0.0.1" : "", known);
                infraId = engine.createContainer(wiring.infra(settings.infraImage(), settings.infraCommand(),
                        placement.networks()));
                resources.container(infraId);
                // Every network before infra starts: the pod's containers find them all from their first start.
                for (PodNetworks.Joined n : placement.networks().others()) {
                    engine.connect(n.id(), infraId, n.aliases());
                }
            } else {
                known = facts;
                wiring = new Wiring(spec, instanceId, podLabels, engine.isLocal() ? "127.0.0.1" : "", known);
                infraId = placement.ownerId();
            }
            String owner = infraId;
            Wiring created = wiring;
            // Docker accepts container:<infra> modes once infra exists, so the pod's containers are created while
            // infra starts; they join its namespaces when they start.
            List<ContainerSpec> createdHere = createdContainers();
            for (ContainerSpec c : createdHere) {
                creations.add(created.needsAddresses(c) ? addressed.thenCompose(w -> create(w.member(c, owner), c))
                        : create(created.member(c, owner), c));
            }
            if (placement.createsInfra()) {
                engine.start(infraId);
            }
            // Only probes and the started pod need infra's address and published ports: inspect it meanwhile.
            CompletableFuture<InspectContainerResponse> inspection = engine.inspectAsync(infraId);
            if (placement.createsInfra()) {
                volumes.populate(infraId, known);
            }
            String primary = placement.networks().primaryId();
            Wiring started = spec.allContainers().stream().anyMatch(wiring::needsAddresses)
                    ? wiring.withAddresses(EngineThreads.join(inspection), primary) : wiring;
            addressed.complete(started);
            lap("infra", t0);
            InspectContainerResponse infra = EngineThreads.join(inspection);
            Map<Integer, Endpoint> endpoints = endpoints(infra);
            Prober prober = new Prober(engine, engine.isLocal() ? PodFacts.primaryAddress(infra, primary) : null,
                    endpoints);
            supervisor = new PodSupervisor(engine, events, spec, infraId, prober, settings.restartBackoff(), lifecycle,
                    log);
            List<String> ids = EngineThreads.joinAll(creations);
            Map<String, Member> members = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                ContainerSpec c = createdHere.get(i);
                members.put(c.name(), new Member(c, spec.role(c.name()), spec.restartPolicyOf(c.name()), ids.get(i),
                        new ContainerOutput(engine, ids.get(i), spec)));
            }
            runInitSequence(started, infraId, members, deadline);
            List<PodSupervisor.Watched> mains = new ArrayList<>();
            for (ContainerSpec c : spec.mainContainers()) {
                if (members.containsKey(c.name())) {
                    mains.add(supervisor.watch(members.get(c.name())));
                }
            }
            EngineThreads.joinAll(mains.stream().map(w -> supervisor.start(w)).toList());
            awaitAll(mains, w -> w.everStarted, deadline, "start");
            List<PodSupervisor.Watched> all = createdHere.stream().map(c -> supervisor.watched(c.name())).toList();
            awaitAll(all, w -> w.everReady, deadline, "become ready");
            supervisor.doneStarting();
            // Forwarding begins once the pod is ready, so that it does not compete with the start; its first read
            // takes the output from each container's start.
            List<LogForwarding.Target> forwarded = new ArrayList<>();
            for (Member m : members.values()) {
                Logger containerLog = LoggerFactory.getLogger("dev.sidecar.pod." + spec.name() + "." + m.name());
                if (containerLog.isInfoEnabled()) {
                    forwarded.add(new LogForwarding.Target(m.name(), m.output().cursor(), containerLog));
                }
            }
            LogForwarding forwarding = new LogForwarding(engine.threads(), spec, instanceId, forwarded).start();
            resources.logStream(forwarding);
            log.info("pod {}-{} started in {} ms {}", spec.name(), instanceId, (System.nanoTime() - t0) / 1_000_000,
                    timings);
            return new StartedPod(instanceId, infraId, endpoints, List.copyOf(members.values()), supervisor, lifecycle,
                    resources, forwarding);
        } catch (RuntimeException e) {
            // An interrupt ends the start, but the cleanup must still talk to the engine: it runs uninterrupted and
            // the flag is set again afterwards.
            boolean interrupted = Thread.interrupted();
            // Probes and restarts would go on against containers that are gone.
            if (supervisor != null) {
                supervisor.close();
            }
            addressed.cancel(false);
            try {
                // Containers still being created would escape the cleanup.
                creations.forEach(c -> c.exceptionally(failure -> null).join());
                List<RuntimeException> cleanup = new ArrayList<>();
                resources.removeAll(cleanup);
                cleanup.forEach(e::addSuppressed);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            log.info("pod {}-{} failed to start; removed what it had created: {}", spec.name(), instanceId,
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            if (e instanceof PodStartException || e instanceof RuntimeUnavailableException) {
                throw e;
            }
            if (e instanceof EngineThreads.InterruptedWaitException) {
                throw new PodStartException("pod '" + spec.name() + "' did not start: the starting thread was "
                        + "interrupted; everything created so far was removed", e);
            }
            throw new PodStartException("pod '" + spec.name() + "' failed to start: " + e.getMessage(), e);
        }
    }

    /**
     * The long-running containers this start creates: all of them, or, when joining an existing container that the
     * main containers stand for, the sidecars.
     */
    private List<ContainerSpec> createdContainers() {
        return placement.createsInfra() ? spec.containers() : spec.sidecars();
    }

    /**
     * Creates a container, with its subPath files in it; when Docker refuses (a limit it does not accept, say), the
     * failure names it.
     */
    private CompletableFuture<String> create(ContainerConfig config, ContainerSpec c) {
        return engine.createContainerAsync(config).handle((id, failure) -> {
            if (failure == null) {
                resources.container(id);
                return id;
            }
            RuntimeException e = EngineThreads.unwrapped(failure);
            if (e instanceof RuntimeUnavailableException) {
                throw e;
            }
            throw new PodStartException("container '" + c.name() + "' of pod '" + spec.name()
                    + "' could not be created: " + e.getMessage(), c.name(), List.of(), e);
        }).thenApply(id -> {
            volumes.copySubPaths(id, c, facts);
            return id;
        });
    }

    /**
     * Init containers and sidecars in their order: each init container runs to completion before the next entry
     * starts, each sidecar has started (its startup probe passed) before it; sidecars next to each other start all at
     * once when the pod says {@link SidecarStartOrder#PARALLEL}.
     */
    private void runInitSequence(Wiring wiring, String infraId, Map<String, Member> members, long deadline) {
        List<PodSupervisor.Watched> group = new ArrayList<>();
        for (ContainerSpec c : spec.initSequence()) {
            if (spec.role(c.name()) == ContainerRole.INIT) {
                awaitStarted(group, deadline);
                runInit(wiring, infraId, c, deadline);
                continue;
            }
            long t = System.nanoTime();
            PodSupervisor.Watched w = supervisor.watch(members.get(c.name()));
            EngineThreads.join(supervisor.start(w));
            group.add(w);
            if (spec.sidecarStartOrder() == SidecarStartOrder.ORDERED) {
                awaitStarted(group, deadline);
            }
            lap(c.name(), t);
        }
        awaitStarted(group, deadline);
    }

    private void awaitStarted(List<PodSupervisor.Watched> group, long deadline) {
        awaitAll(group, w -> w.everStarted, deadline, "start");
        group.clear();
    }

    /**
     * Waits until every container's future completes; fails naming the first container that ended for good first,
     * or that had not done {@code what} by the deadline, with its probe and last log lines.
     */
    private void awaitAll(List<PodSupervisor.Watched> containers,
            java.util.function.Function<PodSupervisor.Watched, CompletableFuture<Void>> future, long deadline,
            String what) {
        for (PodSupervisor.Watched w : containers) {
            CompletableFuture<Void> f = future.apply(w);
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                Member m = w.member;
                boolean start = what.equals("start");
                String probe = start ? m.spec().startupProbe().map(p -> "its startup probe " + p).orElse("it")
                        : m.spec().readinessProbe().map(p -> "its readiness probe " + p).orElse("it");
                ProbeLoop loop = start ? w.startupLoop : w.readinessLoop;
                String lastTry = loop == null ? null : loop.lastFailure();
                throw new ProbeTimeoutException("container '" + m.name() + "' did not " + what + " in time: "
                        + probe + " did not pass within the startup timeout " + settings.startupTimeout()
                        + (lastTry == null ? "" : " (its last try: " + lastTry + ")")
                        + (w.lastProblem == null ? "" : "; " + w.lastProblem), m.name(), m.output().lastLines());
            } catch (java.util.concurrent.ExecutionException e) {
                Member m = w.member;
                throw new ProbeTimeoutException(e.getCause().getMessage() + " before it could " + what,
                        m.name(), m.output().lastLines());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineThreads.InterruptedWaitException(e);
            }
        }
    }

    private void runInit(Wiring wiring, String infraId, ContainerSpec init, long deadline) {
        long t = System.nanoTime();
        String id = EngineThreads.join(create(wiring.member(init, infraId), init));
        ContainerOutput output = new ContainerOutput(engine, id, spec);
        try {
            engine.start(id);
        } catch (RuntimeUnavailableException e) {
            throw e;
        } catch (SidecarException e) {
            throw new PodStartException("init container '" + init.name() + "' of pod '" + spec.name()
                    + "' failed to start: " + e.getMessage(), init.name(), output.lastLines(), e);
        }
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        Integer code = engine.awaitExit(id, left);
        if (code == null) {
            throw new PodStartException("init container '" + init.name() + "' of pod '" + spec.name()
                    + "' did not finish within the startup timeout " + settings.startupTimeout(), init.name(),
                    output.lastLines(), null);
        }
        if (code != 0) {
            throw new PodStartException("init container '" + init.name() + "' of pod '" + spec.name()
                    + "' exited with code " + code, init.name(), output.lastLines(), null);
        }
        engine.remove(id);
        resources.forget(id);
        lap("init:" + init.name(), t);
    }

    /** Creates the host paths the spec asks to be created; the checks of the others ran before the start. */
    static void prepareHostPaths(DockerEngine engine, PodSpec spec, PodResources resources) {
        if (!engine.isLocal()) {
            return;
        }
        for (VolumeSpec v : spec.volumes()) {
            if (v.kind() != VolumeSpec.Kind.HOST_PATH) {
                continue;
            }
            Path path = Path.of(v.hostPath());
            try {
                if (v.hostPathType() == VolumeSpec.HostPathType.DIRECTORY_OR_CREATE && !Files.exists(path)) {
                    Path first = firstMissing(path);
                    Files.createDirectories(path);
                    resources.hostPath(first);
                } else if (v.hostPathType() == VolumeSpec.HostPathType.FILE_OR_CREATE && !Files.exists(path)) {
                    Path first = firstMissing(path.getParent());
                    Files.createDirectories(path.getParent());
                    Files.createFile(path);
                    resources.hostPath(first == null ? path : first);
                }
            } catch (IOException e) {
                throw new PodStartException("hostPath of volume '" + v.name() + "' '" + path + "' could not be "
                        + "created: " + e, e);
            }
        }
    }

    /** The outermost directory of {@code path} that does not exist yet, or {@code null} when all do. */
    private static Path firstMissing(Path path) {
        Path missing = null;
        for (Path p = path; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    private Map<Integer, Endpoint> endpoints(InspectContainerResponse infra) {
        Map<Integer, Endpoint> endpoints = new HashMap<>();
        Map<ExposedPort, Ports.Binding[]> bindings = infra.getNetworkSettings().getPorts().getBindings();
        bindings.forEach((port, bound) -> {
            if (bound != null && bound.length > 0 && port.getProtocol() == InternetProtocol.TCP) {
                endpoints.put(port.getPort(), new Endpoint(engine.hostAddress(),
                        Integer.parseInt(bound[0].getHostPortSpec())));
            }
        });
        return endpoints;
    }

    private void lap(String what, long since) {
        timings.put(what, (System.nanoTime() - since) / 1_000_000);
    }
}
