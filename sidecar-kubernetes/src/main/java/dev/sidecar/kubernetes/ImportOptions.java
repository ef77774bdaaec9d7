package dev.sidecar.kubernetes;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a test changes on import without editing the YAML. Immutable; each {@code with…} answers a changed copy.
 *
 * @param images exact image replacements, by the image as written
 * @param imagePrefixes image prefix replacements, tried in order after the exact ones
 * @param env env overrides by container, each in order
 * @param hostPathRoot the directory every {@code hostPath} is moved under, or null
 * @param replica the replica (ordinal) whose pod is imported, or null for the first
 * @param lenient whether unsupported fields are reported instead of refused
 */
record ImportOptions(Map<String, String> images, List<Map.Entry<String, String>> imagePrefixes,
        Map<String, Map<String, String>> env, Path hostPathRoot, Integer replica, boolean lenient) {

    static final ImportOptions DEFAULTS = new ImportOptions(Map.of(), List.of(), Map.of(), null, null, false);

    ImportOptions {
        images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
        imagePrefixes = List.copyOf(imagePrefixes);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        env.forEach((c, vars) -> copy.put(c, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars))));
        env = java.util.Collections.unmodifiableMap(copy);
    }

    ImportOptions withImage(String from, String to) {
        Map<String, String> m = new LinkedHashMap<>(images);
        m.put(from, to);
        return new ImportOptions(m, imagePrefixes, env, hostPathRoot, replica, lenient);
    }

    ImportOptions withImagePrefix(String from, String to) {
        List<Map.Entry<String, String>> l = new java.util.ArrayList<>(imagePrefixes);
        l.add(Map.entry(from, to));
        return new ImportOptions(images, l, env, hostPathRoot, replica, lenient);
    }

    ImportOptions withEnv(String container, String name, String value) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>(env);
        Map<String, String> vars = new LinkedHashMap<>(m.getOrDefault(container, Map.of()));
        vars.put(name, value);
        m.put(container, vars);
        return new ImportOptions(images, imagePrefixes, m, hostPathRoot, replica, lenient);
    }

    ImportOptions withHostPathRoot(Path root) {
        return new ImportOptions(images, imagePrefixes, env, root, replica, lenient);
    }

    ImportOptions withReplica(int ordinal) {
        return new ImportOptions(images, imagePrefixes, env, hostPathRoot, ordinal, lenient);
    }

    ImportOptions withLenient(boolean isLenient) {
        return new ImportOptions(images, imagePrefixes, env, hostPathRoot, replica, isLenient);
    }
}
