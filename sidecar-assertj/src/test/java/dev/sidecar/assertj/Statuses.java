package dev.sidecar.assertj;

import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerStatus;
import dev.sidecar.ContainerStatus.State;
import java.time.Instant;

/** Container statuses as a runtime reports them, for tests without an engine. */
final class Statuses {

    private static final Instant STARTED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant FINISHED = Instant.parse("2026-01-01T10:00:05Z");

    private Statuses() {
    }

    /** Runs, ready, started, never restarted. */
    static ContainerStatus running(String name) {
        return new ContainerStatus(name, ContainerRole.MAIN, State.RUNNING, -1, 0, true, true, null, STARTED, null);
    }

    /** Runs, not ready yet (its probe has not passed), started. */
    static ContainerStatus notReady(String name) {
        return new ContainerStatus(name, ContainerRole.MAIN, State.RUNNING, -1, 0, false, true, null, STARTED, null);
    }

    /** Created, not started: waiting with {@code reason}. */
    static ContainerStatus waiting(String name, String reason) {
        return new ContainerStatus(name, ContainerRole.MAIN, State.WAITING, -1, 0, false, false, reason, null, null);
    }

    /** Ended with {@code exitCode} for {@code reason}, after {@code restarts} restarts. */
    static ContainerStatus terminated(String name, int exitCode, String reason, int restarts) {
        return new ContainerStatus(name, ContainerRole.MAIN, State.TERMINATED, exitCode, restarts, false, true,
                reason, STARTED, FINISHED);
    }

    /** Runs and is ready again after {@code restarts} restarts. */
    static ContainerStatus restarted(String name, int restarts) {
        return new ContainerStatus(name, ContainerRole.MAIN, State.RUNNING, -1, restarts, true, true, null, STARTED,
                null);
    }
}
