package dev.sidecar;

/** The root of the library's unchecked exceptions. */
public class SidecarException extends RuntimeException {

    /** Creates an exception with a message. */
    public SidecarException(String message) {
        super(message);
    }

    /** Creates an exception with a message and its cause. */
    public SidecarException(String message, Throwable cause) {
        super(message, cause);
    }
}
