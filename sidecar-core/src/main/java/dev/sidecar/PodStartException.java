package dev.sidecar;

import java.util.List;

/**
 * A pod could not be started: an image is missing, an init container failed or a readiness probe never passed.
 * By the time it is thrown, everything created for the pod has been removed. When one container is to blame,
 * the message names it and ends with its last log lines.
 */
public class PodStartException extends SidecarException {

    private final String containerName;
    private final List<String> lastLogLines;

    /** Creates the exception for a failure that no single container caused. */
    public PodStartException(String message, Throwable cause) {
        super(message, cause);
        this.containerName = null;
        this.lastLogLines = List.of();
    }

    /** Creates the exception for a failure of one container, with its last log lines appended to the message. */
    public PodStartException(String message, String containerName, List<String> lastLogLines, Throwable cause) {
        super(withLogs(message, containerName, lastLogLines), cause);
        this.containerName = containerName;
        this.lastLogLines = List.copyOf(lastLogLines);
    }

    /** The name of the container that caused the failure, or {@code null} when none did. */
    public String containerName() {
        return containerName;
    }

    /** The last log lines of that container, oldest first; empty when there was none. */
    public List<String> lastLogLines() {
        return lastLogLines;
    }

    private static String withLogs(String message, String containerName, List<String> lines) {
        if (lines.isEmpty()) {
            return message + "\n(container '" + containerName + "' printed nothing)";
        }
        return message + "\nlast " + lines.size() + " log lines of container '" + containerName + "':\n  | "
                + String.join("\n  | ", lines);
    }
}
