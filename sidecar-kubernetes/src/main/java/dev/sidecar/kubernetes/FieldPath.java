package dev.sidecar.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Paths of fields in a manifest, written as Kubernetes documentation writes them: {@code spec.containers[1].image},
 * with map keys that are not plain names in brackets ({@code metadata.labels['app.kubernetes.io/name']}). One format
 * for the line index, the walk over every field, the report and the errors.
 */
final class FieldPath {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");
    private static final Pattern INDEX = Pattern.compile("\\[[0-9]+]");

    private FieldPath() {
    }

    /** The path of field {@code key} of the object at {@code parent}. */
    static String child(String parent, String key) {
        if (PLAIN.matcher(key).matches()) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "['" + key.replace("'", "\\'") + "']";
    }

    /** The path of the plain field names {@code relative} ({@code exec.command}) under {@code parent}. */
    static String sub(String parent, String relative) {
        String path = parent;
        for (String key : relative.split("\\.")) {
            path = child(path, key);
        }
        return path;
    }

    /** The path of element {@code index} of the array at {@code parent}. */
    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The path with every array index replaced by {@code []}, to match a rule. */
    static String normalize(String path) {
        return INDEX.matcher(path).replaceAll("[]");
    }

    /** The path and each of its ancestors, shortest first (for {@code a.b[0].c}: a, a.b, a.b[0], a.b[0].c). */
    static List<String> prefixes(String path) {
        List<String> prefixes = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\'' && (i == 0 || path.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == '.' || c == '[') && i > 0) {
                prefixes.add(path.substring(0, i));
            }
        }
        prefixes.add(path);
        return prefixes;
    }

    /** Whether {@code path} is {@code prefix} or lies under it. */
    static boolean within(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix) && (path.charAt(prefix.length()) == '.'
                || path.charAt(prefix.length()) == '[');
    }
}
