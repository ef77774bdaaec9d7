package dev.sidecar.junit;

import dev.sidecar.PodRuntime;
import dev.sidecar.docker.DockerPodRuntime;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * The one place that creates the runtime the extension starts pods with: one per test run, in the root store, which
 * closes it (and with it any pod still open) when the run ends.
 */
final class PodRuntimes {

    private PodRuntimes() {
    }

    /**
     * The run's Docker runtime, which starts pods concurrently. Classes running in parallel ask at once, and the
     * store's atomic {@code computeIfAbsent} is JUnit 6-only, so the check and put hold the root context's monitor:
     * one runtime, and so one image cache, one engine connection and one set of threads, per run.
     */
    static PodRuntime of(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        Store store = root.getStore(PodScope.NAMESPACE);
        synchronized (root) {
            PodRuntime runtime = store.get(PodRuntime.class, PodRuntime.class);
            if (runtime == null) {
                DockerPodRuntime.Builder builder = DockerPodRuntime.builder();
                root.getConfigurationParameter(SidecarPod.STARTUP_TIMEOUT_PARAMETER)
                        .map(PodRuntimes::duration).ifPresent(builder::startupTimeout);
                runtime = builder.build();
                store.put(PodRuntime.class, runtime);
            }
            return runtime;
        }
    }

    /** An ISO-8601 duration ({@code PT30S}) or a number of seconds. */
    private static Duration duration(String value) {
        String v = value.strip();
        try {
            Duration d = v.matches("[0-9]+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // reported below
        }
        throw new ExtensionConfigurationException("configuration parameter " + SidecarPod.STARTUP_TIMEOUT_PARAMETER
                + "='" + value + "' is not a positive duration (for example PT2M, or 120 for seconds)");
    }
}
