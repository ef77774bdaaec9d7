package dev.sidecar;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A started pod: the running counterpart of a {@link PodSpec}. Use it with try-with-resources; {@link #close()}
 * stops the containers gracefully (main first, then the sidecars in reverse order, within the pod's
 * {@linkplain PodSpec#terminationGracePeriod() grace period}; with a grace period of zero, all killed at once) and
 * removes everything the pod created.
 *
 * <pre>{@code
 * try (Pod pod = DockerPodRuntime.create().start(spec)) {
 *     URI uri = pod.endpoint("proxy", 8443).uri("https");
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Once closed, every method but {@link #close()}, {@link #spec()}, {@link #name()} and
 * {@link #instanceId()} throws {@link IllegalStateException}.
 */
public interface Pod extends AutoCloseable {

    /** The spec the pod was started from. */
    PodSpec spec();

    /** The pod's name, from its spec. */
    String name();

    /** A short id, unique among running pods, that tells apart pods started from one spec. */
    String instanceId();

    /**
     * The running container named {@code name} (sidecar or main).
     *
     * @throws IllegalArgumentException naming the pod's containers when there is none by that name
     */
    PodContainer container(String name);

    /** The main container. */
    PodContainer main();

    /** The sidecars and main, in start order. */
    List<PodContainer> containers();

    /**
     * Where the host reaches {@code port}, declared by container {@code containerName}.
     *
     * @throws IllegalArgumentException when there is no such container or it does not declare the port
     */
    Endpoint endpoint(String containerName, int port);

    /** A fresh snapshot of the pod and every container, probing readiness now. */
    PodStatus status();

    /**
     * Waits until {@code condition} holds for a fresh {@link #status()}, checking every 100 ms.
     *
     * @return the status that satisfied the condition
     * @throws PodTimeoutException with the last status when it does not hold within {@code timeout}
     */
    PodStatus awaitStatus(Predicate<PodStatus> condition, Duration timeout);

    /** Stops the containers in order within the grace period and removes them and the pod's volumes. Idempotent. */
    @Override
    void close();
}
