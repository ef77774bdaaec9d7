package dev.sidecar.kubernetes;

import dev.sidecar.ContainerSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Kubernetes container as a {@link ContainerSpec.Builder}, field by field: what every container has whatever its
 * role. Probes, mounts and the restart policy depend on the role and the pod's volumes, so {@link PodImport} adds them.
 */
final class ContainerImport {

    /** What the pod around a container gives it: names for {@code fieldRef}, the default user, the data sources. */
    record PodFacts(String podName, String namespace, Map<String, String> labels, Map<String, String> annotations,
            String serviceAccountName, Long runAsUser, Long runAsGroup, DataSources data) {
    }

    /** A mount as written, applied once the pod's volumes are known. */
    record Mount(String volume, String mountPath, boolean readOnly, String path) {
    }

    /**
     * A container being imported.
     *
     * @param name its name
     * @param path its path in the document
     * @param source the fabric8 container
     * @param builder the spec so far
     * @param mounts its mounts as written
     * @param restartAlways whether it says {@code restartPolicy: Always} (an init container: a native sidecar)
     */
    record Imported(String name, String path, Container source, ContainerSpec.Builder builder, List<Mount> mounts,
            boolean restartAlways) {
    }

    private static final Pattern FIELD_MAP = Pattern.compile("metadata\\.(labels|annotations)\\['([^']+)'\\]");

    private ContainerImport() {
    }

    static Optional<Imported> map(ImportContext ctx, Container c, String path, PodFacts pod, String image) {
        if (c.getName() == null || c.getName().isBlank()) {
            ctx.problem(FieldPath.child(path, "name"), "", "every container needs a name");
            return Optional.empty();
        }
        if (image == null || image.isBlank()) {
            ctx.problem(FieldPath.child(path, "image"), "", "container '" + c.getName() + "' needs an image");
            return Optional.empty();
        }
        ctx.consume(FieldPath.child(path, "name"));
        ctx.consume(FieldPath.child(path, "image"));
        ContainerSpec.Builder b = ContainerSpec.builder(c.getName(), image);
        // The variables as Kubernetes expands them in $(NAME): each env value sees those before it.
        Map<String, String> vars = new java.util.LinkedHashMap<>();
        if (c.getWorkingDir() != null) {
            b.workingDir(c.getWorkingDir());
            ctx.consume(FieldPath.child(path, "workingDir"));
        }
        ports(ctx, c, path, b);
        envFrom(ctx, c, path, pod, b, vars);
        env(ctx, c, path, pod, b, vars);
        if (c.getCommand() != null && !c.getCommand().isEmpty()) {
            b.command(c.getCommand().stream().map(a -> Expansion.expand(a, vars)).toArray(String[]::new));
        }
        ctx.consume(FieldPath.child(path, "command"));
        if (c.getArgs() != null && !c.getArgs().isEmpty()) {
            b.args(c.getArgs().stream().map(a -> Expansion.expand(a, vars)).toArray(String[]::new));
        }
        ctx.consume(FieldPath.child(path, "args"));
        resources(ctx, c, path, b);
        if (c.getLifecycle() != null && c.getLifecycle().getStopSignal() != null) {
            b.stopSignal(c.getLifecycle().getStopSignal());
            ctx.consume(FieldPath.sub(path, "lifecycle.stopSignal"));
        }
        security(ctx, c.getSecurityContext(), FieldPath.child(path, "securityContext"), pod, b);
        for (String flag : List.of("stdin", "stdinOnce", "tty")) {
            Boolean value = switch (flag) {
                case "stdin" -> c.getStdin();
                case "stdinOnce" -> c.getStdinOnce();
                default -> c.getTty();
            };
            if (Boolean.FALSE.equals(value)) {
                ctx.consume(FieldPath.child(path, flag));
            }
        }
        boolean restartAlways = false;
        if (c.getRestartPolicy() != null) {
            String at = FieldPath.child(path, "restartPolicy");
            if (path.startsWith(ctx.pod("spec.initContainers")) && c.getRestartPolicy().equals("Always")) {
                restartAlways = true;
                ctx.consume(at);
            } else {
                ctx.report(at, Verdict.UNSUPPORTED, "a container's own restartPolicy '" + c.getRestartPolicy()
                        + "' is supported only as Always on an init container (a native sidecar)");
            }
        }
        List<Mount> mounts = new ArrayList<>();
        List<VolumeMount> written = c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts();
        for (int i = 0; i < written.size(); i++) {
            VolumeMount m = written.get(i);
            String at = FieldPath.index(FieldPath.child(path, "volumeMounts"), i);
            if (m.getName() == null || m.getMountPath() == null) {
                ctx.problem(at, "", "a volume mount needs a name and a mountPath");
                continue;
            }
            for (String field : List.of("name", "mountPath", "readOnly")) {
                ctx.consume(FieldPath.child(at, field));
            }
            if ("None".equals(m.getMountPropagation())) {
                ctx.consume(FieldPath.child(at, "mountPropagation"));
            }
            mounts.add(new Mount(m.getName(), m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly()), at));
        }
        return Optional.of(new Imported(c.getName(), path, c, b, mounts, restartAlways));
    }

    private static void ports(ImportContext ctx, Container c, String path, ContainerSpec.Builder b) {
        List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort p = ports.get(i);
            String at = FieldPath.index(FieldPath.child(path, "ports"), i);
            if (p.getContainerPort() == null) {
                ctx.problem(FieldPath.child(at, "containerPort"), "", "a port needs a containerPort");
                continue;
            }
            ctx.consume(FieldPath.child(at, "containerPort"));
            ctx.consume(FieldPath.child(at, "name"));
            if (p.getProtocol() == null || p.getProtocol().equals("TCP")) {
                ctx.consume(FieldPath.child(at, "protocol"));
                b.port(p.getContainerPort());
            }
        }
    }

    private static void envFrom(ImportContext ctx, Container c, String path, PodFacts pod, ContainerSpec.Builder b,
            Map<String, String> vars) {
        List<EnvFromSource> sources = c.getEnvFrom() == null ? List.of() : c.getEnvFrom();
        for (int i = 0; i < sources.size(); i++) {
            EnvFromSource s = sources.get(i);
            String at = FieldPath.index(FieldPath.child(path, "envFrom"), i);
            String prefix = s.getPrefix() == null ? "" : s.getPrefix();
            boolean secret = s.getSecretRef() != null;
            String kind = secret ? "Secret" : "ConfigMap";
            String name = secret ? s.getSecretRef().getName() : s.getConfigMapRef() == null ? null
                    : s.getConfigMapRef().getName();
            Boolean optional = secret ? s.getSecretRef().getOptional() : s.getConfigMapRef() == null ? null
                    : s.getConfigMapRef().getOptional();
            String ref = FieldPath.child(at, secret ? "secretRef" : "configMapRef");
            if (name == null) {
                ctx.problem(at, "", "envFrom needs a configMapRef or secretRef with a name");
                continue;
            }
            Optional<DataSources.Data> data = secret ? pod.data().secret(name) : pod.data().configMap(name);
            ctx.consume(at);
            if (data.isEmpty()) {
                if (!Boolean.TRUE.equals(optional)) {
                    ctx.problem(FieldPath.child(ref, "name"), name, pod.data().missing(kind, name));
                }
                continue;
            }
            data.get().text().forEach((key, value) -> {
                String env = prefix + key;
                if (!env.matches("[-._a-zA-Z][-._a-zA-Z0-9]*")) {
                    ctx.note(at, Verdict.DIFFERENT, "key '" + key + "' of " + kind + " '" + name + "' is left out: '"
                            + env + "' is not an environment variable name here");
                } else if (secret) {
                    b.secretEnv(env, value);
                    vars.put(env, value);
                } else {
                    b.env(env, value);
                    vars.put(env, value);
                }
            });
        }
    }

    private static void env(ImportContext ctx, Container c, String path, PodFacts pod, ContainerSpec.Builder b,
            Map<String, String> vars) {
        List<EnvVar> written = c.getEnv() == null ? List.of() : c.getEnv();
        for (int i = 0; i < written.size(); i++) {
            EnvVar v = written.get(i);
            String at = FieldPath.index(FieldPath.child(path, "env"), i);
            if (v.getName() == null) {
                ctx.problem(at, "", "an env entry needs a name");
                continue;
            }
            ctx.consume(FieldPath.child(at, "name"));
            EnvVarSource from = v.getValueFrom();
            if (from == null) {
                String value = Expansion.expand(v.getValue() == null ? "" : v.getValue(), vars);
                b.env(v.getName(), value);
                vars.put(v.getName(), value);
                ctx.consume(FieldPath.child(at, "value"));
                continue;
            }
            String src = FieldPath.child(at, "valueFrom");
            if (v.getValue() != null && !v.getValue().isEmpty()) {
                ctx.problem(FieldPath.child(at, "value"), v.getValue(), "env " + v.getName() + " has both value and "
                        + "valueFrom; Kubernetes allows one");
                continue;
            }
            ctx.consume(FieldPath.child(at, "value"));
            if (from.getConfigMapKeyRef() != null || from.getSecretKeyRef() != null) {
                boolean secret = from.getSecretKeyRef() != null;
                String kind = secret ? "Secret" : "ConfigMap";
                String ref = FieldPath.child(src, secret ? "secretKeyRef" : "configMapKeyRef");
                String name = secret ? from.getSecretKeyRef().getName() : from.getConfigMapKeyRef().getName();
                String key = secret ? from.getSecretKeyRef().getKey() : from.getConfigMapKeyRef().getKey();
                boolean optional = Boolean.TRUE.equals(secret ? from.getSecretKeyRef().getOptional()
                        : from.getConfigMapKeyRef().getOptional());
                ctx.consume(ref);
                if (name == null || key == null) {
                    ctx.problem(ref, "", kind + " reference of env " + v.getName() + " needs a name and a key");
                    continue;
                }
                Optional<DataSources.Data> data = secret ? pod.data().secret(name) : pod.data().configMap(name);
                if (data.isEmpty()) {
                    if (!optional) {
                        ctx.problem(FieldPath.child(ref, "name"), name, pod.data().missing(kind, name));
                    }
                    continue;
                }
                String value = data.get().text().get(key);
                if (value == null) {
                    if (!optional) {
                        ctx.problem(FieldPath.child(ref, "key"), key, kind + " '" + name + "' has no " + (data.get()
                                .binaryKeys().contains(key) ? "text " : "") + "key '" + key + "' (keys: "
                                + data.get().text().keySet() + ")");
                    }
                    continue;
                }
                if (secret) {
                    b.secretEnv(v.getName(), value);
                } else {
                    b.env(v.getName(), value);
                }
                vars.put(v.getName(), value);
            } else if (from.getFieldRef() != null) {
                fieldRef(ctx, from.getFieldRef(), FieldPath.child(src, "fieldRef"), v.getName(), pod, b)
                        .ifPresent(value -> vars.put(v.getName(), value));
            }
            // resourceFieldRef and anything newer: left unconsumed for the field rules to report.
        }
    }

    private static Optional<String> fieldRef(ImportContext ctx, ObjectFieldSelector ref, String at, String env,
            PodFacts pod, ContainerSpec.Builder b) {
        String field = ref.getFieldPath() == null ? "" : ref.getFieldPath();
        Matcher m = FIELD_MAP.matcher(field);
        String value;
        if (field.equals("metadata.name")) {
            value = pod.podName();
        } else if (field.equals("metadata.namespace")) {
            value = pod.namespace();
        } else if (field.equals("spec.serviceAccountName")) {
            value = pod.serviceAccountName();
        } else if (m.matches()) {
            value = (m.group(1).equals("labels") ? pod.labels() : pod.annotations()).getOrDefault(m.group(2), "");
        } else {
            ctx.report(at, Verdict.UNSUPPORTED, "env " + env + " reads '" + field + "', which only a cluster knows "
                    + "(supported: metadata.name, metadata.namespace, metadata.labels['…'], "
                    + "metadata.annotations['…'], spec.serviceAccountName)");
            return Optional.empty();
        }
        ctx.consume(at);
        b.env(env, value);
        return Optional.of(value);
    }

    private static void resources(ImportContext ctx, Container c, String path, ContainerSpec.Builder b) {
        if (c.getResources() == null || c.getResources().getLimits() == null) {
            return;
        }
        Map<String, Quantity> limits = c.getResources().getLimits();
        String at = FieldPath.sub(path, "resources.limits");
        if (limits.containsKey("memory")) {
            String field = FieldPath.child(at, "memory");
            String written = limits.get("memory").toString();
            try {
                b.memoryLimit(Long.toString(Quantities.parseBytes(written)));
                ctx.consume(field);
            } catch (IllegalArgumentException e) {
                ctx.problem(field, written, e.getMessage());
            }
        }
        if (limits.containsKey("cpu")) {
            String field = FieldPath.child(at, "cpu");
            String written = limits.get("cpu").toString();
            try {
                b.cpuLimit(Quantities.parseMillicores(written) + "m");
                ctx.consume(field);
            } catch (IllegalArgumentException e) {
                ctx.problem(field, written, e.getMessage());
            }
        }
    }

    private static void security(ImportContext ctx, SecurityContext sc, String at, PodFacts pod,
            ContainerSpec.Builder b) {
        Long user = sc == null || sc.getRunAsUser() == null ? pod.runAsUser() : sc.getRunAsUser();
        Long group = sc == null || sc.getRunAsGroup() == null ? pod.runAsGroup() : sc.getRunAsGroup();
        if (user != null) {
            b.user(user + (group == null ? "" : ":" + group));
        } else if (group != null) {
            ctx.report(FieldPath.child(at, "runAsGroup"), Verdict.UNSUPPORTED, "a group without a user (runAsUser) "
                    + "cannot be set here");
        }
        if (sc == null) {
            return;
        }
        ctx.consume(FieldPath.child(at, "runAsUser"));
        if (user != null) {
            ctx.consume(FieldPath.child(at, "runAsGroup"));
        }
        if (sc.getPrivileged() != null) {
            b.privileged(sc.getPrivileged());
            ctx.consume(FieldPath.child(at, "privileged"));
        }
        if (sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null) {
            sc.getCapabilities().getAdd().forEach(b::addCapability);
            ctx.consume(FieldPath.sub(at, "capabilities.add"));
        }
    }
}
