package dev.sidecar;

/** A wait on a running pod (a status condition, a log line, an exec, a stop) did not finish within its timeout. */
public final class PodTimeoutException extends SidecarException {

    /** Creates the exception; for runtime implementations. */
    public PodTimeoutException(String message) {
        super(message);
    }
}
