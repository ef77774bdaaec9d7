package dev.sidecar.kubernetes;

import dev.sidecar.SidecarException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Kubernetes manifest cannot be read, or its workload cannot become a pod: malformed YAML, an unknown kind or
 * apiVersion, a missing ConfigMap or key, a value the spec refuses, or (in strict mode) fields the Docker pod would not
 * honour. Every problem found is listed at once, each naming the document, the line where the YAML parser knows it,
 * the field's path and its value. Thrown before anything is created on an engine.
 */
public final class ManifestException extends SidecarException {

    /**
     * One problem of a manifest.
     *
     * @param document where the document comes from and its number in the file, such as {@code k8s/web.yaml#2}
     * @param line the 1-based line of the field in that file, 0 when unknown
     * @param path the field's path in the document, such as {@code spec.template.spec.containers[0].image}, or
     *     empty for the document as a whole
     * @param value the offending value as written, or empty when there is none
     * @param message what is wrong and, where it helps, what to do
     */
    public record Problem(String document, int line, String path, String value, String message) {

        /** Checks the parts are there. */
        public Problem {
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(message, "message");
        }

        /** The line, if the parser knows it. */
        public Optional<Integer> lineNumber() {
            return line > 0 ? Optional.of(line) : Optional.empty();
        }

        @Override
        public String toString() {
            return document + (line > 0 ? " line " + line : "") + (path.isEmpty() ? "" : ": " + path)
                    + (value.isEmpty() ? "" : " '" + value + "'") + ": " + message;
        }
    }

    private final List<Problem> problems;
    private final ManifestReport report;

    ManifestException(List<Problem> problems, ManifestReport report) {
        super(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in Kubernetes manifest"
                + (problems.size() == 1 ? "" : "s") + ":\n  - " + problems.stream().map(Problem::toString)
                .collect(Collectors.joining("\n  - ")));
        this.problems = List.copyOf(problems);
        this.report = report;
    }

    ManifestException(Problem problem) {
        this(List.of(problem), ManifestReport.EMPTY);
    }

    ManifestException(Problem problem, Throwable cause) {
        this(List.of(problem), ManifestReport.EMPTY);
        initCause(cause);
    }

    /** Every problem found, in the order of the document. */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * The import report gathered so far: when strict mode refuses unsupported fields, everything else it would have
     * reported too; otherwise empty.
     */
    public ManifestReport report() {
        return report;
    }
}
