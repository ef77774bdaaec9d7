package dev.sidecar.junit;

import dev.sidecar.spi.PodRuntimeProvider;
import dev.sidecar.spi.PodRuntimeProviders;
import dev.sidecar.spi.RuntimeSettings;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The runtime a run's pods start on, as configured: the provider that {@value RuntimeSettings#RUNTIME} names
 * ({@code docker} unless set), with the run's JUnit configuration parameters as settings (JUnit falls back to system
 * properties, {@link RuntimeSettings} to environment variables such as {@code SIDECAR_RUNTIME}).
 */
final class RuntimeChoice {

    private RuntimeChoice() {
    }

    /** The run's runtime settings, read from its configuration parameters. */
    static RuntimeSettings settings(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return RuntimeSettings.of(root::getConfigurationParameter);
    }

    /**
     * The provider of the configured runtime.
     *
     * @throws ExtensionConfigurationException when no provider on the class path has the configured name, saying
     *     which key, which value and which module to add
     */
    static PodRuntimeProvider provider(ExtensionContext context) {
        try {
            return PodRuntimeProviders.select(settings(context));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }
}
