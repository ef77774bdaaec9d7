package dev.sidecar;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * A snapshot of one container of a pod (Kubernetes {@code containerStatuses}).
 *
 * @param name the container's name
 * @param role its part in the pod
 * @param state whether it waits, runs or has terminated
 * @param exitCode the exit code of its last run once terminated, or -1 while none is known
 * @param restartCount how often it was restarted
 * @param ready whether it is ready now (its readiness probe passes, or it runs and has none)
 * @param started whether it has started ({@code started}: it runs, or ran, since the pod started)
 * @param reason why it waits or terminated, as Kubernetes says it ({@code Completed}, {@code Error},
 *     {@code OOMKilled}, {@code ContainerCreating}), or {@code null} while it runs
 * @param startedAt when its current (or last) run started, or {@code null} if it never did
 * @param finishedAt when its last run ended, or {@code null} while running or never run
 */
public record ContainerStatus(String name, ContainerRole role, State state, int exitCode, int restartCount,
        boolean ready, boolean started, String reason, Instant startedAt, Instant finishedAt) {

    /** Kubernetes' container states. */
    public enum State {
        /** Created but not running yet, or waiting to be restarted. */
        WAITING,
        /** Its process runs. */
        RUNNING,
        /** Its process exited and will not be restarted (or has not been yet). */
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

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name).append(": ").append(state);
        if (reason != null) {
            b.append(" (").append(reason).append(')');
        }
        lastExitCode().ifPresent(code -> b.append(", exit code ").append(code));
        b.append(ready ? ", ready" : ", not ready");
        b.append(", ").append(restartCount).append(restartCount == 1 ? " restart" : " restarts");
        return b.toString();
    }
}
