package dev.sidecar.docker;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvFromSource;
import dev.sidecar.EnvVarSource;
import dev.sidecar.PodSpec;
import dev.sidecar.SecretSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's environment as the kubelet builds it: every key of each {@code envFrom} source in order (a later
 * source wins a key, keys that are not variable names are skipped and logged, as the kubelet skips them with an
 * event), then {@code env}, whose variables win: values given as they are, and {@code valueFrom} values taken from
 * the pod's ConfigMaps and Secrets, the downward API and the containers' resources when the container is created. An
 * optional source or key that is missing leaves its variables out. Secret values stay in the environment the engine
 * gets; everything the library prints masks them ({@link PodSpec#maskSecrets}).
 */
final class EnvResolver {

    /** A variable name as Kubernetes allows it. */
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private EnvResolver() {
    }

    /** Whether the container's environment needs the pod's addresses, which are known once infra runs. */
    static boolean needsAddresses(ContainerSpec c) {
        return c.envSources().values().stream().anyMatch(s -> s instanceof EnvVarSource.FieldRef f
                && DownwardApi.needsAddresses(f.fieldPath()));
    }

    /** The container's environment as {@code NAME=value} pairs. */
    static List<String> resolve(PodSpec spec, ContainerSpec c, PodFacts facts) {
        return variables(spec, c, facts).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /**
     * The container's environment as it will be, for checks made before the pod exists (its image's contract): the
     * pod's addresses are not known yet, so {@value #UNKNOWN_ADDRESS} stands in for them.
     */
    static Map<String, String> beforeStart(PodSpec spec, ContainerSpec c, PodFacts facts) {
        PodFacts known = facts.addressesKnown() ? facts
                : new PodFacts(facts.uid(), facts.node(), facts.imageUsers(), List.of(UNKNOWN_ADDRESS),
                        UNKNOWN_ADDRESS, facts.mountpoints());
        return variables(spec, c, known);
    }

    /** What stands in for the pod's addresses before the pod exists. */
    static final String UNKNOWN_ADDRESS = "0.0.0.0";

    private static Map<String, String> variables(PodSpec spec, ContainerSpec c, PodFacts facts) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.envFrom()) {
            Optional<Map<String, byte[]>> values = from.kind() == EnvFromSource.Kind.CONFIG_MAP
                    ? spec.findConfigMap(from.name()).map(EnvResolver::values)
                    : spec.findSecret(from.name()).map(EnvResolver::values);
            List<String> skipped = new ArrayList<>();
            values.orElse(Map.of()).forEach((key, value) -> {
                String name = from.prefix() + key;
                if (ENV_NAME.matcher(name).matches()) {
                    env.put(name, text(value));
                } else {
                    skipped.add(name);
                }
            });
            if (!skipped.isEmpty()) {
                log(spec).warn("container '{}': keys {} of {} '{}' are not valid environment variable names and were "
                        + "skipped, as the kubelet skips them", c.name(), skipped, kind(from.kind()), from.name());
            }
        }
        env.putAll(c.env());
        c.envSources().forEach((name, source) -> value(spec, c, source, facts).ifPresent(v -> env.put(name, v)));
        return env;
    }

    /** The value of one {@code valueFrom}; empty when an optional source or key is missing. */
    private static Optional<String> value(PodSpec spec, ContainerSpec c, EnvVarSource source, PodFacts facts) {
        if (source instanceof EnvVarSource.ConfigMapKeyRef ref) {
            return spec.findConfigMap(ref.configMap()).flatMap(m -> m.value(ref.key())).map(EnvResolver::text);
        }
        if (source instanceof EnvVarSource.SecretKeyRef ref) {
            return spec.findSecret(ref.secret()).flatMap(s -> s.value(ref.key())).map(EnvResolver::text);
        }
        if (source instanceof EnvVarSource.FieldRef ref) {
            return Optional.of(DownwardApi.field(spec, ref.fieldPath(), facts));
        }
        return Optional.of(DownwardApi.resource(spec, c, (EnvVarSource.ResourceFieldRef) source, facts.node()));
    }

    private static Map<String, byte[]> values(ConfigMapSpec configMap) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        configMap.keys().forEach(k -> values.put(k, configMap.value(k).orElseThrow()));
        return values;
    }

    private static Map<String, byte[]> values(SecretSpec secret) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        secret.keys().forEach(k -> values.put(k, secret.value(k).orElseThrow()));
        return values;
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    private static String kind(EnvFromSource.Kind kind) {
        return kind == EnvFromSource.Kind.CONFIG_MAP ? "ConfigMap" : "Secret";
    }

    private static Logger log(PodSpec spec) {
        return LoggerFactory.getLogger("dev.sidecar.pod." + spec.name());
    }
}
