package dev.sidecar.spi;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configuration a {@link PodRuntimeProvider} reads, by key: each key's value comes from the given lookup (JUnit's
 * configuration parameters, which fall back to system properties; or the system properties themselves), else from
 * the environment variable of the same name in upper case with {@code .} and {@code -} as {@code _}
 * ({@code sidecar.runtime} is {@code SIDECAR_RUNTIME}). Immutable.
 */
public final class RuntimeSettings {

    /** The key naming the runtime: {@value #DEFAULT_RUNTIME} (the default) or {@code kubernetes}. */
    public static final String RUNTIME = "sidecar.runtime";
    /** The runtime used when {@value #RUNTIME} is not set. */
    public static final String DEFAULT_RUNTIME = "docker";

    private final Function<String, Optional<String>> lookup;
    private final Function<String, String> environment;
    private final Duration startupTimeout;

    private RuntimeSettings(Function<String, Optional<String>> lookup, Function<String, String> environment,
            Duration startupTimeout) {
        this.lookup = lookup;
        this.environment = environment;
        this.startupTimeout = startupTimeout;
    }

    /** Settings read from {@code lookup}, else from the process's environment variables. */
    public static RuntimeSettings of(Function<String, Optional<String>> lookup) {
        return new RuntimeSettings(Objects.requireNonNull(lookup, "lookup"), System::getenv, null);
    }

    /** Settings read from {@code lookup}, else from {@code environment} (for tests: not the process's own). */
    public static RuntimeSettings of(Function<String, Optional<String>> lookup, Map<String, String> environment) {
        Map<String, String> copy = Map.copyOf(environment);
        return new RuntimeSettings(Objects.requireNonNull(lookup, "lookup"), copy::get, null);
    }

    /** Settings read from the system properties, else from the environment variables. */
    public static RuntimeSettings fromSystem() {
        return of(key -> Optional.ofNullable(System.getProperty(key)));
    }

    /** A copy whose runtime lets a pod take {@code timeout} to start, instead of the runtime's default. */
    public RuntimeSettings withStartupTimeout(Duration timeout) {
        return new RuntimeSettings(lookup, environment, Objects.requireNonNull(timeout, "timeout"));
    }

    /** The value of {@code key}, stripped; empty when unset or blank. */
    public Optional<String> value(String key) {
        Optional<String> given = lookup.apply(key);
        String value = given.isPresent() ? given.get() : environment.apply(environmentName(key));
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The runtime {@value #RUNTIME} names, in lower case; {@value #DEFAULT_RUNTIME} unless set. */
    public String runtime() {
        return value(RUNTIME).map(v -> v.toLowerCase(Locale.ROOT)).orElse(DEFAULT_RUNTIME);
    }

    /** How long a pod may take to start, when the caller says; else the runtime's default applies. */
    public Optional<Duration> startupTimeout() {
        return Optional.ofNullable(startupTimeout);
    }

    /** The environment variable that stands in for {@code key}: {@code sidecar.kubernetes.namespace} is
     * {@code SIDECAR_KUBERNETES_NAMESPACE}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public String toString() {
        return "RuntimeSettings{" + RUNTIME + "=" + runtime() + (startupTimeout == null ? ""
                : ", startupTimeout=" + startupTimeout) + "}";
    }
}
