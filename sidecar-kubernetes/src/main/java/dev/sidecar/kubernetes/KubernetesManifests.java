package dev.sidecar.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Kubernetes YAML documents, read with fabric8's model: the workloads (Pod, Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job, CronJob) whose pod template becomes a {@link dev.sidecar.PodSpec}, and the ConfigMaps and Secrets
 * that fill their volumes and environment. Immutable; every document is parsed and checked when loaded.
 *
 * <pre>{@code
 * @SidecarPod
 * static final PodSpec WEB = KubernetesManifests.load("k8s/web.yaml").workload("Deployment", "web").toPodSpec();
 * }</pre>
 *
 * <p>Documents of other kinds fabric8 knows (a Service, an Ingress…) are kept but play no part in a pod; a document
 * of a kind fabric8 does not know (a typo, a custom resource) fails the load.
 */
public final class KubernetesManifests {

    /** How long reading a manifest from a URL may take to connect, and then to read. */
    public static final Duration URL_TIMEOUT = Duration.ofSeconds(30);

    private final List<Document> documents;

    private KubernetesManifests(List<Document> documents) {
        this.documents = List.copyOf(documents);
    }

    /**
     * The documents of the class-path resource {@code resource} (for example {@code k8s/web.yaml} under
     * {@code src/test/resources}), one or more separated by {@code ---}.
     *
     * @throws ManifestException when the resource does not exist or a document is malformed or unknown
     */
    public static KubernetesManifests load(String resource) {
        Objects.requireNonNull(resource, "resource");
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        URL url = Optional.ofNullable(Thread.currentThread().getContextClassLoader()).map(l -> l.getResource(name))
                .orElseGet(() -> KubernetesManifests.class.getClassLoader().getResource(name));
        if (url == null) {
            throw new ManifestException(new ManifestException.Problem(name, 0, "", "", "no class-path resource '"
                    + name + "' (put it under src/test/resources, or load a file with load(Path))"));
        }
        return new KubernetesManifests(Yaml.parse(name, read(name, url)));
    }

    /**
     * The documents of a YAML file, or of every {@code .yaml}, {@code .yml} and {@code .json} file directly in a
     * directory (in name order, not recursing, as {@code kubectl apply -f DIR}).
     *
     * @throws ManifestException when it cannot be read, or a document is malformed or unknown
     */
    public static KubernetesManifests load(Path fileOrDirectory) {
        Objects.requireNonNull(fileOrDirectory, "fileOrDirectory");
        List<Path> files;
        if (Files.isDirectory(fileOrDirectory)) {
            try (Stream<Path> list = Files.list(fileOrDirectory)) {
                files = list.filter(Files::isRegularFile).filter(p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
                }).sorted().toList();
            } catch (IOException e) {
                throw new ManifestException(new ManifestException.Problem(fileOrDirectory.toString(), 0, "", "",
                        "cannot list the directory: " + e.getMessage()), e);
            }
            if (files.isEmpty()) {
                throw new ManifestException(new ManifestException.Problem(fileOrDirectory.toString(), 0, "", "",
                        "the directory holds no .yaml, .yml or .json file"));
            }
        } else {
            files = List.of(fileOrDirectory);
        }
        List<Document> documents = new ArrayList<>();
        List<ManifestException.Problem> problems = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                throw new ManifestException(new ManifestException.Problem(file.toString(), 0, "", "",
                        "cannot read the file: " + e), e);
            }
            try {
                documents.addAll(Yaml.parse(file.toString(), text));
            } catch (ManifestException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems, ManifestReport.EMPTY);
        }
        return new KubernetesManifests(documents);
    }

    /**
     * The documents at {@code url} ({@code file:}, {@code jar:} or {@code http(s):}), read within
     * {@link #URL_TIMEOUT} to connect and again to read.
     *
     * @throws ManifestException when it cannot be read, or a document is malformed or unknown
     */
    public static KubernetesManifests load(URL url) {
        Objects.requireNonNull(url, "url");
        return new KubernetesManifests(Yaml.parse(url.toString(), read(url.toString(), url)));
    }

    /**
     * The documents of {@code yaml} itself, one or more separated by {@code ---}; messages name it {@code <string>}.
     *
     * @throws ManifestException when a document is malformed or unknown
     */
    public static KubernetesManifests parse(String yaml) {
        Objects.requireNonNull(yaml, "yaml");
        return new KubernetesManifests(Yaml.parse("<string>", yaml));
    }

    /** These documents and {@code more}'s, for ConfigMaps and Secrets kept apart from the workload. */
    public KubernetesManifests and(KubernetesManifests more) {
        Objects.requireNonNull(more, "more");
        List<Document> all = new ArrayList<>(documents);
        all.addAll(more.documents);
        return new KubernetesManifests(all);
    }

    /**
     * The workload of kind {@code kind} (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob) named
     * {@code name}, to import its pod template.
     *
     * @throws ManifestException when the kind is no workload kind, or there is no such workload, or there are two
     *     (in different namespaces)
     */
    public Workload workload(String kind, String name) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (!Yaml.WORKLOAD_KINDS.containsKey(kind)) {
            throw new ManifestException(new ManifestException.Problem(sources(), 0, "kind", kind, "'" + kind
                    + "' is not a workload kind: choose one of " + String.join(", ", Yaml.WORKLOAD_KINDS.keySet())));
        }
        List<Document> found = workloadDocuments().stream()
                .filter(d -> d.kind().equals(kind) && d.resourceName().equals(name)).toList();
        if (found.isEmpty()) {
            throw new ManifestException(new ManifestException.Problem(sources(), 0, "metadata.name", name, "no "
                    + kind + " named '" + name + "' (workloads: " + describe(workloadDocuments()) + ")"));
        }
        if (found.size() > 1) {
            throw new ManifestException(new ManifestException.Problem(sources(), 0, "metadata.name", name,
                    found.size() + " documents are " + kind + "/" + name + " (" + found.stream().map(d -> d.name()
                    + " namespace " + d.namespace().orElse("default")).toList() + "): load only one of them"));
        }
        return new Workload(found.get(0), this);
    }

    /**
     * The only workload of these documents.
     *
     * @throws ManifestException when there is none, or more than one (then choose with {@link #workload(String,
     *     String)})
     */
    public Workload workload() {
        List<Document> workloads = workloadDocuments();
        if (workloads.size() != 1) {
            throw new ManifestException(new ManifestException.Problem(sources(), 0, "", "", workloads.isEmpty()
                    ? "no workload (" + String.join(", ", Yaml.WORKLOAD_KINDS.keySet()) + ") among the documents "
                    + "(found: " + describe(documents) + ")"
                    : workloads.size() + " workloads (" + describe(workloads) + "): choose one with workload(kind, "
                    + "name)"));
        }
        return new Workload(workloads.get(0), this);
    }

    /** The workloads, as {@code Kind/name}, in document order. */
    public List<String> workloads() {
        return workloadDocuments().stream().map(Document::describe).toList();
    }

    /** Every resource, as fabric8 objects (copies: changing them changes nothing here), in document order. */
    public List<HasMetadata> resources() {
        return documents.stream().map(d -> Yaml.SERIALIZATION.clone(d.resource())).toList();
    }

    /** The ConfigMap or Secret ({@code kind}) named {@code name} of {@code namespace} (or of no namespace). */
    Optional<Document> data(String kind, Optional<String> namespace, String name) {
        return documents.stream().filter(d -> d.kind().equals(kind) && d.resourceName().equals(name))
                .filter(d -> d.namespace().isEmpty() || namespace.isEmpty() || d.namespace().equals(namespace))
                .findFirst();
    }

    /** The names of the ConfigMaps or Secrets ({@code kind}) there are, for messages. */
    List<String> dataNames(String kind) {
        return documents.stream().filter(d -> d.kind().equals(kind)).map(Document::resourceName).toList();
    }

    private List<Document> workloadDocuments() {
        return documents.stream().filter(d -> Yaml.WORKLOAD_KINDS.containsKey(d.kind())).toList();
    }

    private String sources() {
        List<String> sources = documents.stream().map(Document::source).distinct().toList();
        return sources.isEmpty() ? "<no documents>" : String.join(", ", sources);
    }

    private static String describe(List<Document> documents) {
        return documents.isEmpty() ? "none" : String.join(", ", documents.stream().map(Document::describe).toList());
    }

    private static String read(String source, URL url) {
        try {
            URLConnection connection = url.openConnection();
            connection.setConnectTimeout((int) URL_TIMEOUT.toMillis());
            connection.setReadTimeout((int) URL_TIMEOUT.toMillis());
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new ManifestException(new ManifestException.Problem(source, 0, "", "", "cannot read it: " + e), e);
        }
    }

    @Override
    public String toString() {
        return "KubernetesManifests" + documents.stream().map(d -> d.name() + " " + d.describe()).toList();
    }
}
