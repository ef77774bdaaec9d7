package dev.sidecar.kubernetes;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a translation between a Kubernetes manifest and a {@link dev.sidecar.PodSpec} did not carry over exactly: every
 * field of the input that was not mapped one to one is listed here with its path and the reason, so nothing is
 * dropped silently. An import lists manifest fields ({@code spec.template.spec.affinity}); an export lists what of the
 * spec Kubernetes has no field for, at the path it would have been written.
 */
public final class ManifestReport {

    /** An empty report: everything mapped exactly. */
    public static final ManifestReport EMPTY = new ManifestReport(List.of());

    /** How a field was treated. */
    public enum Verdict {
        /** Mapped, but not exactly: the Docker pod (or the manifest) behaves somewhat differently, as said. */
        DIFFERENT,
        /**
         * Not mapped and harmless to leave out: it matters to a cluster's scheduler, controllers or API server only
         * (replicas, affinity, tolerations, labels…). Accepted in strict mode.
         */
        IGNORED,
        /**
         * Not mapped, and it changes what the containers do (a gRPC probe, the host's network, a device…).
         * Refused in strict mode; left out, and listed here, in lenient mode.
         */
        UNSUPPORTED
    }

    /**
     * One field not carried over exactly.
     *
     * @param path the field's path, such as {@code spec.template.spec.containers[1].livenessProbe}
     * @param verdict how it was treated
     * @param reason why, and what the pod does instead
     */
    public record Entry(String path, Verdict verdict, String reason) {

        /** Checks the parts are there. */
        public Entry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return verdict + " " + path + ": " + reason;
        }
    }

    private final List<Entry> entries;

    ManifestReport(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Every entry, in the order of the input. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entries of one verdict. */
    public List<Entry> entries(Verdict verdict) {
        Objects.requireNonNull(verdict, "verdict");
        return entries.stream().filter(e -> e.verdict() == verdict).toList();
    }

    /** The entry for the field at exactly {@code path}, if there is one. */
    public Optional<Entry> entry(String path) {
        Objects.requireNonNull(path, "path");
        return entries.stream().filter(e -> e.path().equals(path)).findFirst();
    }

    /** Whether everything was carried over exactly. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether any field changes what the containers do and was not carried over. */
    public boolean hasUnsupported() {
        return entries.stream().anyMatch(e -> e.verdict() == Verdict.UNSUPPORTED);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestReport r && entries.equals(r.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** One line per entry: verdict, path, reason. */
    @Override
    public String toString() {
        return entries.isEmpty() ? "everything mapped exactly"
                : entries.stream().map(Entry::toString).collect(Collectors.joining("\n"));
    }
}
