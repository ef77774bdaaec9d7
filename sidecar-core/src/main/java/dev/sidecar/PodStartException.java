package dev.sidecar;

import java.util.List;
import java.util.Optional;

/**
 * A pod could not be started: an image is missing, an init container failed or a container never became ready.
 * By the time it is thrown, everything created for the pod has been removed. When one container is to blame, the
 * message names it and ends with its last log lines (secret values masked).
 */
public class PodStartException extends SidecarException {

    private final String containerName;
    private final List<String> lastLogLines;

    /** Creates the exception for a failure that no single container caused; for runtime implementations. */
    public PodStartException(String message, Throwable cause) {
        super(message, cause);
        this.containerName = null;
        this.lastLogLines = List.of();
    }

    /**
     * Creates the exception for a failure of one container, with its last log lines (if any) appended to the
     * message; for runtime implementations.
     */
    public PodStartException(String message, String containerName, List<String> lastLogLines, Throwable cause) {
        super(withLogs(message, containerName, lastLogLines), cause);
        this.containerName = Checks.notNull(containerName, "containerName");
        this.lastLogLines = List.copyOf(lastLogLines);
    }

    /** The name of the container that caused the failure, if one did. */
    public Optional<String> containerName() {
        return Optional.ofNullable(containerName);
    }

    /** The last log lines of that container, oldest first; empty when there was none. */
    public List<String> lastLogLines() {
        return lastLogLines;
    }

    private static String withLogs(String message, String containerName, List<String> lines) {
        if (lines.isEmpty()) {
            return message;
        }
        return message + "\nlast " + lines.size() + " log lines of container '" + containerName + "':\n  | "
                + String.join("\n  | ", lines);
    }
}
