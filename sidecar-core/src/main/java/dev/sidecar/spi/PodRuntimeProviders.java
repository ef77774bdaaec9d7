package dev.sidecar.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds the {@link PodRuntimeProvider} that the settings name, among those on the class path. */
public final class PodRuntimeProviders {

    /** The artifact that brings each provider this project ships, for the message when one is missing. */
    private static final Map<String, String> MODULES = Map.of(
            "docker", "dev.sidecar:sidecar-core",
            "kubernetes", "dev.sidecar:sidecar-kubernetes");

    private PodRuntimeProviders() {
    }

    /**
     * The provider that {@value RuntimeSettings#RUNTIME} in {@code settings} names, found with {@code loader}.
     *
     * @throws IllegalArgumentException when no provider on the class path has that name: the message names the key,
     *     the value, the module that brings it (for a runtime this project ships) and the names there are
     */
    public static PodRuntimeProvider select(RuntimeSettings settings, ClassLoader loader) {
        String name = settings.runtime();
        List<String> found = new ArrayList<>();
        for (PodRuntimeProvider provider : ServiceLoader.load(PodRuntimeProvider.class, loader)) {
            if (provider.name().equals(name)) {
                return provider;
            }
            found.add(provider.name());
        }
        String module = MODULES.get(name);
        String onClassPath = found.isEmpty() ? "none" : String.join(", ", found.stream().sorted().toList());
        throw new IllegalArgumentException(RuntimeSettings.RUNTIME + "='" + name + "': "
                + (module != null
                        ? "the " + name + " runtime is not on the class path: add " + module + " to the test's "
                                + "dependencies"
                        : "no such runtime; known: " + String.join(", ", MODULES.keySet().stream().sorted().toList()))
                + " (runtimes on the class path: " + onClassPath + ")");
    }

    /** The provider that {@code settings} name, found with the thread's context class loader. */
    public static PodRuntimeProvider select(RuntimeSettings settings) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return select(settings, loader != null ? loader : PodRuntimeProviders.class.getClassLoader());
    }
}
