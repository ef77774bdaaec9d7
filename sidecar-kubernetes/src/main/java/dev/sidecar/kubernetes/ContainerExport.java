package dev.sidecar.kubernetes;

import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvFromSource;
import dev.sidecar.EnvVarSource;
import dev.sidecar.Hook;
import dev.sidecar.ImagePullPolicy;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.VolumeMount;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMapEnvSource;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretEnvSource;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@link ContainerSpec} as a Kubernetes container, field by field: its role's restart policy (a sidecar is an init
 * container with {@code restartPolicy: Always}), image and pull policy, command and arguments ({@code $(} and
 * {@code $$} escaped), environment, ports, resources, probes, hooks, security context, stdin and tty, mounts.
 */
final class ContainerExport {

    private static final Pattern NUMERIC_USER = Pattern.compile("([0-9]+)(?::([0-9]+))?");

    private ContainerExport() {
    }

    static Container container(PodExport out, ContainerSpec c, String path, ContainerRole role) {
        Container k = new Container();
        k.setName(c.name());
        k.setImage(c.image());
        if (c.imagePullPolicy() != ContainerImport.kubernetesDefault(c.image())) {
            k.setImagePullPolicy(switch (c.imagePullPolicy()) {
                case ALWAYS -> "Always";
                case IF_NOT_PRESENT -> "IfNotPresent";
                case NEVER -> "Never";
            });
        }
        // Kubernetes expands $(NAME) and $$ in command, args and env values; Docker does not: escape them.
        if (!c.command().isEmpty()) {
            k.setCommand(c.command().stream().map(Expansion::escape).toList());
        }
        if (!c.args().isEmpty()) {
            k.setArgs(c.args().stream().map(Expansion::escape).toList());
        }
        c.workingDir().ifPresent(k::setWorkingDir);
        env(out, c, k);
        if (!c.containerPorts().isEmpty()) {
            k.setPorts(c.containerPorts().stream().map(p -> {
                ContainerPort port = new ContainerPort();
                port.setName(p.name());
                port.setContainerPort(p.containerPort());
                if (p.protocol() == dev.sidecar.ContainerPort.Protocol.UDP) {
                    port.setProtocol("UDP");
                }
                return port;
            }).toList());
        }
        resources(c, k);
        Extensions.Container extra = Extensions.Container.NONE;
        for (String field : Extensions.PROBES) {
            java.util.Optional<Probe> probe = switch (field) {
                case "readinessProbe" -> c.readinessProbe();
                case "startupProbe" -> c.startupProbe();
                default -> c.livenessProbe();
            };
            if (probe.isEmpty()) {
                continue;
            }
            ProbeExport.Written written = ProbeExport.write(probe.get());
            if (written.probe() == null || !written.exact()) {
                out.extension(path + "." + field, written.reason());
                extra = extra.withProbe(field, probe.get());
            }
            if (written.probe() != null) {
                switch (field) {
                    case "readinessProbe" -> k.setReadinessProbe(written.probe());
                    case "startupProbe" -> k.setStartupProbe(written.probe());
                    default -> k.setLivenessProbe(written.probe());
                }
            }
        }
        Lifecycle lifecycle = new Lifecycle();
        if (!c.stopSignal().equals(ContainerSpec.DEFAULT_STOP_SIGNAL)) {
            lifecycle.setStopSignal(c.stopSignal().name());
        }
        for (String field : Extensions.HOOKS) {
            java.util.Optional<Hook> hook = field.equals("postStart") ? c.postStart() : c.preStop();
            if (hook.isEmpty()) {
                continue;
            }
            ProbeExport.WrittenHook written = ProbeExport.write(hook.get());
            if (!written.exact()) {
                out.extension(path + ".lifecycle." + field, written.reason());
                extra = extra.withHook(field, hook.get());
            }
            if (field.equals("postStart")) {
                lifecycle.setPostStart(written.handler());
            } else {
                lifecycle.setPreStop(written.handler());
            }
        }
        if (!lifecycle.equals(new Lifecycle())) {
            k.setLifecycle(lifecycle);
        }
        extra = security(out, c, k, path, extra);
        if (c.stdin()) {
            k.setStdin(true);
        }
        if (c.tty()) {
            k.setTty(true);
        }
        extra = restartPolicy(out, c, k, path, role, extra);
        if (!c.mounts().isEmpty()) {
            k.setVolumeMounts(c.mounts().stream().map(m -> mount(out, m)).toList());
        }
        if (!extra.isEmpty()) {
            out.extContainers.put(c.name(), extra);
        }
        return k;
    }

    private static void env(PodExport out, ContainerSpec c, Container k) {
        List<EnvVar> env = new ArrayList<>();
        c.env().forEach((name, value) -> {
            EnvVar var = new EnvVar();
            var.setName(name);
            if (c.secretEnvNames().contains(name)) {
                String key = c.name() + "." + name;
                out.secretEnvValues.put(key, value);
                io.fabric8.kubernetes.api.model.EnvVarSource from = new io.fabric8.kubernetes.api.model.EnvVarSource();
                from.setSecretKeyRef(new SecretKeySelector(key, out.secretEnvName, null));
                var.setValueFrom(from);
            } else {
                var.setValue(Expansion.escape(value));
            }
            env.add(var);
        });
        c.envSources().forEach((name, source) -> {
            io.fabric8.kubernetes.api.model.EnvVarSource from = new io.fabric8.kubernetes.api.model.EnvVarSource();
            if (source instanceof EnvVarSource.ConfigMapKeyRef ref) {
                from.setConfigMapKeyRef(new ConfigMapKeySelector(ref.key(), ref.configMap(), optional(ref.optional())));
            } else if (source instanceof EnvVarSource.SecretKeyRef ref) {
                from.setSecretKeyRef(new SecretKeySelector(ref.key(), ref.secret(), optional(ref.optional())));
            } else if (source instanceof EnvVarSource.FieldRef ref) {
                from.setFieldRef(new ObjectFieldSelector(null, ref.fieldPath()));
            } else if (source instanceof EnvVarSource.ResourceFieldRef ref) {
                from.setResourceFieldRef(resourceField(ref));
            }
            EnvVar var = new EnvVar();
            var.setName(name);
            var.setValueFrom(from);
            env.add(var);
        });
        if (!env.isEmpty()) {
            k.setEnv(env);
        }
        if (!c.envFrom().isEmpty()) {
            k.setEnvFrom(c.envFrom().stream().map(f -> {
                io.fabric8.kubernetes.api.model.EnvFromSource s = new io.fabric8.kubernetes.api.model.EnvFromSource();
                if (f.kind() == EnvFromSource.Kind.CONFIG_MAP) {
                    s.setConfigMapRef(new ConfigMapEnvSource(f.name(), optional(f.optional())));
                } else {
                    s.setSecretRef(new SecretEnvSource(f.name(), optional(f.optional())));
                }
                if (!f.prefix().isEmpty()) {
                    s.setPrefix(f.prefix());
                }
                return s;
            }).toList());
        }
    }

    static ResourceFieldSelector resourceField(EnvVarSource.ResourceFieldRef ref) {
        ResourceFieldSelector selector = new ResourceFieldSelector();
        selector.setContainerName(ref.containerName());
        selector.setResource(ref.resource());
        if (!ref.divisor().equals("1")) {
            selector.setDivisor(new Quantity(ref.divisor()));
        }
        return selector;
    }

    private static Boolean optional(boolean optional) {
        return optional ? Boolean.TRUE : null;
    }

    private static void resources(ContainerSpec c, Container k) {
        Map<String, Quantity> limits = quantities(c.cpuLimitMillis(), c.memoryLimitBytes());
        Map<String, Quantity> requests = quantities(c.cpuRequestMillis(), c.memoryRequestBytes());
        if (!limits.isEmpty() || !requests.isEmpty()) {
            ResourceRequirements resources = new ResourceRequirements();
            if (!limits.isEmpty()) {
                resources.setLimits(limits);
            }
            if (!requests.isEmpty()) {
                resources.setRequests(requests);
            }
            k.setResources(resources);
        }
    }

    private static Map<String, Quantity> quantities(long millicores, long bytes) {
        Map<String, Quantity> q = new LinkedHashMap<>();
        if (millicores > 0) {
            q.put("cpu", new Quantity(Quantities.millicores(millicores)));
        }
        if (bytes > 0) {
            q.put("memory", new Quantity(Quantities.bytes(bytes)));
        }
        return q;
    }

    private static Extensions.Container security(PodExport out, ContainerSpec c, Container k, String path,
            Extensions.Container extra) {
        SecurityContext sc = new SecurityContext();
        c.runAsUser().ifPresent(sc::setRunAsUser);
        c.runAsGroup().ifPresent(sc::setRunAsGroup);
        Extensions.Container result = extra;
        if (c.user().isPresent()) {
            // An extension: user by name, or uid[:gid], between the container's runAsUser and the pod's.
            Matcher m = NUMERIC_USER.matcher(c.user().get());
            boolean asRunAs = m.matches() && sc.getRunAsUser() == null && sc.getRunAsGroup() == null;
            if (asRunAs) {
                sc.setRunAsUser(Long.parseLong(m.group(1)));
                if (m.group(2) != null) {
                    sc.setRunAsGroup(Long.parseLong(m.group(2)));
                }
            } else if (!m.matches()) {
                out.extension(path + ".securityContext.runAsUser", "user '" + c.user().get() + "' is a name: "
                        + "Kubernetes takes a numeric runAsUser");
            }
            result = result.withUser(c.user().get(), asRunAs);
        }
        c.runAsNonRoot().ifPresent(sc::setRunAsNonRoot);
        if (c.readOnlyRootFilesystem()) {
            sc.setReadOnlyRootFilesystem(true);
        }
        c.allowPrivilegeEscalation().ifPresent(sc::setAllowPrivilegeEscalation);
        if (c.privileged()) {
            sc.setPrivileged(true);
        }
        if (!c.addedCapabilities().isEmpty() || !c.droppedCapabilities().isEmpty()) {
            Capabilities capabilities = new Capabilities();
            if (!c.addedCapabilities().isEmpty()) {
                capabilities.setAdd(c.addedCapabilities());
            }
            if (!c.droppedCapabilities().isEmpty()) {
                capabilities.setDrop(c.droppedCapabilities());
            }
            sc.setCapabilities(capabilities);
        }
        if (!sc.equals(new SecurityContext())) {
            k.setSecurityContext(sc);
        }
        return result;
    }

    private static Extensions.Container restartPolicy(PodExport out, ContainerSpec c, Container k, String path,
            ContainerRole role, Extensions.Container extra) {
        if (role == ContainerRole.SIDECAR) {
            k.setRestartPolicy("Always");
            RestartPolicy policy = out.spec.restartPolicyOf(c.name());
            if (policy != RestartPolicy.ALWAYS) {
                out.extension(path + ".restartPolicy", "a sidecar restarted " + policy + ": Kubernetes restarts a "
                        + "native sidecar Always");
                return extra.withRestartPolicy(policy);
            }
            return extra;
        }
        c.restartPolicy().ifPresent(policy -> {
            k.setRestartPolicy(policy(policy));
            if (role == ContainerRole.MAIN) {
                out.different(path + ".restartPolicy", "a regular container's own restartPolicy: Kubernetes 1.34 "
                        + "honours it with the feature gate ContainerRestartRules, and refuses it without");
            }
        });
        return extra;
    }

    private static io.fabric8.kubernetes.api.model.VolumeMount mount(PodExport out, VolumeMount m) {
        io.fabric8.kubernetes.api.model.VolumeMount k = new io.fabric8.kubernetes.api.model.VolumeMount();
        k.setName(m.volume());
        k.setMountPath(m.mountPath());
        // Kubernetes has no read-only hostPath, only read-only mounts: a read-only one is read-only in every mount.
        boolean readOnlyHostPath = out.spec.volumes().stream().anyMatch(v -> v.name().equals(m.volume())
                && v.kind() == dev.sidecar.VolumeSpec.Kind.HOST_PATH && v.readOnly());
        if (m.readOnly() || readOnlyHostPath) {
            k.setReadOnly(true);
        }
        k.setSubPath(m.subPath());
        return k;
    }

    static String policy(RestartPolicy policy) {
        return switch (policy) {
            case ALWAYS -> "Always";
            case ON_FAILURE -> "OnFailure";
            case NEVER -> "Never";
        };
    }

    /** Whether {@code policy} is what Kubernetes pulls {@code image} with when the manifest gives none. */
    static boolean isDefault(ImagePullPolicy policy, String image) {
        return policy == ContainerImport.kubernetesDefault(image);
    }
}
