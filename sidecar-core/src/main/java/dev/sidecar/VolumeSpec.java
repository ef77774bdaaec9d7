package dev.sidecar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A volume of the pod that its containers mount: Kubernetes' {@code emptyDir} (on disk or in memory),
 * {@code hostPath}, {@code configMap}, {@code secret}, {@code downwardAPI} and {@code projected}. An {@code emptyDir}
 * may also be given files that are in it before any container starts (an extension). Immutable; derive a changed
 * copy with {@link #toBuilder()}.
 *
 * <pre>{@code
 * VolumeSpec.emptyDir("www").toBuilder().file("index.html", "<h1>hello</h1>").build()
 * VolumeSpec.configMap("config", "app-config").toBuilder().item("app.conf", "conf/app.conf").build()
 * }</pre>
 */
public final class VolumeSpec {

    /** Where the volume's data comes from. */
    public enum Kind {
        /** An empty directory on the engine's disk, owned by the pod and removed with it ({@code emptyDir}). */
        EMPTY_DIR,
        /** An empty tmpfs of limited size, owned by the pod ({@code emptyDir} with {@code medium: Memory}). */
        EMPTY_DIR_MEMORY,
        /** A file or directory of the engine's host ({@code hostPath}); read-only unless asked otherwise. */
        HOST_PATH,
        /** The keys of one of the pod's ConfigMaps as files, read-only ({@code configMap}). */
        CONFIG_MAP,
        /** The keys of one of the pod's Secrets as files, read-only ({@code secret}). */
        SECRET,
        /** Fields of the pod as files, read-only ({@code downwardAPI}). */
        DOWNWARD_API,
        /** ConfigMaps, Secrets and downward API fields in one directory, read-only ({@code projected}). */
        PROJECTED
    }

    /** How Kubernetes users name a kind in a sentence: "a hostPath volume". */
    static String described(Kind kind) {
        return switch (kind) {
            case EMPTY_DIR -> "an emptyDir volume";
            case EMPTY_DIR_MEMORY -> "an in-memory emptyDir volume";
            case HOST_PATH -> "a hostPath volume";
            case CONFIG_MAP -> "a configMap volume";
            case SECRET -> "a secret volume";
            case DOWNWARD_API -> "a downwardAPI volume";
            case PROJECTED -> "a projected volume";
        };
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
     * A file that appears in an {@code emptyDir} before any container starts.
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

    /**
     * One key of a ConfigMap or Secret as one file (Kubernetes {@code items[]}).
     *
     * @param key the key
     * @param path the file's path, relative to the volume's root
     * @param mode the file's mode (for example {@code 0400}), or {@code null} for the volume's default mode
     */
    public record KeyToPath(String key, String path, Integer mode) {
        /** Checks the parts are there. */
        public KeyToPath {
            Checks.notNull(key, "key");
            Checks.notNull(path, "path");
        }
    }

    /**
     * One field of the pod as one file (Kubernetes {@code downwardAPI.items[]}).
     *
     * @param path the file's path, relative to the volume's root
     * @param source a {@code metadata.*} field or a container's resource
     * @param mode the file's mode, or {@code null} for the volume's default mode
     */
    public record DownwardApiItem(String path, EnvVarSource source, Integer mode) {
        /** Checks the parts are there. */
        public DownwardApiItem {
            Checks.notNull(path, "path");
            Checks.notNull(source, "source");
        }
    }

    /** The fields of the pod a {@code downwardAPI} volume may hold, as Kubernetes allows them there. */
    private static final Set<String> VOLUME_FIELDS = Set.of("metadata.name", "metadata.namespace", "metadata.uid",
            "metadata.labels", "metadata.annotations");

    /** The mode of a projected file unless given: Kubernetes' {@code defaultMode}, 0644. */
    public static final int DEFAULT_MODE = 0644;

    private final String name;
    private final Kind kind;
    private final String sizeLimit;
    private final long sizeLimitBytes;
    private final String hostPath;
    private final HostPathType hostPathType;
    private final boolean readOnly;
    private final List<File> files;
    private final String sourceName;
    private final List<KeyToPath> items;
    private final List<DownwardApiItem> fields;
    private final List<VolumeSpec> sources;
    private final Integer defaultMode;
    private final boolean optional;

    private VolumeSpec(Builder b, long sizeLimitBytes) {
        this.name = b.name;
        this.kind = b.kind;
        this.sizeLimit = b.sizeLimit;
        this.sizeLimitBytes = sizeLimitBytes;
        this.hostPath = b.hostPath == null ? null : b.hostPath.toString();
        this.hostPathType = b.hostPathType;
        this.readOnly = b.readOnly;
        this.files = List.copyOf(b.files);
        this.sourceName = b.sourceName;
        this.items = List.copyOf(b.items);
        this.fields = List.copyOf(b.fields);
        this.sources = List.copyOf(b.sources);
        this.defaultMode = b.defaultMode;
        this.optional = b.optional;
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

    /**
     * Every key of the pod's ConfigMap {@code configMap} as a file named after the key, read-only; choose keys and
     * paths with {@link Builder#item}.
     *
     * @throws InvalidSpecException when a name is malformed (the pod checks that it has the ConfigMap)
     */
    public static VolumeSpec configMap(String name, String configMap) {
        return source(name, Kind.CONFIG_MAP, Checks.notNull(configMap, "configMap")).build();
    }

    /**
     * Every key of the pod's Secret {@code secret} as a file named after the key, read-only.
     *
     * @throws InvalidSpecException when a name is malformed (the pod checks that it has the Secret)
     */
    public static VolumeSpec secret(String name, String secret) {
        return source(name, Kind.SECRET, Checks.notNull(secret, "secret")).build();
    }

    /**
     * Fields of the pod as files, read-only: give them with {@link Builder#field}, for example
     * {@code downwardApi("podinfo").toBuilder().field("labels", "metadata.labels").build()}.
     *
     * @throws InvalidSpecException when the name is malformed
     */
    public static VolumeSpec downwardApi(String name) {
        return new Builder(Checks.notNull(name, "name"), Kind.DOWNWARD_API).build();
    }

    /**
     * ConfigMaps, Secrets and downward API fields in one directory, read-only: each source is a volume of one of those
     * kinds (its own name is not used).
     *
     * @throws InvalidSpecException when the name or a source is not of a kind a projection takes
     */
    public static VolumeSpec projected(String name, VolumeSpec... sources) {
        Builder b = new Builder(Checks.notNull(name, "name"), Kind.PROJECTED);
        for (int i = 0; i < Checks.notNull(sources, "sources").length; i++) {
            b.sources.add(Checks.notNull(sources[i], "sources[" + i + "]"));
        }
        return b.build();
    }

    private static Builder source(String name, Kind kind, String sourceName) {
        Builder b = new Builder(Checks.notNull(name, "name"), kind);
        b.sourceName = sourceName;
        return b;
    }

    /** A builder holding this volume's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name, kind);
        b.sizeLimit = sizeLimit;
        b.hostPath = hostPath == null ? null : Path.of(hostPath);
        b.hostPathType = hostPathType;
        b.readOnly = readOnly;
        b.files.addAll(files);
        b.sourceName = sourceName;
        b.items.addAll(items);
        b.fields.addAll(fields);
        b.sources.addAll(sources);
        b.defaultMode = defaultMode;
        b.optional = optional;
        return b;
    }

    /** The volume's name, which container mounts refer to. */
    public String name() {
        return name;
    }

    /** Where its data comes from. */
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

    /**
     * Whether every mount of it is read-only: a {@code hostPath} unless asked otherwise, and every ConfigMap, Secret,
     * downward API and projected volume, as in Kubernetes.
     */
    public boolean readOnly() {
        return readOnly || kind.compareTo(Kind.CONFIG_MAP) >= 0;
    }

    /** The files an {@code emptyDir} holds before any container starts. */
    public List<File> files() {
        return files;
    }

    /** The ConfigMap or Secret it shows, else {@code null}. */
    public String sourceName() {
        return sourceName;
    }

    /** The keys it shows and where ({@code items}); empty to show every key under its own name. */
    public List<KeyToPath> items() {
        return items;
    }

    /** The fields of a {@code downwardAPI} volume. */
    public List<DownwardApiItem> fields() {
        return fields;
    }

    /** The sources of a {@code projected} volume. */
    public List<VolumeSpec> sources() {
        return sources;
    }

    /** The mode of its files unless an item gives one ({@code defaultMode}); {@link #DEFAULT_MODE} unless given. */
    public int defaultMode() {
        return defaultMode == null ? DEFAULT_MODE : defaultMode;
    }

    /** Whether a missing ConfigMap, Secret or key leaves the volume (or the file) out instead of failing. */
    public boolean optional() {
        return optional;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VolumeSpec v && name.equals(v.name) && kind == v.kind
                && sizeLimitBytes == v.sizeLimitBytes && Objects.equals(hostPath, v.hostPath)
                && hostPathType == v.hostPathType && readOnly == v.readOnly && files.equals(v.files)
                && Objects.equals(sourceName, v.sourceName) && items.equals(v.items) && fields.equals(v.fields)
                && sources.equals(v.sources) && Objects.equals(defaultMode, v.defaultMode) && optional == v.optional;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, sizeLimitBytes, hostPath, hostPathType, readOnly, files, sourceName, items,
                fields, sources, defaultMode, optional);
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case EMPTY_DIR -> "emptyDir";
            case EMPTY_DIR_MEMORY -> "emptyDir(memory, " + sizeLimit + ")";
            case HOST_PATH -> "hostPath(" + hostPath + ", " + hostPathType + (readOnly ? ", ro" : ", rw") + ")";
            case CONFIG_MAP -> "configMap(" + sourceName + (items.isEmpty() ? "" : ", items=" + items) + ")";
            case SECRET -> "secret(" + sourceName + (items.isEmpty() ? "" : ", items=" + items) + ")";
            case DOWNWARD_API -> "downwardAPI(" + fields + ")";
            case PROJECTED -> "projected(" + sources + ")";
        };
        return name + ": " + what + (defaultMode == null ? "" : " mode=0" + Integer.toOctalString(defaultMode))
                + (optional ? " optional" : "") + (files.isEmpty() ? "" : " files=" + files);
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
        private String sourceName;
        private final List<KeyToPath> items = new ArrayList<>();
        private final List<DownwardApiItem> fields = new ArrayList<>();
        private final List<VolumeSpec> sources = new ArrayList<>();
        private Integer defaultMode;
        private boolean optional;

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

        /** Shows only the keys given with this, each at its {@code path} ({@code items}). */
        public Builder item(String key, String path) {
            items.add(new KeyToPath(key, path, null));
            return this;
        }

        /** Shows {@code key} at {@code path} with file mode {@code mode} (for example {@code 0400}). */
        public Builder item(String key, String path, int mode) {
            items.add(new KeyToPath(key, path, mode));
            return this;
        }

        /** Adds a field of the pod, such as {@code metadata.labels}, at {@code path} of a downward API volume. */
        public Builder field(String path, String fieldPath) {
            fields.add(new DownwardApiItem(path, EnvVarSource.field(fieldPath), null));
            return this;
        }

        /** Adds a downward API item. */
        public Builder field(DownwardApiItem item) {
            fields.add(Checks.notNull(item, "item"));
            return this;
        }

        /** The mode of its files unless an item gives one ({@code defaultMode}, for example {@code 0440}). */
        public Builder defaultMode(int mode) {
            this.defaultMode = mode;
            return this;
        }

        /** Whether a missing ConfigMap, Secret or key leaves it out instead of failing ({@code optional}). */
        public Builder optional(boolean optional) {
            this.optional = optional;
            return this;
        }

        /**
         * Checks every rule and builds the volume.
         *
         * @throws InvalidSpecException listing every problem found
         */
        public VolumeSpec build() {
            String of = " of volume '" + name + "'";
            Checks checks = new Checks("volume '" + name + "'");
            checks.dnsLabel("volume name", name, 63);
            long bytes = 0;
            if (kind == Kind.EMPTY_DIR_MEMORY) {
                bytes = checks.bytes("sizeLimit" + of, sizeLimit);
            } else {
                checks.require(sizeLimit == null, "volume '" + name + "' is " + described(kind)
                        + ": only an in-memory emptyDir "
                        + "has a sizeLimit");
            }
            checks.require(kind == Kind.HOST_PATH || hostPathType == null, "volume '" + name + "' is " + described(kind)
                    + ": only a hostPath volume has a hostPathType");
            if (kind == Kind.HOST_PATH) {
                checks.require(hostPath.isAbsolute(), "hostPath" + of + " '" + hostPath + "' is not an absolute path");
            } else {
                checks.require(!readOnly || kind.compareTo(Kind.CONFIG_MAP) >= 0, "volume '" + name + "' is "
                        + described(kind) + ": only a hostPath volume is read-only as a whole; mount an emptyDir "
                        + "read-only with mountReadOnly(...)");
            }
            boolean emptyDir = kind == Kind.EMPTY_DIR || kind == Kind.EMPTY_DIR_MEMORY;
            checks.require(emptyDir || files.isEmpty(), "volume '" + name + "' is " + described(kind)
                    + ": files can only be "
                    + "given to an emptyDir");
            for (File f : files) {
                String field = "file '" + f.path() + "'" + of;
                checks.require(relative(f.path()), field + " must be a path relative to the volume's root without "
                        + "'..'");
                if (f.source() == File.Source.CLASSPATH) {
                    checks.require(resourceExists(f.value()), field + ": class-path resource '" + f.value()
                            + "' does not exist");
                } else if (f.source() == File.Source.HOST_FILE) {
                    Path p = Path.of(f.value());
                    checks.require(Files.isRegularFile(p) && Files.isReadable(p), field + ": host file '" + f.value()
                            + "' is not a readable regular file");
                }
            }
            boolean keyed = kind == Kind.CONFIG_MAP || kind == Kind.SECRET;
            if (keyed) {
                checks.dnsSubdomain((kind == Kind.CONFIG_MAP ? "configMap" : "secret") + of, sourceName);
            }
            checks.require(keyed || items.isEmpty(), "volume '" + name + "' is " + described(kind)
                    + ": only a configMap or "
                    + "secret volume has items");
            for (KeyToPath item : items) {
                checks.require(relative(item.path()), "path '" + item.path() + "' of key '" + item.key() + "'" + of
                        + " must be a path relative to the volume's root without '..'");
                checks.require(!item.path().startsWith(".."), "path '" + item.path() + "' of key '" + item.key()
                        + "'" + of + " must not start with '..' (the kubelet's own names there, such as ..data)");
                mode(checks, "mode of key '" + item.key() + "'" + of, item.mode());
            }
            checks.require(kind == Kind.DOWNWARD_API || fields.isEmpty(), "volume '" + name + "' is " + described(kind)
                    + ": only a downwardAPI volume has fields");
            for (DownwardApiItem item : fields) {
                checks.require(relative(item.path()), "path '" + item.path() + "'" + of + " must be a path relative "
                        + "to the volume's root without '..'");
                checks.require(!item.path().startsWith(".."), "path '" + item.path() + "'" + of + " must not start "
                        + "with '..' (the kubelet's own names there, such as ..data)");
                mode(checks, "mode of '" + item.path() + "'" + of, item.mode());
                if (item.source() instanceof EnvVarSource.FieldRef f) {
                    checks.require(VOLUME_FIELDS.contains(f.fieldPath())
                            || f.fieldPath().matches("metadata\\.(labels|annotations)\\['[^']+'\\]"), "field '"
                            + f.fieldPath() + "' of '" + item.path() + "'" + of + " is not one a downwardAPI volume "
                            + "can hold (" + VOLUME_FIELDS + ", or one label or annotation)");
                } else {
                    checks.require(item.source() instanceof EnvVarSource.ResourceFieldRef, "'" + item.path() + "'"
                            + of + " takes a field or a resource, not " + item.source());
                }
            }
            checks.require(kind == Kind.PROJECTED || sources.isEmpty(), "volume '" + name + "' is " + described(kind)
                    + ": only a projected volume has sources");
            for (VolumeSpec source : sources) {
                checks.require(source.kind == Kind.CONFIG_MAP || source.kind == Kind.SECRET
                        || source.kind == Kind.DOWNWARD_API, "source '" + source.name + "'" + of + " is "
                        + source.kind + ": a projection takes configMap, secret and downwardAPI sources");
            }
            checks.require(defaultMode == null || kind.compareTo(Kind.CONFIG_MAP) >= 0, "volume '" + name + "' is "
                    + kind + ": only configMap, secret, downwardAPI and projected volumes have a defaultMode");
            mode(checks, "defaultMode" + of, defaultMode);
            checks.require(!optional || keyed, "volume '" + name + "' is " + described(kind)
                    + ": only a configMap or secret "
                    + "volume can be optional");
            checks.throwIfAny();
            return new VolumeSpec(this, bytes);
        }

        private static void mode(Checks checks, String field, Integer mode) {
            checks.require(mode == null || mode >= 0 && mode <= 0777, field + " 0" + (mode == null ? ""
                    : Integer.toOctalString(mode)) + " is not a file mode (0000 to 0777)");
        }

        private static boolean relative(String path) {
            return !path.isBlank() && !path.startsWith("/") && !List.of(path.split("/")).contains("..");
        }

        private static boolean resourceExists(String resource) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null && context.getResource(resource) != null
                    || VolumeSpec.class.getClassLoader().getResource(resource) != null;
        }
    }
}
