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
     * The run's Docker runtime. Classes running in parallel may both find none and each create one; the runtime is
     * cheap, holds nothing to close and starts pods concurrently, so the loser's copy is simply dropped.
     */
    static PodRuntime of(ExtensionContext context) {
        Store store = context.getRoot().getStore(PodScope.NAMESPACE);
        PodRuntime runtime = store.get(PodRuntime.class, PodRuntime.class);
        if (runtime == null) {
            runtime = DockerPodRuntime.create();
            store.put(PodRuntime.class, runtime);
        }
        return runtime;
    }
}
