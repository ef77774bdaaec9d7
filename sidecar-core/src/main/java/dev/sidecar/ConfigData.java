package dev.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The keys and values of a ConfigMap or a Secret as they are gathered and checked: values given as text, as bytes,
 * or read (when the spec is built) from a file or a class-path resource. One implementation for both kinds.
 */
final class ConfigData {

    /** A ConfigMap or Secret key, as Kubernetes allows it. */
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    /** Where a value comes from until the spec is built. */
    private sealed interface Source permits Bytes, FromFile, FromClasspath {
    }

    private record Bytes(byte[] value) implements Source {
    }

    private record FromFile(Path path) implements Source {
    }

    private record FromClasspath(String resource) implements Source {
    }

    private final Map<String, Source> sources = new LinkedHashMap<>();

    ConfigData() {
    }

    ConfigData(Map<String, byte[]> values) {
        values.forEach((k, v) -> sources.put(k, new Bytes(v.clone())));
    }

    void put(String key, byte[] value) {
        sources.put(Checks.notNull(key, "key"), new Bytes(Checks.notNull(value, "value").clone()));
    }

    void file(String key, Path path) {
        sources.put(Checks.notNull(key, "key"), new FromFile(Checks.notNull(path, "path")));
    }

    void classpath(String key, String resource) {
        Checks.notNull(resource, "resource");
        sources.put(Checks.notNull(key, "key"), new FromClasspath(resource.startsWith("/") ? resource.substring(1)
                : resource));
    }

    void remove(String key) {
        sources.remove(Checks.notNull(key, "key"));
    }

    /** Reads what must be read and checks every key; the values by key, in the order given. */
    Map<String, byte[]> resolve(Checks checks, String what, String name) {
        checks.dnsSubdomain("name of " + what, name);
        Map<String, byte[]> values = new LinkedHashMap<>();
        sources.forEach((key, source) -> {
            checks.require(KEY.matcher(key).matches() && key.length() <= 253, "key '" + key + "' of " + what
                    + " is not a valid key (letters, digits, '-', '_' and '.', at most 253 characters)");
            byte[] value = read(checks, what, key, source);
            if (value != null) {
                values.put(key, value);
            }
        });
        return Collections.unmodifiableMap(values);
    }

    private static byte[] read(Checks checks, String what, String key, Source source) {
        try {
            if (source instanceof Bytes b) {
                return b.value();
            }
            if (source instanceof FromFile f) {
                return Files.readAllBytes(f.path());
            }
            String resource = ((FromClasspath) source).resource();
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
            if (in == null) {
                in = ConfigData.class.getClassLoader().getResourceAsStream(resource);
            }
            if (in == null) {
                checks.require(false, "key '" + key + "' of " + what + ": class-path resource '" + resource
                        + "' does not exist");
                return null;
            }
            try (InputStream stream = in) {
                return stream.readAllBytes();
            }
        } catch (IOException e) {
            checks.require(false, "key '" + key + "' of " + what + ": " + source + " cannot be read: " + e);
            return null;
        }
    }

    /** Whether {@code value} is UTF-8 text. */
    static boolean isText(byte[] value) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Whether two maps of values are equal, comparing the bytes. */
    static boolean equal(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    static int hash(Map<String, byte[]> values) {
        int h = 0;
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            h += Objects.hashCode(e.getKey()) ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }
}
