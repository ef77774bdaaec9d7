package dev.sidecar;

/**
 * Something that runs pods: for now a Docker engine ({@code dev.sidecar.docker.DockerPodRuntime}); later a
 * Kubernetes cluster, from the same {@link PodSpec}.
 */
public interface PodRuntime {

    /**
     * Starts the pod: init containers to completion, then sidecars, then main, and returns once every container is
     * ready. If anything fails, everything created for the pod is removed before the exception is thrown.
     *
     * @throws PodStartException when an image is missing, an init container fails or a probe times out
     * @throws DockerUnavailableException when no engine answers
     */
    Pod start(PodSpec spec);
}
