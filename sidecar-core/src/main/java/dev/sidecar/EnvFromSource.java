package dev.sidecar;

/**
 * Every key of one of the pod's ConfigMaps or Secrets as environment variables (Kubernetes {@code envFrom}); keys
 * that are not valid variable names are skipped, as Kubernetes skips them. Variables set with {@code env} win.
 *
 * @param kind a ConfigMap or a Secret
 * @param name its name
 * @param prefix put before each key, or empty
 * @param optional whether a missing ConfigMap or Secret is skipped instead of failing
 */
public record EnvFromSource(Kind kind, String name, String prefix, boolean optional) {

    /** What the variables come from. */
    public enum Kind {
        /** A ConfigMap ({@code configMapRef}). */
        CONFIG_MAP,
        /** A Secret ({@code secretRef}); its values are masked wherever printed. */
        SECRET
    }

    /** Checks the parts are there. */
    public EnvFromSource {
        Checks.notNull(kind, "kind");
        Checks.notNull(name, "name");
        Checks.notNull(prefix, "prefix");
    }

    /** Every key of the pod's ConfigMap {@code name}; for a prefix or an optional one, use the constructor. */
    public static EnvFromSource configMap(String name) {
        return new EnvFromSource(Kind.CONFIG_MAP, name, "", false);
    }

    /** Every key of the pod's Secret {@code name}. */
    public static EnvFromSource secret(String name) {
        return new EnvFromSource(Kind.SECRET, name, "", false);
    }
}
