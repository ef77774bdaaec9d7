package dev.sidecar.junit;

import dev.sidecar.PodRuntime;
import dev.sidecar.docker.DockerPodRuntime;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/** The one place that creates the runtime the extension starts pods with: one per test run, in the root store. */
final class PodRuntimes {

    private PodRuntimes() {
    }

    /**
     * The run's Docker runtime, which starts pods concurrently. Classes running in parallel ask at once, and the
     * store's atomic {@code computeIfAbsent} is JUnit 6-only, so the check and put hold the root context's monitor:
     * one runtime, and so one image cache and one engine connection, per run.
     */
    static PodRuntime of(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        Store store = root.getStore(PodScope.NAMESPACE);
        synchronized (root) {
            PodRuntime runtime = store.get(PodRuntime.class, PodRuntime.class);
            if (runtime == null) {
                runtime = DockerPodRuntime.create();
                store.put(PodRuntime.class, runtime);
            }
            return runtime;
        }
    }
}
