package dev.sidecar.kubernetes;

import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
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
 * The spec's volumes as Kubernetes volumes: emptyDir (in memory with its sizeLimit), hostPath (its type), and a
 * volume with files given from the test as a ConfigMap mounted as a {@code configMap} volume.
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
                    out.extVolumes.put(v.name(), new Extensions.Volume(0, true));
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
            default -> throw new IllegalStateException("unknown volume kind " + v.kind());
        }
        return k;
    }

    /** Files given from the test: a ConfigMap, mounted as a configMap volume. */
    private static Volume fileVolume(PodExport out, VolumeSpec v, String path, Volume k) {
        String name = PodExport.configMapName(out.spec, v.name());
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
        out.configMaps.add(cm);
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
            out.entries.putIfAbsent(path + ".configMap", new ManifestReport.Entry(path + ".configMap", Verdict.DIFFERENT,
                    "volume '" + v.name() + "' is an in-memory emptyDir with files: written as a ConfigMap volume"));
        }
        if (writable || memory) {
            out.extVolumes.put(v.name(), new Extensions.Volume(memory ? v.sizeLimitBytes() : 0, writable));
        }
        return k;
    }

}
