package dev.sidecar.kubernetes;

import dev.sidecar.kubernetes.ManifestReport.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The walk over every field of the imported document: each field the mapping did not consume is classified by
 * {@link FieldRules} and reported, so no field is dropped silently. The document is serialized back to a tree by
 * fabric8 (fields fabric8 does not know, such as typos, included), and each leaf is checked.
 */
final class ImportWalk {

    private ImportWalk() {
    }

    /** Reports every field of the context's document that the mapping did not consume. */
    static void classify(ImportContext ctx) {
        JsonNode tree = Yaml.tree(ctx.document.resource());
        walk(tree, "", ctx);
    }

    private static void walk(JsonNode node, String path, ImportContext ctx) {
        if ((node.isObject() || node.isArray()) && node.isEmpty()) {
            // An empty object or list says something only where a rule names it (a volume source such as
            // projected: {}); elsewhere (resources: {}) it carries nothing.
            if (!ctx.consumed(path)) {
                leaf(path, node, ctx);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), FieldPath.child(path, e.getKey()), ctx);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), FieldPath.index(path, i), ctx);
            }
        } else if (!node.isNull() && !ctx.consumed(path)) {
            leaf(path, node, ctx);
        }
    }

    /** Reports a value, or an empty object or list, that the mapping did not consume. */
    private static void leaf(String path, JsonNode value, ImportContext ctx) {
        boolean empty = value.isContainer();
        String kind = ctx.document.kind();
        String scope;
        String entryPrefix;
        String relative;
        String template = ctx.podPrefix;
        if (kind.equals("Pod") && (FieldPath.within(path, "metadata") || FieldPath.within(path, "spec"))) {
            scope = FieldRules.POD;
            entryPrefix = "";
            relative = path;
        } else if (!template.isEmpty() && path.startsWith(template)) {
            scope = FieldRules.POD;
            entryPrefix = template;
            relative = path.substring(template.length());
        } else if (kind.equals("CronJob") && FieldPath.within(path, "spec.jobTemplate.spec")) {
            scope = "Job";
            entryPrefix = "spec.jobTemplate.";
            relative = path.substring(entryPrefix.length());
        } else {
            scope = kind;
            entryPrefix = "";
            relative = path;
        }
        String normalized = FieldPath.normalize(relative);
        Optional<FieldRules.Row> row = FieldRules.row(scope, normalized);
        if (empty && (row.isEmpty() || row.get().support() == FieldRules.Support.MAPPED)) {
            return;
        }
        if (row.isEmpty()) {
            ctx.report(path, Verdict.UNSUPPORTED, "not a field the importer knows (a typo, or a field newer than "
                    + "fabric8 8.0's Kubernetes model): left out, value " + value);
            return;
        }
        String field = FieldRules.matchedField(row.get(), normalized);
        if (row.get().support() == FieldRules.Support.MAPPED) {
            // A mapped field that the mapping left alone holds a value it cannot map; a field under a mapped one
            // that no row names is unknown.
            ctx.report(path, Verdict.UNSUPPORTED, field.equals(normalized) || field.equals(alias(normalized))
                    ? "this value (" + value + ") is not supported here"
                    : "not a field the importer knows (a typo, or a field newer than fabric8 8.0's Kubernetes "
                    + "model): left out, value " + value);
            return;
        }
        String entryPath = entryPrefix + at(relative, field);
        ctx.report(entryPath, row.get().support().verdict(), row.get().onDocker());
    }

    private static String alias(String normalized) {
        return normalized.replace("spec.initContainers[]", "spec.containers[]").replace(".startupProbe",
                ".readinessProbe").replace(".livenessProbe", ".readinessProbe");
    }

    /** The prefix of {@code relative} (with its indices) that the row field {@code field} matched. */
    private static String at(String relative, String field) {
        List<String> prefixes = FieldPath.prefixes(relative);
        for (String p : prefixes) {
            String n = FieldPath.normalize(p);
            if (n.equals(field) || alias(n).equals(field)) {
                return p;
            }
        }
        return relative;
    }

    /** The value at {@code path} of the document as text, or empty for an object, a list or a missing field. */
    static String valueAt(Document doc, String path) {
        JsonNode node = Yaml.tree(doc.resource());
        String previous = "";
        for (String prefix : FieldPath.prefixes(path)) {
            node = step(node, prefix.substring(previous.length()));
            previous = prefix;
            if (node == null) {
                return "";
            }
        }
        return node.isValueNode() ? node.asString() : "";
    }

    private static JsonNode step(JsonNode node, String segment) {
        String s = segment.startsWith(".") ? segment.substring(1) : segment;
        if (s.startsWith("['") && s.endsWith("']")) {
            return node.get(s.substring(2, s.length() - 2).replace("\\'", "'"));
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            return node.isArray() ? node.get(Integer.parseInt(s.substring(1, s.length() - 1))) : null;
        }
        return node.get(s);
    }
}
