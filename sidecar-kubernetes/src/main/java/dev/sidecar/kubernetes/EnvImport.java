package dev.sidecar.kubernetes;

import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvFromSource;
import dev.sidecar.EnvVarSource;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A container's environment: {@code envFrom} and {@code env} as the spec's own sources (ConfigMap and Secret keys, the
 * downward API, resources), the ConfigMaps and Secrets they name carried with the pod. Also the variables as
 * Kubernetes expands them in {@code $(NAME)}, in order: those whose value the import knows (a value, a key of a
 * loaded ConfigMap or Secret, the pod's name, namespace, labels, annotations, service account), and those whose value
 * exists only once the pod runs (mapped to {@code null}).
 */
final class EnvImport {

    /** The resources the spec's {@code resourceFieldRef} takes. */
    private static final Set<String> RESOURCES = Set.of("limits.cpu", "limits.memory", "requests.cpu",
            "requests.memory");
    private static final String VARIABLE = "[-._a-zA-Z][-._a-zA-Z0-9]*";

    private EnvImport() {
    }

    /** Adds the container's environment to {@code b}; answers the variables for {@code $(NAME)} expansion. */
    static Map<String, String> map(ImportContext ctx, Container c, String path, ContainerImport.PodFacts pod,
            ContainerSpec.Builder b) {
        Map<String, String> vars = new LinkedHashMap<>();
        envFrom(ctx, c, path, pod, b, vars);
        List<EnvVar> written = c.getEnv() == null ? List.of() : c.getEnv();
        for (int i = 0; i < written.size(); i++) {
            env(ctx, written.get(i), FieldPath.index(FieldPath.child(path, "env"), i), pod, b, vars);
        }
        return vars;
    }

    /** Reports a {@code $(NAME)} at {@code path} whose value exists only when the pod runs. */
    static void runtimeReference(ImportContext ctx, String path, String name) {
        ctx.report(path, Verdict.UNSUPPORTED, "refers to $(" + name + "), whose value exists only once the pod "
                + "runs: Kubernetes expands it, Docker does not, and the import cannot; the text is kept as written");
    }

    private static void envFrom(ImportContext ctx, Container c, String path, ContainerImport.PodFacts pod,
            ContainerSpec.Builder b, Map<String, String> vars) {
        List<io.fabric8.kubernetes.api.model.EnvFromSource> sources = c.getEnvFrom() == null ? List.of()
                : c.getEnvFrom();
        for (int i = 0; i < sources.size(); i++) {
            io.fabric8.kubernetes.api.model.EnvFromSource s = sources.get(i);
            String at = FieldPath.index(FieldPath.child(path, "envFrom"), i);
            String prefix = s.getPrefix() == null ? "" : s.getPrefix();
            boolean secret = s.getSecretRef() != null;
            String name = secret ? s.getSecretRef().getName() : s.getConfigMapRef() == null ? null
                    : s.getConfigMapRef().getName();
            boolean optional = Boolean.TRUE.equals(secret ? s.getSecretRef().getOptional()
                    : s.getConfigMapRef() == null ? null : s.getConfigMapRef().getOptional());
            if (name == null) {
                ctx.problem(at, "", "envFrom needs a configMapRef or secretRef with a name");
                continue;
            }
            ctx.consume(at);
            Optional<DataSources.Data> data = pod.data().find(secret, name);
            if (data.isEmpty() && !optional) {
                ctx.problem(FieldPath.sub(at, (secret ? "secretRef" : "configMapRef") + ".name"), name,
                        pod.data().missing(secret ? "Secret" : "ConfigMap", name));
                continue;
            }
            data.ifPresent(d -> {
                pod.data().use(d);
                d.texts().forEach((key, value) -> {
                    if ((prefix + key).matches(VARIABLE)) {
                        vars.put(prefix + key, value);
                    }
                });
            });
            b.envFrom(new EnvFromSource(secret ? EnvFromSource.Kind.SECRET : EnvFromSource.Kind.CONFIG_MAP, name,
                    prefix, optional));
        }
    }

    private static void env(ImportContext ctx, EnvVar v, String at, ContainerImport.PodFacts pod,
            ContainerSpec.Builder b, Map<String, String> vars) {
        if (v.getName() == null) {
            ctx.problem(at, "", "an env entry needs a name");
            return;
        }
        ctx.consume(FieldPath.child(at, "name"));
        String name = v.getName();
        io.fabric8.kubernetes.api.model.EnvVarSource from = v.getValueFrom();
        if (from == null) {
            String value = Expansion.expand(v.getValue() == null ? "" : v.getValue(), vars,
                    ref -> runtimeReference(ctx, FieldPath.child(at, "value"), ref));
            b.env(name, value);
            vars.put(name, value);
            ctx.consume(FieldPath.child(at, "value"));
            return;
        }
        String src = FieldPath.child(at, "valueFrom");
        if (v.getValue() != null && !v.getValue().isEmpty()) {
            ctx.problem(FieldPath.child(at, "value"), v.getValue(), "env " + name + " has both value and valueFrom; "
                    + "Kubernetes allows one");
            return;
        }
        ctx.consume(FieldPath.child(at, "value"));
        if (from.getConfigMapKeyRef() != null || from.getSecretKeyRef() != null) {
            keyRef(ctx, from, src, name, pod, b, vars);
        } else if (from.getFieldRef() != null) {
            ObjectFieldSelector ref = from.getFieldRef();
            String field = ref.getFieldPath() == null ? "" : ref.getFieldPath();
            ctx.consume(FieldPath.child(src, "fieldRef"));
            b.env(name, EnvVarSource.field(field));
            vars.put(name, ContainerImport.knownField(pod, field).orElse(null));
        } else if (from.getResourceFieldRef() != null) {
            ResourceFieldSelector ref = from.getResourceFieldRef();
            String ats = FieldPath.child(src, "resourceFieldRef");
            String resource = ref.getResource() == null ? "" : ref.getResource();
            if (!RESOURCES.contains(resource)) {
                ctx.report(FieldPath.child(ats, "resource"), Verdict.UNSUPPORTED, "env " + name + " takes resource '"
                        + resource + "': only limits and requests of cpu and memory are resolved here "
                        + RESOURCES.stream().sorted().toList());
                return;
            }
            ctx.consume(ats);
            b.env(name, new EnvVarSource.ResourceFieldRef(ref.getContainerName() == null
                    || ref.getContainerName().isEmpty() ? null : ref.getContainerName(), resource,
                    ref.getDivisor() == null ? "1" : ref.getDivisor().toString()));
            vars.put(name, null);
        }
        // Any other source (a newer one than fabric8 8.0 knows): left unconsumed for the field rules to report.
    }

    private static void keyRef(ImportContext ctx, io.fabric8.kubernetes.api.model.EnvVarSource from, String src,
            String var, ContainerImport.PodFacts pod, ContainerSpec.Builder b, Map<String, String> vars) {
        boolean secret = from.getSecretKeyRef() != null;
        String kind = secret ? "Secret" : "ConfigMap";
        String ref = FieldPath.child(src, secret ? "secretKeyRef" : "configMapKeyRef");
        String name = secret ? from.getSecretKeyRef().getName() : from.getConfigMapKeyRef().getName();
        String key = secret ? from.getSecretKeyRef().getKey() : from.getConfigMapKeyRef().getKey();
        boolean optional = Boolean.TRUE.equals(secret ? from.getSecretKeyRef().getOptional()
                : from.getConfigMapKeyRef().getOptional());
        ctx.consume(ref);
        if (name == null || key == null) {
            ctx.problem(ref, "", kind + " reference of env " + var + " needs a name and a key");
            return;
        }
        Optional<DataSources.Data> data = pod.data().find(secret, name);
        if (data.isEmpty() && !optional) {
            ctx.problem(FieldPath.child(ref, "name"), name, pod.data().missing(kind, name));
            return;
        }
        if (data.isPresent() && !data.get().values().containsKey(key) && !optional) {
            ctx.problem(FieldPath.child(ref, "key"), key, kind + " '" + name + "' has no key '" + key + "' (keys: "
                    + data.get().values().keySet() + ")");
            return;
        }
        Optional<String> value = data.flatMap(d -> d.text(key));
        if (secret && name.equals(pod.ext().secretEnv())) {
            // A secretEnv value, which an export keeps in a Secret of its own.
            data.ifPresent(pod.data()::consumeWhole);
            value.ifPresent(v -> b.secretEnv(var, v));
            value.ifPresent(v -> vars.put(var, v));
            return;
        }
        data.ifPresent(pod.data()::use);
        b.env(var, secret ? new EnvVarSource.SecretKeyRef(name, key, optional)
                : new EnvVarSource.ConfigMapKeyRef(name, key, optional));
        value.ifPresent(v -> vars.put(var, v));
    }
}
