package dev.sidecar;

import java.time.Duration;
import java.util.Map;

/**
 * What a lifecycle hook does (Kubernetes {@code lifecycle.postStart} and {@code lifecycle.preStop}): run a command in
 * the container, send an HTTP GET into the pod, or sleep. The exec and HTTP kinds are the probes' own.
 */
public sealed interface Hook permits Probe.Exec, Probe.HttpGet, Hook.Sleep {

    /** Runs {@code command} in the container; it succeeds when it exits 0 ({@code exec}). */
    static Hook exec(String... command) {
        return new Probe.Exec(Checks.elements(command, "command"));
    }

    /** Sends {@code GET path} to {@code port} of the pod; it succeeds on a status from 200 to 399 ({@code httpGet}). */
    static Hook httpGet(int port, String path) {
        return new Probe.HttpGet(port, path, Probe.Scheme.HTTP, Map.of());
    }

    /** Waits {@code duration} ({@code sleep}). */
    static Hook sleep(Duration duration) {
        return new Sleep(duration);
    }

    /**
     * Waits before going on ({@code sleep.seconds}; under a second is an extension).
     *
     * @param duration how long
     */
    record Sleep(Duration duration) implements Hook {
        /** Checks that the duration is there; the container's {@code build()} checks that it is not negative. */
        public Sleep {
            Checks.notNull(duration, "duration");
        }

        @Override
        public String toString() {
            return "sleep(" + duration + ")";
        }
    }
}
