package dev.sidecar.docker;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Docker refuses that a spec cannot know, checked before anything is created: the engine's limits (the least
 * memory a container may have, the CPUs and memory it has), the host paths, which are this machine's when the engine
 * runs here, and the Kubernetes fields Docker cannot honour (kernel parameters outside the pod's namespaces, subPath
 * mounts that need a volume's directory on a remote engine's host). Once the images are there, who each container
 * runs as is checked against {@code runAsNonRoot}. Also warns of what the spec grants beyond the defaults
 * (privileges, capabilities, writable host paths).
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
     * @param node the engine's host, asked only when a limit or a request needs it
     * @param localHost whether the engine's host paths are this machine's
     * @throws PodStartException naming every field, value and limit that the engine would refuse
     */
    static void check(PodSpec spec, Supplier<DockerEngine.NodeInfo> node, boolean localHost) {
        List<String> problems = new ArrayList<>();
        IntSupplier cpus = () -> node.get().cpus();
        int engineCpus = -1;
        for (ContainerSpec c : spec.allContainers()) {
            String of = " of container '" + c.name() + "'";
            requests(c, of, node, problems);
            subPaths(spec, c, localHost, problems);
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
        sysctls(spec, problems);
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

    /**
     * Checks who each container runs as against {@code runAsNonRoot}, as the kubelet does before it starts one: the
     * user must be known to be other than root, so the image's user when nothing else gives one, and a user given by
     * name cannot be verified. Answers the {@code USER} of each image whose user the translation needs.
     *
     * @param imageUser the {@code USER} of an image on the engine ({@code ""} when it sets none: root)
     * @throws PodStartException naming every container, its image and the user, when one would run as root
     */
    static Map<String, String> checkUsers(PodSpec spec, Function<String, String> imageUser) {
        Map<String, String> users = new HashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (ContainerSpec c : spec.allContainers()) {
            SecurityContext.RunAs runAs = SecurityContext.runAs(spec, c);
            boolean nonRoot = SecurityContext.runAsNonRoot(spec, c);
            if (runAs.needsImageUser() || nonRoot && runAs.user() == null) {
                users.computeIfAbsent(c.image(), imageUser);
            }
            if (!nonRoot) {
                continue;
            }
            String user = runAs.user() != null ? runAs.user() : SecurityContext.userPart(users.get(c.image()));
            String whose = runAs.user() != null ? "its securityContext" : "its image '" + c.image() + "' (USER '"
                    + users.get(c.image()) + "')";
            if (user.isEmpty() || user.matches("0+") || !user.matches("[0-9]+")) {
                refused.add(c.name());
            }
            if (user.isEmpty() || user.matches("0+")) {
                problems.add("container '" + c.name() + "' has runAsNonRoot but would run as root: " + whose
                        + (user.isEmpty() ? " sets no user, so uid 0" : " gives uid 0")
                        + "; give it a runAsUser other than 0");
            } else if (!user.matches("[0-9]+")) {
                problems.add("container '" + c.name() + "' has runAsNonRoot but " + whose + " runs it as user '"
                        + user + "', a name that cannot be verified as non-root (the kubelet refuses it too); give it "
                        + "a numeric runAsUser");
            }
        }
        if (!problems.isEmpty()) {
            throw new PodStartException("pod '" + spec.name() + "' cannot start; nothing was created:\n  - "
                    + String.join("\n  - ", problems), refused.size() == 1 ? refused.get(0) : null,
                    List.of(), null);
        }
        return users;
    }

    /** Requests the engine cannot meet, as Kubernetes would not schedule them, and those Docker refuses. */
    private static void requests(ContainerSpec c, String of, Supplier<DockerEngine.NodeInfo> node,
            List<String> problems) {
        if (c.memoryRequestBytes() > 0 && c.memoryRequestBytes() < MIN_MEMORY_BYTES) {
            problems.add("memoryRequest" + of + " (" + c.memoryRequestBytes() + " bytes) is below the least memory "
                    + "reservation Docker allows, " + MIN_MEMORY_BYTES + " bytes (6Mi)");
        }
        if (c.memoryRequestBytes() > 0 && node.get().memoryBytes() > 0
                && c.memoryRequestBytes() > node.get().memoryBytes()) {
            problems.add("memoryRequest" + of + " (" + c.memoryRequestBytes() + " bytes) is more than the engine has, "
                    + node.get().memoryBytes() + " bytes: Kubernetes would not schedule the pod on such a node");
        }
        if (c.cpuRequestMillis() > 0 && c.cpuRequestMillis() > node.get().cpus() * 1000L) {
            problems.add("cpuRequest" + of + " (" + c.cpuRequestMillis() + "m) is more than the engine has, "
                    + node.get().cpus() + " CPUs (" + node.get().cpus() * 1000 + "m): Kubernetes would not schedule "
                    + "the pod on such a node");
        }
    }

    /** subPath mounts that need a volume's directory on the engine's host, which only a local engine lets us find. */
    private static void subPaths(PodSpec spec, ContainerSpec c, boolean localHost, List<String> problems) {
        if (localHost) {
            return;
        }
        for (VolumeMount m : c.mounts()) {
            VolumeSpec v = spec.volumes().stream().filter(x -> x.name().equals(m.volume())).findFirst().orElseThrow();
            if (PodVolumes.bindsHostDirectory(v, c, m)) {
                problems.add("subPath '" + m.subPath() + "' of volume '" + v.name() + "' in container '" + c.name()
                        + "' needs the volume's directory on the engine's host"
                        + (VolumeContent.projected(v) ? " (its root filesystem is read-only, so the file cannot be "
                        + "put into it)" : "") + ", which the library can bind only when the engine runs on this "
                        + "machine (Docker's API 1.41 has no volume subpath); mount the whole volume instead");
            }
        }
    }

    /** Kernel parameters that are not in the pod's namespaces: Docker would set them for the whole host, or refuse. */
    private static void sysctls(PodSpec spec, List<String> problems) {
        spec.sysctls().keySet().forEach(name -> {
            String dotted = SecurityContext.sysctlName(name);
            if (!SecurityContext.ipcSysctl(dotted) && !SecurityContext.netSysctl(dotted)) {
                problems.add("sysctl '" + name + "' of pod '" + spec.name() + "' is not namespaced: Docker sets only "
                        + "the kernel parameters of the pod's own IPC and network namespaces (kernel.shm*, "
                        + "kernel.msg*, kernel.sem, fs.mqueue.*, net.*); any other would change the engine's host");
            }
        });
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
