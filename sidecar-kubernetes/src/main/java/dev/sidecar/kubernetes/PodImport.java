package dev.sidecar.kubernetes;

import dev.sidecar.PodSpec;
import dev.sidecar.RestartPolicy;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
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
 * <p>Roles: init containers with {@code restartPolicy: Always} are native sidecars (in order); the other init
 * containers are init containers; among {@code containers}, main is the one {@code main(name)} or the annotation
 * {@code kubectl.kubernetes.io/default-container} names, else the first, and the others become sidecars after the
 * native ones (the spec has one main), reported as a difference. The pod's {@code restartPolicy} (Kubernetes'
 * default {@code Always}) is main's, and the other regular containers keep it.
 */
final class PodImport {

    static final String DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

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
        if (t.spec() == null) {
            ctx.problem(t.prefix() + "spec", "", "the " + doc.kind() + " has no pod template spec");
            throw new ManifestException(ctx.problems(), ctx.report());
        }
        ObjectMeta meta = t.metadata() == null ? new ObjectMeta() : t.metadata();
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        String extAt = ctx.pod(FieldPath.child("metadata.annotations", Extensions.ANNOTATION));
        Extensions ext = annotations.containsKey(Extensions.ANNOTATION)
                ? Extensions.read(annotations.get(Extensions.ANNOTATION), extAt, ctx) : Extensions.NONE;
        ctx.consume(extAt);
        if (!t.prefix().isEmpty() && meta.getName() != null) {
            ctx.report(ctx.pod("metadata.name"), Verdict.IGNORED, "a template's name is not used: the pod is named "
                    + "after the " + doc.kind());
        }
        String podName = podName(ctx, doc);
        io.fabric8.kubernetes.api.model.PodSpec spec = t.spec();
        PodSecurityContext psc = spec.getSecurityContext();
        if (psc != null) {
            ctx.consume(ctx.pod("spec.securityContext.runAsUser"));
            if (psc.getRunAsUser() != null) {
                ctx.consume(ctx.pod("spec.securityContext.runAsGroup"));
            }
        }
        DataSources data = new DataSources(ctx);
        ContainerImport.PodFacts facts = new ContainerImport.PodFacts(podName, doc.namespace().orElse("default"),
                meta.getLabels() == null ? Map.of() : meta.getLabels(), annotations,
                spec.getServiceAccountName() == null ? "default" : spec.getServiceAccountName(),
                psc == null ? null : psc.getRunAsUser(), psc == null ? null : psc.getRunAsGroup(), data);

        PodSpec.Builder pod = PodSpec.builder(podName);
        podFields(ctx, spec, pod, ext);
        RestartPolicy podRestart = restartPolicy(ctx, spec);

        List<Volume> volumes = new ArrayList<>(spec.getVolumes() == null ? List.of() : spec.getVolumes());
        Map<String, VolumeImport.Imported> vols = new LinkedHashMap<>(VolumeImport.map(ctx, volumes, data, ext));
        claimTemplates(ctx, doc, vols);

        Set<String> matchedOverrides = new HashSet<>();
        List<ContainerImport.Imported> inits = containers(ctx, spec.getInitContainers(), "spec.initContainers",
                facts, matchedOverrides);
        List<ContainerImport.Imported> regular = containers(ctx, spec.getContainers(), "spec.containers", facts,
                matchedOverrides);
        checkOverrides(ctx, inits, regular, matchedOverrides);
        if (regular.isEmpty() && !ctx.hasProblems()) {
            ctx.problem(ctx.pod("spec.containers"), "", "a pod needs at least one container");
        }

        Optional<ContainerImport.Imported> main = main(ctx, regular, annotations);
        boolean sidecarSeen = false;
        for (ContainerImport.Imported c : inits) {
            if (c.restartAlways()) {
                sidecarSeen = true;
                RoleImport.finish(ctx, c, vols, ext, RoleImport.Role.NATIVE_SIDECAR, null).ifPresent(pod::sidecar);
            } else {
                if (sidecarSeen) {
                    ctx.note(c.path(), Verdict.UNSUPPORTED, "init container '" + c.name() + "' comes after a native "
                            + "sidecar: in Kubernetes it runs while that sidecar runs; here every init container runs "
                            + "before any sidecar starts");
                }
                RoleImport.finish(ctx, c, vols, ext, RoleImport.Role.INIT, null).ifPresent(pod::initContainer);
            }
        }
        for (ContainerImport.Imported c : regular) {
            if (main.isPresent() && c == main.get()) {
                continue;
            }
            ctx.note(c.path(), Verdict.DIFFERENT, "container '" + c.name() + "' runs as a sidecar of main '"
                    + main.map(ContainerImport.Imported::name).orElse("?") + "' (the spec has one main): it starts, "
                    + "in order, after the native sidecars and before main, and stops after main");
            RoleImport.finish(ctx, c, vols, ext, RoleImport.Role.REGULAR_SIDECAR, podRestart).ifPresent(pod::sidecar);
        }
        main.flatMap(m -> RoleImport.finish(ctx, m, vols, ext, RoleImport.Role.MAIN, podRestart)).ifPresent(pod::main);
        RoleImport.hostPathAccess(ctx, vols, inits, regular, ext);
        vols.values().forEach(v -> pod.volume(v.volume()));

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

    private static void podFields(ImportContext ctx, io.fabric8.kubernetes.api.model.PodSpec spec,
            PodSpec.Builder pod, Extensions ext) {
        if (spec.getHostname() != null) {
            pod.hostname(spec.getHostname());
            ctx.consume(ctx.pod("spec.hostname"));
        }
        if (spec.getShareProcessNamespace() != null) {
            pod.shareProcessNamespace(spec.getShareProcessNamespace());
            ctx.consume(ctx.pod("spec.shareProcessNamespace"));
        }
        if (spec.getTerminationGracePeriodSeconds() != null) {
            pod.terminationGracePeriod(Duration.ofSeconds(spec.getTerminationGracePeriodSeconds()));
            ctx.consume(ctx.pod("spec.terminationGracePeriodSeconds"));
        }
        if (ext.terminationGracePeriod() != null) {
            pod.terminationGracePeriod(ext.terminationGracePeriod());
        }
        if (ext.sidecarStartOrder() != null) {
            pod.sidecarStartOrder(ext.sidecarStartOrder());
        }
        if (ext.shareIpcNamespace() != null) {
            pod.shareIpcNamespace(ext.shareIpcNamespace());
        }
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            Boolean value = switch (field) {
                case "hostNetwork" -> spec.getHostNetwork();
                case "hostPID" -> spec.getHostPID();
                default -> spec.getHostIPC();
            };
            if (Boolean.FALSE.equals(value)) {
                ctx.consume(ctx.pod("spec." + field));
            }
        }
        if (Boolean.TRUE.equals(spec.getHostUsers())) {
            ctx.consume(ctx.pod("spec.hostUsers"));
        }
        if (spec.getOs() != null && spec.getOs().getName() != null) {
            if (spec.getOs().getName().equals("linux")) {
                ctx.consume(ctx.pod("spec.os.name"));
            } else {
                ctx.report(ctx.pod("spec.os.name"), Verdict.UNSUPPORTED, "a " + spec.getOs().getName() + " pod does "
                        + "not run on a Linux engine");
            }
        }
    }

    private static RestartPolicy restartPolicy(ImportContext ctx, io.fabric8.kubernetes.api.model.PodSpec spec) {
        String written = spec.getRestartPolicy();
        ctx.consume(ctx.pod("spec.restartPolicy"));
        if (written == null || written.equals("Always")) {
            return RestartPolicy.ALWAYS;
        }
        if (written.equals("OnFailure")) {
            return RestartPolicy.ON_FAILURE;
        }
        if (written.equals("Never")) {
            return RestartPolicy.NEVER;
        }
        ctx.problem(ctx.pod("spec.restartPolicy"), written, "not a restart policy (Always, OnFailure, Never)");
        return RestartPolicy.ALWAYS;
    }

    private static void claimTemplates(ImportContext ctx, Document doc, Map<String, VolumeImport.Imported> vols) {
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
            ctx.build(at, () -> VolumeSpec.emptyDir(name)).ifPresent(v -> vols.putIfAbsent(name,
                    new VolumeImport.Imported(v, false)));
        }
    }

    private static List<ContainerImport.Imported> containers(ImportContext ctx, List<Container> containers,
            String field, ContainerImport.PodFacts facts, Set<String> matchedOverrides) {
        List<ContainerImport.Imported> result = new ArrayList<>();
        List<Container> list = containers == null ? List.of() : containers;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Container c = list.get(i);
            String path = ctx.pod(FieldPath.index(field, i));
            String image = image(ctx, c.getImage(), matchedOverrides);
            ContainerImport.map(ctx, c, path, facts, image).ifPresent(imported -> {
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

    private static void checkOverrides(ImportContext ctx, List<ContainerImport.Imported> inits,
            List<ContainerImport.Imported> regular, Set<String> matched) {
        List<ContainerImport.Imported> all = new ArrayList<>(inits);
        all.addAll(regular);
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

    private static Optional<ContainerImport.Imported> main(ImportContext ctx, List<ContainerImport.Imported> regular,
            Map<String, String> annotations) {
        String wanted = ctx.options.main();
        String source = "main(\"" + wanted + "\")";
        String path = "";
        if (wanted == null && annotations.containsKey(DEFAULT_CONTAINER_ANNOTATION)) {
            wanted = annotations.get(DEFAULT_CONTAINER_ANNOTATION);
            path = ctx.pod(FieldPath.child("metadata.annotations", DEFAULT_CONTAINER_ANNOTATION));
            source = "the annotation " + DEFAULT_CONTAINER_ANNOTATION;
            ctx.consume(path);
        }
        if (wanted == null) {
            return regular.stream().findFirst();
        }
        String name = wanted;
        Optional<ContainerImport.Imported> found = regular.stream().filter(c -> c.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            ctx.problem(path, name, source + " names no regular container (containers: " + regular.stream()
                    .map(ContainerImport.Imported::name).toList() + ")");
        }
        return found;
    }
}
