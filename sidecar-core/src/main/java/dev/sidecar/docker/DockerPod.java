package dev.sidecar.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Endpoint;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.SidecarException;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A pod running on a Docker engine: an infrastructure container and the pod's containers joined to it. */
final class DockerPod implements Pod {

    /** How many log lines a start failure or diagnostic carries. */
    static final int DIAGNOSTIC_LOG_LINES = 50;
    private static final Duration STATUS_POLL = Duration.ofMillis(100);

    private final Logger log;
    private final DockerEngine engine;
    private final PodSpec spec;
    private final String instanceId;
    private final PodResources resources;
    private final String infraId;
    private final Map<Integer, Endpoint> endpoints;
    private final Prober prober;
    private final Map<String, DockerPodContainer> containers = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    DockerPod(DockerEngine engine, PodSpec spec, String instanceId, PodResources resources, String infraId,
            Map<Integer, Endpoint> endpoints, Prober prober, Map<String, String> containerIds) {
        this.log = LoggerFactory.getLogger("dev.sidecar.pod." + spec.name());
        this.engine = engine;
        this.spec = spec;
        this.instanceId = instanceId;
        this.resources = resources;
        this.infraId = infraId;
        this.endpoints = Map.copyOf(endpoints);
        this.prober = prober;
        for (var c : spec.containers()) {
            ContainerRole role = c.name().equals(spec.main().name()) ? ContainerRole.MAIN : ContainerRole.SIDECAR;
            containers.put(c.name(), new DockerPodContainer(this, c, role, containerIds.get(c.name()), engine));
        }
        this.shutdownHook = new Thread(this::closeOnShutdown, "sidecar-shutdown-" + spec.name() + "-" + instanceId);
    }

    /** Makes JVM shutdown close the pod; called once the pod has started (a failed start cleans up itself). */
    void closeOnJvmShutdown() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public PodSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public PodContainer container(String name) {
        ensureOpen();
        DockerPodContainer c = containers.get(name);
        if (c == null) {
            boolean init = spec.initContainers().stream().anyMatch(i -> i.name().equals(name));
            throw new IllegalArgumentException("pod '" + name() + "' has no running container '" + name + "'"
                    + (init ? " (it is an init container, which ran to completion before the pod started)" : "")
                    + "; its containers are " + containers.keySet());
        }
        return c;
    }

    @Override
    public PodContainer main() {
        return container(spec.main().name());
    }

    @Override
    public List<PodContainer> containers() {
        ensureOpen();
        return List.copyOf(containers.values());
    }

    @Override
    public Endpoint endpoint(String containerName, int port) {
        return container(containerName).endpoint(port);
    }

    @Override
    public PodStatus status() {
        ensureOpen();
        List<ContainerStatus> statuses = new ArrayList<>();
        for (DockerPodContainer c : containers.values()) {
            statuses.add(statusOf(c));
        }
        return new PodStatus(name(), phase(statuses), statuses);
    }

    @Override
    public PodStatus awaitStatus(Predicate<PodStatus> condition, Duration timeout) {
        Objects.requireNonNull(condition, "condition");
        Checks.positive("timeout", timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        PodStatus last;
        while (true) {
            last = status();
            if (condition.test(last)) {
                return last;
            }
            if (System.nanoTime() >= deadline) {
                throw new PodTimeoutException("pod '" + name() + "' did not reach the expected status within "
                        + timeout + "; last status: " + last);
            }
            sleep(STATUS_POLL);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook itself is closing the pod.
        }
        long start = System.nanoTime();
        List<RuntimeException> failures = new ArrayList<>();
        // A grace period of zero stops nothing gracefully: removal kills every container at once.
        Map<String, Long> timings = spec.terminationGracePeriod().isZero()
                ? new LinkedHashMap<>()
                : stopInOrder(failures);
        long removal = System.nanoTime();
        resources.removeAll(failures);
        timings.put("remove", (System.nanoTime() - removal) / 1_000_000);
        log.info("pod {}-{} closed in {} ms {}", name(), instanceId, (System.nanoTime() - start) / 1_000_000, timings);
        if (!failures.isEmpty()) {
            SidecarException e = new SidecarException("closing pod '" + name() + "' left " + failures.size()
                    + " problem(s); first: " + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    /**
     * Main first, then the sidecars in reverse order (Kubernetes' order for native sidecars), each given what remains
     * of one pod-wide grace period before it is killed; sidecars started all at once depend on none of each other,
     * so they are stopped all at once too. Each is removed as soon as it has stopped; the infrastructure container
     * goes last, with the volumes.
     */
    private Map<String, Long> stopInOrder(List<RuntimeException> failures) {
        long deadline = System.nanoTime() + spec.terminationGracePeriod().toNanos();
        Map<String, Long> timings = Collections.synchronizedMap(new LinkedHashMap<>());
        List<DockerPodContainer> sidecars = new ArrayList<>(containers.values());
        DockerPodContainer main = sidecars.remove(sidecars.size() - 1);
        stopTimed(main, deadline, timings, failures);
        if (spec.sidecarStartOrder() == SidecarStartOrder.PARALLEL) {
            Parallel.forEach(sidecars, c -> stopTimed(c, deadline, timings, failures));
        } else {
            Collections.reverse(sidecars);
            sidecars.forEach(c -> stopTimed(c, deadline, timings, failures));
        }
        return timings;
    }

    private Void stopTimed(DockerPodContainer c, long deadline, Map<String, Long> timings,
            List<RuntimeException> failures) {
        long t0 = System.nanoTime();
        try {
            stopGracefully(c, deadline);
        } catch (RuntimeException e) {
            synchronized (failures) {
                failures.add(e);
            }
        } finally {
            // Stopped (or killed): its removal need not wait for the others to stop.
            resources.removeSoon(c.id());
        }
        timings.put(c.name(), (System.nanoTime() - t0) / 1_000_000);
        return null;
    }

    private void stopGracefully(DockerPodContainer c, long deadline) {
        engine.kill(c.id(), c.spec().stopSignal());
        Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        Integer code = remaining.isZero() ? null : engine.awaitExit(c.id(), remaining);
        if (code == null) {
            log.warn("container '{}' of pod {}-{} {}; killing it", c.name(), name(), instanceId, remaining.isZero()
                    ? "had no time left of the pod's grace period"
                    : "did not stop on " + c.spec().stopSignal() + " within the grace period");
            engine.kill(c.id(), "SIGKILL");
            engine.awaitExit(c.id(), Duration.ofSeconds(10));
        }
    }

    private void closeOnShutdown() {
        try {
            close();
        } catch (RuntimeException e) {
            log.warn("closing pod {}-{} at JVM shutdown failed: {}", name(), instanceId, e.getMessage());
        }
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("pod '" + name() + "' (instance " + instanceId + ") is closed");
        }
    }

    Endpoint published(int port) {
        return endpoints.get(port);
    }

    ContainerStatus statusOf(DockerPodContainer c) {
        InspectContainerResponse inspect = engine.inspect(c.id());
        InspectContainerResponse.ContainerState s = inspect.getState();
        boolean running = Boolean.TRUE.equals(s.getRunning()) && !Boolean.TRUE.equals(s.getRestarting());
        ContainerStatus.State state;
        if (running) {
            state = ContainerStatus.State.RUNNING;
        } else if (Boolean.TRUE.equals(s.getRestarting()) || "created".equals(s.getStatus())) {
            state = ContainerStatus.State.WAITING;
        } else {
            state = ContainerStatus.State.TERMINATED;
        }
        boolean ready = false;
        if (running) {
            try {
                // A started() probe asks only what this inspection already says.
                ready = c.spec().readinessProbe().kind() == Probe.Kind.STARTED
                        || prober.passes(c.spec().readinessProbe(), c.id());
            } catch (RuntimeException e) {
                log.debug("probe of '{}' failed: {}", c.name(), e.getMessage());
            }
        }
        int exitCode = state == ContainerStatus.State.TERMINATED && s.getExitCodeLong() != null
                ? s.getExitCodeLong().intValue() : -1;
        Integer restarts = inspect.getRestartCount();
        return new ContainerStatus(c.name(), c.role(), state, exitCode, restarts == null ? 0 : restarts, ready,
                instant(s.getStartedAt()), running ? null : instant(s.getFinishedAt()));
    }

    private PodStatus.Phase phase(List<ContainerStatus> statuses) {
        InspectContainerResponse.ContainerState infra = engine.inspect(infraId).getState();
        if (!Boolean.TRUE.equals(infra.getRunning())) {
            return PodStatus.Phase.BROKEN;
        }
        ContainerStatus main = statuses.stream().filter(s -> s.role() == ContainerRole.MAIN).findFirst()
                .orElseThrow();
        RestartPolicy policy = Wiring.effectiveRestartPolicy(spec.main(), ContainerRole.MAIN);
        if (main.terminated() && (policy == RestartPolicy.NEVER
                || policy == RestartPolicy.ON_FAILURE && main.exitCode() == 0)) {
            return main.exitCode() == 0 ? PodStatus.Phase.SUCCEEDED : PodStatus.Phase.FAILED;
        }
        return PodStatus.Phase.RUNNING;
    }

    private static Instant instant(String dockerTime) {
        if (dockerTime == null || dockerTime.isEmpty() || dockerTime.startsWith("0001-")) {
            return null;
        }
        return Instant.parse(dockerTime);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SidecarException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "Pod{" + name() + "-" + instanceId + (closed.get() ? ", closed" : "") + ", containers="
                + containers.keySet() + "}";
    }
}
