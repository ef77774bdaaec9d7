package dev.sidecar.kubernetes;

import dev.sidecar.PodSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A {@link PodSpec} as a Kubernetes manifest: a v1 Pod (the init sequence as {@code initContainers} in its order, the
 * sidecars with {@code restartPolicy: Always}; the main containers as {@code containers}; every field of the spec at
 * its Kubernetes field, {@code restartPolicy} always, since the spec's default is not Kubernetes'), the pod's
 * ConfigMaps and a ConfigMap for each volume with files given from the test, and, only when asked, its Secrets and the
 * Secret holding the {@code secretEnv} values the Pod refers to. Immutable; each setting answers a changed copy.
 *
 * <pre>{@code
 * String yaml = KubernetesExport.of(spec).toYaml();
 * KubernetesExport.of(spec).lenient().writeTo(Path.of("target/web.yaml"));
 * }</pre>
 *
 * <p>What the spec has and Kubernetes has not (a parallel sidecar start, a log-line probe, durations under a second
 * or not whole seconds, files in a writable emptyDir, an unshared IPC namespace, a user by name, a sidecar not
 * restarted {@code Always}) is refused in strict mode (the default), naming every one; in {@link #lenient()} mode the
 * nearest Kubernetes field is written and {@link #report()} lists each. The exact values are kept in the annotation
 * {@value Extensions#ANNOTATION}, so that an import gives the same spec.
 */
public final class KubernetesExport {

    private final PodSpec spec;
    private final boolean lenient;
    private final boolean secretValues;
    private final boolean libraryLabels;

    private KubernetesExport(PodSpec spec, boolean lenient, boolean secretValues, boolean libraryLabels) {
        this.spec = spec;
        this.lenient = lenient;
        this.secretValues = secretValues;
        this.libraryLabels = libraryLabels;
    }

    /** The export of {@code spec}: strict, without secret values, without the library's labels. */
    public static KubernetesExport of(PodSpec spec) {
        return new KubernetesExport(Objects.requireNonNull(spec, "spec"), false, false, false);
    }

    /** Writes the nearest Kubernetes field for the library's extensions and reports them, instead of refusing. */
    public KubernetesExport lenient() {
        return new KubernetesExport(spec, true, secretValues, libraryLabels);
    }

    /**
     * Also writes the pod's Secrets and the Secret {@code <pod>-env} with the {@code secretEnv} values (text in
     * {@code stringData}): only for a manifest that stays private. Without it the Pod refers to them, and the cluster
     * must have them.
     */
    public KubernetesExport withSecretValues() {
        return new KubernetesExport(spec, lenient, true, libraryLabels);
    }

    /**
     * Labels every resource {@code app.kubernetes.io/managed-by: sidecar} and {@code app.kubernetes.io/name: <pod>};
     * without it, no label is written.
     */
    public KubernetesExport withLibraryLabels() {
        return new KubernetesExport(spec, lenient, secretValues, true);
    }

    /**
     * The resources: the Pod first, then its ConfigMaps, then (when asked) its Secrets. fabric8 objects, new on each
     * call.
     *
     * @throws ManifestException in strict mode, listing every extension Kubernetes has no field for
     */
    public List<HasMetadata> resources() {
        return PodExport.export(spec, secretValues, libraryLabels, lenient).resources();
    }

    /**
     * The Pod alone.
     *
     * @throws ManifestException as {@link #resources()}
     */
    public Pod pod() {
        return (Pod) resources().get(0);
    }

    /**
     * What Kubernetes has no field for, at the path it would be written: empty when the manifest says exactly what
     * the spec does. In strict mode nothing {@link ManifestReport.Verdict#UNSUPPORTED} is ever listed: the export
     * throws instead.
     *
     * @throws ManifestException as {@link #resources()}
     */
    public ManifestReport report() {
        return PodExport.export(spec, secretValues, libraryLabels, lenient).report();
    }

    /**
     * The resources as one YAML stream ({@code ---} between documents), ready for {@code kubectl apply -f}.
     *
     * @throws ManifestException as {@link #resources()}
     */
    public String toYaml() {
        return Yaml.dump(resources());
    }

    /**
     * Writes {@link #toYaml()} to {@code file}, creating its directory.
     *
     * @throws ManifestException as {@link #resources()}
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public Path writeTo(Path file) {
        Objects.requireNonNull(file, "file");
        String yaml = toYaml();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String toString() {
        return "KubernetesExport{" + spec.name() + (lenient ? ", lenient" : "") + (secretValues ? ", secret values"
                : "") + (libraryLabels ? ", library labels" : "") + "}";
    }
}
