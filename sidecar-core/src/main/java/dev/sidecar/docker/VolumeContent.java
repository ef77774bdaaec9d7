package dev.sidecar.docker;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvVarSource;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.SecretSpec;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a pod volume holds before any container starts, as archive entries with the modes and owners the kubelet
 * gives them:
 * <ul>
 * <li>an {@code emptyDir}'s root is mode 0777, as the kubelet makes it (a Docker volume's root is 0755, owned by
 * root), so that any user may write to it; the files given to it are 0644;</li>
 * <li>a {@code configMap}, {@code secret}, {@code downwardAPI} or {@code projected} volume is laid out as the
 * kubelet's atomic writer lays it out: the files in a directory {@code ..<timestamp>}, a symbolic link {@code ..data}
 * to it, and each top-level name a symbolic link into {@code ..data}; files have their item's mode, else the volume's
 * {@code defaultMode}; an optional ConfigMap or Secret that the pod does not carry gives an empty volume, a missing key
 * of an optional one a missing file;</li>
 * <li>with an {@code fsGroup}, everything is owned by that group and group-readable (and group-writable in an
 * {@code emptyDir}), and directories are setgid, so that files made in them belong to the group too (the kubelet's
 * {@code SetVolumeOwnership}).</li>
 * </ul>
 */
final class VolumeContent {

    /** The mode of an {@code emptyDir}'s root and of a projected volume's root, as the kubelet makes them. */
    static final int ROOT_MODE = 0777;
    /** The mode of the directories of a projected volume's files. */
    static final int DIRECTORY_MODE = 0755;
    /** The link through which a projected volume's files are reached, as the kubelet names it. */
    static final String DATA_LINK = "..data";

    private static final int SETGID = 02000;
    private static final int GROUP_READ = 0440;
    private static final int GROUP_READ_WRITE = 0660;
    private static final int EXECUTE = 0110;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.");

    private final PodSpec spec;
    private final PodFacts facts;
    private final long group;

    /**
     * @param facts what the downward API needs of the engine
     */
    VolumeContent(PodSpec spec, PodFacts facts) {
        this.spec = spec;
        this.facts = facts;
        this.group = spec.fsGroup().orElse(0);
    }

    /** Whether the volume's content is projected from the pod's data (a ConfigMap, Secret, the downward API). */
    static boolean projected(VolumeSpec v) {
        return v.kind() == VolumeSpec.Kind.CONFIG_MAP || v.kind() == VolumeSpec.Kind.SECRET
                || v.kind() == VolumeSpec.Kind.DOWNWARD_API || v.kind() == VolumeSpec.Kind.PROJECTED;
    }

    /** Whether the volume's content lives in memory, as the kubelet keeps Secrets and the downward API off disk. */
    static boolean inMemory(VolumeSpec v) {
        return v.kind() == VolumeSpec.Kind.EMPTY_DIR_MEMORY || v.kind() == VolumeSpec.Kind.SECRET
                || v.kind() == VolumeSpec.Kind.DOWNWARD_API || v.kind() == VolumeSpec.Kind.PROJECTED;
    }

    /**
     * The entries that make the volume what it is before any container starts, under the directory {@code root}
     * (its mount point, relative to where the entries are unpacked); {@code subPaths} are directories an
     * {@code emptyDir} must have, because a container mounts them.
     */
    List<Tar.Entry> entries(VolumeSpec v, String root, Set<String> subPaths) {
        List<Tar.Entry> entries = new ArrayList<>();
        if (v.kind() == VolumeSpec.Kind.HOST_PATH) {
            return entries;
        }
        boolean writable = !projected(v);
        int rootMode = dirMode(ROOT_MODE, writable);
        entries.add(Tar.Entry.directory(root, rootMode, group));
        if (writable) {
            Set<String> dirs = new LinkedHashSet<>();
            subPaths.forEach(p -> addWithParents(dirs, p));
            for (VolumeSpec.File f : v.files()) {
                parent(f.path()).ifPresent(p -> addWithParents(dirs, p));
            }
            dirs.forEach(d -> entries.add(Tar.Entry.directory(root + "/" + d, rootMode, group)));
            for (VolumeSpec.File f : v.files()) {
                entries.add(Tar.Entry.file(root + "/" + f.path(), fileContent(v, f), fileMode(Tar.FILE_MODE, true),
                        group));
            }
            return entries;
        }
        Map<String, Projected> files = projectedFiles(v);
        String data = ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP)
                + ThreadLocalRandom.current().nextInt(100_000_000, 1_000_000_000);
        entries.add(Tar.Entry.directory(root + "/" + data, dirMode(DIRECTORY_MODE, false), group));
        Set<String> dirs = new LinkedHashSet<>();
        files.keySet().forEach(p -> parent(p).ifPresent(d -> addWithParents(dirs, d)));
        dirs.forEach(d -> entries.add(Tar.Entry.directory(root + "/" + data + "/" + d,
                dirMode(DIRECTORY_MODE, false), group)));
        files.forEach((path, f) -> entries.add(Tar.Entry.file(root + "/" + data + "/" + path, f.content(),
                fileMode(f.mode(), false), group)));
        entries.add(Tar.Entry.symlink(root + "/" + DATA_LINK, data, group));
        Set<String> topLevel = new LinkedHashSet<>();
        files.keySet().forEach(p -> topLevel.add(p.contains("/") ? p.substring(0, p.indexOf('/')) : p));
        topLevel.forEach(t -> entries.add(Tar.Entry.symlink(root + "/" + t, DATA_LINK + "/" + t, group)));
        return entries;
    }

    /**
     * What a {@code subPath} mount of a projected volume puts into the container before it starts, at its mount
     * path (relative to the container's root): the file at the subPath, or the files under it, or, when the volume
     * has nothing there, an empty directory (the kubelet creates a missing subPath).
     */
    List<Tar.Entry> subPathEntries(VolumeSpec v, VolumeMount m) {
        String target = m.mountPath().replaceAll("^/+", "").replaceAll("/+$", "");
        String sub = m.subPath().replaceAll("/+$", "");
        List<Tar.Entry> entries = new ArrayList<>();
        Map<String, Projected> files = projectedFiles(v);
        Projected file = files.get(sub);
        if (file != null) {
            entries.add(Tar.Entry.file(target, file.content(), fileMode(file.mode(), false), group));
            return entries;
        }
        Set<String> dirs = new LinkedHashSet<>();
        List<Tar.Entry> under = new ArrayList<>();
        files.forEach((path, f) -> {
            if (path.startsWith(sub + "/")) {
                String rest = path.substring(sub.length() + 1);
                parent(rest).ifPresent(d -> addWithParents(dirs, d));
                under.add(Tar.Entry.file(target + "/" + rest, f.content(), fileMode(f.mode(), false), group));
            }
        });
        if (under.isEmpty()) {
            entries.add(Tar.Entry.directory(target, dirMode(DIRECTORY_MODE, false), group));
            return entries;
        }
        dirs.forEach(d -> entries.add(Tar.Entry.directory(target + "/" + d, dirMode(DIRECTORY_MODE, false), group)));
        entries.addAll(under);
        return entries;
    }

    /** A file of a projected volume: its content and mode. */
    private record Projected(byte[] content, int mode) {
    }

    /** The files a projected volume shows, by path relative to its root, in the order given. */
    private Map<String, Projected> projectedFiles(VolumeSpec v) {
        Map<String, Projected> files = new LinkedHashMap<>();
        if (v.kind() == VolumeSpec.Kind.PROJECTED) {
            v.sources().forEach(source -> addFiles(files, source, v.defaultMode()));
        } else {
            addFiles(files, v, v.defaultMode());
        }
        return files;
    }

    private void addFiles(Map<String, Projected> files, VolumeSpec v, int defaultMode) {
        switch (v.kind()) {
            case CONFIG_MAP -> keyed(files, v, defaultMode, spec.findConfigMap(v.sourceName())
                    .map(VolumeContent::values));
            case SECRET -> keyed(files, v, defaultMode, spec.findSecret(v.sourceName()).map(VolumeContent::values));
            case DOWNWARD_API -> v.fields().forEach(item -> files.put(item.path(), new Projected(
                    DownwardApi.bytes(fieldValue(item.source())), item.mode() == null ? defaultMode : item.mode())));
            default -> throw new IllegalArgumentException("volume '" + v.name() + "' is not projected: " + v.kind());
        }
    }

    /** Every key under its own name, or the items given; a missing key of an optional source is left out. */
    private static void keyed(Map<String, Projected> files, VolumeSpec v, int defaultMode,
            Optional<Map<String, byte[]>> source) {
        Map<String, byte[]> values = source.orElse(Map.of());
        if (v.items().isEmpty()) {
            values.forEach((key, value) -> files.put(key, new Projected(value, defaultMode)));
            return;
        }
        for (VolumeSpec.KeyToPath item : v.items()) {
            byte[] value = values.get(item.key());
            if (value != null) {
                files.put(item.path(), new Projected(value, item.mode() == null ? defaultMode : item.mode()));
            }
        }
    }

    private String fieldValue(EnvVarSource source) {
        if (source instanceof EnvVarSource.FieldRef f) {
            return DownwardApi.field(spec, f.fieldPath(), facts);
        }
        EnvVarSource.ResourceFieldRef ref = (EnvVarSource.ResourceFieldRef) source;
        ContainerSpec self = ref.containerName() == null ? spec.main() : spec.container(ref.containerName());
        return DownwardApi.resource(spec, self, ref, facts.node());
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

    /** A directory's mode with the pod's fsGroup applied, as the kubelet applies it. */
    private int dirMode(int mode, boolean writable) {
        return spec.fsGroup().isEmpty() ? mode
                : mode | SETGID | EXECUTE | (writable ? GROUP_READ_WRITE : GROUP_READ);
    }

    /** A file's mode with the pod's fsGroup applied, as the kubelet applies it. */
    private int fileMode(int mode, boolean writable) {
        return spec.fsGroup().isEmpty() ? mode : mode | (writable ? GROUP_READ_WRITE : GROUP_READ);
    }

    private static Optional<String> parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? Optional.empty() : Optional.of(path.substring(0, slash));
    }

    /** Adds {@code dir} and each of its parents, parents first. */
    private static void addWithParents(Set<String> dirs, String dir) {
        parent(dir).ifPresent(p -> addWithParents(dirs, p));
        dirs.add(dir);
    }

    /** The content of a file given to an {@code emptyDir}. */
    static byte[] fileContent(VolumeSpec v, VolumeSpec.File f) {
        try {
            return switch (f.source()) {
                case TEXT -> f.value().getBytes(StandardCharsets.UTF_8);
                case HOST_FILE -> Files.readAllBytes(Path.of(f.value()));
                case CLASSPATH -> {
                    ClassLoader loader = Thread.currentThread().getContextClassLoader();
                    InputStream in = loader == null ? null : loader.getResourceAsStream(f.value());
                    if (in == null) {
                        in = VolumeContent.class.getClassLoader().getResourceAsStream(f.value());
                    }
                    if (in == null) {
                        throw new PodStartException("class-path resource '" + f.value() + "' for volume '" + v.name()
                                + "' is gone", null);
                    }
                    try (InputStream stream = in) {
                        yield stream.readAllBytes();
                    }
                }
            };
        } catch (IOException e) {
            throw new PodStartException("cannot read " + f + " for volume '" + v.name() + "': " + e.getMessage(), e);
        }
    }
}
