package dev.sidecar.kubernetes;

import dev.sidecar.PodSpec;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One workload of a {@link KubernetesManifests} (a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or
 * CronJob) and how to import its pod template: what differs locally (images, env, host paths, which replica) and
 * whether fields the Docker pod cannot honour are refused (strict, the default) or reported ({@link #lenient()}).
 * Immutable: each setting answers a changed copy, so a base can live in a constant.
 *
 * <pre>{@code
 * PodSpec spec = KubernetesManifests.load("k8s/web.yaml").workload("Deployment", "web")
 *         .imagePrefix("ghcr.io/acme/", "sidecar-examples/")   // local images
 *         .env("app", "LOG_LEVEL", "debug")
 *         .toPodSpec();
 * }</pre>
 */
public final class Workload {

    private final Document document;
    private final KubernetesManifests manifests;
    private final ImportOptions options;

    Workload(Document document, KubernetesManifests manifests) {
        this(document, manifests, ImportOptions.DEFAULTS);
    }

    private Workload(Document document, KubernetesManifests manifests, ImportOptions options) {
        this.document = document;
        this.manifests = manifests;
        this.options = options;
    }

    /** The workload's kind, such as {@code Deployment}. */
    public String kind() {
        return document.kind();
    }

    /** The workload's name ({@code metadata.name}). */
    public String name() {
        return document.resourceName();
    }

    /**
     * Runs {@code to} wherever a container's image is exactly {@code from}, for example a registry image that the
     * engine has as a local image. An override that matches no container fails the import, naming the images.
     */
    public Workload image(String from, String to) {
        return with(options.withImage(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to")));
    }

    /**
     * Replaces the prefix {@code from} of every image that starts with it by {@code to}, for example
     * {@code imagePrefix("ghcr.io/acme/", "sidecar-examples/")}; exact {@link #image} replacements are tried first,
     * prefixes in the order given. An override that matches no container fails the import.
     */
    public Workload imagePrefix(String from, String to) {
        return with(options.withImagePrefix(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to")));
    }

    /**
     * Sets the environment variable {@code name} of container {@code container} to {@code value} (a plain value,
     * replacing the manifest's, secret or not). A container the workload does not have fails the import.
     */
    public Workload env(String container, String name, String value) {
        return with(options.withEnv(Objects.requireNonNull(container, "container"), Objects.requireNonNull(name,
                "name"), Objects.requireNonNull(value, "value")));
    }

    /**
     * Moves every {@code hostPath} under {@code root}: {@code /var/log/app} becomes {@code <root>/var/log/app}, so a
     * test never touches the real host paths.
     */
    public Workload hostPathRoot(Path root) {
        Objects.requireNonNull(root, "root");
        return with(options.withHostPathRoot(root.toAbsolutePath()));
    }

    /**
     * Imports the pod of replica {@code ordinal} (from 0): its name becomes {@code <name>-<ordinal>} (a StatefulSet's
     * counting from {@code spec.ordinals.start}), and so does a StatefulSet's hostname. Without it, a StatefulSet's
     * first pod, and another workload's pod named as the workload. Beyond {@code spec.replicas} fails the import.
     */
    public Workload replica(int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("replica must be 0 or more, was " + ordinal);
        }
        return with(options.withReplica(ordinal));
    }

    /**
     * Imports fields that change what the containers do but have no equivalent here (a gRPC probe, an SCTP port…)
     * by leaving them out and listing them in the report as {@link ManifestReport.Verdict#UNSUPPORTED}, instead of
     * refusing the manifest.
     */
    public Workload lenient() {
        return with(options.withLenient(true));
    }

    /**
     * The pod and the report of every field not carried over exactly.
     *
     * @throws ManifestException listing every problem (a missing ConfigMap or key, a value the spec refuses, an
     *     override that matches nothing) or, in strict mode, every unsupported field at once, with the report
     */
    public ImportResult importPod() {
        return PodImport.run(document, manifests, options);
    }

    /**
     * The pod; in strict mode (the default) only when every field is mapped, or ignored because only a cluster needs
     * it. The report is dropped: use {@link #importPod()} to see it.
     *
     * @throws ManifestException as {@link #importPod()}
     */
    public PodSpec toPodSpec() {
        return importPod().spec();
    }

    private Workload with(ImportOptions changed) {
        return new Workload(document, manifests, changed);
    }

    @Override
    public String toString() {
        return document.describe() + " (" + document.name() + ")" + (options.lenient() ? ", lenient" : "");
    }
}
