package dev.sidecar.kubernetes;

import dev.sidecar.VolumeSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The spec's volumes as Kubernetes volumes of the same kind: emptyDir (in memory with its sizeLimit), hostPath (its
 * type), configMap, secret, downwardAPI and projected (items, modes, optional); an emptyDir with files given from the
 * test as a ConfigMap of its own mounted as a {@code configMap} volume.
 */
final class VolumeExport {

    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private VolumeExport() {
    }

    static Volume volume(PodExport out, VolumeSpec v, String path) {
        Volume k = new Volume();
        k.setName(v.name());
        if (!v.files().isEmpty()) {
            return fileVolume(out, v, path, k);
        }
        switch (v.kind()) {
            case EMPTY_DIR -> k.setEmptyDir(new io.fabric8.kubernetes.api.model.EmptyDirVolumeSource());
            case EMPTY_DIR_MEMORY -> {
                var e = new io.fabric8.kubernetes.api.model.EmptyDirVolumeSource();
                e.setMedium("Memory");
                e.setSizeLimit(new Quantity(Quantities.bytes(v.sizeLimitBytes())));
                k.setEmptyDir(e);
            }
            case HOST_PATH -> {
                boolean written = out.spec.allContainers().stream().flatMap(c -> c.mounts().stream())
                        .anyMatch(m -> m.volume().equals(v.name()) && !m.readOnly());
                if (!v.readOnly() && !written) {
                    // Kubernetes has no read-only hostPath, only read-only mounts: keep the volume's own flag.
                    out.extVolumes.put(v.name(), new Extensions.Volume(false, 0, true));
                }
                var h = new io.fabric8.kubernetes.api.model.HostPathVolumeSource();
                h.setPath(v.hostPath());
                h.setType(switch (v.hostPathType()) {
                    case EXISTS -> null;
                    case DIRECTORY_OR_CREATE -> "DirectoryOrCreate";
                    case DIRECTORY -> "Directory";
                    case FILE_OR_CREATE -> "FileOrCreate";
                    case FILE -> "File";
                    case SOCKET -> "Socket";
                });
                k.setHostPath(h);
            }
            case CONFIG_MAP -> k.setConfigMap(configMap(v));
            case SECRET -> k.setSecret(secret(v));
            case DOWNWARD_API -> {
                var d = new io.fabric8.kubernetes.api.model.DownwardAPIVolumeSource();
                d.setDefaultMode(mode(v));
                d.setItems(fields(v));
                k.setDownwardAPI(d);
            }
            case PROJECTED -> {
                var p = new io.fabric8.kubernetes.api.model.ProjectedVolumeSource();
                p.setDefaultMode(mode(v));
                p.setSources(v.sources().stream().map(VolumeExport::projection).toList());
                k.setProjected(p);
            }
        }
        return k;
    }

    private static io.fabric8.kubernetes.api.model.ConfigMapVolumeSource configMap(VolumeSpec v) {
        var c = new io.fabric8.kubernetes.api.model.ConfigMapVolumeSource();
        c.setName(v.sourceName());
        if (!v.items().isEmpty()) {
            c.setItems(items(v));
        }
        c.setDefaultMode(mode(v));
        c.setOptional(v.optional() ? Boolean.TRUE : null);
        return c;
    }

    private static io.fabric8.kubernetes.api.model.SecretVolumeSource secret(VolumeSpec v) {
        var s = new io.fabric8.kubernetes.api.model.SecretVolumeSource();
        s.setSecretName(v.sourceName());
        if (!v.items().isEmpty()) {
            s.setItems(items(v));
        }
        s.setDefaultMode(mode(v));
        s.setOptional(v.optional() ? Boolean.TRUE : null);
        return s;
    }

    private static io.fabric8.kubernetes.api.model.VolumeProjection projection(VolumeSpec source) {
        var p = new io.fabric8.kubernetes.api.model.VolumeProjection();
        switch (source.kind()) {
            case CONFIG_MAP -> {
                var c = new io.fabric8.kubernetes.api.model.ConfigMapProjection();
                c.setName(source.sourceName());
                if (!source.items().isEmpty()) {
                    c.setItems(items(source));
                }
                c.setOptional(source.optional() ? Boolean.TRUE : null);
                p.setConfigMap(c);
            }
            case SECRET -> {
                var s = new io.fabric8.kubernetes.api.model.SecretProjection();
                s.setName(source.sourceName());
                if (!source.items().isEmpty()) {
                    s.setItems(items(source));
                }
                s.setOptional(source.optional() ? Boolean.TRUE : null);
                p.setSecret(s);
            }
            default -> p.setDownwardAPI(new io.fabric8.kubernetes.api.model.DownwardAPIProjection(fields(source)));
        }
        return p;
    }

    /** The items as written, or null (every key under its own name). */
    private static List<KeyToPath> items(VolumeSpec v) {
        if (v.items().isEmpty()) {
            return null;
        }
        return v.items().stream().map(i -> {
            KeyToPath item = new KeyToPath();
            item.setKey(i.key());
            item.setPath(i.path());
            item.setMode(i.mode());
            return item;
        }).toList();
    }

    private static List<io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile> fields(VolumeSpec v) {
        return v.fields().stream().map(f -> {
            var file = new io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile();
            file.setPath(f.path());
            file.setMode(f.mode());
            if (f.source() instanceof dev.sidecar.EnvVarSource.FieldRef ref) {
                file.setFieldRef(new io.fabric8.kubernetes.api.model.ObjectFieldSelector(null, ref.fieldPath()));
            } else if (f.source() instanceof dev.sidecar.EnvVarSource.ResourceFieldRef ref) {
                file.setResourceFieldRef(ContainerExport.resourceField(ref));
            }
            return file;
        }).toList();
    }

    /** The volume's defaultMode when it gives one (not Kubernetes' 0644 by default). */
    private static Integer mode(VolumeSpec v) {
        return v.defaultMode() == VolumeSpec.DEFAULT_MODE && !givesMode(v) ? null : v.defaultMode();
    }

    /** Whether the spec gives the mode (its equality tells, whether the value is the default or not). */
    private static boolean givesMode(VolumeSpec v) {
        return v.equals(v.toBuilder().defaultMode(v.defaultMode()).build());
    }

    /** Files given from the test: a ConfigMap, mounted as a configMap volume. */
    private static Volume fileVolume(PodExport out, VolumeSpec v, String path, Volume k) {
        String name = out.freeName("ConfigMap", out.spec.name() + "-" + v.name());
        Map<String, String> data = new LinkedHashMap<>();
        Map<String, String> binary = new LinkedHashMap<>();
        List<KeyToPath> items = new ArrayList<>();
        boolean renamed = false;
        for (VolumeSpec.File f : v.files()) {
            String key = CONFIG_MAP_KEY.matcher(f.path()).matches() ? f.path() : f.path().replaceAll("[^-._a-zA-Z0-9]",
                    "_");
            renamed |= !key.equals(f.path());
            KeyToPath item = new KeyToPath();
            item.setKey(key);
            item.setPath(f.path());
            items.add(item);
            byte[] bytes = FileContents.bytes(f);
            try {
                data.put(key, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException e) {
                binary.put(key, Base64.getEncoder().encodeToString(bytes));
            }
        }
        ConfigMap cm = new ConfigMap();
        cm.setApiVersion("v1");
        cm.setKind("ConfigMap");
        cm.setMetadata(new ObjectMeta());
        cm.getMetadata().setName(name);
        if (!data.isEmpty()) {
            cm.setData(data);
        }
        if (!binary.isEmpty()) {
            cm.setBinaryData(binary);
        }
        out.fileConfigMaps.add(cm);
        var source = new io.fabric8.kubernetes.api.model.ConfigMapVolumeSource();
        source.setName(name);
        if (renamed) {
            source.setItems(items);
        }
        k.setConfigMap(source);
        boolean writable = out.spec.allContainers().stream().flatMap(c -> c.mounts().stream())
                .anyMatch(m -> m.volume().equals(v.name()) && !m.readOnly());
        boolean memory = v.kind() == VolumeSpec.Kind.EMPTY_DIR_MEMORY;
        if (writable) {
            out.extension(path + ".configMap", "volume '" + v.name() + "' holds files and is mounted writable: a "
                    + "ConfigMap volume is read-only");
        } else if (memory) {
            out.different(path + ".configMap", "volume '" + v.name() + "' is an in-memory emptyDir with files: written "
                    + "as a ConfigMap volume");
        }
        out.extVolumes.put(v.name(), new Extensions.Volume(true, memory ? v.sizeLimitBytes() : 0, writable));
        return k;
    }

}
