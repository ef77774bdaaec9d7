package dev.sidecar.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/**
 * One YAML document of a manifest: the resource fabric8 made of it, where it comes from, and the line of each of its
 * fields (for messages).
 *
 * @param source the file, URL, class-path resource or {@code <string>} it was read from
 * @param number its 1-based number in that source
 * @param resource the resource
 * @param lines the 1-based line of each field path, as written
 */
record Document(String source, int number, HasMetadata resource, Map<String, Integer> lines) {

    /** How messages name it: {@code k8s/web.yaml#2}. */
    String name() {
        return source + "#" + number;
    }

    /** The resource's kind. */
    String kind() {
        return resource.getKind();
    }

    /** The resource's name, or empty. */
    String resourceName() {
        return resource.getMetadata() == null || resource.getMetadata().getName() == null ? ""
                : resource.getMetadata().getName();
    }

    /** The resource's namespace, if it names one. */
    Optional<String> namespace() {
        return Optional.ofNullable(resource.getMetadata()).map(m -> m.getNamespace());
    }

    /** {@code Kind/name}, as kubectl writes it. */
    String describe() {
        return kind() + "/" + resourceName();
    }

    /** The line of the field at {@code path} or, when it is not written, of its nearest written ancestor; else 0. */
    int lineOf(String path) {
        var prefixes = FieldPath.prefixes(path);
        for (int i = prefixes.size() - 1; i >= 0; i--) {
            Integer line = lines.get(prefixes.get(i));
            if (line != null) {
                return line;
            }
        }
        return lines.getOrDefault("", 0);
    }

    /** A problem at {@code path} of this document. */
    ManifestException.Problem problem(String path, String value, String message) {
        return new ManifestException.Problem(name(), lineOf(path), path, value == null ? "" : value, message);
    }
}
