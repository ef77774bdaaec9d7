package dev.sidecar;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A snapshot of one container of a running pod (Kubernetes {@code containerStatuses}).
 *
 * @param name the container's name
 * @param role its part in the pod
 * @param state whether it waits, runs or has terminated
 * @param exitCode the exit code of its last run once terminated, or -1 while none is known
 * @param restartCount how often the engine restarted it
 * @param ready whether its readiness probe passes now
 * @param startedAt when its current (or last) run started, or {@code null} if it never did
 * @param finishedAt when its last run ended, or {@code null} while running or never run
 */
public record ContainerStatus(String name, ContainerRole role, State state, int exitCode, int restartCount,
        boolean ready, Instant startedAt, Instant finishedAt) {

    /** Kubernetes' container states. */
    public enum State {
        /** Created but not running yet, or waiting to be restarted. */
        WAITING,
        /** Its process runs. */
        RUNNING,
        /** Its process exited and will not be restarted (or the engine has not yet done so). */
        TERMINATED
    }

    /** Whether the process runs. */
    public boolean running() {
        return state == State.RUNNING;
    }

    /** Whether it has terminated. */
    public boolean terminated() {
        return state == State.TERMINATED;
    }

    /** The exit code of the last run, if it terminated. */
    public OptionalInt lastExitCode() {
        return exitCode < 0 ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** When the current or last run started. */
    public Optional<Instant> started() {
        return Optional.ofNullable(startedAt);
    }
}
