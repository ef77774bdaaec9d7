package dev.sidecar.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ConfigMaps and Secrets a workload reads, found among the loaded documents in the workload's namespace, as text:
 * what {@code configMap}/{@code secret} volumes, {@code valueFrom} and {@code envFrom} need.
 */
final class DataSources {

    /** The text of each key; keys whose bytes are not UTF-8 are in {@code binaryKeys}. */
    record Data(Document document, Map<String, String> text, java.util.Set<String> binaryKeys) {
    }

    private final ImportContext ctx;

    DataSources(ImportContext ctx) {
        this.ctx = ctx;
    }

    /** The ConfigMap named {@code name}, if the documents have it. */
    Optional<Data> configMap(String name) {
        return ctx.manifests.data("ConfigMap", ctx.document.namespace(), name).map(d -> {
            ConfigMap cm = (ConfigMap) d.resource();
            Map<String, String> text = new LinkedHashMap<>();
            java.util.Set<String> binary = new java.util.LinkedHashSet<>();
            if (cm.getData() != null) {
                text.putAll(cm.getData());
            }
            if (cm.getBinaryData() != null) {
                cm.getBinaryData().forEach((k, v) -> decode(d, "binaryData", k, v, text, binary));
            }
            return new Data(d, text, binary);
        });
    }

    /** The Secret named {@code name}, if the documents have it ({@code stringData} wins over {@code data}). */
    Optional<Data> secret(String name) {
        return ctx.manifests.data("Secret", ctx.document.namespace(), name).map(d -> {
            Secret s = (Secret) d.resource();
            Map<String, String> text = new LinkedHashMap<>();
            java.util.Set<String> binary = new java.util.LinkedHashSet<>();
            if (s.getData() != null) {
                s.getData().forEach((k, v) -> decode(d, "data", k, v, text, binary));
            }
            if (s.getStringData() != null) {
                text.putAll(s.getStringData());
                binary.removeAll(s.getStringData().keySet());
            }
            return new Data(d, text, binary);
        });
    }

    /** A message naming what there is, for a ConfigMap or Secret ({@code kind}) that is missing. */
    String missing(String kind, String name) {
        return "no " + kind + " '" + name + "' among the documents" + ctx.document.namespace()
                .map(ns -> " of namespace '" + ns + "'").orElse("") + " (" + kind + "s: "
                + (ctx.manifests.dataNames(kind).isEmpty() ? "none" : String.join(", ",
                ctx.manifests.dataNames(kind))) + "): load it too, with KubernetesManifests.and(...), or mark the "
                + "reference optional";
    }

    private void decode(Document d, String field, String key, String base64, Map<String, String> text,
            java.util.Set<String> binary) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
        } catch (IllegalArgumentException e) {
            ctx.problem(d.problem(FieldPath.child(field, key), "", "not base64: " + e.getMessage()));
            return;
        }
        try {
            text.put(key, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            binary.add(key);
        }
    }
}
