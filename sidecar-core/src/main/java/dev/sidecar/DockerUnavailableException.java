package dev.sidecar;

/** No container engine answered, or it stopped answering; the message says which and what to do. */
public final class DockerUnavailableException extends SidecarException {

    /** Creates the exception. */
    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
