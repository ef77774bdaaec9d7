package dev.sidecar.docker;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.VolumeSpec;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Docker refuses that a spec cannot know, checked before anything is created: the engine's limits (the least
 * memory a container may have, the CPUs it has) and the host paths, which are this machine's when the engine runs
 * here. Also warns of what the spec grants beyond the defaults (privileges, capabilities, writable host paths).
 */
final class Preflight {

    /** The least memory Docker lets a container have (its own constant, 6 MB). */
    static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;
    /**
     * The least CPU Docker can give: its CFS quota must be at least 1 ms per 100 ms period, so 10 millicores.
     */
    static final long MIN_CPU_MILLIS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

    private Preflight() {
    }

    /**
     * Checks {@code spec} against the engine.
     *
     * @param cpus the engine's CPU count, asked only when a CPU limit needs it
     * @param localHost whether the engine's host paths are this machine's
     * @throws PodStartException naming every field, value and limit that the engine would refuse
     */
    static void check(PodSpec spec, IntSupplier cpus, boolean localHost) {
        List<String> problems = new ArrayList<>();
        int engineCpus = -1;
        for (ContainerSpec c : spec.allContainers()) {
            String of = " of container '" + c.name() + "'";
            c.mounts().stream().filter(m -> m.mountPath().contains(":")).forEach(m -> problems.add("mountPath '"
                    + m.mountPath() + "'" + of + " contains ':', which Docker's bind syntax cannot hold"));
            if (c.memoryLimitBytes() > 0 && c.memoryLimitBytes() < MIN_MEMORY_BYTES) {
                problems.add("memoryLimit" + of + " (" + c.memoryLimitBytes() + " bytes) is below the least "
                        + "Docker allows, " + MIN_MEMORY_BYTES + " bytes (6Mi)");
            }
            if (c.cpuLimitMillis() > 0) {
                if (c.cpuLimitMillis() < MIN_CPU_MILLIS) {
                    problems.add("cpuLimit" + of + " (" + c.cpuLimitMillis() + "m) is below the least Docker can "
                            + "enforce, " + MIN_CPU_MILLIS + "m (a CFS quota of 1 ms per 100 ms)");
                } else {
                    if (engineCpus < 0) {
                        engineCpus = cpus.getAsInt();
                    }
                    if (c.cpuLimitMillis() > engineCpus * 1000L) {
                        problems.add("cpuLimit" + of + " (" + c.cpuLimitMillis() + "m) is more than the engine has: "
                                + engineCpus + " CPUs (" + engineCpus * 1000 + "m)");
                    }
                }
            }
        }
        spec.volumes().stream().filter(v -> v.kind() == VolumeSpec.Kind.HOST_PATH && v.hostPath().contains(":"))
                .forEach(v -> problems.add("hostPath of volume '" + v.name() + "' '" + v.hostPath() + "' contains "
                        + "':', which Docker's bind syntax cannot hold"));
        if (localHost) {
            for (VolumeSpec v : spec.volumes()) {
                if (v.kind() == VolumeSpec.Kind.HOST_PATH) {
                    hostPathProblem(v).ifPresent(problems::add);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PodStartException("pod '" + spec.name() + "' cannot start on this Docker engine; nothing was "
                    + "created:\n  - " + String.join("\n  - ", problems), null);
        }
        warnOfPrivileges(spec);
    }

    private static java.util.Optional<String> hostPathProblem(VolumeSpec v) {
        Path path = Path.of(v.hostPath());
        String what = "hostPath of volume '" + v.name() + "' '" + path + "'";
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                a = Files.readAttributes(path, BasicFileAttributes.class);
            }
        } catch (java.io.IOException e) {
            a = null;
        }
        String problem = switch (v.hostPathType()) {
            case EXISTS -> a == null ? what + " does not exist (Docker would create it as root and leave it; "
                    + "say DIRECTORY_OR_CREATE to have the pod create it and remove it on close)" : null;
            case DIRECTORY -> a == null || !a.isDirectory() ? what + " is not an existing directory" : null;
            case FILE -> a == null || !a.isRegularFile() ? what + " is not an existing file" : null;
            case SOCKET -> a == null || !a.isOther() ? what + " is not an existing UNIX socket" : null;
            case DIRECTORY_OR_CREATE -> a != null && !a.isDirectory() ? what + " exists and is not a directory"
                    : null;
            case FILE_OR_CREATE -> a != null && !a.isRegularFile() ? what + " exists and is not a file" : null;
        };
        return java.util.Optional.ofNullable(problem);
    }

    private static void warnOfPrivileges(PodSpec spec) {
        for (ContainerSpec c : spec.allContainers()) {
            if (c.privileged()) {
                LOG.warn("pod '{}': container '{}' runs privileged, as its spec asks", spec.name(), c.name());
            }
            if (!c.addedCapabilities().isEmpty()) {
                LOG.warn("pod '{}': container '{}' gets added capabilities {}, as its spec asks", spec.name(),
                        c.name(), c.addedCapabilities());
            }
        }
        for (VolumeSpec v : spec.volumes()) {
            if (v.kind() == VolumeSpec.Kind.HOST_PATH && v.hostPath().contains("docker.sock")) {
                LOG.warn("pod '{}': volume '{}' mounts the Docker socket {} into the pod, as its spec asks",
                        spec.name(), v.name(), v.hostPath());
            }
            if (v.kind() == VolumeSpec.Kind.HOST_PATH && !v.readOnly()) {
                LOG.warn("pod '{}': hostPath volume '{}' ({}) is writable, as its spec asks", spec.name(), v.name(),
                        v.hostPath());
            }
        }
    }
}
