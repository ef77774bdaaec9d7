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
 * start each of them as soon as it is created and infra runs; then connect to port 8080. Close removes every
 * container at once, forced.
 */
final class Floor implements Approach {

    private final DockerClient docker;
    private final ExecutorService executor;
    private final AtomicInteger sequence = new AtomicInteger();

    Floor(DockerClient docker, ExecutorService executor) {
        this.docker = docker;
        this.executor = executor;
    }

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public String description() {
        return "docker-java alone: create infra; start it while the others are created at once; start each as soon "
                + "as it exists; TCP connect; close = forced remove of all at once";
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
            List<CompletableFuture<Void>> members = new ArrayList<>();
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
                        .thenAcceptAsync(containerId -> docker.startContainerCmd(containerId).exec(), executor));
            }
            CompletableFuture.allOf(members.toArray(CompletableFuture[]::new)).join();
            Workload.awaitTcp(address.join(), Workload.PORT);
        } catch (RuntimeException e) {
            removeAll(snapshot(created));
            throw e;
        }
        List<String> ids = snapshot(created);
        return () -> removeAll(ids);
    }

    private void removeAll(List<String> ids) {
        CompletableFuture.allOf(ids.stream()
                .map(id -> CompletableFuture.runAsync(() -> docker.removeContainerCmd(id).withForce(true)
                        .withRemoveVolumes(true).exec(), executor))
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
