package dev.sidecar.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.DockerUnavailableException;
import dev.sidecar.Endpoint;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.SidecarException;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one pod up: volumes, the infrastructure container, files, init containers in order, sidecars (in order or
 * at once), then main, each ready before what depends on it starts. On any failure it removes everything it created
 * before the exception leaves.
 */
final class PodStarter {

    private final DockerEngine engine;
    private final DockerPodRuntime.Settings settings;
    private final PodSpec spec;
    private final String instanceId = Naming.newInstanceId();
    private final PodResources resources;
    private final Logger log;
    private final Map<String, Long> timings = Collections.synchronizedMap(new LinkedHashMap<>());
    private Prober prober;
    private CompletableFuture<Map<String, String>> memberCreation;

    PodStarter(DockerEngine engine, DockerPodRuntime.Settings settings, PodSpec spec) {
        this.engine = engine;
        this.settings = settings;
        this.spec = spec;
        this.resources = new PodResources(engine);
        this.log = LoggerFactory.getLogger("dev.sidecar.pod." + spec.name());
    }

    DockerPod start() {
        long t0 = System.nanoTime();
        Map<String, String> podLabels = Labels.forPod(spec.name(), instanceId);
        Wiring wiring = new Wiring(spec, instanceId, podLabels, engine.isLocal() ? "127.0.0.1" : "");
        try {
            createVolumes(wiring, podLabels);
            String infraId = engine.createContainer(settings.infraImage(), wiring.infra(settings.infraCommand()));
            resources.container(infraId);
            // Docker accepts container:<infra> modes once infra exists, so the pod's containers are created while
            // infra starts; they join its namespaces when they start.
            memberCreation = CompletableFuture.supplyAsync(() -> createMembers(wiring, infraId), Parallel.EXECUTOR);
            engine.start(infraId);
            // Only probes and the started pod need infra's address and published ports: inspect it meanwhile.
            CompletableFuture<InspectContainerResponse> inspection = CompletableFuture.supplyAsync(
                    () -> engine.inspect(infraId), Parallel.EXECUTOR);
            CompletableFuture<Map<Integer, Endpoint>> endpoints = inspection.thenApply(this::endpoints);
            CompletableFuture<String> podAddress = inspection.thenApply(PodStarter::podAddress);
            prober = new Prober(engine, engine.isLocal() ? () -> Parallel.join(podAddress) : null,
                    port -> Parallel.join(endpoints).get(port), spec);
            copyFiles(infraId);
            lap("infra", t0);

            for (ContainerSpec init : spec.initContainers()) {
                runInit(wiring, infraId, init);
            }

            Map<String, String> containerIds = Parallel.join(memberCreation);
            if (spec.sidecarStartOrder() == SidecarStartOrder.PARALLEL) {
                Parallel.forEach(spec.sidecars(), c -> startAndAwait(c, containerIds.get(c.name())));
            } else {
                for (ContainerSpec c : spec.sidecars()) {
                    startAndAwait(c, containerIds.get(c.name()));
                }
            }
            startAndAwait(spec.main(), containerIds.get(spec.main().name()));
            DockerPod pod = new DockerPod(engine, spec, instanceId, resources, infraId, Parallel.join(endpoints),
                    prober, containerIds);
            // Log streams open once the pod is ready, so they do not compete with the start; they replay the
            // output from each container's start. Each opens in well under a millisecond: one after the other costs
            // less than the pool threads that would open them at once.
            spec.containers().forEach(c -> forwardLogs(c.name(), containerIds.get(c.name())));
            pod.closeOnJvmShutdown();
            log.info("pod {}-{} started in {} ms {}", spec.name(), instanceId, (System.nanoTime() - t0) / 1_000_000,
                    timings);
            return pod;
        } catch (RuntimeException e) {
            if (memberCreation != null) {
                // Containers still being created would escape the cleanup.
                memberCreation.exceptionally(failure -> null).join();
            }
            List<RuntimeException> cleanup = new ArrayList<>();
            resources.removeAll(cleanup);
            cleanup.forEach(e::addSuppressed);
            log.info("pod {}-{} failed to start; removed what it had created: {}", spec.name(), instanceId,
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            if (e instanceof PodStartException || e instanceof DockerUnavailableException) {
                throw e;
            }
            throw new PodStartException("pod '" + spec.name() + "' failed to start: " + e.getMessage(), e);
        }
    }

    /** Creates the sidecars and main, all at once; their ids by container name. */
    private Map<String, String> createMembers(Wiring wiring, String infraId) {
        List<ContainerSpec> members = spec.containers();
        List<String> ids = Parallel.forEach(members, c -> {
            String id = create(wiring, c, role(c), infraId);
            resources.container(id);
            return id;
        });
        Map<String, String> containerIds = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            containerIds.put(members.get(i).name(), ids.get(i));
        }
        return containerIds;
    }

    private Void startAndAwait(ContainerSpec c, String id) {
        long t = System.nanoTime();
        try {
            engine.start(id);
        } catch (RuntimeException e) {
            throw new PodStartException("container '" + c.name() + "' of pod '" + spec.name()
                    + "' failed to start: " + e.getMessage(), c.name(), prober.lastLines(id), e);
        }
        prober.await(c.readinessProbe(), c.name(), id);
        lap(c.name(), t);
        return null;
    }

    private void runInit(Wiring wiring, String infraId, ContainerSpec init) {
        long t = System.nanoTime();
        String id = create(wiring, init, ContainerRole.INIT, infraId);
        resources.container(id);
        try {
            engine.start(id);
        } catch (RuntimeException e) {
            throw new PodStartException("init container '" + init.name() + "' of pod '" + spec.name()
                    + "' failed to start: " + e.getMessage(), init.name(), prober.lastLines(id), e);
        }
        Duration timeout = settings.initContainerTimeout();
        Integer code = engine.awaitExit(id, timeout);
        if (code == null) {
            throw new PodStartException("init container '" + init.name() + "' of pod '" + spec.name()
                    + "' did not finish within " + timeout, init.name(), prober.lastLines(id), null);
        }
        if (code != 0) {
            throw new PodStartException("init container '" + init.name() + "' of pod '" + spec.name()
                    + "' exited with code " + code, init.name(), prober.lastLines(id), null);
        }
        engine.remove(id);
        resources.forget(id);
        lap("init:" + init.name(), t);
    }

    /** Creates a container of the pod; when Docker refuses (a limit it does not accept, say), names the container. */
    private String create(Wiring wiring, ContainerSpec c, ContainerRole role, String infraId) {
        try {
            return engine.createContainer(c.image(), wiring.member(c, role, infraId));
        } catch (DockerUnavailableException e) {
            throw e;
        } catch (SidecarException e) {
            throw new PodStartException("container '" + c.name() + "' of pod '" + spec.name()
                    + "' could not be created: " + e.getMessage(), e);
        }
    }

    private void forwardLogs(String containerName, String id) {
        Logger containerLog = LoggerFactory.getLogger("dev.sidecar.pod." + spec.name() + "." + containerName);
        if (containerLog.isInfoEnabled()) {
            resources.logStream(engine.followLogs(id, line -> containerLog.info("[{}] {}", instanceId,
                    spec.maskSecrets(line))));
        }
    }

    private void createVolumes(Wiring wiring, Map<String, String> labels) {
        List<VolumeSpec> owned = spec.volumes().stream().filter(v -> v.kind() != VolumeSpec.Kind.HOST_PATH).toList();
        for (VolumeSpec v : owned) {
            Map<String, String> options = v.kind() == VolumeSpec.Kind.EMPTY_DIR_MEMORY
                    ? Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=" + v.sizeLimitBytes())
                    : Map.of();
            String name = wiring.volumeName(v);
            engine.createVolume(name, labels, options);
            resources.volume(name);
        }
    }

    private void copyFiles(String infraId) {
        for (VolumeSpec v : spec.volumes()) {
            if (v.files().isEmpty()) {
                continue;
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (VolumeSpec.File f : v.files()) {
                files.put(f.path(), content(v, f));
            }
            engine.copyTo(infraId, Naming.infraVolumePath(v.name()), files);
        }
    }

    private static byte[] content(VolumeSpec v, VolumeSpec.File f) {
        try {
            return switch (f.source()) {
                case TEXT -> f.value().getBytes(StandardCharsets.UTF_8);
                case HOST_FILE -> Files.readAllBytes(Path.of(f.value()));
                case CLASSPATH -> {
                    ClassLoader loader = Thread.currentThread().getContextClassLoader();
                    InputStream in = loader == null ? null : loader.getResourceAsStream(f.value());
                    if (in == null) {
                        in = PodStarter.class.getClassLoader().getResourceAsStream(f.value());
                    }
                    if (in == null) {
                        throw new PodStartException("class-path resource '" + f.value() + "' for volume '" + v.name()
                                + "' is gone", null);
                    }
                    try (InputStream stream = in) {
                        yield stream.readAllBytes();
                    }
                }
            };
        } catch (IOException e) {
            throw new PodStartException("cannot read " + f + " for volume '" + v.name() + "': " + e.getMessage(), e);
        }
    }

    private Map<Integer, Endpoint> endpoints(InspectContainerResponse infra) {
        Map<Integer, Endpoint> endpoints = new ConcurrentHashMap<>();
        Map<ExposedPort, Ports.Binding[]> bindings = infra.getNetworkSettings().getPorts().getBindings();
        bindings.forEach((port, bound) -> {
            if (bound != null && bound.length > 0) {
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

    private ContainerRole role(ContainerSpec c) {
        return c.name().equals(spec.main().name()) ? ContainerRole.MAIN : ContainerRole.SIDECAR;
    }

    private void lap(String what, long since) {
        timings.put(what, (System.nanoTime() - since) / 1_000_000);
    }
}
