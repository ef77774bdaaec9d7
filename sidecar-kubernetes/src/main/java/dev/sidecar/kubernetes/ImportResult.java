package dev.sidecar.kubernetes;

import dev.sidecar.PodSpec;
import java.util.Objects;

/**
 * A workload imported from a Kubernetes manifest: the pod it describes and what was not carried over exactly.
 *
 * @param spec the pod, ready to start
 * @param report every field of the manifest that was not mapped one to one, with the reason
 */
public record ImportResult(PodSpec spec, ManifestReport report) {

    /** Checks the parts are there. */
    public ImportResult {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(report, "report");
    }
}
