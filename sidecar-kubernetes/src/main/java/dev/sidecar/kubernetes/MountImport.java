package dev.sidecar.kubernetes;

import dev.sidecar.ContainerSpec;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mounts of the imported containers, once the pod's volumes are known: each must name a volume of the pod, and a
 * hostPath is read-only when every mount of it is (Kubernetes has no read-only hostPath, only read-only mounts; the
 * spec's hostPath is read-only unless told otherwise).
 */
final class MountImport {

    private MountImport() {
    }

    /** Makes each hostPath volume read-only unless a mount writes to it (or the extensions say it is writable). */
    static void hostPathAccess(ImportContext ctx, Map<String, VolumeSpec> vols, List<ContainerImport.Imported> all,
            Extensions ext) {
        List<ContainerImport.Mount> mounts = new ArrayList<>();
        all.forEach(c -> mounts.addAll(c.mounts()));
        vols.replaceAll((name, v) -> {
            if (v.kind() != VolumeSpec.Kind.HOST_PATH) {
                return v;
            }
            boolean writable = ext.volumes().containsKey(name) && ext.volumes().get(name).writable();
            boolean readOnly = !writable && mounts.stream().filter(m -> m.mount().volume().equals(name))
                    .allMatch(m -> m.mount().readOnly()); // none: the spec's default, read-only
            return ctx.build("", () -> v.toBuilder().readOnly(readOnly).build()).orElse(v);
        });
    }

    /** Adds the mounts to {@code c} and builds it. */
    static Optional<ContainerSpec> finish(ImportContext ctx, ContainerImport.Imported c, Map<String, VolumeSpec> vols) {
        ContainerSpec.Builder b = c.builder();
        for (ContainerImport.Mount m : c.mounts()) {
            VolumeMount mount = m.mount();
            if (!vols.containsKey(mount.volume())) {
                ctx.problem(FieldPath.child(m.path(), "name"), mount.volume(), "container '" + c.name() + "' mounts "
                        + "volume '" + mount.volume() + "', which the pod does not declare (volumes: "
                        + vols.keySet() + ")");
                continue;
            }
            b.mount(mount);
        }
        return ctx.build(c.path(), b::build);
    }
}
