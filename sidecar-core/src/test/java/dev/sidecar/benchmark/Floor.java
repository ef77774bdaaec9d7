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
 * The floor: the fewest docker-java calls that create and start the pod's containers with the library's namespace
 * wiring, each as early as the engine allows. The infrastructure container must exist before a container can name it
 * in {@code container:<id>} modes, and must run before such a container starts; nothing else is ordered. So: create
 * infra; then start infra (and inspect it for its bridge address) while every other container is created at once;
 * start each of them as soon as it is created and infra runs; then connect to port 8080.
 *
 * <p>Close comes in three kinds. {@link Close#FORCED} ({@code floor}) removes every container at once, forced:
 * SIGKILL, no grace, the least any close can cost. The other two are the floors of a graceful close in the library's
 * order: stop main (SIGTERM and wait, one call), then the sidecars, every one at once ({@link Close#SIGTERM},
 * {@code floor-sigterm}, as the library stops a pod whose sidecars started at once) or one after the other in
 * reverse order ({@link Close#SIGTERM_ORDERED}, {@code floor-sigterm-ordered}, Kubernetes' order for sidecars that
 * started one after the other); each container is removed as soon as it has stopped, infra (forced) once every
 * sidecar has.
 */
final class Floor implements Approach {

    /** How the floor closes its pod. */
    enum Close {
        /** Every container removed at once, forced (SIGKILL). */
        FORCED,
        /** Main stopped with SIGTERM, then the sidecars at once; each removed once stopped, infra last. */
        SIGTERM,
        /** Main stopped with SIGTERM, then each sidecar in reverse order; each removed once stopped, infra last. */
        SIGTERM_ORDERED
    }

    /** Docker's own stop timeout for the SIGTERM close, the library's default grace period; never reached here. */
    private static final int STOP_TIMEOUT_SECONDS = 30;

    private final DockerClient docker;
    private final ExecutorService executor;
    private final Close close;
    private final AtomicInteger sequence = new AtomicInteger();

    Floor(DockerClient docker, ExecutorService executor) {
        this(docker, executor, Close.FORCED);
    }

    Floor(DockerClient docker, ExecutorService executor, Close close) {
        this.docker = docker;
        this.executor = executor;
        this.close = close;
    }

    @Override
    public String name() {
        return switch (close) {
            case FORCED -> "floor";
            case SIGTERM -> "floor-sigterm";
            case SIGTERM_ORDERED -> "floor-sigterm-ordered";
        };
    }

    @Override
    public String description() {
        return "docker-java alone: create infra; start it while the others are created at once; start each as soon "
                + "as it exists; TCP connect; " + switch (close) {
                    case FORCED -> "close = forced remove of all at once (SIGKILL)";
                    case SIGTERM -> "close = stop main (SIGTERM, one call), then every sidecar at once; each removed "
                            + "as soon as it stopped, infra (forced) once the sidecars had";
                    case SIGTERM_ORDERED -> "close = stop main (SIGTERM, one call), then each sidecar in reverse "
                            + "order; each removed as soon as it stopped, infra (forced) once the sidecars had";
                };
    }

    @Override
    public Started start(int sidecars) {
        String infraName = "sidecarbench-" + Workload.RUN_ID + "-floor-" + sequence.incrementAndGet();
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
            CompletableFuture<String> address = infraRunning.thenApplyAsync(
                    ignored -> bridgeAddress(docker.inspectContainerCmd(infraId).exec()), executor);
            List<CompletableFuture<String>> members = new ArrayList<>();
            for (int i = 0; i <= sidecars; i++) {
                boolean main = i == sidecars;
                String name = infraName + "." + (main ? Workload.mainName() : Workload.sidecarName(i + 1));
                CompletableFuture<String> id = CompletableFuture.supplyAsync(() -> {
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
                }, executor);
                members.add(id.thenCombine(infraRunning, (containerId, ignored) -> containerId)
                        .thenApplyAsync(containerId -> {
                            docker.startContainerCmd(containerId).exec();
                            return containerId;
                        }, executor));
            }
            CompletableFuture.allOf(members.toArray(CompletableFuture[]::new)).join();
            Workload.awaitTcp(address.join(), Workload.PORT);
            if (close != Close.FORCED) {
                List<String> sidecarIds = members.subList(0, sidecars).stream().map(CompletableFuture::join).toList();
                String mainId = members.get(sidecars).join();
                return () -> stopInOrder(infraId, sidecarIds, mainId);
            }
        } catch (RuntimeException e) {
            removeAll(snapshot(created));
            throw e;
        }
        List<String> ids = snapshot(created);
        return () -> removeAll(ids);
    }

    private void stopInOrder(String infraId, List<String> sidecarIds, String mainId) {
        stop(mainId);
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        removals.add(CompletableFuture.runAsync(() -> remove(mainId), executor));
        List<CompletableFuture<Void>> sidecarsStopped = new ArrayList<>();
        if (close == Close.SIGTERM) {
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

    /** The container's address on its (first) network: Docker's bridge, or a Compose project's network. */
    static String bridgeAddress(InspectContainerResponse container) {
        return container.getNetworkSettings().getNetworks().values().stream().map(n -> n.getIpAddress())
                .filter(a -> a != null && !a.isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("container " + container.getName()
                        + " has no address on a network"));
    }
}
