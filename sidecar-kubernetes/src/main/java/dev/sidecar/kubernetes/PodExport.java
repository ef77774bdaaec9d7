package dev.sidecar.kubernetes;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.SecretSpec;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodOS;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link PodSpec} as fabric8 resources, field by field: the Pod (its metadata, the pod-level fields, the init
 * sequence, the main containers through {@link ContainerExport}, the volumes through {@link VolumeExport}), the
 * ConfigMaps and, when asked, the Secrets it carries. What Kubernetes has no field for is reported at the path it would
 * be written and kept exactly in {@link Extensions}.
 */
final class PodExport {

    /** The resources and the report of one export. */
    record Result(List<HasMetadata> resources, ManifestReport report) {
    }

    final PodSpec spec;
    final boolean lenient;
    final Map<String, ManifestReport.Entry> entries = new LinkedHashMap<>();
    final Map<String, Extensions.Container> extContainers = new LinkedHashMap<>();
    final Map<String, Extensions.Volume> extVolumes = new LinkedHashMap<>();
    /** The values of the pod's {@code secretEnv} variables, by key of the Secret that holds them. */
    final Map<String, String> secretEnvValues = new LinkedHashMap<>();
    /** The ConfigMaps written for volumes with files given from the test. */
    final List<ConfigMap> fileConfigMaps = new ArrayList<>();
    /** The name of the Secret that holds the {@code secretEnv} values. */
    final String secretEnvName;
    private final Set<String> dataNames = new HashSet<>();

    private PodExport(PodSpec spec, boolean lenient) {
        this.spec = spec;
        this.lenient = lenient;
        spec.configMaps().forEach(c -> dataNames.add("ConfigMap/" + c.name()));
        spec.secrets().forEach(s -> dataNames.add("Secret/" + s.name()));
        this.secretEnvName = freeName("Secret", spec.name() + "-env");
    }

    static Result export(PodSpec spec, boolean withSecretValues, boolean libraryLabels, boolean lenient) {
        return new PodExport(spec, lenient).run(withSecretValues, libraryLabels);
    }

    /** A name for a ConfigMap or Secret ({@code kind}) of the export's own that the pod's data does not use. */
    String freeName(String kind, String wanted) {
        String name = wanted;
        for (int i = 2; dataNames.contains(kind + "/" + name); i++) {
            name = wanted + "-" + i;
        }
        dataNames.add(kind + "/" + name);
        return name;
    }

    private Result run(boolean withSecretValues, boolean libraryLabels) {
        io.fabric8.kubernetes.api.model.PodSpec ps = new io.fabric8.kubernetes.api.model.PodSpec();
        podFields(ps);
        List<Container> inits = new ArrayList<>();
        for (ContainerSpec c : spec.initSequence()) {
            inits.add(ContainerExport.container(this, c, "spec.initContainers[" + inits.size() + "]",
                    spec.role(c.name())));
        }
        if (!inits.isEmpty()) {
            ps.setInitContainers(inits);
        }
        List<Container> mains = new ArrayList<>();
        for (ContainerSpec c : spec.mainContainers()) {
            mains.add(ContainerExport.container(this, c, "spec.containers[" + mains.size() + "]", ContainerRole.MAIN));
        }
        ps.setContainers(mains);
        List<Volume> volumes = new ArrayList<>();
        for (VolumeSpec v : spec.volumes()) {
            volumes.add(VolumeExport.volume(this, v, "spec.volumes[" + volumes.size() + "]"));
        }
        if (!volumes.isEmpty()) {
            ps.setVolumes(volumes);
        }
        if (spec.allContainers().stream().anyMatch(c -> !c.stopSignal().equals(ContainerSpec.DEFAULT_STOP_SIGNAL))) {
            PodOS os = new PodOS();
            os.setName("linux");
            ps.setOs(os); // Kubernetes accepts lifecycle.stopSignal only with spec.os.name
        }

        Duration grace = spec.terminationGracePeriod();
        Duration deadline = spec.activeDeadline().orElse(null);
        Extensions ext = new Extensions(spec.sidecarStartOrder() == SidecarStartOrder.PARALLEL
                ? SidecarStartOrder.PARALLEL : null,
                spec.shareIpcNamespace() ? null : false,
                whole(grace) ? null : grace, deadline == null || whole(deadline) ? null : deadline,
                secretEnvValues.isEmpty() ? null : secretEnvName, extContainers, extVolumes);
        ObjectMeta meta = meta(spec.name(), libraryLabels);
        Map<String, String> annotations = new LinkedHashMap<>(spec.annotations());
        if (!ext.isEmpty()) {
            annotations.put(Extensions.ANNOTATION, ext.toJson());
        }
        if (!annotations.isEmpty()) {
            meta.setAnnotations(annotations);
        }
        if (!spec.labels().isEmpty() || meta.getLabels() != null) {
            Map<String, String> labels = new LinkedHashMap<>(spec.labels());
            if (meta.getLabels() != null) {
                labels.putAll(meta.getLabels());
            }
            meta.setLabels(labels);
        }
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(meta);
        pod.setSpec(ps);

        List<HasMetadata> resources = new ArrayList<>();
        resources.add(pod);
        spec.configMaps().forEach(c -> resources.add(configMap(c, libraryLabels)));
        fileConfigMaps.forEach(cm -> {
            cm.setMetadata(meta(cm.getMetadata().getName(), libraryLabels));
            resources.add(cm);
        });
        for (SecretSpec s : spec.secrets()) {
            if (withSecretValues) {
                resources.add(secret(s.name(), values(s), libraryLabels));
            } else {
                notWritten(s.name(), s.keys());
            }
        }
        if (!secretEnvValues.isEmpty()) {
            if (withSecretValues) {
                Map<String, byte[]> values = new LinkedHashMap<>();
                secretEnvValues.forEach((k, v) -> values.put(k, v.getBytes(StandardCharsets.UTF_8)));
                resources.add(secret(secretEnvName, values, libraryLabels));
            } else {
                notWritten(secretEnvName, secretEnvValues.keySet());
            }
        }
        ManifestReport report = new ManifestReport(new ArrayList<>(entries.values()));
        if (!lenient && report.hasUnsupported()) {
            throw new ManifestException(report.entries(Verdict.UNSUPPORTED).stream().map(e ->
                    new ManifestException.Problem("PodSpec '" + spec.name() + "'", 0, e.path(), "", "Kubernetes has no "
                    + "field for this (strict mode; KubernetesExport.lenient() writes the nearest one and keeps the "
                    + "exact value in the annotation " + Extensions.ANNOTATION + "): " + e.reason())).toList(),
                    report);
        }
        return new Result(resources, report);
    }

    private void podFields(io.fabric8.kubernetes.api.model.PodSpec ps) {
        if (!spec.hostname().equals(spec.name())) {
            ps.setHostname(spec.hostname());
        }
        if (spec.shareProcessNamespace()) {
            ps.setShareProcessNamespace(true);
        }
        Duration grace = spec.terminationGracePeriod();
        if (!grace.equals(PodSpec.DEFAULT_TERMINATION_GRACE_PERIOD)) {
            ps.setTerminationGracePeriodSeconds(ceilSeconds(grace));
            if (!whole(grace)) {
                extension("spec.terminationGracePeriodSeconds", "a grace period of " + grace + " is not whole "
                        + "seconds: written as " + ceilSeconds(grace));
            }
        }
        spec.activeDeadline().ifPresent(d -> {
            ps.setActiveDeadlineSeconds(Math.max(1, ceilSeconds(d)));
            if (!whole(d)) {
                extension("spec.activeDeadlineSeconds", "an active deadline of " + d + " is not whole seconds: "
                        + "written as " + Math.max(1, ceilSeconds(d)));
            }
        });
        // Always written: the spec's default (NEVER) is not Kubernetes' (Always).
        ps.setRestartPolicy(ContainerExport.policy(spec.restartPolicy()));
        spec.serviceAccountName().ifPresent(ps::setServiceAccountName);
        if (!spec.shareIpcNamespace()) {
            extension("spec", "the containers do not share the IPC namespace, which a Kubernetes pod's always do");
        }
        if (spec.sidecarStartOrder() == SidecarStartOrder.PARALLEL && !spec.sidecars().isEmpty()) {
            extension("spec.initContainers", "sidecars start all at once (PARALLEL): Kubernetes starts them in order, "
                    + "each after the previous one started");
        }
        PodSecurityContext sc = new PodSecurityContext();
        spec.runAsUser().ifPresent(sc::setRunAsUser);
        spec.runAsGroup().ifPresent(sc::setRunAsGroup);
        spec.runAsNonRoot().ifPresent(sc::setRunAsNonRoot);
        spec.fsGroup().ifPresent(sc::setFsGroup);
        if (!spec.supplementalGroups().isEmpty()) {
            sc.setSupplementalGroups(spec.supplementalGroups());
        }
        if (!spec.sysctls().isEmpty()) {
            List<Sysctl> sysctls = new ArrayList<>();
            spec.sysctls().forEach((k, v) -> sysctls.add(new Sysctl(k, v)));
            sc.setSysctls(sysctls);
        }
        if (!sc.equals(new PodSecurityContext())) {
            ps.setSecurityContext(sc);
        }
        if (!spec.hostAliases().isEmpty()) {
            ps.setHostAliases(spec.hostAliases().stream().map(a -> new HostAlias(a.hostnames(), a.ip())).toList());
        }
        switch (spec.dnsPolicy()) {
            case DEFAULT -> ps.setDnsPolicy("Default");
            case NONE -> ps.setDnsPolicy("None");
            default -> { }
        }
        spec.dnsConfig().ifPresent(c -> {
            PodDNSConfig config = new PodDNSConfig();
            if (!c.nameservers().isEmpty()) {
                config.setNameservers(c.nameservers());
            }
            if (!c.searches().isEmpty()) {
                config.setSearches(c.searches());
            }
            if (!c.options().isEmpty()) {
                List<PodDNSConfigOption> options = new ArrayList<>();
                c.options().forEach((k, v) -> options.add(new PodDNSConfigOption(k, v.isEmpty() ? null : v)));
                config.setOptions(options);
            }
            ps.setDnsConfig(config);
        });
    }

    private ConfigMap configMap(ConfigMapSpec c, boolean libraryLabels) {
        ConfigMap cm = new ConfigMap();
        cm.setApiVersion("v1");
        cm.setKind("ConfigMap");
        cm.setMetadata(meta(c.name(), libraryLabels));
        Map<String, String> data = new LinkedHashMap<>();
        Map<String, String> binary = new LinkedHashMap<>();
        for (String key : c.keys()) {
            if (c.isText(key)) {
                data.put(key, c.text(key).orElseThrow());
            } else {
                binary.put(key, Base64.getEncoder().encodeToString(c.value(key).orElseThrow()));
            }
        }
        if (!data.isEmpty()) {
            cm.setData(data);
        }
        if (!binary.isEmpty()) {
            cm.setBinaryData(binary);
        }
        return cm;
    }

    private static Map<String, byte[]> values(SecretSpec s) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        s.keys().forEach(k -> values.put(k, s.value(k).orElseThrow()));
        return values;
    }

    private Secret secret(String name, Map<String, byte[]> values, boolean libraryLabels) {
        Secret secret = new Secret();
        secret.setApiVersion("v1");
        secret.setKind("Secret");
        secret.setMetadata(meta(name, libraryLabels));
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            String decoded = new String(v, StandardCharsets.UTF_8);
            if (java.util.Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8), v)) {
                text.put(k, decoded);
            } else {
                data.put(k, Base64.getEncoder().encodeToString(v));
            }
        });
        if (!data.isEmpty()) {
            secret.setData(data);
        }
        if (!text.isEmpty()) {
            secret.setStringData(text);
        }
        return secret;
    }

    private void notWritten(String name, Set<String> keys) {
        String at = "Secret/" + name;
        entries.putIfAbsent(at, new ManifestReport.Entry(at, Verdict.DIFFERENT, "the values of Secret '" + name
                + "' are not written: the Pod refers to it (keys " + keys + "), which the cluster must have; "
                + "withSecretValues() writes it"));
    }

    ObjectMeta meta(String name, boolean libraryLabels) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        if (!spec.namespace().equals(PodSpec.DEFAULT_NAMESPACE)) {
            meta.setNamespace(spec.namespace());
        }
        if (libraryLabels) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("app.kubernetes.io/managed-by", "sidecar");
            labels.put("app.kubernetes.io/name", spec.name());
            meta.setLabels(labels);
        }
        return meta;
    }

    /** Reports an extension Kubernetes has no field for at {@code path} (refused in strict mode). */
    void extension(String path, String reason) {
        entries.putIfAbsent(path, new ManifestReport.Entry(path, Verdict.UNSUPPORTED, reason + (lenient
                ? "; the exact value is kept in the annotation " + Extensions.ANNOTATION : "")));
    }

    /** Reports what the manifest says differently at {@code path}. */
    void different(String path, String reason) {
        entries.putIfAbsent(path, new ManifestReport.Entry(path, Verdict.DIFFERENT, reason));
    }

    static boolean whole(Duration d) {
        return d.getNano() == 0;
    }

    static long ceilSeconds(Duration d) {
        long seconds = d.getSeconds();
        return d.getNano() > 0 ? seconds + 1 : seconds;
    }
}
