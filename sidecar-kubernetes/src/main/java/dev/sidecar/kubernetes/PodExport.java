package dev.sidecar.kubernetes;

import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodOS;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link PodSpec} as fabric8 resources, field by field; what Kubernetes has no field for is reported at the path it
 * would be written and kept exactly in {@link Extensions}.
 */
final class PodExport {

    /** The resources and the report of one export. */
    record Result(List<HasMetadata> resources, ManifestReport report) {
    }

    private static final Pattern NUMERIC_USER = Pattern.compile("([0-9]+)(?::([0-9]+))?");

    final PodSpec spec;
    private final boolean lenient;
    final Map<String, ManifestReport.Entry> entries = new LinkedHashMap<>();
    private final Map<String, Extensions.Container> extContainers = new LinkedHashMap<>();
    final Map<String, Extensions.Volume> extVolumes = new LinkedHashMap<>();
    private final Map<String, String> secretValues = new LinkedHashMap<>();
    final List<ConfigMap> configMaps = new ArrayList<>();

    private PodExport(PodSpec spec, boolean lenient) {
        this.spec = spec;
        this.lenient = lenient;
    }

    static Result export(PodSpec spec, boolean withSecretValues, boolean libraryLabels, boolean lenient) {
        return new PodExport(spec, lenient).run(withSecretValues, libraryLabels);
    }

    /** The name of the Secret holding the pod's {@code secretEnv} values. */
    static String secretName(PodSpec spec) {
        return spec.name() + "-env";
    }

    /** The name of the ConfigMap holding the files of volume {@code volume}. */
    static String configMapName(PodSpec spec, String volume) {
        return spec.name() + "-" + volume;
    }

    private Result run(boolean withSecretValues, boolean libraryLabels) {
        io.fabric8.kubernetes.api.model.PodSpec ps = new io.fabric8.kubernetes.api.model.PodSpec();
        if (!spec.hostname().equals(spec.name())) {
            ps.setHostname(spec.hostname());
        }
        if (spec.shareProcessNamespace()) {
            ps.setShareProcessNamespace(true);
        }
        Duration grace = spec.terminationGracePeriod();
        if (!grace.equals(PodSpec.DEFAULT_TERMINATION_GRACE_PERIOD)) {
            long seconds = ceilSeconds(grace);
            ps.setTerminationGracePeriodSeconds(seconds);
            if (!Duration.ofSeconds(seconds).equals(grace)) {
                extension("spec.terminationGracePeriodSeconds", "a grace period of " + grace + " is not whole "
                        + "seconds: written as " + seconds);
            }
        }
        ps.setRestartPolicy(policy(spec.restartPolicyOf(spec.main().name())));
        if (!spec.shareIpcNamespace()) {
            extension("spec", "the containers do not share the IPC namespace, which a Kubernetes pod's always do");
        }
        if (spec.sidecarStartOrder() == SidecarStartOrder.PARALLEL && !spec.sidecars().isEmpty()) {
            extension("spec.initContainers", "sidecars start all at once (PARALLEL): Kubernetes starts them in order, "
                    + "each after the previous one started");
        }
        List<Container> inits = new ArrayList<>();
        for (ContainerSpec c : spec.initContainers()) {
            inits.add(container(c, "spec.initContainers[" + inits.size() + "]", ContainerRole.INIT));
        }
        for (ContainerSpec c : spec.sidecars()) {
            inits.add(container(c, "spec.initContainers[" + inits.size() + "]", ContainerRole.SIDECAR));
        }
        if (!inits.isEmpty()) {
            ps.setInitContainers(inits);
        }
        ps.setContainers(List.of(container(spec.main(), "spec.containers[0]", ContainerRole.MAIN)));
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

        Extensions ext = new Extensions(spec.sidecarStartOrder() == SidecarStartOrder.PARALLEL
                ? SidecarStartOrder.PARALLEL : null,
                spec.shareIpcNamespace() ? null : false,
                Duration.ofSeconds(ceilSeconds(grace)).equals(grace) ? null : grace,
                extContainers, extVolumes);
        ObjectMeta meta = meta(spec.name(), libraryLabels);
        if (!ext.isEmpty()) {
            meta.setAnnotations(Map.of(Extensions.ANNOTATION, ext.toJson()));
        }
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(meta);
        pod.setSpec(ps);

        List<HasMetadata> resources = new ArrayList<>();
        resources.add(pod);
        configMaps.forEach(cm -> {
            cm.setMetadata(meta(cm.getMetadata().getName(), libraryLabels));
            resources.add(cm);
        });
        if (!secretValues.isEmpty()) {
            if (withSecretValues) {
                Secret secret = new Secret();
                secret.setApiVersion("v1");
                secret.setKind("Secret");
                secret.setMetadata(meta(secretName(spec), libraryLabels));
                secret.setStringData(secretValues);
                resources.add(secret);
            } else {
                entries.putIfAbsent("Secret/" + secretName(spec), new ManifestReport.Entry("Secret/"
                        + secretName(spec), Verdict.DIFFERENT, "the secret env values are not written: the Pod refers "
                        + "to Secret '" + secretName(spec) + "' (keys " + secretValues.keySet() + "), which the "
                        + "cluster must have; withSecretValues() writes it"));
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

    private ObjectMeta meta(String name, boolean libraryLabels) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        if (libraryLabels) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("app.kubernetes.io/managed-by", "sidecar");
            labels.put("app.kubernetes.io/name", spec.name());
            meta.setLabels(labels);
        }
        return meta;
    }

    private Container container(ContainerSpec c, String path, ContainerRole role) {
        Container k = new Container();
        k.setName(c.name());
        k.setImage(c.image());
        // Kubernetes expands $(NAME) and $$ in command, args and env values; Docker does not: escape them.
        if (!c.command().isEmpty()) {
            k.setCommand(c.command().stream().map(Expansion::escape).toList());
        }
        if (!c.args().isEmpty()) {
            k.setArgs(c.args().stream().map(Expansion::escape).toList());
        }
        c.workingDir().ifPresent(k::setWorkingDir);
        List<EnvVar> env = new ArrayList<>();
        c.env().forEach((name, value) -> {
            if (c.secretEnvNames().contains(name)) {
                String key = c.name() + "." + name;
                secretValues.put(key, value);
                SecretKeySelector ref = new SecretKeySelector();
                ref.setName(secretName(spec));
                ref.setKey(key);
                EnvVarSource from = new EnvVarSource();
                from.setSecretKeyRef(ref);
                EnvVar var = new EnvVar();
                var.setName(name);
                var.setValueFrom(from);
                env.add(var);
            } else {
                EnvVar var = new EnvVar();
                var.setName(name);
                var.setValue(Expansion.escape(value));
                env.add(var);
            }
        });
        if (!env.isEmpty()) {
            k.setEnv(env);
        }
        if (!c.ports().isEmpty()) {
            k.setPorts(c.ports().stream().map(p -> {
                ContainerPort port = new ContainerPort();
                port.setContainerPort(p);
                return port;
            }).toList());
        }
        if (c.memoryLimitBytes() > 0 || c.cpuLimitMillis() > 0) {
            Map<String, Quantity> limits = new LinkedHashMap<>();
            if (c.cpuLimitMillis() > 0) {
                limits.put("cpu", new Quantity(Quantities.millicores(c.cpuLimitMillis())));
            }
            if (c.memoryLimitBytes() > 0) {
                limits.put("memory", new Quantity(Quantities.bytes(c.memoryLimitBytes())));
            }
            ResourceRequirements resources = new ResourceRequirements();
            resources.setLimits(limits);
            k.setResources(resources);
        }
        Extensions.Container extra = new Extensions.Container(null, null, null);
        if (c.readinessProbe().isPresent()) {
            Probe p = c.readinessProbe().get();
            ProbeExport.Written written = ProbeExport.write(p);
            if (written.probe() == null || !written.exact()) {
                extension(path + ".readinessProbe", written.reason());
                extra = new Extensions.Container(p, null, null);
            }
            if (written.probe() != null) {
                k.setReadinessProbe(written.probe());
                if (role == ContainerRole.SIDECAR && spec.sidecarStartOrder() == SidecarStartOrder.ORDERED) {
                    io.fabric8.kubernetes.api.model.Probe startup = Yaml.SERIALIZATION.clone(written.probe());
                    if (p.successThreshold() != 1) {
                        startup.setSuccessThreshold(null); // Kubernetes requires 1 for a startup probe
                        extra = new Extensions.Container(p, null, null);
                        entries.putIfAbsent(path + ".startupProbe.successThreshold", new ManifestReport.Entry(path
                                + ".startupProbe.successThreshold", Verdict.DIFFERENT, "a startup probe's "
                                + "successThreshold must be 1 in Kubernetes: the readiness probe keeps "
                                + p.successThreshold()));
                    }
                    k.setStartupProbe(startup);
                }
            }
        }
        if (!c.stopSignal().equals(ContainerSpec.DEFAULT_STOP_SIGNAL)) {
            Lifecycle lifecycle = new Lifecycle();
            lifecycle.setStopSignal(c.stopSignal().name());
            k.setLifecycle(lifecycle);
        }
        SecurityContext sc = new SecurityContext();
        boolean security = false;
        if (c.user().isPresent()) {
            Matcher m = NUMERIC_USER.matcher(c.user().get());
            if (m.matches()) {
                sc.setRunAsUser(Long.parseLong(m.group(1)));
                if (m.group(2) != null) {
                    sc.setRunAsGroup(Long.parseLong(m.group(2)));
                }
                security = true;
            } else {
                extension(path + ".securityContext.runAsUser", "user '" + c.user().get() + "' is a name: Kubernetes "
                        + "takes a numeric runAsUser");
                extra = new Extensions.Container(extra.readinessProbe(), c.user().get(), null);
            }
        }
        if (c.privileged()) {
            sc.setPrivileged(true);
            security = true;
        }
        if (!c.addedCapabilities().isEmpty()) {
            Capabilities capabilities = new Capabilities();
            capabilities.setAdd(c.addedCapabilities());
            sc.setCapabilities(capabilities);
            security = true;
        }
        if (security) {
            k.setSecurityContext(sc);
        }
        if (role == ContainerRole.SIDECAR) {
            k.setRestartPolicy("Always");
            RestartPolicy policy = spec.restartPolicyOf(c.name());
            if (policy != RestartPolicy.ALWAYS) {
                extension(path + ".restartPolicy", "a sidecar restarted " + policy + ": Kubernetes restarts a native "
                        + "sidecar Always");
                extra = new Extensions.Container(extra.readinessProbe(), extra.user(), policy);
            }
        }
        if (!c.mounts().isEmpty()) {
            k.setVolumeMounts(c.mounts().stream().map(m -> mount(m)).toList());
        }
        if (!extra.isEmpty()) {
            extContainers.put(c.name(), extra);
        }
        return k;
    }

    private io.fabric8.kubernetes.api.model.VolumeMount mount(VolumeMount m) {
        io.fabric8.kubernetes.api.model.VolumeMount k = new io.fabric8.kubernetes.api.model.VolumeMount();
        k.setName(m.volume());
        k.setMountPath(m.mountPath());
        boolean volumeReadOnly = spec.volumes().stream().anyMatch(v -> v.name().equals(m.volume()) && v.readOnly());
        if (m.readOnly() || volumeReadOnly) {
            k.setReadOnly(true);
        }
        return k;
    }

    /** Reports an extension Kubernetes has no field for at {@code path} (refused in strict mode). */
    void extension(String path, String reason) {
        entries.putIfAbsent(path, new ManifestReport.Entry(path, Verdict.UNSUPPORTED, reason + (lenient
                ? "; the exact value is kept in the annotation " + Extensions.ANNOTATION : "")));
    }

    private static String policy(RestartPolicy policy) {
        return switch (policy) {
            case ALWAYS -> "Always";
            case ON_FAILURE -> "OnFailure";
            case NEVER -> "Never";
        };
    }

    static long ceilSeconds(Duration d) {
        long seconds = d.getSeconds();
        return d.getNano() > 0 ? seconds + 1 : seconds;
    }
}
