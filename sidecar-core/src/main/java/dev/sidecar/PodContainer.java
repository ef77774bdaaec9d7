package dev.sidecar;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One running container of a {@link Pod}: a sidecar or the main container. */
public interface PodContainer {

    /** How long {@link #exec(String...)} may run unless told otherwise. */
    Duration DEFAULT_EXEC_TIMEOUT = Duration.ofSeconds(60);

    /** The container's name in its pod. */
    String name();

    /** Its part in the pod. */
    ContainerRole role();

    /** Its spec. */
    ContainerSpec spec();

    /** The engine's id of the container (for Docker, the container id). */
    String id();

    /**
     * Where the host reaches {@code port}, which this container declares.
     *
     * @throws IllegalArgumentException when the container does not declare it
     */
    Endpoint endpoint(int port);

    /** Runs {@code command} in the container and waits at most {@link #DEFAULT_EXEC_TIMEOUT} for it. */
    ExecResult exec(String... command);

    /**
     * Runs {@code command} in the container.
     *
     * @throws PodTimeoutException when it does not finish within {@code timeout}
     */
    ExecResult exec(Duration timeout, List<String> command);

    /** Everything the container wrote to stdout and stderr so far, all runs included. */
    String logs();

    /** The last {@code lines} lines of its output, oldest first. */
    List<String> logTail(int lines);

    /** Writes {@code content} to the file {@code containerPath}, creating or replacing it. */
    void copyToContainer(byte[] content, String containerPath);

    /** Copies the host file {@code hostFile} to the file {@code containerPath}. */
    void copyToContainer(Path hostFile, String containerPath);

    /** Reads the file {@code containerPath}. */
    byte[] copyFromContainer(String containerPath);

    /** Sends {@code signal} (for example {@code SIGHUP}) to the container's main process. */
    void signal(String signal);

    /** A fresh snapshot of this container, probing readiness now. */
    ContainerStatus status();
}
