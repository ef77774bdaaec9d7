package dev.sidecar;

import java.util.List;

/** A container did not become ready within the pod's startup timeout while the pod was starting. */
public final class ProbeTimeoutException extends PodStartException {

    /** Creates the exception for the container that did not become ready; for runtime implementations. */
    public ProbeTimeoutException(String message, String containerName, List<String> lastLogLines) {
        super(message, containerName, lastLogLines, null);
    }
}
