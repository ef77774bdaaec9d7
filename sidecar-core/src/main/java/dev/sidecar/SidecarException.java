package dev.sidecar;

/** The root of the library's unchecked exceptions. */
public class SidecarException extends RuntimeException {

    /** Creates an exception with a message; for runtime implementations. */
    public SidecarException(String message) {
        super(message);
    }

    /** Creates an exception with a message and its cause; for runtime implementations. */
    public SidecarException(String message, Throwable cause) {
        super(message, cause);
    }
}
