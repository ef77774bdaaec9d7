package dev.sidecar;

import dev.sidecar.internal.Checks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A volume of the pod that its containers mount: Kubernetes' {@code emptyDir} (on disk or in memory) and
 * {@code hostPath}. An {@code emptyDir} may be given files before any container starts, as a {@code configMap}
 * volume would be. Immutable; the {@code with…} methods derive changed copies.
 */
public final class VolumeSpec {

    /** Where the volume's data lives. */
    public enum Kind {
        /** An empty directory on the engine's disk, owned by the pod and removed with it ({@code emptyDir}). */
        EMPTY_DIR,
        /** An empty tmpfs of limited size, owned by the pod ({@code emptyDir} with {@code medium: Memory}). */
        EMPTY_DIR_MEMORY,
        /** A directory of the engine's host ({@code hostPath}); read-only unless {@link #readWrite()} says so. */
        HOST_PATH
    }

    /** A file that appears in the volume before any container starts. */
    public record File(String path, Source source, String value) {

        /** Where the file's content comes from. */
        public enum Source {
            /** {@code value} is the content, encoded as UTF-8. */
            TEXT,
            /** {@code value} names a class-path resource. */
            CLASSPATH,
            /** {@code value} is the path of a file on this machine. */
            HOST_FILE
        }

        @Override
        public String toString() {
            return switch (source) {
                case TEXT -> path + " (" + value.length() + " chars)";
                case CLASSPATH -> path + " <- classpath:" + value;
                case HOST_FILE -> path + " <- " + value;
            };
        }
    }

    private final String name;
    private final Kind kind;
    private final long sizeLimitBytes;
    private final String hostPath;
    private final boolean readOnly;
    private final List<File> files;

    private VolumeSpec(String name, Kind kind, long sizeLimitBytes, String hostPath, boolean readOnly,
            List<File> files) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.sizeLimitBytes = sizeLimitBytes;
        this.hostPath = hostPath;
        this.readOnly = readOnly;
        this.files = List.copyOf(files);
    }

    /** An {@code emptyDir} on the engine's disk, removed when the pod closes. */
    public static VolumeSpec emptyDir(String name) {
        return new VolumeSpec(name, Kind.EMPTY_DIR, 0, null, false, List.of());
    }

    /**
     * An {@code emptyDir} in memory (tmpfs) of at most {@code sizeLimit}, a Kubernetes quantity such as {@code 64Mi}.
     * It is shared by every container that mounts it, which a plain Docker tmpfs mount cannot be.
     */
    public static VolumeSpec emptyDirInMemory(String name, String sizeLimit) {
        return new VolumeSpec(name, Kind.EMPTY_DIR_MEMORY, Checks.bytes("sizeLimit of volume '" + name + "'",
                sizeLimit), null, false, List.of());
    }

    /** A directory of the engine's host, mounted read-only unless {@link #readWrite()} is called. */
    public static VolumeSpec hostPath(String name, Path hostPath) {
        Objects.requireNonNull(hostPath, "hostPath");
        return new VolumeSpec(name, Kind.HOST_PATH, 0, hostPath.toAbsolutePath().toString(), true, List.of());
    }

    /** A copy of this {@code hostPath} volume that containers may write to. */
    public VolumeSpec readWrite() {
        if (kind != Kind.HOST_PATH) {
            throw new IllegalArgumentException("volume '" + name + "' is " + kind + ": only a hostPath volume is "
                    + "read-only by default; mount an emptyDir read-only with VolumeMount.readOnly()");
        }
        return new VolumeSpec(name, kind, sizeLimitBytes, hostPath, false, files);
    }

    /** A copy that holds a file with {@code text} (UTF-8) at {@code path}, relative to the volume's root. */
    public VolumeSpec withFile(String path, String text) {
        Objects.requireNonNull(text, "text");
        return withFile(new File(checkFilePath(path), File.Source.TEXT, text));
    }

    /** A copy that holds, at {@code path}, the content of the class-path resource {@code resource}. */
    public VolumeSpec withClasspathFile(String path, String resource) {
        Objects.requireNonNull(resource, "resource");
        String normalized = resource.startsWith("/") ? resource.substring(1) : resource;
        if (Thread.currentThread().getContextClassLoader().getResource(normalized) == null
                && VolumeSpec.class.getClassLoader().getResource(normalized) == null) {
            throw new IllegalArgumentException("class-path resource '" + resource + "' for file '" + path
                    + "' of volume '" + name + "' does not exist");
        }
        return withFile(new File(checkFilePath(path), File.Source.CLASSPATH, normalized));
    }

    /** A copy that holds, at {@code path}, the content of {@code hostFile} read when the pod starts. */
    public VolumeSpec withHostFile(String path, Path hostFile) {
        Objects.requireNonNull(hostFile, "hostFile");
        if (!Files.isRegularFile(hostFile) || !Files.isReadable(hostFile)) {
            throw new IllegalArgumentException("host file '" + hostFile + "' for file '" + path + "' of volume '"
                    + name + "' is not a readable regular file");
        }
        return withFile(new File(checkFilePath(path), File.Source.HOST_FILE, hostFile.toAbsolutePath().toString()));
    }

    private VolumeSpec withFile(File file) {
        if (kind == Kind.HOST_PATH) {
            throw new IllegalArgumentException("volume '" + name + "' is a hostPath volume: files can only be "
                    + "given to an emptyDir");
        }
        List<File> more = new ArrayList<>(files);
        more.removeIf(f -> f.path().equals(file.path()));
        more.add(file);
        return new VolumeSpec(name, kind, sizeLimitBytes, hostPath, readOnly, more);
    }

    private String checkFilePath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isBlank() || path.startsWith("/") || List.of(path.split("/")).contains("..")) {
            throw new IllegalArgumentException("file path '" + path + "' of volume '" + name
                    + "' must be relative to the volume's root and must not contain '..'");
        }
        return path;
    }

    /** The volume's name, which container mounts refer to. */
    public String name() {
        return name;
    }

    /** Where its data lives. */
    public Kind kind() {
        return kind;
    }

    /** The size limit in bytes of an in-memory {@code emptyDir}, else 0. */
    public long sizeLimitBytes() {
        return sizeLimitBytes;
    }

    /** The absolute host directory of a {@code hostPath} volume, else {@code null}. */
    public String hostPath() {
        return hostPath;
    }

    /** Whether every mount of it is read-only: true for a {@code hostPath} unless {@link #readWrite()} was called. */
    public boolean readOnly() {
        return readOnly;
    }

    /** The files it holds before any container starts. */
    public List<File> files() {
        return files;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VolumeSpec v && name.equals(v.name) && kind == v.kind
                && sizeLimitBytes == v.sizeLimitBytes && Objects.equals(hostPath, v.hostPath)
                && readOnly == v.readOnly && files.equals(v.files);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, sizeLimitBytes, hostPath, readOnly, files);
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case EMPTY_DIR -> "emptyDir";
            case EMPTY_DIR_MEMORY -> "emptyDir(memory, " + sizeLimitBytes + " bytes)";
            case HOST_PATH -> "hostPath(" + hostPath + (readOnly ? ", ro" : ", rw") + ")";
        };
        return name + ": " + what + (files.isEmpty() ? "" : " files=" + files);
    }
}
