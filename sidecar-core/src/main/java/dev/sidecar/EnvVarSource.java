package dev.sidecar;

/**
 * Where an environment variable's value comes from when it is not given literally (Kubernetes {@code valueFrom}): a
 * key of one of the pod's ConfigMaps or Secrets, a field of the pod (the downward API), or a container's resources.
 */
public sealed interface EnvVarSource permits EnvVarSource.ConfigMapKeyRef, EnvVarSource.SecretKeyRef,
        EnvVarSource.FieldRef, EnvVarSource.ResourceFieldRef {

    /** The value of {@code key} in the pod's ConfigMap {@code configMap} ({@code configMapKeyRef}). */
    static EnvVarSource configMapKey(String configMap, String key) {
        return new ConfigMapKeyRef(configMap, key, false);
    }

    /** The value of {@code key} in the pod's Secret {@code secret} ({@code secretKeyRef}); masked wherever printed. */
    static EnvVarSource secretKey(String secret, String key) {
        return new SecretKeyRef(secret, key, false);
    }

    /**
     * A field of the pod ({@code fieldRef.fieldPath}): {@code metadata.name}, {@code metadata.namespace},
     * {@code metadata.uid}, {@code metadata.labels['key']}, {@code metadata.annotations['key']},
     * {@code spec.nodeName}, {@code spec.serviceAccountName}, {@code status.podIP} or {@code status.hostIP}.
     */
    static EnvVarSource field(String fieldPath) {
        return new FieldRef(fieldPath);
    }

    /**
     * A resource of this container ({@code resourceFieldRef}): {@code limits.cpu}, {@code limits.memory},
     * {@code requests.cpu} or {@code requests.memory}, in units of 1 (cores, rounded up; bytes).
     */
    static EnvVarSource resource(String resource) {
        return new ResourceFieldRef(null, resource, "1");
    }

    /**
     * A key of one of the pod's ConfigMaps.
     *
     * @param configMap the ConfigMap's name
     * @param key the key
     * @param optional whether a missing ConfigMap or key leaves the variable unset instead of failing
     */
    record ConfigMapKeyRef(String configMap, String key, boolean optional) implements EnvVarSource {
        /** Checks the parts are there. */
        public ConfigMapKeyRef {
            Checks.notNull(configMap, "configMap");
            Checks.notNull(key, "key");
        }
    }

    /**
     * A key of one of the pod's Secrets; its value is masked wherever the library prints it.
     *
     * @param secret the Secret's name
     * @param key the key
     * @param optional whether a missing Secret or key leaves the variable unset instead of failing
     */
    record SecretKeyRef(String secret, String key, boolean optional) implements EnvVarSource {
        /** Checks the parts are there. */
        public SecretKeyRef {
            Checks.notNull(secret, "secret");
            Checks.notNull(key, "key");
        }
    }

    /**
     * A field of the pod (the downward API).
     *
     * @param fieldPath the field, as Kubernetes names it
     */
    record FieldRef(String fieldPath) implements EnvVarSource {
        /** Checks the path is there. */
        public FieldRef {
            Checks.notNull(fieldPath, "fieldPath");
        }
    }

    /**
     * A resource limit or request of a container.
     *
     * @param containerName the container, or {@code null} for the one that declares the variable
     * @param resource {@code limits.cpu}, {@code limits.memory}, {@code requests.cpu} or {@code requests.memory}
     * @param divisor the unit, a Kubernetes quantity ({@code 1}, {@code 1m}, {@code 1Mi}…)
     */
    record ResourceFieldRef(String containerName, String resource, String divisor) implements EnvVarSource {
        /** Checks the parts are there. */
        public ResourceFieldRef {
            Checks.notNull(resource, "resource");
            Checks.notNull(divisor, "divisor");
        }
    }
}
