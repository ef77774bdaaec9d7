package dev.sidecar.kubernetes.runtime;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Endpoint;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.SidecarException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod running on a Kubernetes cluster: one Pod object (named {@code <pod>-<instance>}) and the ConfigMaps and
 * Secrets it reads. Its status is the Pod's status as the API server reports it; endpoints are port-forwards through
 * the API server, opened on first use and closed with the pod.
 */
final class KubernetesPod implements Pod {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesPod.class);

    /** What a started pod is made of, and the forwarding of its containers' output. */
    record Started(ClusterApi api, String namespace, String objectName, String instanceId, PodSpec spec,
            CreatedObjects created, Duration deleteMargin, LogForwarding forwarding) {
    }

    private enum State { OPEN, CLOSING, CLOSED }

    private final Started started;
    private final Map<String, KubernetesPodContainer> containers = new LinkedHashMap<>();
    private final Map<Integer, LocalPortForward> forwards = new ConcurrentHashMap<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private final Consumer<KubernetesPod> onClosed;
    private volatile PodStatus last;

    KubernetesPod(Started started, io.fabric8.kubernetes.api.model.Pod ready, Consumer<KubernetesPod> onClosed) {
        this.started = started;
        this.onClosed = onClosed;
        for (ContainerSpec c : started.spec().containers()) {
            containers.put(c.name(), new KubernetesPodContainer(this, started, c));
        }
        this.last = StatusMapping.map(started.spec(), ready, null);
    }

    /** The Pod object's name on the cluster: the spec's name and the instance id. */
    String objectName() {
        return started.objectName();
    }

    /** The namespace the pod runs in. */
    String namespace() {
        return started.namespace();
    }

    @Override
    public PodSpec spec() {
        return started.spec();
    }

    @Override
    public String name() {
        return started.spec().name();
    }

    @Override
    public String instanceId() {
        return started.instanceId();
    }

    @Override
    public PodContainer container(String name) {
        return findContainer(name).orElseThrow(() -> new NoSuchElementException("pod '" + name() + "' has no "
                + "container '" + name + "' (has: " + containers.keySet() + ")"));
    }

    @Override
    public Optional<PodContainer> findContainer(String name) {
        Objects.requireNonNull(name, "name");
        return Optional.ofNullable(containers.get(name));
    }

    @Override
    public PodContainer main() {
        return containers.get(started.spec().main().name());
    }

    @Override
    public List<PodContainer> containers() {
        return List.copyOf(containers.values());
    }

    @Override
    public Endpoint endpoint(String containerName, int port) {
        return container(containerName).endpoint(port);
    }

    /** A port-forward to {@code port}, opened on first use; ports are the pod's, whichever container declares one. */
    Endpoint forward(int port) {
        ensureOpen("open an endpoint");
        LocalPortForward forward = forwards.computeIfAbsent(port, p -> {
            LocalPortForward f = started.api().containers().portForward(namespace(), objectName(), p);
            LOG.debug("pod '{}': port {} forwarded to {}:{}", name(), p, f.getLocalAddress().getHostAddress(),
                    f.getLocalPort());
            return f;
        });
        return new Endpoint(forward.getLocalAddress().getHostAddress(), forward.getLocalPort());
    }

    @Override
    public PodStatus status() {
        State s = state.get();
        if (s == State.CLOSED) {
            return closedStatus();
        }
        io.fabric8.kubernetes.api.model.Pod pod = started.api().getPod(namespace(), objectName());
        PodStatus status = StatusMapping.map(started.spec(), pod, last);
        if (s == State.CLOSING && status.phase() != PodStatus.Phase.TERMINATING) {
            status = new PodStatus(status.podName(), PodStatus.Phase.TERMINATING, status.reason(),
                    status.containers());
        }
        last = status;
        return status;
    }

    /**
     * {@inheritDoc}
     *
     * <p>On Kubernetes the condition is tested on each status the watch delivers, not every 100 ms.
     */
    @Override
    public PodStatus awaitStatus(Predicate<PodStatus> condition, Duration timeout) {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(timeout, "timeout");
        PodStatus now = status();
        if (condition.test(now)) {
            return now;
        }
        if (now.phase() == PodStatus.Phase.CLOSED) {
            throw new IllegalStateException("pod '" + name() + "' (instance " + instanceId() + ") is closed and its "
                    + "last status does not meet the condition: " + now);
        }
        AtomicReference<PodStatus> seen = new AtomicReference<>(now);
        boolean met = started.api().awaitPod(namespace(), objectName(), p -> {
            PodStatus s = StatusMapping.map(started.spec(), p, last);
            seen.set(s);
            return condition.test(s);
        }, timeout, () -> { });
        last = seen.get();
        if (!met) {
            throw new PodTimeoutException("pod '" + name() + "' did not reach the expected status within " + timeout
                    + "; last status: " + seen.get());
        }
        return seen.get();
    }

    void ensureOpen(String what) {
        if (state.get() != State.OPEN) {
            throw new IllegalStateException("cannot " + what + ": pod '" + name() + "' (instance " + instanceId()
                    + ") is closed");
        }
    }

    /**
     * Closes the port-forwards, deletes the Pod with the spec's grace period and waits until it is gone (at most the
     * grace period and {@link KubernetesPodRuntime#DEFAULT_DELETE_MARGIN}), then deletes its ConfigMaps and Secrets.
     * What the containers write as they stop is still forwarded to the log (for at most
     * {@link LogForwarding#DRAIN_TIMEOUT} once the Pod is gone); then the forwarding ends.
     */
    @Override
    public synchronized void close() {
        // Synchronized: a second call returns once the first has closed the pod.
        if (!state.compareAndSet(State.OPEN, State.CLOSING)) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            last = status();
        } catch (RuntimeException e) {
            LOG.debug("pod '{}': no last status before closing: {}", name(), e.toString());
        }
        List<RuntimeException> failures = new ArrayList<>();
        for (LocalPortForward f : forwards.values()) {
            try {
                f.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("pod '{}': closing a port-forward: {}", name(), e.toString());
            }
        }
        forwards.clear();
        containers.values().forEach(KubernetesPodContainer::stopFollowing);
        // The deletion starts no new run; the streams open end as their containers stop.
        started.forwarding().stopWatching();
        Duration grace = started.spec().terminationGracePeriod();
        started.created().deleteAll(grace, grace.plus(started.deleteMargin()), failures);
        started.forwarding().close();
        state.set(State.CLOSED);
        onClosed.accept(this);
        LoggerFactory.getLogger("dev.sidecar.pod." + name()).info("pod '{}' (instance {}) deleted from namespace {} "
                + "in {} ms", name(), instanceId(), namespace(), (System.nanoTime() - t0) / 1_000_000);
        if (!failures.isEmpty()) {
            SidecarException e = new SidecarException("closing pod '" + name() + "' left " + failures.size()
                    + " problem(s); first: " + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    private PodStatus closedStatus() {
        PodStatus l = last;
        return new PodStatus(name(), PodStatus.Phase.CLOSED, null, l == null ? List.of() : l.containers());
    }

    @Override
    public String toString() {
        return "KubernetesPod{" + namespace() + "/" + objectName() + ", " + state.get() + "}";
    }
}
