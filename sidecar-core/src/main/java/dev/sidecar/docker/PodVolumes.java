package dev.sidecar.docker;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A pod's Docker volumes: one per pod volume that is not a {@code hostPath}, created before any container, and
 * filled through the running infrastructure container before any other container starts. Volumes whose content the
 * kubelet keeps in memory ({@code emptyDir} with {@code medium: Memory}, {@code secret}, {@code downwardAPI},
 * {@code projected}) are tmpfs volumes; what they hold is {@link VolumeContent}'s.
 *
 * <p>A {@code subPath} mount cannot be expressed with Docker's named volumes (the engine's API 1.41 has no volume
 * subpath): of an {@code emptyDir}, the container binds that subdirectory of the volume's directory on the engine's
 * host, which only an engine on this machine lets the library find (the start refuses it elsewhere); of a projected
 * volume, the file (or directory) is put into the container before it starts, as the kubelet too never updates a
 * subPath mount; a container with a read-only root filesystem cannot be written to, so there it is bound like an
 * {@code emptyDir}'s.
 */
final class PodVolumes {

    private final DockerEngine engine;
    private final PodSpec spec;
    private final String instanceId;
    private final PodResources resources;

    PodVolumes(DockerEngine engine, PodSpec spec, String instanceId, PodResources resources) {
        this.engine = engine;
        this.spec = spec;
        this.instanceId = instanceId;
        this.resources = resources;
    }

    /** Whether the subPath mount {@code m} of {@code v} in {@code c} binds a directory of the volume on the host. */
    static boolean bindsHostDirectory(VolumeSpec v, ContainerSpec c, VolumeMount m) {
        return m.subPath() != null && (v.kind() == VolumeSpec.Kind.EMPTY_DIR
                || v.kind() == VolumeSpec.Kind.EMPTY_DIR_MEMORY
                || VolumeContent.projected(v) && c.readOnlyRootFilesystem());
    }

    /** Whether the subPath mount {@code m} of {@code v} in {@code c} is a copy put into the container. */
    static boolean copiedIntoContainer(VolumeSpec v, ContainerSpec c, VolumeMount m) {
        return m.subPath() != null && VolumeContent.projected(v) && !bindsHostDirectory(v, c, m);
    }

    /**
     * Creates the pod's volumes, recording each, and answers {@code facts} with the host directories of those that a
     * subPath mount binds.
     */
    PodFacts create(Map<String, String> labels, PodFacts facts) {
        List<CompletableFuture<Void>> creations = new ArrayList<>();
        for (VolumeSpec v : spec.volumes()) {
            if (v.kind() == VolumeSpec.Kind.HOST_PATH) {
                continue;
            }
            Map<String, String> options = !VolumeContent.inMemory(v) ? Map.of()
                    : v.kind() == VolumeSpec.Kind.EMPTY_DIR_MEMORY
                    ? Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=" + v.sizeLimitBytes())
                    : Map.of("type", "tmpfs", "device", "tmpfs");
            String name = dockerName(v);
            creations.add(engine.createVolumeAsync(name, labels, options).thenRun(() -> resources.volume(name)));
        }
        EngineThreads.joinAll(creations);
        Map<String, String> mountpoints = new HashMap<>();
        for (VolumeSpec v : spec.volumes()) {
            if (subPathsBound(v).findAny().isPresent()) {
                mountpoints.put(v.name(), engine.volumeMountpoint(dockerName(v)).replaceAll("/+$", ""));
            }
        }
        return facts.withMountpoints(mountpoints);
    }

    /**
     * Puts every volume's content in through the running infrastructure container, in one copy: the modes and owners
     * of their roots, the files given to {@code emptyDir}s, the projected files, and the subdirectories that subPath
     * mounts bind.
     */
    void populate(String infraId, PodFacts facts) {
        VolumeContent content = new VolumeContent(spec, facts);
        List<Tar.Entry> entries = new ArrayList<>();
        for (VolumeSpec v : spec.volumes()) {
            Set<String> subPaths = new LinkedHashSet<>();
            if (!VolumeContent.projected(v)) {
                subPathsBound(v).forEach(m -> subPaths.add(m.subPath().replaceAll("/+$", "")));
            }
            entries.addAll(content.entries(v, v.name(), subPaths));
        }
        if (!entries.isEmpty()) {
            engine.copyEntriesTo(infraId, Naming.INFRA_VOLUMES, entries);
        }
    }

    /**
     * Puts into a created container, before it starts, the files of its subPath mounts of projected volumes.
     *
     * @throws PodStartException naming the container and the mount when the engine refuses
     */
    void copySubPaths(String containerId, ContainerSpec c, PodFacts facts) {
        VolumeContent content = null;
        List<Tar.Entry> entries = new ArrayList<>();
        for (VolumeMount m : c.mounts()) {
            VolumeSpec v = volume(m.volume());
            if (copiedIntoContainer(v, c, m)) {
                content = content == null ? new VolumeContent(spec, facts) : content;
                entries.addAll(content.subPathEntries(v, m));
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        try {
            engine.copyEntriesTo(containerId, "/", entries);
        } catch (dev.sidecar.RuntimeUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PodStartException("the subPath mounts of container '" + c.name() + "' of pod '" + spec.name()
                    + "' could not be put into it: " + e.getMessage(), c.name(), List.of(), e);
        }
    }

    /** The mounts, of any container, that bind a subdirectory of {@code v}'s host directory. */
    private java.util.stream.Stream<VolumeMount> subPathsBound(VolumeSpec v) {
        return spec.allContainers().stream().flatMap(c -> c.mounts().stream()
                .filter(m -> m.volume().equals(v.name()) && bindsHostDirectory(v, c, m)));
    }

    private VolumeSpec volume(String name) {
        return spec.volumes().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private String dockerName(VolumeSpec v) {
        return Naming.volume(spec.name(), instanceId, v.name());
    }
}
