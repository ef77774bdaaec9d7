package dev.sidecar.docker;

import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Endpoint;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.RuntimeUnavailableException;
import dev.sidecar.SidecarException;
import dev.sidecar.SidecarStartOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A pod running on a Docker engine: an infrastructure container and the pod's containers joined to it. */
final class DockerPod implements Pod {

    private static final Duration STATUS_POLL = Duration.ofMillis(100);

    private final Logger log;
    private final DockerEngine engine;
    private final PodSpec spec;
    private final PodStarter.StartedPod started;
    private final PodLifecycle lifecycle;
    private final Map<String, DockerPodContainer> containers = new LinkedHashMap<>();
    private final Thread shutdownHook;
    private final Consumer<DockerPod> onClosed;

    /**
     * @param onClosed told once the pod is closed (the runtime forgets it)
     */
    DockerPod(DockerEngine engine, PodSpec spec, PodStarter.StartedPod started, Consumer<DockerPod> onClosed) {
        this.log = LoggerFactory.getLogger("dev.sidecar.pod." + spec.name());
        this.engine = engine;
        this.spec = spec;
        this.started = started;
        this.onClosed = onClosed;
        this.lifecycle = started.lifecycle();
        for (Member m : started.members()) {
            containers.put(m.name(), new DockerPodContainer(m, engine, started.supervisor(), lifecycle,
                    started.endpoints()));
        }
        this.shutdownHook = new Thread(this::closeOnShutdown,
                "sidecar-shutdown-" + spec.name() + "-" + started.instanceId());
    }

    /** The container that owns the pod's namespaces: its infrastructure container, or the one it is attached to. */
    String infraId() {
        return started.infraId();
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
        return started.instanceId();
    }

    @Override
    public PodContainer container(String name) {
        return findContainer(name).orElseThrow(() -> {
            boolean init = spec.findContainer(name).map(c -> spec.role(c.name()) == ContainerRole.INIT)
                    .orElse(false);
            return new NoSuchElementException("pod '" + name() + "' has no running container '" + name + "'"
                    + (init ? " (it is an init container, which ran to completion before the pod started)" : "")
                    + "; its containers are " + containers.keySet());
        });
    }

    @Override
    public Optional<PodContainer> findContainer(String name) {
        Objects.requireNonNull(name, "name must not be null");
        lifecycle.ensureOpen();
        return Optional.ofNullable(containers.get(name));
    }

    @Override
    public PodContainer main() {
        return container(spec.main().name());
    }

    @Override
    public List<PodContainer> containers() {
        lifecycle.ensureOpen();
        return List.copyOf(containers.values());
    }

    @Override
    public Endpoint endpoint(String containerName, int port) {
        return container(containerName).endpoint(port);
    }

    @Override
    public PodStatus status() {
        PodLifecycle.State state = lifecycle.state();
        if (state != PodLifecycle.State.OPEN) {
            List<ContainerStatus> statuses = containers.values().stream().map(DockerPodContainer::lastStatus).toList();
            return new PodStatus(name(), state == PodLifecycle.State.CLOSING ? PodStatus.Phase.TERMINATING
                    : PodStatus.Phase.CLOSED, null, statuses);
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        for (DockerPodContainer c : containers.values()) {
            statuses.add(c.status());
        }
        PodStatus.Phase phase = phase(statuses);
        return new PodStatus(name(), phase, phase == PodStatus.Phase.FAILED && started.supervisor().deadlineExceeded()
                ? "DeadlineExceeded" : null, statuses);
    }

    @Override
    public PodStatus awaitStatus(Predicate<PodStatus> condition, Duration timeout) {
        Objects.requireNonNull(condition, "condition must not be null");
        Args.positive(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        PodStatus last;
        while (true) {
            last = status();
            if (condition.test(last)) {
                return last;
            }
            if (last.phase() == PodStatus.Phase.CLOSED) {
                throw new IllegalStateException("pod '" + name() + "' (instance " + instanceId() + ") is closed and "
                        + "its last status does not meet the condition: " + last);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new PodTimeoutException("pod '" + name() + "' did not reach the expected status within "
                        + timeout + "; last status: " + last);
            }
            EngineThreads.join(engine.threads().delay(Duration.ofNanos(Math.min(left, STATUS_POLL.toNanos()))));
        }
    }

    @Override
    public void close() {
        if (!lifecycle.beginClose()) {
            awaitClosedByOther();
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook itself is closing the pod.
        }
        // Closing must finish even on an interrupted thread: the flag is cleared for it and set again after.
        boolean interrupted = Thread.interrupted();
        long start = System.nanoTime();
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        started.supervisor().stopSupervising();
        started.forwarding().stop();
        try {
            // A grace period of zero stops nothing gracefully: removal kills every container at once.
            Map<String, Long> timings = spec.terminationGracePeriod().isZero()
                    ? new LinkedHashMap<>()
                    : stopInOrder(failures);
            if (spec.terminationGracePeriod().isZero()) {
                containers.values().forEach(c -> c.stopped(null));
                started.forwarding().close();
            }
            long removal = System.nanoTime();
            started.resources().removeAll(failures);
            started.supervisor().close();
            timings.put("remove", (System.nanoTime() - removal) / 1_000_000);
            log.info("pod {}-{} closed in {} ms {}", name(), instanceId(), (System.nanoTime() - start) / 1_000_000,
                    timings);
        } finally {
            lifecycle.closedNow();
            onClosed.accept(this);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!failures.isEmpty()) {
            SidecarException e = new SidecarException("closing pod '" + name() + "' left " + failures.size()
                    + " problem(s); first: " + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Another thread closes the pod: return when it has, within the longest a close can take. */
    private void awaitClosedByOther() {
        Duration bound = spec.terminationGracePeriod().plus(PodSupervisor.KILL_WAIT).plus(DockerEngine.CALL_BOUND);
        try {
            lifecycle.whenClosed().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PodTimeoutException("pod '" + name() + "' was still closing after " + bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SidecarException("interrupted while waiting for pod '" + name() + "' to close", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw EngineThreads.unwrapped(e);
        }
    }

    /**
     * The main containers first (all at once), then the sidecars in reverse order (Kubernetes' order for native
     * sidecars), each given what remains of one pod-wide grace period (its preStop hook counts against it) before it is
     * killed; sidecars started all at once depend on none of each other, so they are stopped all at once too. Each is
     * removed as soon as it has stopped; the infrastructure container goes last, with the volumes.
     */
    private Map<String, Long> stopInOrder(List<RuntimeException> failures) {
        long deadline = System.nanoTime() + spec.terminationGracePeriod().toNanos();
        Map<String, Long> timings = Collections.synchronizedMap(new LinkedHashMap<>());
        List<DockerPodContainer> mains = containers.values().stream()
                .filter(c -> c.role() == ContainerRole.MAIN).toList();
        List<DockerPodContainer> sidecars = new ArrayList<>(containers.values().stream()
                .filter(c -> c.role() == ContainerRole.SIDECAR).toList());
        stopAll(mains, deadline, timings, failures);
        if (spec.sidecarStartOrder() == SidecarStartOrder.PARALLEL) {
            stopAll(sidecars, deadline, timings, failures);
        } else {
            Collections.reverse(sidecars);
            sidecars.forEach(c -> stopTimed(c, deadline, timings, failures));
        }
        return timings;
    }

    private void stopAll(List<DockerPodContainer> group, long deadline, Map<String, Long> timings,
            List<RuntimeException> failures) {
        if (group.size() == 1) {
            stopTimed(group.get(0), deadline, timings, failures);
            return;
        }
        EngineThreads.joinAll(group.stream().map(c -> CompletableFuture.runAsync(
                () -> stopTimed(c, deadline, timings, failures), engine.threads().pool())).toList());
    }

    private void stopTimed(DockerPodContainer c, long deadline, Map<String, Long> timings,
            List<RuntimeException> failures) {
        long t0 = System.nanoTime();
        try {
            c.stopped(started.supervisor().stopGracefully(started.supervisor().watched(c.name()), deadline));
        } catch (RuntimeException e) {
            c.stopped(null);
            failures.add(e);
        } finally {
            // Stopped (or killed): its last output is forwarded, and its removal need not wait for the others.
            started.forwarding().flush(c.name());
            started.resources().removeSoon(c.id());
        }
        timings.put(c.name(), (System.nanoTime() - t0) / 1_000_000);
    }

    private void closeOnShutdown() {
        try {
            close();
        } catch (RuntimeException e) {
            log.warn("closing pod {}-{} at JVM shutdown failed: {}", name(), instanceId(), e.getMessage());
        }
    }

    private PodStatus.Phase phase(List<ContainerStatus> statuses) {
        boolean infraRuns;
        try {
            infraRuns = engine.running(started.infraId());
        } catch (RuntimeUnavailableException e) {
            throw e;
        } catch (SidecarException e) {
            infraRuns = false;
        }
        if (!infraRuns) {
            // Without its namespaces the pod is lost, whatever its containers did.
            return PodStatus.Phase.BROKEN;
        }
        PodStatus.Phase done = started.supervisor().finalPhase();
        return done == null ? PodStatus.Phase.RUNNING : done;
    }

    @Override
    public String toString() {
        return "Pod{" + name() + "-" + instanceId() + (lifecycle.isOpen() ? "" : ", " + lifecycle.state())
                + ", containers=" + containers.keySet() + "}";
    }
}
