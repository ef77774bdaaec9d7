package dev.sidecar.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;

/**
 * The one place YAML is read and written: fabric8's serialization (its Kubernetes model and its YAML dump) over the
 * snakeyaml-engine parser it ships with. Each document is parsed once as data (for fabric8) and once as nodes (for the
 * line of every field); nothing here parses YAML by hand.
 */
final class Yaml {

    /** fabric8's configured mapper; immutable once built, so one serves every thread. */
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The kinds a workload can be, with the apiVersion Kubernetes serves them under. */
    static final Map<String, String> WORKLOAD_KINDS = orderedMap("Pod", "v1", "Deployment", "apps/v1",
            "StatefulSet", "apps/v1", "DaemonSet", "apps/v1", "ReplicaSet", "apps/v1", "Job", "batch/v1",
            "CronJob", "batch/v1");
    /** The kinds whose data a workload reads. */
    static final Map<String, String> DATA_KINDS = orderedMap("ConfigMap", "v1", "Secret", "v1");

    private Yaml() {
    }

    /**
     * Every document of {@code text}, read from {@code source}, as fabric8 resources.
     *
     * @throws ManifestException naming the document, line, path and value of each problem: malformed YAML, a
     *     document that is no Kubernetes object, an unknown kind, a wrong apiVersion, a value of the wrong type
     */
    static List<Document> parse(String source, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false).build();
        List<Object> data = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        try {
            new Load(settings).loadAllFromString(text).forEach(data::add);
            new Compose(settings).composeAllFromString(text).forEach(nodes::add);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new ManifestException(new ManifestException.Problem(source, line, "", "",
                    "malformed YAML: " + firstLine(e.getMessage())), e);
        } catch (YamlEngineException e) {
            throw new ManifestException(new ManifestException.Problem(source, 0, "", "",
                    "malformed YAML: " + firstLine(e.getMessage())), e);
        }
        List<Document> documents = new ArrayList<>();
        List<ManifestException.Problem> problems = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            Object doc = data.get(i);
            if (doc == null) {
                continue; // an empty document, as between two '---'
            }
            Map<String, Integer> lines = new HashMap<>();
            if (i < nodes.size()) {
                index(nodes.get(i), "", lines);
            }
            Document empty = new Document(source, i + 1, null, lines);
            try {
                documents.add(new Document(source, i + 1, resource(doc, empty), lines));
            } catch (ManifestException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems, ManifestReport.EMPTY);
        }
        return documents;
    }

    private static HasMetadata resource(Object doc, Document where) {
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ManifestException(where.problem("", String.valueOf(doc), "a document must be a Kubernetes "
                    + "object (a mapping with apiVersion, kind and metadata), not a " + (doc instanceof List<?>
                    ? "list" : "scalar")));
        }
        Object kind = map.get("kind");
        Object apiVersion = map.get("apiVersion");
        if (!(kind instanceof String k) || k.isBlank()) {
            throw new ManifestException(where.problem("kind", kind == null ? "" : kind.toString(),
                    "every document needs a kind, such as Deployment or ConfigMap"));
        }
        if (!(apiVersion instanceof String a) || a.isBlank()) {
            throw new ManifestException(where.problem("apiVersion", apiVersion == null ? "" : apiVersion.toString(),
                    "every document needs an apiVersion" + expectedApiVersion(k)));
        }
        String expected = WORKLOAD_KINDS.getOrDefault(k, DATA_KINDS.get(k));
        if (expected != null && !expected.equals(a)) {
            throw new ManifestException(where.problem("apiVersion", a, "a " + k + " has apiVersion " + expected));
        }
        KubernetesResource resource;
        try {
            resource = SERIALIZATION.convertValue(doc, KubernetesResource.class);
        } catch (IllegalArgumentException | JacksonException e) {
            throw badValue(doc, where, e);
        }
        if (resource instanceof GenericKubernetesResource || !(resource instanceof HasMetadata hasMetadata)) {
            throw new ManifestException(where.problem("kind", k, "unknown kind '" + k + "' of apiVersion '" + a
                    + "': not a Kubernetes kind fabric8 knows (workloads: " + String.join(", ",
                    WORKLOAD_KINDS.keySet()) + "; data: " + String.join(", ", DATA_KINDS.keySet()) + ")"));
        }
        return hasMetadata;
    }

    private static String expectedApiVersion(String kind) {
        String expected = WORKLOAD_KINDS.getOrDefault(kind, DATA_KINDS.get(kind));
        return expected == null ? "" : " (a " + kind + " has " + expected + ")";
    }

    /** A value fabric8 cannot read, with its path taken from Jackson's reference chain. */
    private static ManifestException badValue(Object doc, Document where, RuntimeException e) {
        Throwable t = e;
        while (t != null && !(t instanceof DatabindException)) {
            t = t.getCause();
        }
        String path = "";
        Object value = doc;
        if (t instanceof DatabindException d) {
            for (JacksonException.Reference ref : d.getPath()) {
                if (ref.getPropertyName() != null) {
                    path = FieldPath.child(path, ref.getPropertyName());
                    value = value instanceof Map<?, ?> m ? m.get(ref.getPropertyName()) : null;
                } else if (ref.getIndex() >= 0) {
                    path = FieldPath.index(path, ref.getIndex());
                    value = value instanceof List<?> l && ref.getIndex() < l.size() ? l.get(ref.getIndex()) : null;
                }
            }
        }
        String message = t instanceof DatabindException d ? d.getOriginalMessage() : e.getMessage();
        return new ManifestException(where.problem(path, value instanceof Map || value instanceof List ? ""
                : String.valueOf(value), "not a valid value here: " + firstLine(message)));
    }

    /** Records the 1-based line of every field under {@code node}. */
    private static void index(Node node, String path, Map<String, Integer> lines) {
        lines.putIfAbsent(path, node.getStartMark().map(m -> m.getLine() + 1).orElse(0));
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String child = FieldPath.child(path, key.getValue());
                    lines.put(child, key.getStartMark().map(m -> m.getLine() + 1).orElse(0));
                    index(tuple.getValueNode(), child, lines);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            Iterator<Node> items = sequence.getValue().iterator();
            for (int i = 0; items.hasNext(); i++) {
                index(items.next(), FieldPath.index(path, i), lines);
            }
        }
    }

    /** Every field of {@code resource} as fabric8 writes it: the tree the import walks to find what it did not map. */
    static JsonNode tree(Object resource) {
        return SERIALIZATION.convertValue(resource, JsonNode.class);
    }

    /** {@code resources} as one YAML stream, each document starting with {@code ---}. */
    static String dump(List<?> resources) {
        StringBuilder yaml = new StringBuilder();
        for (Object r : resources) {
            String doc = SERIALIZATION.asYaml(r);
            yaml.append(doc.startsWith("---") ? doc : "---\n" + doc);
            if (!doc.endsWith("\n")) {
                yaml.append('\n');
            }
        }
        return yaml.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        // snakeyaml-engine indents its "in reader, line…" and source-snippet lines; the rest says what is wrong.
        return message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .reduce((a, b) -> a + ": " + b).orElse(message.strip());
    }

    private static Map<String, String> orderedMap(String... keyValues) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
