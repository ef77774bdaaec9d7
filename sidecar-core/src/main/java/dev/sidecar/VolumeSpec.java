package dev.sidecar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A volume of the pod that its containers mount: Kubernetes' {@code emptyDir} (on disk or in memory) and
 * {@code hostPath}. An {@code emptyDir} may be given files that are in it before any container starts, as a
 * {@code configMap} volume would be. Immutable; derive a changed copy with {@link #toBuilder()}.
 *
 * <pre>{@code
 * VolumeSpec.emptyDir("www").toBuilder().file("index.html", "<h1>hello</h1>").build()
 * }</pre>
 */
public final class VolumeSpec {

    /** Where the volume's data lives. */
    public enum Kind {
        /** An empty directory on the engine's disk, owned by the pod and removed with it ({@code emptyDir}). */
        EMPTY_DIR,
        /** An empty tmpfs of limited size, owned by the pod ({@code emptyDir} with {@code medium: Memory}). */
        EMPTY_DIR_MEMORY,
        /** A file or directory of the engine's host ({@code hostPath}); read-only unless asked otherwise. */
        HOST_PATH
    }

    /**
     * What a {@code hostPath} must be before the pod starts (Kubernetes {@code hostPath.type}). The path is checked
     * before anything is created, when the engine runs on this machine.
     */
    public enum HostPathType {
        /** It must exist ({@code ""}: Kubernetes checks nothing, but Docker would create a missing path as root). */
        EXISTS,
        /** A directory, created (empty, mode 0755) when missing and removed again when the pod closes. */
        DIRECTORY_OR_CREATE,
        /** An existing directory. */
        DIRECTORY,
        /** A file, created (empty, mode 0644) when missing and removed again when the pod closes. */
        FILE_OR_CREATE,
        /** An existing regular file. */
        FILE,
        /** An existing UNIX socket. */
        SOCKET
    }

    /**
     * A file that appears in the volume before any container starts.
     *
     * @param path its path relative to the volume's root
     * @param source where its content comes from
     * @param value the content, the class-path resource or the host file, as {@code source} says
     */
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

        /** Checks the parts are there. */
        public File {
            Checks.notNull(path, "path");
            Checks.notNull(source, "source");
            Checks.notNull(value, "value");
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
    private final String sizeLimit;
    private final long sizeLimitBytes;
    private final String hostPath;
    private final HostPathType hostPathType;
    private final boolean readOnly;
    private final List<File> files;

    private VolumeSpec(Builder b, long sizeLimitBytes) {
        this.name = b.name;
        this.kind = b.kind;
        this.sizeLimit = b.sizeLimit;
        this.sizeLimitBytes = sizeLimitBytes;
        this.hostPath = b.hostPath == null ? null : b.hostPath.toString();
        this.hostPathType = b.hostPathType;
        this.readOnly = b.readOnly;
        this.files = List.copyOf(b.files);
    }

    /**
     * An {@code emptyDir} on the engine's disk, removed when the pod closes.
     *
     * @throws InvalidSpecException when the name is not a DNS-1123 label
     */
    public static VolumeSpec emptyDir(String name) {
        return new Builder(Checks.notNull(name, "name"), Kind.EMPTY_DIR).build();
    }

    /**
     * An {@code emptyDir} in memory (tmpfs) of at most {@code sizeLimit}, a Kubernetes quantity such as {@code 64Mi}.
     * Every container that mounts it shares it, which a plain Docker tmpfs mount cannot do.
     *
     * @throws InvalidSpecException when the name or the size is malformed
     */
    public static VolumeSpec emptyDirInMemory(String name, String sizeLimit) {
        Builder b = new Builder(Checks.notNull(name, "name"), Kind.EMPTY_DIR_MEMORY);
        b.sizeLimit = Checks.notNull(sizeLimit, "sizeLimit");
        return b.build();
    }

    /**
     * A directory of the engine's host that must exist ({@link HostPathType#EXISTS}), mounted read-only unless
     * {@link Builder#readOnly(boolean) readOnly(false)} says otherwise.
     *
     * @throws InvalidSpecException when the name is malformed or the path is not absolute
     */
    public static VolumeSpec hostPath(String name, Path hostPath) {
        Builder b = new Builder(Checks.notNull(name, "name"), Kind.HOST_PATH);
        b.hostPath = Checks.notNull(hostPath, "hostPath");
        b.hostPathType = HostPathType.EXISTS;
        b.readOnly = true;
        return b.build();
    }

    /** A builder holding this volume's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name, kind);
        b.sizeLimit = sizeLimit;
        b.hostPath = hostPath == null ? null : Path.of(hostPath);
        b.hostPathType = hostPathType;
        b.readOnly = readOnly;
        b.files.addAll(files);
        return b;
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

    /** The absolute path on the engine's host of a {@code hostPath} volume, else {@code null}. */
    public String hostPath() {
        return hostPath;
    }

    /** What a {@code hostPath} must be before the pod starts, else {@code null}. */
    public HostPathType hostPathType() {
        return hostPathType;
    }

    /** Whether every mount of it is read-only: true for a {@code hostPath} unless asked otherwise. */
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
                && hostPathType == v.hostPathType && readOnly == v.readOnly && files.equals(v.files);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, sizeLimitBytes, hostPath, hostPathType, readOnly, files);
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case EMPTY_DIR -> "emptyDir";
            case EMPTY_DIR_MEMORY -> "emptyDir(memory, " + sizeLimit + ")";
            case HOST_PATH -> "hostPath(" + hostPath + ", " + hostPathType + (readOnly ? ", ro" : ", rw") + ")";
        };
        return name + ": " + what + (files.isEmpty() ? "" : " files=" + files);
    }

    /**
     * Builds a {@link VolumeSpec} from one of the factories' values. Setters only store (a null argument fails at
     * once); {@link #build()} checks every rule and reports all problems in one {@link InvalidSpecException}.
     */
    public static final class Builder {
        private final String name;
        private final Kind kind;
        private String sizeLimit;
        private Path hostPath;
        private HostPathType hostPathType;
        private boolean readOnly;
        private final List<File> files = new ArrayList<>();

        private Builder(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        /** Puts a file with {@code text} (UTF-8) at {@code path}, relative to the volume's root, replacing one there. */
        public Builder file(String path, String text) {
            return file(new File(path, File.Source.TEXT, Checks.notNull(text, "text")));
        }

        /** Puts, at {@code path}, the content of the class-path resource {@code resource}. */
        public Builder classpathFile(String path, String resource) {
            Checks.notNull(resource, "resource");
            return file(new File(path, File.Source.CLASSPATH, resource.startsWith("/") ? resource.substring(1)
                    : resource));
        }

        /** Puts, at {@code path}, the content of {@code hostFile}, read when the pod starts. */
        public Builder hostFile(String path, Path hostFile) {
            return file(new File(path, File.Source.HOST_FILE,
                    Checks.notNull(hostFile, "hostFile").toAbsolutePath().toString()));
        }

        private Builder file(File file) {
            files.removeIf(f -> f.path().equals(file.path()));
            files.add(file);
            return this;
        }

        /** Removes the file at {@code path}, if there is one. */
        public Builder removeFile(String path) {
            files.removeIf(f -> f.path().equals(Checks.notNull(path, "path")));
            return this;
        }

        /** Whether containers may only read a {@code hostPath} volume (its default) or also write to it. */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** What a {@code hostPath} must be before the pod starts (default {@link HostPathType#EXISTS}). */
        public Builder hostPathType(HostPathType type) {
            this.hostPathType = Checks.notNull(type, "type");
            return this;
        }

        /** The size limit of an in-memory {@code emptyDir}, a Kubernetes quantity such as {@code 64Mi}. */
        public Builder sizeLimit(String quantity) {
            this.sizeLimit = Checks.notNull(quantity, "sizeLimit");
            return this;
        }

        /**
         * Checks every rule and builds the volume.
         *
         * @throws InvalidSpecException listing every problem found
         */
        public VolumeSpec build() {
            Checks checks = new Checks("volume '" + name + "'");
            checks.dnsLabel("volume name", name, 63);
            long bytes = 0;
            if (kind == Kind.EMPTY_DIR_MEMORY) {
                bytes = checks.bytes("sizeLimit of volume '" + name + "'", sizeLimit);
            } else {
                checks.require(sizeLimit == null, "volume '" + name + "' is " + kind + ": only an in-memory emptyDir "
                        + "has a sizeLimit");
            }
            checks.require(kind == Kind.HOST_PATH || hostPathType == null, "volume '" + name + "' is " + kind
                    + ": only a hostPath volume has a hostPathType");
            if (kind == Kind.HOST_PATH) {
                checks.require(hostPath.isAbsolute(), "hostPath of volume '" + name + "' '" + hostPath
                        + "' is not an absolute path");
                checks.require(files.isEmpty(), "volume '" + name + "' is a hostPath volume: files can only be "
                        + "given to an emptyDir");
            } else {
                checks.require(!readOnly, "volume '" + name + "' is " + kind + ": only a hostPath volume is read-only "
                        + "as a whole; mount an emptyDir read-only with mountReadOnly(...)");
            }
            for (File f : files) {
                String field = "file '" + f.path() + "' of volume '" + name + "'";
                checks.require(!f.path().isBlank() && !f.path().startsWith("/")
                        && !List.of(f.path().split("/")).contains(".."), field + " must be a path relative to the "
                        + "volume's root without '..'");
                if (f.source() == File.Source.CLASSPATH) {
                    checks.require(resourceExists(f.value()), field + ": class-path resource '" + f.value()
                            + "' does not exist");
                } else if (f.source() == File.Source.HOST_FILE) {
                    Path p = Path.of(f.value());
                    checks.require(Files.isRegularFile(p) && Files.isReadable(p), field + ": host file '" + f.value()
                            + "' is not a readable regular file");
                }
            }
            checks.throwIfAny();
            return new VolumeSpec(this, bytes);
        }

        private static boolean resourceExists(String resource) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null && context.getResource(resource) != null
                    || VolumeSpec.class.getClassLoader().getResource(resource) != null;
        }
    }
}
