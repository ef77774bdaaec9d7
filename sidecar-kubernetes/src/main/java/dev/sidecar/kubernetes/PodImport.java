package dev.sidecar.kubernetes;

import dev.sidecar.PodSpec;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Imports a workload's pod template as a {@link PodSpec}, field by field: each field read is consumed in the
 * {@link ImportContext}; at the end, {@link ImportWalk} classifies every field that was not.
 *
 * <p>Roles as Kubernetes has them: {@code initContainers} are the init sequence in order, those with
 * {@code restartPolicy: Always} native sidecars; {@code containers} are the main containers in order. The pod's
 * {@code restartPolicy} is Kubernetes' {@code Always} when not written. The pod's namespace, labels and annotations
 * carry over; the ConfigMaps and Secrets it refers to are carried with it.
 */
final class PodImport {

    private static final java.util.regex.Pattern DNS_LABEL = java.util.regex.Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /** The pod template of a workload, and where it is in the document. */
    private record Template(ObjectMeta metadata, io.fabric8.kubernetes.api.model.PodSpec spec, String prefix) {
    }

    private PodImport() {
    }

    static ImportResult run(Document doc, KubernetesManifests manifests, ImportOptions options) {
        Template t = template(doc);
        ImportContext ctx = new ImportContext(doc, manifests, options, t.prefix());
        ctx.consume("apiVersion");
        ctx.consume("kind");
        ctx.consume("metadata.name");
        ctx.consume("metadata.namespace");
        if (t.spec() == null) {
            ctx.problem(t.prefix() + "spec", "", "the " + doc.kind() + " has no pod template spec");
            throw new ManifestException(ctx.problems(), ctx.report());
        }
        ObjectMeta meta = t.metadata() == null ? new ObjectMeta() : t.metadata();
        Map<String, String> annotations = new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of()
                : meta.getAnnotations());
        String extAt = ctx.pod(FieldPath.child("metadata.annotations", Extensions.ANNOTATION));
        Extensions ext = annotations.containsKey(Extensions.ANNOTATION)
                ? Extensions.read(annotations.remove(Extensions.ANNOTATION), extAt, ctx) : Extensions.NONE;
        if (!t.prefix().isEmpty()) {
            for (String field : List.of("name", "namespace")) {
                if (field.equals("name") ? meta.getName() != null : meta.getNamespace() != null) {
                    ctx.report(ctx.pod("metadata." + field), Verdict.IGNORED, "a template's " + field + " is not "
                            + "used: the pod takes the " + doc.kind() + "'s");
                }
            }
        }
        String podName = podName(ctx, doc);
        PodSpec.Builder pod = PodSpec.builder(podName);
        String namespace = doc.namespace().orElse(PodSpec.DEFAULT_NAMESPACE);
        pod.namespace(namespace);
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        labels.forEach(pod::label);
        annotations.forEach(pod::annotation);
        ctx.consume(ctx.pod("metadata.labels"));
        ctx.consume(ctx.pod("metadata.annotations"));
        io.fabric8.kubernetes.api.model.PodSpec spec = t.spec();
        DataSources data = new DataSources(ctx);
        String account = spec.getServiceAccountName() != null ? spec.getServiceAccountName()
                : spec.getServiceAccount() != null ? spec.getServiceAccount() : "default";
        ContainerImport.PodFacts facts = new ContainerImport.PodFacts(podName, namespace, labels, annotations,
                account, data, ext);
        PodFieldsImport.map(ctx, spec, pod, ext);

        List<Volume> volumes = new ArrayList<>(spec.getVolumes() == null ? List.of() : spec.getVolumes());
        Map<String, VolumeSpec> vols = new LinkedHashMap<>(VolumeImport.map(ctx, volumes, data, ext));
        claimTemplates(ctx, doc, vols);

        Set<String> matchedOverrides = new HashSet<>();
        List<ContainerImport.Imported> inits = containers(ctx, spec.getInitContainers(), "spec.initContainers",
                facts, matchedOverrides, true);
        List<ContainerImport.Imported> regular = containers(ctx, spec.getContainers(), "spec.containers", facts,
                matchedOverrides, false);
        List<ContainerImport.Imported> all = new ArrayList<>(inits);
        all.addAll(regular);
        checkOverrides(ctx, all, matchedOverrides);
        if (regular.isEmpty() && !ctx.hasProblems()) {
            ctx.problem(ctx.pod("spec.containers"), "", "a pod needs at least one container");
        }
        MountImport.hostPathAccess(ctx, vols, all, ext);
        for (ContainerImport.Imported c : inits) {
            MountImport.finish(ctx, c, vols).ifPresent(c.sidecar() ? pod::sidecar : pod::initContainer);
        }
        for (ContainerImport.Imported c : regular) {
            MountImport.finish(ctx, c, vols).ifPresent(pod::container);
        }
        vols.values().forEach(pod::volume);
        data.carry(pod);

        ImportWalk.classify(ctx);
        ManifestReport report = ctx.report();
        if (!ctx.hasProblems()) {
            Optional<PodSpec> built = ctx.build(ctx.pod("spec"), pod::build);
            if (built.isPresent() && (options.lenient() || !report.hasUnsupported())) {
                return new ImportResult(built.get(), report);
            }
        }
        List<ManifestException.Problem> problems = new ArrayList<>(ctx.problems());
        if (!options.lenient()) {
            report.entries(Verdict.UNSUPPORTED).forEach(e -> problems.add(doc.problem(e.path(),
                    ImportWalk.valueAt(doc, e.path()), "unsupported (strict mode; Workload.lenient() reports it "
                    + "instead): " + e.reason())));
        }
        throw new ManifestException(problems, report);
    }

    private static Template template(Document doc) {
        Object r = doc.resource();
        if (r instanceof Pod p) {
            return new Template(p.getMetadata(), p.getSpec(), "");
        }
        PodTemplateSpec t = null;
        String prefix = "spec.template.";
        if (r instanceof Deployment d && d.getSpec() != null) {
            t = d.getSpec().getTemplate();
        } else if (r instanceof StatefulSet s && s.getSpec() != null) {
            t = s.getSpec().getTemplate();
        } else if (r instanceof DaemonSet s && s.getSpec() != null) {
            t = s.getSpec().getTemplate();
        } else if (r instanceof ReplicaSet s && s.getSpec() != null) {
            t = s.getSpec().getTemplate();
        } else if (r instanceof Job j && j.getSpec() != null) {
            t = j.getSpec().getTemplate();
        } else if (r instanceof CronJob c && c.getSpec() != null && c.getSpec().getJobTemplate() != null
                && c.getSpec().getJobTemplate().getSpec() != null) {
            t = c.getSpec().getJobTemplate().getSpec().getTemplate();
            prefix = "spec.jobTemplate.spec.template.";
        }
        return t == null ? new Template(null, null, prefix) : new Template(t.getMetadata(), t.getSpec(), prefix);
    }

    private static String podName(ImportContext ctx, Document doc) {
        String name = doc.resourceName();
        Integer replica = ctx.options.replica();
        Object r = doc.resource();
        Integer replicas = r instanceof Deployment d ? d.getSpec().getReplicas()
                : r instanceof StatefulSet s ? s.getSpec().getReplicas()
                : r instanceof ReplicaSet s ? s.getSpec().getReplicas() : null;
        boolean counted = r instanceof Deployment || r instanceof StatefulSet || r instanceof ReplicaSet;
        if (replica != null && r instanceof Pod) {
            ctx.problem("metadata.name", name, "replica(" + replica + ") was asked for, but a Pod has no replicas");
        } else if (replica != null && counted && replica >= (replicas == null ? 1 : replicas)) {
            ctx.problem("spec.replicas", replicas == null ? "1 (default)" : replicas, "replica(" + replica + ") was "
                    + "asked for, but the " + doc.kind() + " has " + (replicas == null ? 1 : replicas)
                    + " replica(s), numbered from 0");
        }
        String podName = name;
        if (r instanceof StatefulSet s) {
            int start = s.getSpec().getOrdinals() == null || s.getSpec().getOrdinals().getStart() == null ? 0
                    : s.getSpec().getOrdinals().getStart();
            ctx.consume("spec.ordinals.start");
            podName = name + "-" + (start + (replica == null ? 0 : replica));
        } else if (replica != null && !(r instanceof Pod)) {
            podName = name + "-" + replica;
        }
        if (podName.length() > 63 || !DNS_LABEL.matcher(podName).matches()) {
            ctx.problem("metadata.name", name, "the pod's name '" + podName + "' must be a DNS-1123 label here "
                    + "(lower-case letters, digits and '-', at most 63 characters): it names the Docker objects and "
                    + "is the hostname");
        }
        return podName;
    }

    private static void claimTemplates(ImportContext ctx, Document doc, Map<String, VolumeSpec> vols) {
        if (!(doc.resource() instanceof StatefulSet s) || s.getSpec().getVolumeClaimTemplates() == null) {
            return;
        }
        var claims = s.getSpec().getVolumeClaimTemplates();
        for (int i = 0; i < claims.size(); i++) {
            String at = FieldPath.index("spec.volumeClaimTemplates", i);
            String name = claims.get(i).getMetadata() == null ? null : claims.get(i).getMetadata().getName();
            if (name == null) {
                ctx.problem(FieldPath.sub(at, "metadata.name"), "", "a volume claim template needs a name");
                continue;
            }
            ctx.report(at, Verdict.DIFFERENT, "claim template '" + name + "' is an emptyDir volume '" + name
                    + "' here: the data does not outlive the pod");
            ctx.build(at, () -> VolumeSpec.emptyDir(name)).ifPresent(v -> vols.putIfAbsent(name, v));
        }
    }

    private static List<ContainerImport.Imported> containers(ImportContext ctx, List<Container> containers,
            String field, ContainerImport.PodFacts facts, Set<String> matchedOverrides, boolean init) {
        List<ContainerImport.Imported> result = new ArrayList<>();
        List<Container> list = containers == null ? List.of() : containers;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Container c = list.get(i);
            String path = ctx.pod(FieldPath.index(field, i));
            String image = image(ctx, c.getImage(), matchedOverrides);
            ContainerImport.map(ctx, c, path, facts, image, init).ifPresent(imported -> {
                if (!names.add(imported.name())) {
                    ctx.problem(FieldPath.child(path, "name"), imported.name(), "container name '" + imported.name()
                            + "' is used twice in " + field.substring("spec.".length()));
                }
                result.add(imported);
            });
        }
        return result;
    }

    /** The image to run for {@code written}, after the overrides; records which override matched. */
    private static String image(ImportContext ctx, String written, Set<String> matched) {
        if (written == null) {
            return null;
        }
        String exact = ctx.options.images().get(written);
        if (exact != null) {
            matched.add("image " + written);
            return exact;
        }
        for (Map.Entry<String, String> prefix : ctx.options.imagePrefixes()) {
            if (written.startsWith(prefix.getKey())) {
                matched.add("prefix " + prefix.getKey());
                return prefix.getValue() + written.substring(prefix.getKey().length());
            }
        }
        return written;
    }

    private static void checkOverrides(ImportContext ctx, List<ContainerImport.Imported> all, Set<String> matched) {
        List<String> images = all.stream().map(c -> c.source().getImage()).distinct().toList();
        ctx.options.images().keySet().stream().filter(i -> !matched.contains("image " + i)).forEach(i ->
                ctx.problem("", i, "image(\"" + i + "\", …) matches no container's image (images: " + images + ")"));
        ctx.options.imagePrefixes().stream().map(Map.Entry::getKey).filter(p -> !matched.contains("prefix " + p))
                .forEach(p -> ctx.problem("", p, "imagePrefix(\"" + p + "\", …) matches no container's image "
                        + "(images: " + images + ")"));
        List<String> names = all.stream().map(ContainerImport.Imported::name).toList();
        for (Map.Entry<String, Map<String, String>> e : ctx.options.env().entrySet()) {
            Optional<ContainerImport.Imported> c = all.stream().filter(x -> x.name().equals(e.getKey())).findFirst();
            if (c.isEmpty()) {
                ctx.problem("", e.getKey(), "env(\"" + e.getKey() + "\", …) names no container (containers: "
                        + names + ")");
            } else {
                e.getValue().forEach(c.get().builder()::env);
            }
        }
    }
}
