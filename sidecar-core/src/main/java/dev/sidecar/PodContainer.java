package dev.sidecar;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One running container of a {@link Pod}: a sidecar or the main container. Everything read from its output (logs,
 * log lines, matched lines) has the pod's secret values masked.
 */
public interface PodContainer {

    /** How long {@link #exec(String...)} may run unless told otherwise. */
    Duration DEFAULT_EXEC_TIMEOUT = Duration.ofSeconds(60);

    /** Which of a container's output streams. */
    enum OutputType {
        /** Standard output. */
        STDOUT,
        /** Standard error. */
        STDERR
    }

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
     * @throws NoSuchElementException when the container does not declare it
     */
    Endpoint endpoint(int port);

    /** Runs {@code command} in the container and waits at most {@link #DEFAULT_EXEC_TIMEOUT} for it. */
    ExecResult exec(String... command);

    /**
     * Runs {@code command} in the container (not through a shell).
     *
     * @throws PodTimeoutException when it does not finish within {@code timeout}
     */
    ExecResult exec(Duration timeout, List<String> command);

    /** Everything the container wrote so far, all runs included, standard output and error interleaved as written. */
    String logs();

    /** Everything the container wrote so far to one of its streams, all runs included. */
    String logs(OutputType type);

    /** The last {@code lines} lines of its output (both streams), oldest first. */
    List<String> logTail(int lines);

    /**
     * Waits until a line of the container's output (both streams, from its first start on) matches {@code regex}
     * (searched, not matched whole), and returns that line: for waiting on a running container without polling.
     *
     * @throws PodTimeoutException with the container's last lines when none matches within {@code timeout}
     */
    String awaitLog(String regex, Duration timeout);

    /** Writes {@code content} to the file {@code containerPath}, creating or replacing it. */
    void copyToContainer(byte[] content, String containerPath);

    /** Copies the host file {@code hostFile} to the file {@code containerPath}. */
    void copyToContainer(Path hostFile, String containerPath);

    /** Reads the file {@code containerPath}. */
    byte[] copyFromContainer(String containerPath);

    /**
     * Sends {@code signal} (a name such as {@code SIGHUP}, or a number) to the container's main process.
     *
     * @throws IllegalArgumentException when it names no Linux signal
     * @see #signal(Signal)
     */
    default void signal(String signal) {
        signal(Signal.of(signal));
    }

    /**
     * Sends {@code signal} to the container's main process (Kubernetes has no such call). If the process exits on it
     * ({@link Signal#SIGKILL} and the stop signal included), that is an exit like any other: the container's restart
     * policy decides, as it would for a process killed from inside the pod.
     *
     * @throws IllegalStateException when the container is not running
     */
    void signal(Signal signal);

    /** A fresh snapshot of this container, with readiness as its probe last found it. */
    ContainerStatus status();
}
