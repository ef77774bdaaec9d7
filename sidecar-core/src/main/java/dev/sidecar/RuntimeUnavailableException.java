package dev.sidecar;

/**
 * The engine or cluster that runs pods did not answer, or stopped answering, so nothing could be done; the message
 * says which and what to do. Each runtime throws its own subclass (for Docker, {@code DockerUnavailableException}).
 */
public class RuntimeUnavailableException extends SidecarException {

    /** Creates the exception; for runtime implementations. */
    protected RuntimeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
