package dev.sidecar.kubernetes;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.InvalidSpecException;
import dev.sidecar.PodSpec;
import dev.sidecar.SecretSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ConfigMaps and Secrets a workload reads, found among the loaded documents in the workload's namespace. The ones
 * the pod refers to (volumes, {@code valueFrom}, {@code envFrom}) are carried with it as {@link ConfigMapSpec}s and
 * {@link SecretSpec}s; their text also serves the import itself ({@code $(VAR)} expansion, the library's own file
 * volumes and {@code secretEnv} values written by an export).
 */
final class DataSources {

    /** The keys and values of a ConfigMap or Secret, as bytes. */
    record Data(String kind, String name, Document document, Map<String, byte[]> values) {

        /** The value of {@code key} as text, if it is there and is UTF-8. */
        Optional<String> text(String key) {
            byte[] v = values.get(key);
            return v == null ? Optional.empty() : decode(v);
        }

        /** Every key whose value is UTF-8 text, with the text. */
        Map<String, String> texts() {
            Map<String, String> text = new LinkedHashMap<>();
            values.forEach((k, v) -> decode(v).ifPresent(t -> text.put(k, t)));
            return text;
        }
    }

    private final ImportContext ctx;
    private final Map<String, Data> configMaps = new LinkedHashMap<>();
    private final Map<String, Data> secrets = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final Set<String> notCarried = new HashSet<>();

    DataSources(ImportContext ctx) {
        this.ctx = ctx;
    }

    /** The ConfigMap named {@code name}, if the documents have it. */
    Optional<Data> configMap(String name) {
        if (!configMaps.containsKey(name)) {
            configMaps.put(name, ctx.manifests.data("ConfigMap", ctx.document.namespace(), name).map(d -> {
                ConfigMap cm = (ConfigMap) d.resource();
                Map<String, byte[]> values = new LinkedHashMap<>();
                if (cm.getData() != null) {
                    cm.getData().forEach((k, v) -> values.put(k, (v == null ? "" : v)
                            .getBytes(StandardCharsets.UTF_8)));
                }
                if (cm.getBinaryData() != null) {
                    cm.getBinaryData().forEach((k, v) -> base64(d, "binaryData", k, v, values));
                }
                return new Data("ConfigMap", name, d, values);
            }).orElse(null));
        }
        return Optional.ofNullable(configMaps.get(name));
    }

    /** The Secret named {@code name}, if the documents have it ({@code stringData} wins over {@code data}). */
    Optional<Data> secret(String name) {
        if (!secrets.containsKey(name)) {
            secrets.put(name, ctx.manifests.data("Secret", ctx.document.namespace(), name).map(d -> {
                Secret s = (Secret) d.resource();
                Map<String, byte[]> values = new LinkedHashMap<>();
                if (s.getData() != null) {
                    s.getData().forEach((k, v) -> base64(d, "data", k, v, values));
                }
                if (s.getStringData() != null) {
                    s.getStringData().forEach((k, v) -> values.put(k, (v == null ? "" : v)
                            .getBytes(StandardCharsets.UTF_8)));
                }
                return new Data("Secret", name, d, values);
            }).orElse(null));
        }
        return Optional.ofNullable(secrets.get(name));
    }

    /** The ConfigMap ({@code secret} false) or Secret named {@code name}, if the documents have it. */
    Optional<Data> find(boolean secret, String name) {
        return secret ? secret(name) : configMap(name);
    }

    /** Records that the pod refers to it: it is carried with the pod. */
    void use(Data data) {
        used.add(data.kind() + "/" + data.name());
    }

    /** Records that the import consumed it into the spec itself (a file volume, secretEnv values): not carried. */
    void consumeWhole(Data data) {
        notCarried.add(data.kind() + "/" + data.name());
    }

    /** Adds every ConfigMap and Secret the pod refers to, in the order of the documents. */
    void carry(PodSpec.Builder pod) {
        for (String name : ctx.manifests.dataNames("ConfigMap")) {
            Data d = configMaps.get(name);
            if (d != null && carried(d)) {
                build(d, () -> {
                    ConfigMapSpec.Builder b = ConfigMapSpec.builder(d.name());
                    d.values().forEach(b::binaryData);
                    pod.configMap(b.build());
                });
            }
        }
        for (String name : ctx.manifests.dataNames("Secret")) {
            Data d = secrets.get(name);
            if (d != null && carried(d)) {
                build(d, () -> {
                    SecretSpec.Builder b = SecretSpec.builder(d.name());
                    d.values().forEach(b::data);
                    pod.secret(b.build());
                });
            }
        }
    }

    private boolean carried(Data d) {
        String key = d.kind() + "/" + d.name();
        return used.contains(key) && !notCarried.contains(key);
    }

    private void build(Data d, Runnable build) {
        try {
            build.run();
        } catch (InvalidSpecException e) {
            e.problems().forEach(p -> ctx.problem(d.document().problem("metadata.name", d.name(), p)));
        }
    }

    /** A message naming what there is, for a ConfigMap or Secret ({@code kind}) that is missing. */
    String missing(String kind, String name) {
        return "no " + kind + " '" + name + "' among the documents" + ctx.document.namespace()
                .map(ns -> " of namespace '" + ns + "'").orElse("") + " (" + kind + "s: "
                + (ctx.manifests.dataNames(kind).isEmpty() ? "none" : String.join(", ",
                ctx.manifests.dataNames(kind))) + "): load it too, with KubernetesManifests.and(...), or mark the "
                + "reference optional";
    }

    private void base64(Document d, String field, String key, String base64, Map<String, byte[]> values) {
        try {
            values.put(key, Base64.getDecoder().decode(base64 == null ? "" : base64.strip()));
        } catch (IllegalArgumentException e) {
            ctx.problem(d.problem(FieldPath.child(field, key), "", "not base64: " + e.getMessage()));
        }
    }

    private static Optional<String> decode(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
