package dev.sidecar;

import java.util.List;

/** A readiness probe did not pass within its timeout while the pod was starting. */
public final class ProbeTimeoutException extends PodStartException {

    /** Creates the exception for the container whose probe timed out. */
    public ProbeTimeoutException(String message, String containerName, List<String> lastLogLines) {
        super(message, containerName, lastLogLines, null);
    }
}
