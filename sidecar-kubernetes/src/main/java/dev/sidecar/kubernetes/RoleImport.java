package dev.sidecar.kubernetes;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a container's role decides on import: which of its probes is the readiness probe (a native sidecar's
 * {@code startupProbe}, a regular container's {@code readinessProbe}), its restart policy (the pod's, for main and
 * the regular containers made sidecars) and its mounts (read-only for ConfigMap and Secret files); and whether a
 * hostPath is read-only (when every mount of it is).
 */
final class RoleImport {

    /** The part a container plays, which decides its probes, mounts and restart policy. */
    enum Role {
        INIT, NATIVE_SIDECAR, REGULAR_SIDECAR, MAIN
    }

    private RoleImport() {
    }

    /**
     * A hostPath is read-only when every mount of it is (Kubernetes has no read-only hostPath, only read-only mounts);
     * the spec's hostPath is read-only unless told otherwise.
     */
    static void hostPathAccess(ImportContext ctx, Map<String, VolumeImport.Imported> vols,
            List<ContainerImport.Imported> inits, List<ContainerImport.Imported> regular, Extensions ext) {
        List<ContainerImport.Mount> mounts = new ArrayList<>();
        inits.forEach(c -> mounts.addAll(c.mounts()));
        regular.forEach(c -> mounts.addAll(c.mounts()));
        vols.replaceAll((name, v) -> {
            if (v.volume().kind() != VolumeSpec.Kind.HOST_PATH) {
                return v;
            }
            List<ContainerImport.Mount> of = mounts.stream().filter(m -> m.volume().equals(name)).toList();
            boolean writable = ext.volumes().containsKey(name) && ext.volumes().get(name).writable();
            boolean readOnly = !writable && of.stream().allMatch(ContainerImport.Mount::readOnly); // none: default
            return ctx.build("", () -> v.volume().toBuilder().readOnly(readOnly).build())
                    .map(built -> new VolumeImport.Imported(built, false)).orElse(v);
        });
    }

    /** Adds probes, mounts and the restart policy of {@code role} to {@code c}, and builds it. */
    static Optional<ContainerSpec> finish(ImportContext ctx, ContainerImport.Imported c,
            Map<String, VolumeImport.Imported> vols, Extensions ext, Role role, RestartPolicy podRestart) {
        ContainerSpec.Builder b = c.builder();
        Container src = c.source();
        var ports = src.getPorts() == null ? List.<io.fabric8.kubernetes.api.model.ContainerPort>of() : src.getPorts();
        String readinessPath = FieldPath.child(c.path(), "readinessProbe");
        String startupPath = FieldPath.child(c.path(), "startupProbe");
        Optional<Probe> readiness = src.getReadinessProbe() == null ? Optional.empty()
                : ProbeImport.map(ctx, src.getReadinessProbe(), readinessPath, ports, b::port);
        Optional<Probe> startup = src.getStartupProbe() == null ? Optional.empty()
                : ProbeImport.map(ctx, src.getStartupProbe(), startupPath, ports, b::port);
        Extensions.Container extra = ext.container(c.name());
        switch (role) {
            case INIT -> {
                if (src.getReadinessProbe() != null) {
                    ctx.report(readinessPath, Verdict.UNSUPPORTED, "an init container is not probed");
                }
                if (src.getStartupProbe() != null) {
                    ctx.report(startupPath, Verdict.UNSUPPORTED, "an init container is not probed");
                }
            }
            case NATIVE_SIDECAR -> {
                if (startup.isPresent()) {
                    b.readyWhen(startup.get());
                    if (readiness.isPresent() && !readiness.equals(startup)) {
                        ctx.report(readinessPath, Verdict.IGNORED, "the startupProbe gates the next start and is the "
                                + "readiness probe here; a different readinessProbe after start is not tracked");
                    }
                } else if (readiness.isPresent()) {
                    b.readyWhen(readiness.get());
                    ctx.note(readinessPath, Verdict.DIFFERENT, "a sidecar's readiness probe gates the start of the "
                            + "next container here; in Kubernetes only its startupProbe does");
                }
            }
            default -> {
                if (readiness.isPresent()) {
                    b.readyWhen(readiness.get());
                    if (startup.isPresent() && !startup.equals(readiness)) {
                        ctx.report(startupPath, Verdict.UNSUPPORTED, "the spec has one probe per container: the "
                                + "readinessProbe is mapped, a different startupProbe is not");
                    }
                } else {
                    startup.ifPresent(b::readyWhen);
                }
            }
        }
        if (extra.readinessProbe() != null) {
            b.readyWhen(extra.readinessProbe());
        }
        if (extra.user() != null) {
            b.user(extra.user());
        }
        RestartPolicy policy = switch (role) {
            case MAIN -> podRestart == RestartPolicy.NEVER ? null : podRestart;
            case REGULAR_SIDECAR -> podRestart == RestartPolicy.ALWAYS ? null : podRestart;
            default -> null;
        };
        if (extra.restartPolicy() != null) {
            policy = extra.restartPolicy();
        }
        if (policy != null) {
            b.restartPolicy(policy);
        }
        for (ContainerImport.Mount m : c.mounts()) {
            VolumeImport.Imported v = vols.get(m.volume());
            if (v == null) {
                ctx.problem(FieldPath.child(m.path(), "name"), m.volume(), "container '" + c.name() + "' mounts "
                        + "volume '" + m.volume() + "', which the pod does not declare (volumes: " + vols.keySet()
                        + ")");
                continue;
            }
            boolean readOnly = m.readOnly() || v.dataVolume();
            if (readOnly) {
                b.mountReadOnly(m.volume(), m.mountPath());
            } else {
                b.mount(m.volume(), m.mountPath());
            }
        }
        return ctx.build(c.path(), b::build);
    }
}
