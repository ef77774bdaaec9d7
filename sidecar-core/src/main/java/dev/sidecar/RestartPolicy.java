package dev.sidecar;

/** What happens when a container's process exits while the pod runs (Kubernetes {@code restartPolicy}). */
public enum RestartPolicy {
    /** Leave it exited. The default for the main container and for init containers. */
    NEVER,
    /** Restart it when it exits with a non-zero code. */
    ON_FAILURE,
    /** Restart it whenever it exits: the default for sidecars, as for Kubernetes' native sidecars. */
    ALWAYS
}
