package dev.sidecar.kubernetes;

import dev.sidecar.InvalidSpecException;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The state of one import: which fields the mapping consumed, the report entries and the problems found so far. The
 * mapping records every field it reads here; whatever it did not record is classified by {@link FieldRules} at the
 * end, so a field is never dropped without an entry.
 */
final class ImportContext {

    final Document document;
    final KubernetesManifests manifests;
    final ImportOptions options;
    /** Where the pod template is in the document: {@code ""} in a Pod, {@code spec.template.} in a Deployment. */
    final String podPrefix;
    private final Set<String> consumed = new HashSet<>();
    private final Map<String, ManifestReport.Entry> entries = new LinkedHashMap<>();
    private final List<ManifestException.Problem> problems = new ArrayList<>();

    ImportContext(Document document, KubernetesManifests manifests, ImportOptions options, String podPrefix) {
        this.document = document;
        this.manifests = manifests;
        this.options = options;
        this.podPrefix = podPrefix;
    }

    /** The document path of a path in the pod template, such as {@code spec.containers[0]}. */
    String pod(String podPath) {
        return podPrefix + podPath;
    }

    /** Records that the field at {@code path} (and everything under it) was mapped exactly. */
    void consume(String path) {
        consumed.add(path);
    }

    /** Whether the field at {@code path}, or an ancestor of it, was consumed. */
    boolean consumed(String path) {
        for (String prefix : FieldPath.prefixes(path)) {
            if (consumed.contains(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Records the field at {@code path} (and everything under it) as handled, with a report entry. */
    void report(String path, Verdict verdict, String reason) {
        consumed.add(path);
        entries.putIfAbsent(path, new ManifestReport.Entry(path, verdict, reason));
    }

    /**
     * Adds a report entry for the field at {@code path} without consuming it: for a note about a whole container or
     * list whose fields are mapped (or classified) one by one.
     */
    void note(String path, Verdict verdict, String reason) {
        entries.putIfAbsent(path, new ManifestReport.Entry(path, verdict, reason));
    }

    /** Records a problem found in another document (a ConfigMap or Secret the workload reads). */
    void problem(ManifestException.Problem problem) {
        problems.add(problem);
    }

    /** Records a problem at {@code path}: the import fails, listing it with the others. */
    void problem(String path, Object value, String message) {
        problems.add(document.problem(path, value == null ? "" : String.valueOf(value), message));
    }

    /** Records every problem of a spec the mapping built, at the field that holds the value. */
    void problems(String path, InvalidSpecException e) {
        e.problems().forEach(p -> problem(path, "", p));
    }

    /** The value of {@code build}, or empty with its problems recorded at {@code path} when the spec refuses it. */
    <T> Optional<T> build(String path, Supplier<T> build) {
        try {
            return Optional.of(build.get());
        } catch (InvalidSpecException e) {
            problems(path, e);
            return Optional.empty();
        }
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    List<ManifestException.Problem> problems() {
        return problems;
    }

    /** The report, its entries in the order of the fields' lines in the document. */
    ManifestReport report() {
        List<ManifestReport.Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(java.util.Comparator.comparingInt(e -> document.lineOf(e.path())));
        return new ManifestReport(sorted);
    }
}
