package dev.sidecar.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import dev.sidecar.ContainerSpec;
import dev.sidecar.Endpoint;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one pod up: volumes, the infrastructure container, the volumes' content, init containers in order, sidecars
 * (in order or at once), then main, each ready before what depends on it starts. On any failure it removes
 * everything it created before the exception leaves. It hands the running pod one {@link StartedPod} of what it
 * created.
 */
final class PodStarter {

    private final DockerEngine engine;
    private final DockerPodRuntime.Settings settings;
    private final PodSpec spec;
    private final PodFacts facts;
    private final String instanceId = Naming.newInstanceId();
    private final PodResources resources;
    private final PodVolumes volumes;
    private final Logger log;
    private final Map<String, Long> timings = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<CompletableFuture<Void>> probes = new java.util.concurrent.CopyOnWriteArrayList<>();

    PodStarter(DockerEngine engine, DockerPodRuntime.Settings settings, PodSpec spec, PodFacts facts) {
        this.engine = engine;
        this.settings = settings;
        this.spec = spec;
        this.facts = facts;
        this.resources = new PodResources(engine);
        this.volumes = new PodVolumes(engine, spec, instanceId, resources);
        this.log = LoggerFactory.getLogger("dev.sidecar.pod." + spec.name());
    }

    /** What a start created and found out, handed to the running pod in one piece. */
    record StartedPod(String instanceId, String infraId, Map<Integer, Endpoint> endpoints, List<Member> members,
            Prober prober, PodResources resources) {
    }

    StartedPod start() {
        long t0 = System.nanoTime();
        long deadline = t0 + settings.startupTimeout().toNanos();
        Map<String, String> podLabels = Labels.forPod(spec.name(), instanceId);
        List<CompletableFuture<String>> creations = new ArrayList<>();
        // The wiring once infra runs and the pod's addresses are known (status.podIP), for containers that need them.
        CompletableFuture<Wiring> addressed = new CompletableFuture<>();
        try {
            prepareHostPaths();
            PodFacts known = volumes.create(podLabels, facts);
            Wiring wiring = new Wiring(spec, instanceId, podLabels, engine.isLocal() ? "127.0.0.1" : "", known);
            String infraId = engine.createContainer(wiring.infra(settings.infraImage(), settings.infraCommand()));
            resources.container(infraId);
            // Docker accepts container:<infra> modes once infra exists, so the pod's containers are created while
            // infra starts; they join its namespaces when they start.
            for (ContainerSpec c : spec.containers()) {
                creations.add(wiring.needsAddresses(c) ? addressed.thenCompose(w -> create(w.member(c, infraId), c))
                        : create(wiring.member(c, infraId), c));
            }
            engine.start(infraId);
            // Only probes and the started pod need infra's address and published ports: inspect it meanwhile.
            CompletableFuture<InspectContainerResponse> inspection = engine.inspectAsync(infraId);
            volumes.populate(infraId, known);
            Wiring started = spec.allContainers().stream().anyMatch(wiring::needsAddresses)
                    ? wiring.withAddresses(EngineThreads.join(inspection)) : wiring;
            addressed.complete(started);
            lap("infra", t0);

            for (ContainerSpec init : spec.initContainers()) {
                runInit(started, infraId, init, deadline);
            }

            InspectContainerResponse infra = EngineThreads.join(inspection);
            Map<Integer, Endpoint> endpoints = endpoints(infra);
            Prober prober = new Prober(engine, engine.isLocal() ? podAddress(infra) : null, endpoints);
            List<String> ids = EngineThreads.joinAll(creations);
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                ContainerSpec c = spec.containers().get(i);
                members.add(new Member(c, spec.role(c.name()), spec.restartPolicyOf(c.name()), ids.get(i),
                        new ContainerOutput(engine, ids.get(i), spec), new AtomicBoolean()));
            }
            List<Member> sidecars = members.subList(0, members.size() - 1);
            if (spec.sidecarStartOrder() == SidecarStartOrder.PARALLEL) {
                EngineThreads.join(EngineThreads.allOrFirstFailure(sidecars.stream()
                        .map(m -> startAndAwait(m, prober, deadline)).toList()));
            } else {
                for (Member m : sidecars) {
                    EngineThreads.join(startAndAwait(m, prober, deadline));
                }
            }
            EngineThreads.join(startAndAwait(members.get(members.size() - 1), prober, deadline));
            // Log streams open once the pod is ready, so they do not compete with the start; they replay the
            // output from each container's start.
            for (Member m : members) {
                Logger containerLog = LoggerFactory.getLogger("dev.sidecar.pod." + spec.name() + "." + m.name());
                if (containerLog.isInfoEnabled()) {
                    resources.logStream(m.output().forwardTo(containerLog, instanceId));
                }
            }
            log.info("pod {}-{} started in {} ms {}", spec.name(), instanceId, (System.nanoTime() - t0) / 1_000_000,
                    timings);
            return new StartedPod(instanceId, infraId, endpoints, List.copyOf(members), prober, resources);
        } catch (RuntimeException e) {
            // An interrupt ends the start, but the cleanup must still talk to the engine: it runs uninterrupted and
            // the flag is set again afterwards.
            boolean interrupted = Thread.interrupted();
            // Probes still trying would go on until the deadline against containers that are gone.
            probes.forEach(p -> p.cancel(false));
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

    private CompletableFuture<Void> startAndAwait(Member m, Prober prober, long deadline) {
        long t = System.nanoTime();
        return engine.startAsync(m.id())
                .handleAsync((started, failure) -> {
                    if (failure != null) {
                        RuntimeException e = EngineThreads.unwrapped(failure);
                        if (e instanceof RuntimeUnavailableException) {
                            throw e;
                        }
                        throw new PodStartException("container '" + m.name() + "' of pod '" + spec.name()
                                + "' failed to start: " + e.getMessage(), m.name(), m.output().lastLines(), e);
                    }
                    return started;
                }, engine.threads().pool())
                .thenCompose(started -> {
                    CompletableFuture<Void> ready = prober.awaitReady(m, deadline);
                    probes.add(ready);
                    return ready;
                })
                .thenRun(() -> lap(m.name(), t));
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
    private void prepareHostPaths() {
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

    private static String podAddress(InspectContainerResponse infra) {
        String ip = infra.getNetworkSettings().getIpAddress();
        if (ip == null || ip.isEmpty()) {
            ip = infra.getNetworkSettings().getNetworks().values().stream().map(n -> n.getIpAddress())
                    .filter(a -> a != null && !a.isEmpty()).findFirst().orElse(null);
        }
        return ip;
    }

    private void lap(String what, long since) {
        timings.put(what, (System.nanoTime() - since) / 1_000_000);
    }
}
