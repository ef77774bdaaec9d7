package dev.sidecar.junit;

/**
 * What the extension knew when a pod failed to start (its field and the test), attached to the runtime's own
 * exception as a suppressed exception, so that the exception keeps its type and fields and still says where it came
 * from. It carries no stack trace of its own.
 */
final class StartContext extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StartContext(String message) {
        super(message, null, false, false);
    }
}
