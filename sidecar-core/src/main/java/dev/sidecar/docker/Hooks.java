package dev.sidecar.docker;

import dev.sidecar.Hook;
import dev.sidecar.Probe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Runs lifecycle hooks ({@code postStart}, {@code preStop}) as the kubelet does: an exec in the container, an HTTP GET
 * into the pod, or a sleep; each bounded. No thread waits for a sleep.
 */
final class Hooks {

    private final DockerEngine engine;
    private final Prober prober;

    Hooks(DockerEngine engine, Prober prober) {
        this.engine = engine;
        this.prober = prober;
    }

    /** Runs {@code hook} for container {@code m}; completes with whether it succeeded within {@code bound}. */
    CompletableFuture<Boolean> run(Hook hook, Member m, Duration bound) {
        if (hook instanceof Hook.Sleep sleep) {
            Duration d = sleep.duration().compareTo(bound) > 0 ? bound : sleep.duration();
            return engine.threads().delay(d).thenApply(done -> true);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (hook instanceof Probe.Exec exec) {
                    return engine.exec(m.id(), exec.command(), bound).exitCode() == 0;
                }
                return prober.httpGet(m, (Probe.HttpGet) hook, bound);
            } catch (RuntimeException e) {
                return false;
            }
        }, engine.threads().pool());
    }
}
