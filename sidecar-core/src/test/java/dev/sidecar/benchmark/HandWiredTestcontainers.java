package dev.sidecar.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers wired by hand, as its users do it: a {@code GenericContainer} for the pause container publishing
 * 8080, then each sidecar and main as a {@code GenericContainer} with {@code withNetworkMode("container:…")} and a
 * create-command modifier for the PID and IPC modes, started one by one. Its port wait cannot see a port of a
 * joined container (and on infra it would wait for main, which starts later), so infra gets a wait strategy that
 * returns at once and the harness connects to the pod's address after main started. Close: {@code stop()} each, in
 * reverse order, as try-with-resources would.
 */
final class HandWiredTestcontainers implements Approach {

    /** Testcontainers' port wait would block on infra until main listens, which starts after it. */
    private static final AbstractWaitStrategy NO_WAIT = new AbstractWaitStrategy() {
        @Override
        protected void waitUntilReady() {
        }
    };

    @Override
    public String name() {
        return "testcontainers";
    }

    @Override
    public String description() {
        return "Testcontainers " + org.testcontainers.DockerClientFactory.TESTCONTAINERS_VERSION
                + " GenericContainer per container, withNetworkMode(\"container:…\") and a PID/IPC modifier, "
                + "started one by one; close = stop() each in reverse";
    }

    @Override
    public Started start(int sidecars) {
        return startReached(sidecars).pod();
    }

    /** Starts the pod as {@link #start} does; also says where Testcontainers published main's port. */
    Reached startReached(int sidecars) {
        List<GenericContainer<?>> started = new ArrayList<>();
        try {
            GenericContainer<?> infra = new GenericContainer<>(DockerImageName.parse(Workload.PAUSE))
                    .withExposedPorts(Workload.PORT)
                    .withLabel(Workload.LABEL, Workload.RUN_ID)
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withIpcMode("shareable"))
                    .waitingFor(NO_WAIT);
            infra.start();
            started.add(infra);
            String join = "container:" + infra.getContainerId();
            for (int i = 0; i <= sidecars; i++) {
                boolean main = i == sidecars;
                GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(Workload.BUSYBOX))
                        .withCommand((main ? Workload.MAIN_COMMAND : Workload.SIDECAR_COMMAND)
                                .toArray(String[]::new))
                        .withNetworkMode(join)
                        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPidMode(join)
                                .withIpcMode(join))
                        .withLabel(Workload.LABEL, Workload.RUN_ID);
                c.start();
                started.add(c);
            }
            Workload.awaitTcp(Floor.bridgeAddress(infra.getContainerInfo()), Workload.PORT);
            return new Reached(() -> stopAll(started), infra.getHost(), infra.getMappedPort(Workload.PORT));
        } catch (RuntimeException e) {
            stopAll(started);
            throw e;
        }
    }

    private static void stopAll(List<GenericContainer<?>> containers) {
        List<GenericContainer<?>> reversed = new ArrayList<>(containers);
        Collections.reverse(reversed);
        reversed.forEach(GenericContainer::stop);
    }
}
