package dev.sidecar;

/**
 * Something that runs pods from a {@link PodSpec}: a Docker engine ({@code dev.sidecar.docker.DockerPodRuntime}), and
 * later a Kubernetes cluster.
 */
public interface PodRuntime extends AutoCloseable {

    /**
     * Starts the pod: init containers to completion, then sidecars, then main, and returns once every container is
     * ready. If anything fails, everything created for the pod is removed before the exception is thrown.
     *
     * @throws PodStartException when an image is missing, an init container fails or a container does not become
     *     ready in time
     * @throws RuntimeUnavailableException when no engine answers
     * @throws IllegalStateException when the runtime is closed
     */
    Pod start(PodSpec spec);

    /**
     * Closes every pod this runtime started that is still open, then releases what the runtime holds (its threads).
     * Idempotent; a closed runtime starts no pod.
     */
    @Override
    void close();
}
