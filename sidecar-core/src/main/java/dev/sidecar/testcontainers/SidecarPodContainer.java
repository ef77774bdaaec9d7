package dev.sidecar.testcontainers;

import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.docker.DockerPodRuntime;
import dev.sidecar.docker.PodNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.lifecycle.Startables;

/**
 * A pod as a Testcontainers {@link Startable}: a {@code @Container} field of a {@code @Testcontainers} class, or
 * something a container {@code dependsOn}. Its containers are handed out as {@link ContainerState}s, for code that
 * wants Testcontainers' view of a container (host, mapped ports, exec, logs).
 *
 * <pre>{@code
 * @Testcontainers
 * class OrdersIT {
 *     static Network network = Network.newNetwork();
 *
 *     @Container
 *     static GenericContainer<?> db = new GenericContainer<>("postgres:16").withNetwork(network)
 *             .withNetworkAliases("db");
 *
 *     @Container
 *     static SidecarPodContainer orders = new SidecarPodContainer(ORDERS_POD).withNetwork(network)
 *             .dependsOn(db);                           // reaches db:5432; db reaches it as "orders"
 *
 *     @Test
 *     void answers() {
 *         ContainerState app = orders.getContainer("app");
 *         URI uri = URI.create("http://" + app.getHost() + ":" + app.getMappedPort(8080) + "/");
 *     }
 * }
 * }</pre>
 *
 * <p>Configure it before {@link #start()}; the {@code with...} methods refuse once it runs. Not self-typed, and
 * thread-safe: {@link #start()} and {@link #stop()} may race.
 */
public final class SidecarPodContainer implements Startable {

    private final PodSpec spec;
    private Network network;
    private final List<String> aliases = new ArrayList<>();
    private DockerPodRuntime runtime;
    private final Set<Startable> dependencies = new LinkedHashSet<>();
    private Pod pod;

    /** A pod of {@code spec}, not started yet. */
    public SidecarPodContainer(PodSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec must not be null");
    }

    /**
     * Puts the pod on {@code network} (a Testcontainers network), known there by its pod name and the
     * {@linkplain #withNetworkAliases aliases} given, as a Kubernetes Service names a pod.
     */
    public synchronized SidecarPodContainer withNetwork(Network network) {
        ensureNotStarted();
        this.network = Objects.requireNonNull(network, "network must not be null");
        return this;
    }

    /** More names the pod has on its {@linkplain #withNetwork network} (DNS-1123 labels). */
    public synchronized SidecarPodContainer withNetworkAliases(String... aliases) {
        ensureNotStarted();
        // Checked at once, with PodNetwork's rule.
        PodNetwork.named("check", Objects.requireNonNull(aliases, "aliases must not be null"));
        this.aliases.addAll(Arrays.asList(aliases));
        return this;
    }

    /** Starts the pod on {@code runtime} instead of the one runtime this package shares. */
    public synchronized SidecarPodContainer withRuntime(DockerPodRuntime runtime) {
        ensureNotStarted();
        this.runtime = Objects.requireNonNull(runtime, "runtime must not be null");
        return this;
    }

    /** Starts {@code startables} (and what they depend on) before the pod, as Testcontainers' own containers do. */
    public synchronized SidecarPodContainer dependsOn(Startable... startables) {
        ensureNotStarted();
        for (int i = 0; i < Objects.requireNonNull(startables, "startables must not be null").length; i++) {
            dependencies.add(Objects.requireNonNull(startables[i], "startables[" + i + "] must not be null"));
        }
        return this;
    }

    /** What {@link #dependsOn} gave: started before the pod. */
    @Override
    public synchronized Set<Startable> getDependencies() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(dependencies));
    }

    /** The pod's spec. */
    public PodSpec getSpec() {
        return spec;
    }

    /**
     * Starts the dependencies, then the pod, and returns once every container is ready; does nothing when the pod
     * runs already.
     *
     * @throws dev.sidecar.PodStartException when the pod does not start (nothing of it is left)
     */
    @Override
    public synchronized void start() {
        if (pod != null) {
            return;
        }
        if (!dependencies.isEmpty()) {
            try {
                Startables.deepStart(dependencies).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (network == null && !aliases.isEmpty()) {
            throw new IllegalStateException("pod '" + spec.name() + "' has network aliases " + aliases
                    + " but no network: call withNetwork(...)");
        }
        List<PodNetwork> networks = new ArrayList<>();
        if (network != null) {
            List<String> names = new ArrayList<>(List.of(spec.name()));
            aliases.stream().filter(a -> !names.contains(a)).forEach(names::add);
            networks.add(PodNetwork.of(network, names.toArray(String[]::new)));
        }
        pod = runtime().start(spec, networks);
    }

    /** Closes the pod: main first, then the sidecars in reverse order, within its grace period. Idempotent. */
    @Override
    public synchronized void stop() {
        Pod running = pod;
        pod = null;
        if (running != null) {
            running.close();
        }
    }

    /**
     * The running pod.
     *
     * @throws IllegalStateException when it has not been started, or was stopped
     */
    public synchronized Pod getPod() {
        if (pod == null) {
            throw new IllegalStateException("pod '" + spec.name() + "' does not run: start() it first (or let "
                    + "Testcontainers' @Container do it)");
        }
        return pod;
    }

    /**
     * The pod's container {@code name} (a sidecar or a main container) as Testcontainers sees a container: its id,
     * the host and mapped ports of the pod's published ports, exec, logs and copies.
     *
     * @throws java.util.NoSuchElementException naming the pod's containers when it has none by that name
     * @throws IllegalStateException when the pod does not run
     */
    public ContainerState getContainer(String name) {
        Pod running = getPod();
        PodContainer container = running.container(name);
        return new PodContainerState(running, container);
    }

    private DockerPodRuntime runtime() {
        return runtime != null ? runtime : SharedRuntime.get();
    }

    private void ensureNotStarted() {
        if (pod != null) {
            throw new IllegalStateException("pod '" + spec.name() + "' runs already: configure it before start()");
        }
    }

    @Override
    public synchronized String toString() {
        return "SidecarPodContainer{" + spec.name() + (pod == null ? ", not running" : ", " + pod.instanceId()) + "}";
    }
}
