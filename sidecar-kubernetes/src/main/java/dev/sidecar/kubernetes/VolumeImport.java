package dev.sidecar.kubernetes;

import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod's volumes as {@link VolumeSpec}s: {@code emptyDir} and {@code hostPath} as they are; {@code configMap} and
 * {@code secret} volumes as an emptyDir holding the data's keys as files, mounted read-only; a
 * {@code persistentVolumeClaim} (and a StatefulSet's claim template) as an emptyDir.
 */
final class VolumeImport {

    /** The size of an in-memory emptyDir that gives no {@code sizeLimit} (Kubernetes takes the node's memory). */
    static final String DEFAULT_MEMORY_SIZE = "64Mi";

    /**
     * A volume being imported.
     *
     * @param volume the volume (a hostPath's readOnly is decided from its mounts)
     * @param dataVolume whether it holds a ConfigMap's or Secret's files: Kubernetes mounts those read-only
     */
    record Imported(VolumeSpec volume, boolean dataVolume) {
    }

    private VolumeImport() {
    }

    static Map<String, Imported> map(ImportContext ctx, List<Volume> volumes, DataSources data, Extensions ext) {
        Map<String, Imported> result = new LinkedHashMap<>();
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String at = ctx.pod(FieldPath.index("spec.volumes", i));
            if (v.getName() == null) {
                ctx.problem(at, "", "every volume needs a name");
                continue;
            }
            ctx.consume(FieldPath.child(at, "name"));
            Extensions.Volume extra = ext.volumes().get(v.getName());
            volume(ctx, v, at, data, extra).ifPresent(imported -> {
                if (result.putIfAbsent(v.getName(), imported) != null) {
                    ctx.problem(FieldPath.child(at, "name"), v.getName(), "volume name '" + v.getName() + "' is used "
                            + "twice");
                }
            });
        }
        return result;
    }

    private static Optional<Imported> volume(ImportContext ctx, Volume v, String at, DataSources data,
            Extensions.Volume extra) {
        String name = v.getName();
        if (v.getEmptyDir() != null) {
            return emptyDir(ctx, name, v.getEmptyDir(), FieldPath.child(at, "emptyDir")).map(s -> new Imported(s, false));
        }
        if (v.getHostPath() != null) {
            return hostPath(ctx, name, v.getHostPath(), FieldPath.child(at, "hostPath"))
                    .map(s -> new Imported(s, false));
        }
        if (v.getConfigMap() != null) {
            ConfigMapVolumeSource cm = v.getConfigMap();
            return files(ctx, name, "ConfigMap", cm.getName(), cm.getItems(), cm.getDefaultMode(), cm.getOptional(),
                    FieldPath.child(at, "configMap"), "name", data, extra);
        }
        if (v.getSecret() != null) {
            SecretVolumeSource s = v.getSecret();
            return files(ctx, name, "Secret", s.getSecretName(), s.getItems(), s.getDefaultMode(), s.getOptional(),
                    FieldPath.child(at, "secret"), "secretName", data, extra);
        }
        if (v.getPersistentVolumeClaim() != null) {
            ctx.report(FieldPath.child(at, "persistentVolumeClaim"), Verdict.DIFFERENT, "claim '"
                    + v.getPersistentVolumeClaim().getClaimName() + "' is an emptyDir here: the data does not "
                    + "outlive the pod");
            return ctx.build(at, () -> VolumeSpec.emptyDir(name)).map(s -> new Imported(s, false));
        }
        // Another source (projected, nfs…): the field rules report it. An emptyDir stands in, so that the mounts
        // still resolve in lenient mode.
        return ctx.build(at, () -> VolumeSpec.emptyDir(name)).map(s -> new Imported(s, false));
    }

    private static Optional<VolumeSpec> emptyDir(ImportContext ctx, String name, EmptyDirVolumeSource e, String at) {
        String medium = e.getMedium() == null ? "" : e.getMedium();
        ctx.consume(at);
        if (medium.isEmpty()) {
            if (e.getSizeLimit() != null) {
                ctx.report(FieldPath.child(at, "sizeLimit"), Verdict.DIFFERENT, "the sizeLimit "
                        + e.getSizeLimit() + " of an emptyDir on disk is not enforced");
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
                    + DEFAULT_MEMORY_SIZE + " here (Kubernetes allows up to the node's memory)");
        } else {
            try {
                size = Long.toString(Quantities.parseBytes(e.getSizeLimit().toString()));
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

    private static Optional<Imported> files(ImportContext ctx, String name, String kind, String source,
            List<KeyToPath> items, Integer defaultMode, Boolean optional, String at, String nameField,
            DataSources data, Extensions.Volume extra) {
        if (source == null) {
            ctx.problem(FieldPath.child(at, nameField), "", "a " + kind + " volume needs the " + kind + "'s name");
            return Optional.empty();
        }
        Optional<DataSources.Data> found = kind.equals("Secret") ? data.secret(source) : data.configMap(source);
        VolumeSpec base;
        if (extra != null && extra.memorySizeLimitBytes() > 0) {
            Optional<VolumeSpec> memory = ctx.build(at, () -> VolumeSpec.emptyDirInMemory(name,
                    Long.toString(extra.memorySizeLimitBytes())));
            if (memory.isEmpty()) {
                return Optional.empty();
            }
            base = memory.get();
        } else {
            Optional<VolumeSpec> disk = ctx.build(at, () -> VolumeSpec.emptyDir(name));
            if (disk.isEmpty()) {
                return Optional.empty();
            }
            base = disk.get();
        }
        boolean exact = extra != null; // written by a lenient export from the spec's own file volume
        if (found.isEmpty()) {
            if (!Boolean.TRUE.equals(optional)) {
                ctx.problem(FieldPath.child(at, nameField), source, data.missing(kind, source));
                return Optional.empty();
            }
            ctx.report(at, Verdict.DIFFERENT, "optional " + kind + " '" + source + "' is not among the documents: an "
                    + "empty emptyDir");
            return Optional.of(new Imported(base, extra == null || !extra.writable()));
        }
        VolumeSpec.Builder b = base.toBuilder();
        Map<String, String> text = found.get().text();
        List<String> binary = new java.util.ArrayList<>();
        if (items == null || items.isEmpty()) {
            text.forEach(b::file);
            binary.addAll(found.get().binaryKeys());
        } else {
            for (int i = 0; i < items.size(); i++) {
                KeyToPath item = items.get(i);
                String itemAt = FieldPath.index(FieldPath.child(at, "items"), i);
                String value = text.get(item.getKey());
                if (found.get().binaryKeys().contains(item.getKey())) {
                    binary.add(item.getKey());
                } else if (value == null) {
                    if (!Boolean.TRUE.equals(optional)) {
                        ctx.problem(FieldPath.child(itemAt, "key"), item.getKey(), kind + " '" + source + "' has no "
                                + "key '" + item.getKey() + "' (keys: " + text.keySet() + ")");
                    }
                } else {
                    b.file(item.getPath() == null ? item.getKey() : item.getPath(), value);
                }
            }
        }
        if (!binary.isEmpty()) {
            ctx.note(at, Verdict.UNSUPPORTED, "keys " + binary + " of " + kind + " '" + source + "' are not UTF-8 "
                    + "text: left out (files given to a volume are text)");
        }
        boolean modes = defaultMode != null || items != null && items.stream().anyMatch(i -> i.getMode() != null);
        if (exact && !modes) {
            ctx.consume(at);
        } else {
            ctx.report(at, Verdict.DIFFERENT, "an emptyDir holding the keys of " + kind + " '" + source + "' as "
                    + "files, mounted read-only" + (modes ? "; file modes are not kept" : ""));
        }
        return ctx.build(at, b::build).map(v -> new Imported(v, extra == null || !extra.writable()));
    }
}
