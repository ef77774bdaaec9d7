package dev.sidecar.benchmark;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floors: the fewest docker-java calls that create and start the pod's containers with the library's namespace
 * wiring, each as early as the engine allows, and remove them. The infrastructure container must exist before a
 * container can name it in {@code container:<id>} modes, and must run before such a container starts. So: create
 * infra; then start infra (and inspect it for its bridge address) while every other container is created at once;
 * start the others once infra runs; then connect to port 8080.
 *
 * <p>Three floors, by which other orders they keep:
 * <ul>
 *   <li>{@link Mode#WIRING} ({@code floor}): only the wiring's. Every container starts as soon as it exists and infra
 *       runs, main together with the sidecars; close removes every container at once, forced (SIGKILL, no grace).
 *       The least any start and any close can cost, and the reference of every {@code ÷ floor} ratio.</li>
 *   <li>{@link Mode#PARALLEL} ({@code floor-parallel}): also the pod's, as the library keeps it for sidecars started
 *       at once. The sidecars start at once, main once they have started; close stops main (SIGTERM and wait, one
 *       call), then every sidecar at once.</li>
 *   <li>{@link Mode#ORDERED} ({@code floor-ordered}): the pod's, for sidecars started one after the other (Kubernetes'
 *       order). Each sidecar starts once the one before it has, main last; close stops main, then each sidecar in
 *       reverse order.</li>
 * </ul>
 * In the graceful closes each container is removed as soon as it has stopped, infra (forced) once every sidecar has.
 * A container without a readiness probe counts as started once Docker's start returns, as in Kubernetes; the
 * benchmark's sidecars have none, so the graceful floors do exactly the work the library must do.
 */
final class Floor implements Approach {

    /** Which orders the floor keeps besides the wiring's (see the class comment). */
    enum Mode {
        WIRING, PARALLEL, ORDERED
    }

    /** Docker's own stop timeout for the graceful closes, the library's default grace period; never reached here. */
    private static final int STOP_TIMEOUT_SECONDS = 30;
    /** Where the floor publishes main's port. */
    private static final String LOOPBACK = "127.0.0.1";

    private final DockerClient docker;
    private final ExecutorService executor;
    private final Mode mode;
    private final AtomicInteger sequence = new AtomicInteger();

    Floor(DockerClient docker, ExecutorService executor) {
        this(docker, executor, Mode.WIRING);
    }

    Floor(DockerClient docker, ExecutorService executor, Mode mode) {
        this.docker = docker;
        this.executor = executor;
        this.mode = mode;
    }

    @Override
    public String name() {
        return switch (mode) {
            case WIRING -> "floor";
            case PARALLEL -> "floor-parallel";
            case ORDERED -> "floor-ordered";
        };
    }

    @Override
    public String description() {
        return "docker-java alone: create infra; start it while the others are created at once; " + switch (mode) {
            case WIRING -> "start each as soon as it exists and infra runs; TCP connect; close = forced remove of all "
                    + "at once (SIGKILL)";
            case PARALLEL -> "start the sidecars at once, main once they have started; TCP connect; close = stop "
                    + "main (SIGTERM, one call), then every sidecar at once; each removed as soon as it stopped, infra "
                    + "(forced) once the sidecars had";
            case ORDERED -> "start each sidecar once the one before it has, main last; TCP connect; close = stop "
                    + "main (SIGTERM, one call), then each sidecar in reverse order; each removed as soon as it "
                    + "stopped, infra (forced) once the sidecars had";
        };
    }

    @Override
    public Started start(int sidecars) {
        return startReached(sidecars).pod();
    }

    /** Starts the pod as {@link #start} does; also says where main's port is published on the host's loopback. */
    Reached startReached(int sidecars) {
        String infraName = "sidecarbench-" + Workload.RUN_ID + "-" + name() + "-" + sequence.incrementAndGet();
        Map<String, String> labels = Map.of(Workload.LABEL, Workload.RUN_ID);
        List<String> created = new ArrayList<>();
        try {
            ExposedPort port = ExposedPort.tcp(Workload.PORT);
            String infraId = docker.createContainerCmd(Workload.PAUSE)
                    .withName(infraName)
                    .withLabels(labels)
                    .withExposedPorts(port)
                    .withHostConfig(HostConfig.newHostConfig()
                            .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), port))
                            .withIpcMode("shareable"))
                    .exec().getId();
            created.add(infraId);
            String join = "container:" + infraId;

            CompletableFuture<Void> infraRunning = CompletableFuture.runAsync(
                    () -> docker.startContainerCmd(infraId).exec(), executor);
            CompletableFuture<InspectContainerResponse> inspected = infraRunning.thenApplyAsync(
                    ignored -> docker.inspectContainerCmd(infraId).exec(), executor);
            List<CompletableFuture<String>> ids = new ArrayList<>();
            for (int i = 0; i <= sidecars; i++) {
                boolean main = i == sidecars;
                String name = infraName + "." + (main ? Workload.mainName() : Workload.sidecarName(i + 1));
                ids.add(CompletableFuture.supplyAsync(() -> {
                    String containerId = docker.createContainerCmd(Workload.BUSYBOX)
                            .withName(name)
                            .withLabels(labels)
                            .withCmd(main ? Workload.MAIN_COMMAND : Workload.SIDECAR_COMMAND)
                            .withHostConfig(HostConfig.newHostConfig()
                                    .withNetworkMode(join)
                                    .withPidMode(join)
                                    .withIpcMode(join)
                                    .withRestartPolicy(main ? RestartPolicy.noRestart()
                                            : RestartPolicy.alwaysRestart()))
                            .exec().getId();
                    synchronized (created) {
                        created.add(containerId);
                    }
                    return containerId;
                }, executor));
            }
            List<CompletableFuture<String>> started = startAll(ids, infraRunning);
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
            Workload.awaitTcp(bridgeAddress(inspected.join()), Workload.PORT);
            int published = publishedPort(inspected.join());
            if (mode != Mode.WIRING) {
                List<String> sidecarIds = started.subList(0, sidecars).stream().map(CompletableFuture::join).toList();
                String mainId = started.get(sidecars).join();
                return new Reached(() -> stopInOrder(infraId, sidecarIds, mainId), LOOPBACK, published);
            }
            List<String> all = snapshot(created);
            return new Reached(() -> removeAll(all), LOOPBACK, published);
        } catch (RuntimeException e) {
            removeAll(snapshot(created));
            throw e;
        }
    }

    /**
     * Starts the created containers (the sidecars, then main, last in {@code ids}) in the mode's order, each as soon
     * as infra runs and what it waits for has started; completes with each one's id once it has started.
     */
    private List<CompletableFuture<String>> startAll(List<CompletableFuture<String>> ids,
            CompletableFuture<Void> infraRunning) {
        List<CompletableFuture<String>> started = new ArrayList<>();
        CompletableFuture<?> previous = infraRunning;
        for (int i = 0; i < ids.size(); i++) {
            boolean main = i == ids.size() - 1;
            CompletableFuture<?> after = switch (mode) {
                case WIRING -> infraRunning;
                case PARALLEL -> main ? CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                        .thenCombine(infraRunning, (a, b) -> b) : infraRunning;
                case ORDERED -> previous;
            };
            CompletableFuture<String> one = ids.get(i).thenCombine(after, (id, ignored) -> id)
                    .thenApplyAsync(id -> {
                        docker.startContainerCmd(id).exec();
                        return id;
                    }, executor);
            started.add(one);
            previous = one;
        }
        return started;
    }

    private void stopInOrder(String infraId, List<String> sidecarIds, String mainId) {
        stop(mainId);
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        removals.add(CompletableFuture.runAsync(() -> remove(mainId), executor));
        List<CompletableFuture<Void>> sidecarsStopped = new ArrayList<>();
        if (mode == Mode.PARALLEL) {
            for (String id : sidecarIds) {
                CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> stop(id), executor);
                sidecarsStopped.add(stopped);
                removals.add(stopped.thenRunAsync(() -> remove(id), executor));
            }
        } else {
            for (int i = sidecarIds.size() - 1; i >= 0; i--) {
                String id = sidecarIds.get(i);
                stop(id);
                removals.add(CompletableFuture.runAsync(() -> remove(id), executor));
            }
        }
        CompletableFuture.allOf(sidecarsStopped.toArray(CompletableFuture[]::new)).join();
        remove(infraId);
        CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).join();
    }

    private void stop(String id) {
        docker.stopContainerCmd(id).withTimeout(STOP_TIMEOUT_SECONDS).exec();
    }

    private void remove(String id) {
        docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    }

    private void removeAll(List<String> ids) {
        CompletableFuture.allOf(ids.stream()
                .map(id -> CompletableFuture.runAsync(() -> remove(id), executor))
                .toArray(CompletableFuture[]::new)).join();
    }

    private static List<String> snapshot(List<String> ids) {
        synchronized (ids) {
            return List.copyOf(ids);
        }
    }

    /** The host port that {@link Workload#PORT} of the container is published on. */
    static int publishedPort(InspectContainerResponse container) {
        Ports.Binding[] bindings = container.getNetworkSettings().getPorts().getBindings()
                .get(ExposedPort.tcp(Workload.PORT));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException("container " + container.getName() + " publishes no port for "
                    + Workload.PORT);
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    /** The container's address on its (first) network: Docker's bridge, or a Compose project's network. */
    static String bridgeAddress(InspectContainerResponse container) {
        return container.getNetworkSettings().getNetworks().values().stream().map(n -> n.getIpAddress())
                .filter(a -> a != null && !a.isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("container " + container.getName()
                        + " has no address on a network"));
    }
}
