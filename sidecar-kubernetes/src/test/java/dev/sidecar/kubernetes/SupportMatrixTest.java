package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.kubernetes.FieldRules.Row;
import dev.sidecar.kubernetes.FieldRules.Support;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;

/**
 * The support matrix against the code: each row's sample is set in a manifest that is imported (lenient) and exported
 * again, and the import must do what the row says (mapped: no report entry and no problem; otherwise an entry of the
 * row's verdict at the field), and the export must write the field exactly when the row says so. The README's table
 * is the matrix itself.
 */
class SupportMatrixTest {

    private static final Pattern SEGMENT = Pattern.compile("\\.?([A-Za-z$_][A-Za-z0-9$_-]*)|\\[(\\d+)]|\\['([^']+)']");
    private static final String DATA = """
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {mode: test}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: credentials}
            stringData: {password: pw}
            """;

    /** Every field of every row that has a sample for it, with the index of the field in its row. */
    static Stream<Arguments> rows() {
        return FieldRules.ROWS.stream().flatMap(r -> java.util.stream.IntStream.range(0, r.samples().size())
                .filter(i -> r.samples().get(i) != null)
                .mapToObj(i -> Arguments.of(r.scope() + " " + r.fields().get(i), r, i)));
    }

    @Test
    void everyRowButTheStructuralOnesHasASample() {
        assertThat(FieldRules.ROWS.stream().filter(r -> r.sample() == null).map(r -> r.fields().get(0)))
                .containsExactlyInAnyOrder("spec.containers", "spec.initContainers", "spec.volumes",
                        "spec.containers[].volumeMounts", "spec.volumeClaimTemplates");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void importAndExportDoWhatTheRowSays(String name, Row row, int index) {
        String kind = row.scope().equals(FieldRules.POD) || row.scope().startsWith(FieldRules.WORKLOAD + ", Pod")
                ? "Pod" : row.scope().equals(FieldRules.WORKLOAD) ? "Deployment" : row.scope().split(", ")[0];
        Map<String, Object> doc = base(kind);
        String field = row.fields().get(index).replace("[]", "[0]");
        String prefix = !row.scope().equals(FieldRules.POD) || kind.equals("Pod") ? ""
                : kind.equals("CronJob") ? "spec.jobTemplate.spec.template." : "spec.template.";
        if (kind.equals("CronJob") && !row.scope().equals("CronJob")) {
            prefix = "spec.jobTemplate.";
        }
        String path = prefix + field;
        prepare(doc, path);
        set(doc, path, new Load(LoadSettings.builder().build()).loadFromString(row.samples().get(index)));
        String yaml = Yaml.SERIALIZATION.asJson(doc) + "\n" + DATA;

        ImportResult imported = KubernetesManifests.parse(yaml).workload().lenient().importPod();
        List<ManifestReport.Entry> within = imported.report().entries().stream()
                .filter(e -> FieldPath.within(e.path(), path)).toList();
        if (row.support() == Support.MAPPED) {
            assertThat(within).as(yaml).isEmpty();
        } else {
            assertThat(imported.report().entry(path)).as(imported.report() + "\n" + yaml).isPresent()
                    .get().extracting(ManifestReport.Entry::verdict).isEqualTo(row.support().verdict());
        }

        if (row.scope().equals(FieldRules.POD) && index == 0) {
            JsonNode exported = Yaml.tree(KubernetesExport.of(imported.spec()).lenient().withSecretValues().pod());
            assertThat(at(exported, field)).as("%s in\n%s", field, exported).isEqualTo(row.exported());
        }
    }

    @Test
    void theReadmeShowsTheMatrix() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).resolve("../README.md").normalize();
        String text = Files.readString(readme);
        String start = "<!-- support-matrix: generated from FieldRules by SupportMatrixTest -->\n";
        String end = "<!-- support-matrix end -->";
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/support-matrix.md"), FieldRules.markdown());
        assertThat(text).contains(start).contains(end);
        String table = text.substring(text.indexOf(start) + start.length(), text.indexOf(end));
        assertThat(table).as("the README's support matrix differs from FieldRules.markdown(); copy "
                + "sidecar-kubernetes/target/support-matrix.md into it").isEqualTo(FieldRules.markdown());
    }

    /**
     * The README's "Kubernetes fields on Docker" table (the Docker runtime's side) has Import and Export columns: each
     * row's must be what the matrix says of its field, as a pod's or, for a container's field, a container's.
     */
    @Test
    void theDockerFieldsTableAgreesWithTheMatrix() throws IOException {
        String text = Files.readString(Path.of(System.getProperty("user.dir")).resolve("../README.md").normalize());
        int section = text.indexOf("\n## Kubernetes fields on Docker\n");
        assertThat(section).as("the README's section Kubernetes fields on Docker").isPositive();
        List<String> rows = text.substring(section, text.indexOf("\n## ", section + 1)).lines()
                .filter(l -> l.startsWith("| `")).toList();
        assertThat(rows).hasSizeGreaterThan(30);
        for (String line : rows) {
            String[] cells = line.substring(2, line.length() - 2).split(" \\| ");
            assertThat(cells).as(line).hasSize(4);
            Matcher code = Pattern.compile("`([^`]+)`").matcher(cells[0]);
            assertThat(code.find()).as(line).isTrue();
            String field = code.group(1).replaceFirst(":.*", "");
            Row row = dockerFieldRow(field);
            assertThat(cells[2]).as("Import of %s", field).isEqualTo(row.support().name().toLowerCase(
                    java.util.Locale.ROOT));
            assertThat(cells[3]).as("Export of %s", field).isEqualTo(row.exported() ? "written" : "—");
        }
    }

    /**
     * The matrix's row for a field as the Docker table names it: the pod's metadata, a container's field, else the
     * pod's.
     */
    private static Row dockerFieldRow(String field) {
        boolean podLevel = field.startsWith("volumes[]") || field.startsWith("hostAliases") || field.startsWith("dns");
        List<String> candidates = field.startsWith("metadata.") ? List.of(field)
                : podLevel ? List.of("spec." + field) : List.of("spec.containers[]." + field, "spec." + field);
        for (String candidate : candidates) {
            var row = FieldRules.row(FieldRules.POD, candidate);
            if (row.isPresent()) {
                return row.get();
            }
        }
        throw new AssertionError("no row of the support matrix for " + field);
    }

    private static Map<String, Object> base(String kind) {
        String pod = """
                containers:
                  - name: app
                    image: busybox:1.36
                    ports: [{name: http, containerPort: 8080}]
                """;
        String yaml = switch (kind) {
            case "Pod" -> "apiVersion: v1\nkind: Pod\nmetadata: {name: matrix}\nspec:\n" + pod.indent(2);
            case "Job" -> "apiVersion: batch/v1\nkind: Job\nmetadata: {name: matrix}\nspec:\n  template:\n    spec:\n"
                    + pod.indent(6);
            case "CronJob" -> "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: matrix}\nspec:\n"
                    + "  schedule: '@daily'\n"
                    + "  jobTemplate:\n    spec:\n      template:\n        spec:\n" + pod.indent(10);
            default -> "apiVersion: apps/v1\nkind: " + kind + "\nmetadata: {name: matrix}\nspec:\n  template:\n"
                    + "    spec:\n" + pod.indent(6);
        };
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        return doc;
    }

    /** What a field needs around it: an init container, an env entry, a volume and its mount, a probe's handler. */
    private static void prepare(Map<String, Object> doc, String path) {
        String pod = path.substring(0, path.indexOf("spec.") >= 0 && path.contains("template.")
                ? path.indexOf("template.") + "template.".length() : 0);
        if (path.contains("initContainers[0]")) {
            set(doc, pod + "spec.initContainers", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("name", "init",
                    "image", "busybox:1.36")))));
        }
        if (path.contains(".env[0].")) {
            set(doc, pod + "spec.containers[0].env", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("name",
                    "E")))));
        }
        if (path.contains("volumeMounts[0]")) {
            set(doc, pod + "spec.volumes", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("name", "v",
                    "emptyDir", new LinkedHashMap<>())))));
            set(doc, pod + "spec.containers[0].volumeMounts", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of(
                    "name", "v", "mountPath", "/v")))));
        }
        if (path.contains("volumes[0].")) {
            set(doc, pod + "spec.volumes", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("name", "v")))));
            Matcher source = Pattern.compile(".*volumes\\[0]\\.(configMap|secret|downwardAPI|projected)\\..*")
                    .matcher(path);
            if (source.matches()) {
                set(doc, pod + "spec.volumes[0]." + source.group(1), new LinkedHashMap<>(switch (source.group(1)) {
                    case "configMap" -> Map.of("name", "settings");
                    case "secret" -> Map.of("secretName", "credentials");
                    case "downwardAPI" -> Map.of("items", List.of());
                    default -> Map.of();
                }));
            }
        }
        Matcher probe = Pattern.compile("(.*(?:readinessProbe|startupProbe|livenessProbe))\\.(httpGet|tcpSocket)?.*")
                .matcher(path);
        if (probe.matches()) {
            String handler = probe.group(2) == null ? "tcpSocket" : probe.group(2);
            set(doc, probe.group(1), new LinkedHashMap<>(Map.of(handler, new LinkedHashMap<>(Map.of("port", 8080)))));
        }
        Matcher hook = Pattern.compile("(.*lifecycle\\.(?:postStart|preStop))\\.httpGet\\..*").matcher(path);
        if (hook.matches()) {
            set(doc, hook.group(1), new LinkedHashMap<>(Map.of("httpGet", new LinkedHashMap<>(Map.of("port", 8080,
                    "path", "/")))));
        }
    }

    /** Sets {@code value} at {@code path}, creating objects on the way and merging into an object already there. */
    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> doc, String path, Object value) {
        List<Object> segments = segments(path);
        Object node = doc;
        for (int i = 0; i < segments.size() - 1; i++) {
            Object key = segments.get(i);
            Object next = segments.get(i + 1);
            Object child = get(node, key);
            if (child == null) {
                child = next instanceof Integer ? new ArrayList<>() : new LinkedHashMap<>();
                put(node, key, child);
            }
            node = child;
        }
        Object last = segments.get(segments.size() - 1);
        Object existing = get(node, last);
        if (existing instanceof Map<?, ?> m && value instanceof Map<?, ?> v) {
            ((Map<String, Object>) m).putAll((Map<String, Object>) v);
        } else {
            put(node, last, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object get(Object node, Object key) {
        if (key instanceof Integer i) {
            List<Object> list = (List<Object>) node;
            return i < list.size() ? list.get(i) : null;
        }
        return ((Map<String, Object>) node).get((String) key);
    }

    @SuppressWarnings("unchecked")
    private static void put(Object node, Object key, Object value) {
        if (key instanceof Integer i) {
            List<Object> list = (List<Object>) node;
            if (i < list.size()) {
                list.set(i, value);
            } else {
                list.add(value);
            }
        } else {
            ((Map<String, Object>) node).put((String) key, value);
        }
    }

    private static List<Object> segments(String path) {
        List<Object> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path);
        int at = 0;
        while (at < path.length() && m.find(at) && m.start() == at) {
            segments.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? (Object) Integer.valueOf(m.group(2))
                    : m.group(3));
            at = m.end();
        }
        return segments;
    }

    private static boolean at(JsonNode tree, String path) {
        JsonNode node = tree;
        for (Object segment : segments(path)) {
            node = segment instanceof Integer i ? node.get(i) : node.get((String) segment);
            if (node == null) {
                return false;
            }
        }
        return true;
    }
}
