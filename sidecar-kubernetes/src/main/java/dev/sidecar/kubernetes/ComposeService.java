package dev.sidecar.kubernetes;

import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvFromSource;
import dev.sidecar.EnvVarSource;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.VolumeMount;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One container of a {@link PodSpec} as a Compose service joined to the infra service: image and pull policy,
 * entrypoint and command, the environment with every source resolved (ConfigMap and Secret keys, the pod's own
 * fields), user and groups, security options, resources, mounts, restart policy, stop signal, and a healthcheck from
 * the probe that gates the next start (a sidecar's startup probe; main's readiness probe).
 */
final class ComposeService {

    private static final Pattern NUMERIC_USER = Pattern.compile("([0-9]+)(?::([0-9]+))?");
    private static final Pattern FIELD_MAP = Pattern.compile("metadata\\.(labels|annotations)\\['([^']+)'\\]");
    private static final String VARIABLE = "[-._a-zA-Z][-._a-zA-Z0-9]*";

    private final PodSpec spec;
    private final String infra;
    private final boolean secretValues;
    private final Map<String, ManifestReport.Entry> entries;
    private final ComposeFiles files;

    ComposeService(PodSpec spec, String infra, boolean secretValues, Map<String, ManifestReport.Entry> entries,
            ComposeFiles files) {
        this.spec = spec;
        this.infra = infra;
        this.secretValues = secretValues;
        this.entries = entries;
        this.files = files;
    }

    /** Whether the service that follows {@code c} waits for its healthcheck: a sidecar's startup probe's. */
    static boolean gatesOnHealth(ContainerSpec c) {
        return c.startupProbe().filter(p -> !(p.action() instanceof Probe.LogLine)).isPresent();
    }

    Map<String, Object> of(ContainerSpec c, ContainerRole role) {
        String path = "services." + c.name();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("image", c.image());
        switch (c.imagePullPolicy()) {
            case ALWAYS -> s.put("pull_policy", "always");
            case NEVER -> s.put("pull_policy", "never");
            default -> { }
        }
        if (!c.command().isEmpty()) {
            s.put("entrypoint", c.command().stream().map(ComposeService::escape).toList());
        }
        if (!c.args().isEmpty()) {
            s.put("command", c.args().stream().map(ComposeService::escape).toList());
        }
        Map<String, String> env = environment(c, path);
        if (!env.isEmpty()) {
            s.put("environment", env);
        }
        c.workingDir().ifPresent(w -> s.put("working_dir", w));
        user(c, path).ifPresent(u -> s.put("user", u));
        List<String> groups = new ArrayList<>();
        spec.fsGroup().ifPresent(g -> groups.add(Long.toString(g)));
        spec.supplementalGroups().forEach(g -> groups.add(Long.toString(g)));
        if (!groups.isEmpty()) {
            s.put("group_add", groups);
        }
        s.put("network_mode", "service:" + infra);
        if (spec.shareIpcNamespace()) {
            s.put("ipc", "service:" + infra);
        }
        if (spec.shareProcessNamespace()) {
            s.put("pid", "service:" + infra);
        }
        List<String> mounts = new ArrayList<>();
        for (VolumeMount mount : c.mounts()) {
            mount(mount, path).ifPresent(mounts::add);
        }
        if (!mounts.isEmpty()) {
            s.put("volumes", mounts);
        }
        RestartPolicy policy = spec.restartPolicyOf(c.name());
        s.put("restart", switch (policy) {
            case ALWAYS -> "always";
            case ON_FAILURE -> "on-failure";
            case NEVER -> "no";
        });
        if (!c.stopSignal().equals(ContainerSpec.DEFAULT_STOP_SIGNAL)) {
            s.put("stop_signal", c.stopSignal().name());
        }
        s.put("stop_grace_period", duration(spec.terminationGracePeriod()));
        security(c, s);
        resources(c, s);
        if (c.stdin()) {
            s.put("stdin_open", true);
        }
        if (c.tty()) {
            s.put("tty", true);
        }
        if (!spec.labels().isEmpty()) {
            s.put("labels", new LinkedHashMap<>(spec.labels()));
        }
        probes(c, role, s, path);
        c.postStart().ifPresent(h -> unsupported(path + ".post_start", "a postStart hook (" + h + "): Compose 1.29 "
                + "has no lifecycle hooks"));
        c.preStop().ifPresent(h -> unsupported(path + ".pre_stop", "a preStop hook (" + h + "): Compose 1.29 has no "
                + "lifecycle hooks"));
        return s;
    }

    private Map<String, String> environment(ContainerSpec c, String path) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.envFrom()) {
            boolean secret = from.kind() == EnvFromSource.Kind.SECRET;
            Map<String, byte[]> values = new LinkedHashMap<>();
            if (secret) {
                spec.findSecret(from.name()).ifPresent(x -> x.keys().forEach(k -> values.put(k, x.value(k)
                        .orElseThrow())));
            } else {
                spec.findConfigMap(from.name()).ifPresent(x -> x.keys().forEach(k -> values.put(k, x.value(k)
                        .orElseThrow())));
            }
            values.forEach((key, value) -> {
                String name = from.prefix() + key;
                if (name.matches(VARIABLE)) {
                    env.put(name, secret ? secret(c, name, text(value), path) : escape(text(value)));
                }
            });
        }
        c.env().forEach((k, v) -> env.put(k, c.secretEnvNames().contains(k) ? secret(c, k, v, path) : escape(v)));
        c.envSources().forEach((name, source) -> value(c, name, source, path).ifPresent(v -> env.put(name, v)));
        return env;
    }

    /** A {@code valueFrom}, resolved: empty when an optional source is missing or the value is not known here. */
    private Optional<String> value(ContainerSpec c, String name, EnvVarSource source, String path) {
        if (source instanceof EnvVarSource.ConfigMapKeyRef ref) {
            return spec.findConfigMap(ref.configMap()).flatMap(m -> m.value(ref.key())).map(v -> escape(text(v)));
        }
        if (source instanceof EnvVarSource.SecretKeyRef ref) {
            return spec.findSecret(ref.secret()).flatMap(m -> m.value(ref.key())).map(v -> secret(c, name, text(v),
                    path));
        }
        if (source instanceof EnvVarSource.FieldRef ref) {
            Matcher m = FIELD_MAP.matcher(ref.fieldPath());
            String value = m.matches() ? (m.group(1).equals("labels") ? spec.labels() : spec.annotations())
                    .getOrDefault(m.group(2), "") : switch (ref.fieldPath()) {
                        case "metadata.name" -> spec.name();
                        case "metadata.namespace" -> spec.namespace();
                        case "spec.serviceAccountName" -> spec.serviceAccountName().orElse("default");
                        default -> null;
                    };
            if (value == null) {
                unsupported(path + ".environment." + name, "'" + ref.fieldPath() + "' is known only once the pod runs");
                return Optional.empty();
            }
            return Optional.of(escape(value));
        }
        unsupported(path + ".environment." + name, "a container's resource (" + source + ") is known only once the "
                + "pod runs");
        return Optional.empty();
    }

    private String secret(ContainerSpec c, String name, String value, String path) {
        if (secretValues) {
            return escape(value);
        }
        String variable = (spec.name() + "_" + c.name() + "_" + name).toUpperCase(Locale.ROOT)
                .replaceAll("[^A-Z0-9_]", "_");
        entries.putIfAbsent(path + ".environment." + name, new ManifestReport.Entry(path + ".environment." + name,
                Verdict.DIFFERENT, "a secret value: Compose reads it from the variable " + variable + " (environment "
                + "or .env file); withSecretValues() writes it"));
        return "${" + variable + "}";
    }

    /** The user, as Docker takes it: the container's runAsUser, else its user(...), else the pod's runAsUser. */
    private Optional<String> user(ContainerSpec c, String path) {
        Matcher m = c.user().map(NUMERIC_USER::matcher).filter(Matcher::matches).orElse(null);
        String uid = c.runAsUser().isPresent() ? Long.toString(c.runAsUser().getAsLong())
                : c.user().isPresent() ? (m == null ? c.user().get() : m.group(1))
                : spec.runAsUser().isPresent() ? Long.toString(spec.runAsUser().getAsLong()) : null;
        String gid = c.runAsGroup().isPresent() ? Long.toString(c.runAsGroup().getAsLong())
                : m != null && m.group(2) != null ? m.group(2)
                : spec.runAsGroup().isPresent() ? Long.toString(spec.runAsGroup().getAsLong()) : null;
        if (c.runAsNonRoot().orElse(spec.runAsNonRoot().orElse(false)) && (uid == null || !uid.matches("[0-9]+"))) {
            different(path + ".user", "runAsNonRoot is not checked: Compose runs the image's user");
        }
        if (uid == null) {
            if (gid != null) {
                different(path + ".user", "a group (" + gid + ") without a user: the image's user runs with its own "
                        + "group");
            }
            return Optional.empty();
        }
        return Optional.of(gid == null ? uid : uid + ":" + gid);
    }

    private void security(ContainerSpec c, Map<String, Object> s) {
        if (c.readOnlyRootFilesystem()) {
            s.put("read_only", true);
        }
        if (Boolean.FALSE.equals(c.allowPrivilegeEscalation().orElse(null))) {
            s.put("security_opt", List.of("no-new-privileges:true"));
        }
        if (c.privileged()) {
            s.put("privileged", true);
        }
        if (!c.addedCapabilities().isEmpty()) {
            s.put("cap_add", c.addedCapabilities());
        }
        if (!c.droppedCapabilities().isEmpty()) {
            s.put("cap_drop", c.droppedCapabilities());
        }
    }

    private static void resources(ContainerSpec c, Map<String, Object> s) {
        if (c.memoryLimitBytes() > 0) {
            s.put("mem_limit", c.memoryLimitBytes());
        }
        if (c.cpuLimitMillis() > 0) {
            s.put("cpus", BigDecimal.valueOf(c.cpuLimitMillis()).movePointLeft(3).stripTrailingZeros()
                    .toPlainString());
        }
        if (c.memoryRequestBytes() > 0) {
            s.put("mem_reservation", c.memoryRequestBytes());
        }
        if (c.cpuRequestMillis() > 0) {
            // The kubelet's weight: 1024 per core, at least 2.
            s.put("cpu_shares", Math.max(2, c.cpuRequestMillis() * 1024 / 1000));
        }
    }

    private Optional<String> mount(VolumeMount mount, String path) {
        Optional<String> source = files.source(mount.volume());
        if (source.isEmpty()) {
            unsupported(path + ".volumes." + mount.volume(), "volume '" + mount.volume() + "' is not written");
            return Optional.empty();
        }
        var v = spec.volumes().stream().filter(x -> x.name().equals(mount.volume())).findFirst().orElseThrow();
        boolean bind = !ComposeFiles.isNamedVolume(v);
        String from = source.get();
        if (mount.subPath() != null) {
            if (!bind) {
                unsupported(path + ".volumes." + mount.volume(), "subPath '" + mount.subPath() + "' of a named volume: "
                        + "Compose 1.29 mounts a volume whole");
                return Optional.empty();
            }
            from = from + "/" + mount.subPath();
        }
        boolean readOnly = mount.readOnly() || v.readOnly();
        return Optional.of(from + ":" + mount.mountPath() + (readOnly ? ":ro" : ""));
    }

    private void probes(ContainerSpec c, ContainerRole role, Map<String, Object> s, String path) {
        Optional<Probe> health = role == ContainerRole.SIDECAR
                ? c.startupProbe().or(c::readinessProbe) : c.readinessProbe().or(c::startupProbe);
        health.ifPresent(p -> ComposeHealthcheck.healthcheck(c, p, s, entries, path));
        for (Optional<Probe> other : List.of(c.readinessProbe(), c.startupProbe())) {
            if (other.isPresent() && !other.equals(health)) {
                different(path + ".healthcheck", "one healthcheck per service: " + health.orElseThrow() + " is it, "
                        + other.get() + " is not written");
            }
        }
        c.livenessProbe().ifPresent(p -> unsupported(path + ".liveness", "a liveness probe (" + p + "): Docker does "
                + "not restart an unhealthy container"));
    }

    private void unsupported(String path, String reason) {
        entries.putIfAbsent(path, new ManifestReport.Entry(path, Verdict.UNSUPPORTED, reason));
    }

    private void different(String path, String reason) {
        entries.putIfAbsent(path, new ManifestReport.Entry(path, Verdict.DIFFERENT, reason));
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Compose interpolates {@code $}: doubled, the process gets the value as it is. */
    private static String escape(String value) {
        return value.replace("$", "$$");
    }

    /** A Compose duration: {@code 10s}, or {@code 1500ms} when not whole seconds. */
    static String duration(Duration d) {
        return d.getNano() == 0 ? d.getSeconds() + "s" : d.toMillis() + "ms";
    }
}
