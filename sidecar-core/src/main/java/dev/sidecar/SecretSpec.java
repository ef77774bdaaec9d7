package dev.sidecar;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Secret data the pod carries (Kubernetes' {@code Secret}): keys and values that a {@code secret} volume turns into
 * files and that environment variables can take ({@code secretKeyRef}, {@code envFrom}). Its values are masked
 * wherever the library prints them, as {@code secretEnv} values are. Immutable; derive a changed copy with
 * {@link #toBuilder()}.
 *
 * <pre>{@code
 * SecretSpec.builder("tls").fromFile("tls.crt", certFile).fromFile("tls.key", keyFile).build()
 * }</pre>
 */
public final class SecretSpec {

    private final String name;
    private final Map<String, byte[]> values;

    private SecretSpec(String name, Map<String, byte[]> values) {
        this.name = name;
        this.values = values;
    }

    /** Starts a Secret named {@code name} (a DNS-1123 subdomain). */
    public static Builder builder(String name) {
        return new Builder(Checks.notNull(name, "name"), new ConfigData());
    }

    /** A builder holding this Secret's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(name, new ConfigData(values));
    }

    /** The Secret's name, which volumes and variables refer to. */
    public String name() {
        return name;
    }

    /** Its keys, in the order given. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** The value of {@code key}, if there is one. */
    public Optional<byte[]> value(String key) {
        return Optional.ofNullable(values.get(Checks.notNull(key, "key"))).map(byte[]::clone);
    }

    /** The value of {@code key} as UTF-8 text, if there is one. */
    public Optional<String> text(String key) {
        return value(key).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    Map<String, byte[]> values() {
        return values;
    }

    /** The values as text, for masking. */
    java.util.List<String> secretTexts() {
        return values.values().stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretSpec c && name.equals(c.name) && ConfigData.equal(values, c.values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + ConfigData.hash(values);
    }

    /** Names the keys and the size of each value, not the values. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Secret{").append(name);
        values.forEach((k, v) -> s.append(", ").append(k).append(" (").append(v.length).append(" bytes)"));
        return s.append('}').toString();
    }

    /**
     * Builds a {@link SecretSpec}. Setters only store (a null argument fails at once); {@link #build()} reads the
     * files and resources and checks every rule, reporting all problems in one {@link InvalidSpecException}.
     */
    public static final class Builder {
        private final String name;
        private final ConfigData data;

        private Builder(String name, ConfigData data) {
            this.name = name;
            this.data = data;
        }

        /** Sets {@code key} to {@code text} (UTF-8), replacing a value there ({@code stringData}). */
        public Builder stringData(String key, String text) {
            data.put(key, Checks.notNull(text, "text").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** Sets {@code key} to {@code bytes} ({@code data}). */
        public Builder data(String key, byte[] bytes) {
            data.put(key, bytes);
            return this;
        }

        /** Sets {@code key} to the content of {@code file}, read when the spec is built. */
        public Builder fromFile(String key, Path file) {
            data.file(key, file);
            return this;
        }

        /** Sets {@code key} to the content of the class-path resource {@code resource}, read when it is built. */
        public Builder fromClasspath(String key, String resource) {
            data.classpath(key, resource);
            return this;
        }

        /** Removes {@code key}, if it is there. */
        public Builder remove(String key) {
            data.remove(key);
            return this;
        }

        /**
         * Reads the files and resources, checks every rule and builds the Secret.
         *
         * @throws InvalidSpecException listing every problem found
         */
        public SecretSpec build() {
            String what = "Secret '" + name + "'";
            Checks checks = new Checks(what);
            Map<String, byte[]> values = data.resolve(checks, what, name);
            checks.throwIfAny();
            return new SecretSpec(name, values);
        }
    }
}
