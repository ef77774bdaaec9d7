package dev.sidecar;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A started pod: the running counterpart of a {@link PodSpec}. Use it with try-with-resources; {@link #close()}
 * stops the containers gracefully (main first, then the sidecars in reverse order, within the pod's
 * {@linkplain PodSpec#terminationGracePeriod() grace period}; with a grace period of zero, all killed at once) and
 * removes everything the pod created.
 *
 * <pre>{@code
 * try (Pod pod = runtime.start(spec)) {
 *     URI uri = pod.endpoint("proxy", 8443).uri("https");
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Once {@link #close()} has begun, every method but {@link #close()}, {@link #status()},
 * {@link #awaitStatus}, {@link #spec()}, {@link #name()} and {@link #instanceId()} throws
 * {@link IllegalStateException}, and so does a call that was still running when the pod closed under it. Lookups by name follow one rule: {@code find…} answers an
 * {@link Optional}; the others throw {@link NoSuchElementException} naming what there is.
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
     * @throws NoSuchElementException naming the pod's containers when there is none by that name
     */
    PodContainer container(String name);

    /** The running container named {@code name} (sidecar or main), if there is one. */
    Optional<PodContainer> findContainer(String name);

    /** The main container. */
    PodContainer main();

    /** The sidecars and main, in start order. */
    List<PodContainer> containers();

    /**
     * Where the host reaches {@code port}, declared by container {@code containerName}.
     *
     * @throws NoSuchElementException when there is no such container or it does not declare the port
     */
    Endpoint endpoint(String containerName, int port);

    /**
     * A fresh snapshot of the pod and every container, with readiness as the probes last found it. While the pod closes
     * its phase is {@link PodStatus.Phase#TERMINATING}; once closed, {@link PodStatus.Phase#CLOSED} with each
     * container's last status.
     */
    PodStatus status();

    /**
     * Waits until {@code condition} holds for a fresh {@link #status()}, checking every 100 ms.
     *
     * @return the status that satisfied the condition
     * @throws PodTimeoutException with the last status when it does not hold within {@code timeout}
     * @throws IllegalStateException at once when the pod is closed and its last status does not satisfy it
     */
    PodStatus awaitStatus(Predicate<PodStatus> condition, Duration timeout);

    /**
     * Stops the containers in order within the grace period and removes them and the pod's volumes. Idempotent; a
     * call while another is closing the pod returns once the pod is closed.
     */
    @Override
    void close();
}
