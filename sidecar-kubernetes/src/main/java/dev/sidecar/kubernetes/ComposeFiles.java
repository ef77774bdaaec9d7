package dev.sidecar.kubernetes;

import dev.sidecar.PodSpec;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files a Compose export writes beside the Compose file, under {@code files/<volume>/}: those given from the test
 * to an emptyDir, and the keys of a ConfigMap or Secret volume (with their items and modes), each mounted as a bind
 * mount of {@code ./files/<volume>}. Where each volume comes from, for a service's {@code volumes}.
 */
final class ComposeFiles {

    /**
     * One file, or a directory.
     *
     * @param path its path under {@code files/}
     * @param content its bytes, or null for an (empty) directory
     * @param mode its mode, or null for the default
     */
    record File(String path, byte[] content, Integer mode) {
    }

    private final PodSpec spec;
    private final List<File> files = new ArrayList<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    ComposeFiles(PodSpec spec, boolean secretValues, Map<String, ManifestReport.Entry> entries) {
        this.spec = spec;
        for (VolumeSpec v : spec.volumes()) {
            String at = "volumes." + v.name();
            if (!v.files().isEmpty()) {
                v.files().forEach(f -> files.add(new File(v.name() + "/" + f.path(), FileContents.bytes(f), null)));
                sources.put(v.name(), "./files/" + v.name());
                entries.putIfAbsent(at, new ManifestReport.Entry(at, Verdict.DIFFERENT, "its files are a bind mount of "
                        + "./files/" + v.name() + ", which writeTo(dir) writes beside the Compose file"
                        + (v.kind() == VolumeSpec.Kind.EMPTY_DIR_MEMORY ? ", on disk" : "")));
            } else if (v.kind() == VolumeSpec.Kind.CONFIG_MAP || v.kind() == VolumeSpec.Kind.SECRET) {
                boolean secret = v.kind() == VolumeSpec.Kind.SECRET;
                if (secret && !secretValues) {
                    entries.putIfAbsent(at, new ManifestReport.Entry(at, Verdict.UNSUPPORTED, "Secret '"
                            + v.sourceName() + "' would be written as files beside the Compose file: "
                            + "withSecretValues() writes them"));
                    continue;
                }
                keys(v, secret).forEach((key, path) -> value(v.sourceName(), secret, key).ifPresent(bytes ->
                        files.add(new File(v.name() + "/" + path, bytes, mode(v, key)))));
                files.add(new File(v.name(), null, null));
                sources.put(v.name(), "./files/" + v.name());
                entries.putIfAbsent(at, new ManifestReport.Entry(at, Verdict.DIFFERENT, "the keys of "
                        + (secret ? "Secret '" : "ConfigMap '") + v.sourceName() + "' are files in ./files/" + v.name()
                        + ", bound read-only (on disk, without the kubelet's ..data layout)"));
            } else if (v.kind() == VolumeSpec.Kind.DOWNWARD_API || v.kind() == VolumeSpec.Kind.PROJECTED) {
                entries.putIfAbsent(at, new ManifestReport.Entry(at, Verdict.UNSUPPORTED, "a " + v.kind()
                        .name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " volume holds values known "
                        + "only once the pod runs: not written"));
            } else if (v.kind() == VolumeSpec.Kind.HOST_PATH) {
                sources.put(v.name(), v.hostPath());
            } else {
                sources.put(v.name(), v.name());
            }
        }
        if (spec.fsGroup().isPresent() && !spec.volumes().isEmpty()) {
            entries.putIfAbsent("volumes", new ManifestReport.Entry("volumes", Verdict.DIFFERENT, "the volumes are "
                    + "not owned by fsGroup " + spec.fsGroup().getAsLong() + " (every process still gets the group)"));
        }
    }

    /** Whether {@code v} is a named Compose volume (an emptyDir without files). */
    static boolean isNamedVolume(VolumeSpec v) {
        return v.files().isEmpty() && (v.kind() == VolumeSpec.Kind.EMPTY_DIR
                || v.kind() == VolumeSpec.Kind.EMPTY_DIR_MEMORY);
    }

    /** What a service mounts for volume {@code name}: a named volume, a host path or {@code ./files/<name>}. */
    Optional<String> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    List<File> files() {
        return files;
    }

    /** The keys a volume shows, each with its path. */
    private Map<String, String> keys(VolumeSpec v, boolean secret) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (!v.items().isEmpty()) {
            v.items().forEach(i -> keys.put(i.key(), i.path()));
        } else {
            (secret ? spec.findSecret(v.sourceName()).map(s -> s.keys())
                    : spec.findConfigMap(v.sourceName()).map(c -> c.keys())).orElse(Set.of())
                    .forEach(k -> keys.put(k, k));
        }
        return keys;
    }

    private Optional<byte[]> value(String source, boolean secret, String key) {
        return secret ? spec.findSecret(source).flatMap(s -> s.value(key))
                : spec.findConfigMap(source).flatMap(c -> c.value(key));
    }

    private static Integer mode(VolumeSpec v, String key) {
        return v.items().stream().filter(i -> i.key().equals(key) && i.mode() != null).map(VolumeSpec.KeyToPath::mode)
                .findFirst().orElse(v.defaultMode());
    }

    /** Sets {@code file}'s mode where the file system has POSIX permissions. */
    static void mode(Path file, Integer mode) throws IOException {
        if (mode == null || !Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        Files.setPosixFilePermissions(file, permissions);
    }
}
