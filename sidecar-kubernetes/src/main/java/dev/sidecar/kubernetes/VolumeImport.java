package dev.sidecar.kubernetes;

import dev.sidecar.EnvVarSource;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod's volumes as {@link VolumeSpec}s of the same kind: {@code emptyDir}, {@code hostPath}, {@code configMap},
 * {@code secret}, {@code downwardAPI} and {@code projected}, with their items, modes and optional flags (the ConfigMaps
 * and Secrets they show are carried with the pod); a {@code persistentVolumeClaim} (and a StatefulSet's claim template)
 * as an emptyDir. A ConfigMap volume that an export wrote for an emptyDir with files given from the test is that
 * emptyDir again.
 */
final class VolumeImport {

    /** The size of an in-memory emptyDir that gives no {@code sizeLimit} (Kubernetes takes the node's memory). */
    static final String DEFAULT_MEMORY_SIZE = "64Mi";

    private VolumeImport() {
    }

    static Map<String, VolumeSpec> map(ImportContext ctx, List<Volume> volumes, DataSources data, Extensions ext) {
        Map<String, VolumeSpec> result = new LinkedHashMap<>();
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String at = ctx.pod(FieldPath.index("spec.volumes", i));
            if (v.getName() == null) {
                ctx.problem(at, "", "every volume needs a name");
                continue;
            }
            ctx.consume(FieldPath.child(at, "name"));
            volume(ctx, v, at, data, ext.volumes().get(v.getName())).ifPresent(imported -> {
                if (result.putIfAbsent(v.getName(), imported) != null) {
                    ctx.problem(FieldPath.child(at, "name"), v.getName(), "volume name '" + v.getName() + "' is used "
                            + "twice");
                }
            });
        }
        return result;
    }

    private static Optional<VolumeSpec> volume(ImportContext ctx, Volume v, String at, DataSources data,
            Extensions.Volume extra) {
        String name = v.getName();
        if (v.getEmptyDir() != null) {
            return emptyDir(ctx, name, v.getEmptyDir(), FieldPath.child(at, "emptyDir"));
        }
        if (v.getHostPath() != null) {
            return hostPath(ctx, name, v.getHostPath(), FieldPath.child(at, "hostPath"));
        }
        if (v.getConfigMap() != null && extra != null && extra.files()) {
            return files(ctx, name, v.getConfigMap().getName(), v.getConfigMap().getItems(),
                    FieldPath.child(at, "configMap"), data, extra);
        }
        if (v.getConfigMap() != null) {
            var cm = v.getConfigMap();
            String source = FieldPath.child(at, "configMap");
            return keyed(ctx, name, false, cm.getName(), cm.getItems(), cm.getOptional(), source, "name", data)
                    .flatMap(b -> mode(ctx, b, cm.getDefaultMode(), source)).flatMap(b -> ctx.build(at, b::build));
        }
        if (v.getSecret() != null) {
            var s = v.getSecret();
            String source = FieldPath.child(at, "secret");
            return keyed(ctx, name, true, s.getSecretName(), s.getItems(), s.getOptional(), source, "secretName", data)
                    .flatMap(b -> mode(ctx, b, s.getDefaultMode(), source)).flatMap(b -> ctx.build(at, b::build));
        }
        if (v.getDownwardAPI() != null) {
            String source = FieldPath.child(at, "downwardAPI");
            VolumeSpec.Builder b = VolumeSpec.downwardApi(name).toBuilder();
            fields(ctx, v.getDownwardAPI().getItems(), FieldPath.child(source, "items"), b);
            return mode(ctx, b, v.getDownwardAPI().getDefaultMode(), source).flatMap(x -> ctx.build(at, x::build));
        }
        if (v.getProjected() != null) {
            return projected(ctx, name, v.getProjected(), FieldPath.child(at, "projected"), data)
                    .flatMap(b -> ctx.build(at, b::build));
        }
        if (v.getPersistentVolumeClaim() != null) {
            ctx.report(FieldPath.child(at, "persistentVolumeClaim"), Verdict.DIFFERENT, "claim '"
                    + v.getPersistentVolumeClaim().getClaimName() + "' is an emptyDir here: the data does not "
                    + "outlive the pod");
            return ctx.build(at, () -> VolumeSpec.emptyDir(name));
        }
        // Another source (nfs, csi…): the field rules report it. An emptyDir stands in, so that the mounts still
        // resolve in lenient mode.
        return ctx.build(at, () -> VolumeSpec.emptyDir(name));
    }

    private static Optional<VolumeSpec> emptyDir(ImportContext ctx, String name, EmptyDirVolumeSource e, String at) {
        String medium = e.getMedium() == null ? "" : e.getMedium();
        ctx.consume(FieldPath.child(at, "medium"));
        if (medium.isEmpty()) {
            if (e.getSizeLimit() != null) {
                ctx.report(FieldPath.child(at, "sizeLimit"), Verdict.DIFFERENT, "the sizeLimit "
                        + e.getSizeLimit() + " of an emptyDir on disk is not enforced (the kubelet would evict the "
                        + "pod past it)");
            }
            return ctx.build(at, () -> VolumeSpec.emptyDir(name));
        }
        if (!medium.equals("Memory")) {
            ctx.report(FieldPath.child(at, "medium"), Verdict.UNSUPPORTED, "medium '" + medium + "' is not "
                    + "supported (\"\" or Memory)");
            return ctx.build(at, () -> VolumeSpec.emptyDir(name));
        }
        String size;
        if (e.getSizeLimit() == null) {
            size = DEFAULT_MEMORY_SIZE;
            ctx.note(FieldPath.child(at, "medium"), Verdict.DIFFERENT, "an in-memory emptyDir without sizeLimit is "
                    + DEFAULT_MEMORY_SIZE + " here (Kubernetes allows up to the pod's memory limit or the node's "
                    + "memory)");
        } else {
            try {
                size = Long.toString(Quantities.parseBytes(e.getSizeLimit().toString()));
                ctx.consume(FieldPath.child(at, "sizeLimit"));
            } catch (IllegalArgumentException ex) {
                ctx.problem(FieldPath.child(at, "sizeLimit"), e.getSizeLimit(), ex.getMessage());
                return Optional.empty();
            }
        }
        return ctx.build(at, () -> VolumeSpec.emptyDirInMemory(name, size));
    }

    private static Optional<VolumeSpec> hostPath(ImportContext ctx, String name, HostPathVolumeSource h, String at) {
        if (h.getPath() == null || !h.getPath().startsWith("/")) {
            ctx.problem(FieldPath.child(at, "path"), h.getPath(), "a hostPath needs an absolute path");
            return Optional.empty();
        }
        String type = h.getType() == null ? "" : h.getType();
        VolumeSpec.HostPathType mapped = switch (type) {
            case "" -> VolumeSpec.HostPathType.EXISTS;
            case "DirectoryOrCreate" -> VolumeSpec.HostPathType.DIRECTORY_OR_CREATE;
            case "Directory" -> VolumeSpec.HostPathType.DIRECTORY;
            case "FileOrCreate" -> VolumeSpec.HostPathType.FILE_OR_CREATE;
            case "File" -> VolumeSpec.HostPathType.FILE;
            case "Socket" -> VolumeSpec.HostPathType.SOCKET;
            default -> null;
        };
        if (mapped == null) {
            if (type.equals("CharDevice") || type.equals("BlockDevice")) {
                ctx.report(FieldPath.child(at, "type"), Verdict.UNSUPPORTED, "a " + type + " host path is not "
                        + "supported: no devices are passed to containers");
            } else {
                ctx.problem(FieldPath.child(at, "type"), type, "not a hostPath type (\"\", DirectoryOrCreate, "
                        + "Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice)");
            }
            return Optional.empty();
        }
        ctx.consume(FieldPath.child(at, "path"));
        ctx.consume(FieldPath.child(at, "type"));
        Path root = ctx.options.hostPathRoot();
        Path path = root == null ? Path.of(h.getPath()) : root.resolve(h.getPath().substring(1));
        return ctx.build(at, () -> VolumeSpec.hostPath(name, path).toBuilder().hostPathType(mapped).build());
    }

    /**
     * A configMap or secret volume, or a projection's source: the ConfigMap or Secret is carried with the pod (a
     * missing one fails unless optional), {@code items} are kept as written.
     */
    private static Optional<VolumeSpec.Builder> keyed(ImportContext ctx, String name, boolean secret, String source,
            List<KeyToPath> items, Boolean optional, String at, String nameField, DataSources data) {
        String kind = secret ? "Secret" : "ConfigMap";
        if (source == null) {
            ctx.problem(FieldPath.child(at, nameField), "", "a " + kind + " volume needs the " + kind + "'s name");
            return Optional.empty();
        }
        ctx.consume(FieldPath.child(at, nameField));
        ctx.consume(FieldPath.child(at, "optional"));
        boolean isOptional = Boolean.TRUE.equals(optional);
        Optional<DataSources.Data> found = data.find(secret, source);
        if (found.isEmpty() && !isOptional) {
            ctx.problem(FieldPath.child(at, nameField), source, data.missing(kind, source));
            return Optional.empty();
        }
        found.ifPresent(data::use);
        Optional<VolumeSpec> base = ctx.build(at, () -> secret ? VolumeSpec.secret(name, source)
                : VolumeSpec.configMap(name, source));
        if (base.isEmpty()) {
            return Optional.empty();
        }
        VolumeSpec.Builder b = base.get().toBuilder().optional(isOptional);
        List<KeyToPath> written = items == null ? List.of() : items;
        for (int i = 0; i < written.size(); i++) {
            KeyToPath item = written.get(i);
            String itemAt = FieldPath.index(FieldPath.child(at, "items"), i);
            if (item.getKey() == null || item.getPath() == null) {
                ctx.problem(itemAt, "", "an item needs a key and a path");
                continue;
            }
            if (found.isPresent() && !found.get().values().containsKey(item.getKey()) && !isOptional) {
                ctx.problem(FieldPath.child(itemAt, "key"), item.getKey(), kind + " '" + source + "' has no key '"
                        + item.getKey() + "' (keys: " + found.get().values().keySet() + ")");
                continue;
            }
            if (item.getMode() == null) {
                b.item(item.getKey(), item.getPath());
            } else {
                b.item(item.getKey(), item.getPath(), item.getMode());
            }
            List.of("key", "path", "mode").forEach(f -> ctx.consume(FieldPath.child(itemAt, f)));
        }
        return Optional.of(b);
    }

    private static Optional<VolumeSpec.Builder> mode(ImportContext ctx, VolumeSpec.Builder b, Integer mode,
            String at) {
        if (mode != null) {
            b.defaultMode(mode);
        }
        ctx.consume(FieldPath.child(at, "defaultMode"));
        return Optional.of(b);
    }

    private static void fields(ImportContext ctx, List<DownwardAPIVolumeFile> items, String at,
            VolumeSpec.Builder b) {
        List<DownwardAPIVolumeFile> written = items == null ? List.of() : items;
        for (int i = 0; i < written.size(); i++) {
            DownwardAPIVolumeFile f = written.get(i);
            String itemAt = FieldPath.index(at, i);
            if (f.getPath() == null) {
                ctx.problem(itemAt, "", "a downwardAPI item needs a path");
                continue;
            }
            EnvVarSource source;
            if (f.getFieldRef() != null && f.getFieldRef().getFieldPath() != null) {
                source = EnvVarSource.field(f.getFieldRef().getFieldPath());
            } else if (f.getResourceFieldRef() != null && f.getResourceFieldRef().getResource() != null) {
                var r = f.getResourceFieldRef();
                source = new EnvVarSource.ResourceFieldRef(r.getContainerName() == null || r.getContainerName()
                        .isEmpty() ? null : r.getContainerName(), r.getResource(), r.getDivisor() == null ? "1"
                        : r.getDivisor().toString());
            } else {
                ctx.problem(itemAt, "", "a downwardAPI item needs a fieldRef or a resourceFieldRef");
                continue;
            }
            b.field(new VolumeSpec.DownwardApiItem(f.getPath(), source, f.getMode()));
            for (String field : List.of("path", "fieldRef", "resourceFieldRef", "mode")) {
                ctx.consume(FieldPath.child(itemAt, field));
            }
        }
    }

    private static Optional<VolumeSpec.Builder> projected(ImportContext ctx, String name,
            io.fabric8.kubernetes.api.model.ProjectedVolumeSource p, String at, DataSources data) {
        List<VolumeSpec> sources = new ArrayList<>();
        List<VolumeProjection> written = p.getSources() == null ? List.of() : p.getSources();
        for (int i = 0; i < written.size(); i++) {
            VolumeProjection s = written.get(i);
            String sourceAt = FieldPath.index(FieldPath.child(at, "sources"), i);
            // A projection's sources have no names of their own: each is named after the volume.
            Optional<VolumeSpec.Builder> source = Optional.empty();
            if (s.getConfigMap() != null) {
                var cm = s.getConfigMap();
                source = keyed(ctx, name, false, cm.getName(), cm.getItems(), cm.getOptional(),
                        FieldPath.child(sourceAt, "configMap"), "name", data);
            } else if (s.getSecret() != null) {
                var secret = s.getSecret();
                source = keyed(ctx, name, true, secret.getName(), secret.getItems(), secret.getOptional(),
                        FieldPath.child(sourceAt, "secret"), "name", data);
            } else if (s.getDownwardAPI() != null) {
                VolumeSpec.Builder b = VolumeSpec.downwardApi(name).toBuilder();
                fields(ctx, s.getDownwardAPI().getItems(), FieldPath.sub(sourceAt, "downwardAPI.items"), b);
                source = Optional.of(b);
            }
            // serviceAccountToken, clusterTrustBundle, podCertificate: the field rules report them.
            source.flatMap(b -> ctx.build(sourceAt, b::build)).ifPresent(sources::add);
        }
        Optional<VolumeSpec> volume = ctx.build(at, () -> VolumeSpec.projected(name,
                sources.toArray(VolumeSpec[]::new)));
        return volume.map(VolumeSpec::toBuilder).flatMap(b -> mode(ctx, b, p.getDefaultMode(), at));
    }

    /** A ConfigMap volume an export wrote for an emptyDir holding files given from the test: that emptyDir. */
    private static Optional<VolumeSpec> files(ImportContext ctx, String name, String source, List<KeyToPath> items,
            String at, DataSources data, Extensions.Volume extra) {
        Optional<DataSources.Data> found = source == null ? Optional.empty() : data.configMap(source);
        if (found.isEmpty()) {
            ctx.problem(FieldPath.child(at, "name"), source, data.missing("ConfigMap", source));
            return Optional.empty();
        }
        data.consumeWhole(found.get());
        Optional<VolumeSpec> base = ctx.build(at, () -> extra.memorySizeLimitBytes() > 0
                ? VolumeSpec.emptyDirInMemory(name, Long.toString(extra.memorySizeLimitBytes()))
                : VolumeSpec.emptyDir(name));
        if (base.isEmpty()) {
            return Optional.empty();
        }
        VolumeSpec.Builder b = base.get().toBuilder();
        Map<String, String> paths = new LinkedHashMap<>();
        found.get().values().keySet().forEach(k -> paths.put(k, k));
        if (items != null && !items.isEmpty()) {
            paths.clear();
            items.forEach(i -> paths.put(i.getKey(), i.getPath()));
        }
        paths.forEach((key, path) -> found.get().text(key).ifPresentOrElse(text -> b.file(path, text),
                () -> ctx.problem(FieldPath.child(at, "name"), source, "key '" + key + "' of ConfigMap '" + source
                        + "' is not UTF-8 text: a file given from the test is text")));
        ctx.consume(at);
        return ctx.build(at, b::build);
    }
}
