package dev.sidecar.docker;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A container's security context as Docker takes it: the pod's and the container's Kubernetes fields resolved (the
 * container's win), and the kernel parameters Docker can set in a pod's namespaces.
 *
 * <p>Who a container runs as: its {@code runAsUser}, else the user of its {@code user(...)} (the extension that names
 * a user, or gives {@code uid[:gid]}), else the pod's {@code runAsUser}, else its image's {@code USER}; its primary
 * group likewise from {@code runAsGroup}, the group of {@code user(...)}, the pod's {@code runAsGroup}. Docker's one
 * {@code User} field carries both, so a group given without a user is combined with the image's user.
 */
final class SecurityContext {

    /** Kernel parameters of the IPC namespace that Docker sets ({@code kernel.shm*}, {@code kernel.msg*}…). */
    private static final Set<String> IPC_SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
            "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private SecurityContext() {
    }

    /**
     * Who a container's processes run as, resolved from the pod's and the container's fields.
     *
     * @param user the user (a number or a name), or {@code null} for the image's
     * @param group the primary group, or {@code null} for the user's (the image's when no user is given)
     */
    record RunAs(String user, String group) {

        /** Whether Docker's user needs the image's user: a group is given without a user. */
        boolean needsImageUser() {
            return user == null && group != null;
        }

        /**
         * Docker's {@code User} field ({@code user[:group]}), or {@code null} to keep the image's.
         *
         * @param imageUser the image's {@code USER}, used when a group is given without a user
         */
        String dockerUser(String imageUser) {
            if (user == null && group == null) {
                return null;
            }
            String u = user != null ? user : userPart(imageUser);
            return group == null ? u : (u.isEmpty() ? "0" : u) + ":" + group;
        }
    }

    /** Who {@code c} runs as, by the rule in this class's description. */
    static RunAs runAs(PodSpec spec, ContainerSpec c) {
        String[] given = c.user().map(u -> u.split(":", 2)).orElse(new String[0]);
        String user = first(c.runAsUser(), given.length > 0 ? given[0] : null, spec.runAsUser());
        String group = first(c.runAsGroup(), given.length > 1 ? given[1] : null, spec.runAsGroup());
        return new RunAs(user, group);
    }

    /** Whether {@code c} must not run as root: its {@code runAsNonRoot}, else the pod's. */
    static boolean runAsNonRoot(PodSpec spec, ContainerSpec c) {
        return c.runAsNonRoot().orElse(spec.runAsNonRoot().orElse(false));
    }

    /** The user part of a {@code user[:group]}, {@code ""} when there is none (root). */
    static String userPart(String user) {
        int colon = user == null ? -1 : user.indexOf(':');
        return user == null ? "" : colon < 0 ? user : user.substring(0, colon);
    }

    /** The groups every process of the pod belongs to besides its primary group: fsGroup, supplementalGroups. */
    static List<String> groups(PodSpec spec) {
        Set<String> groups = new LinkedHashSet<>();
        spec.fsGroup().ifPresent(g -> groups.add(Long.toString(g)));
        spec.supplementalGroups().forEach(g -> groups.add(Long.toString(g)));
        return List.copyOf(groups);
    }

    /**
     * A sysctl's name in dotted form: Kubernetes also takes {@code /} as the separator (then a dot is part of a
     * name, as in {@code net/ipv4/conf/eth0.100/rp_filter}), Docker only dots.
     */
    static String sysctlName(String name) {
        int slash = name.indexOf('/');
        int dot = name.indexOf('.');
        if (slash < 0 || dot >= 0 && dot < slash) {
            return name;
        }
        StringBuilder s = new StringBuilder(name.length());
        for (char ch : name.toCharArray()) {
            s.append(ch == '/' ? '.' : ch == '.' ? '/' : ch);
        }
        return s.toString();
    }

    /** Whether the (dotted) sysctl belongs to the IPC namespace, as Docker counts it. */
    static boolean ipcSysctl(String name) {
        return IPC_SYSCTLS.contains(name) || name.startsWith("fs.mqueue.");
    }

    /** Whether the (dotted) sysctl belongs to the network namespace. */
    static boolean netSysctl(String name) {
        return name.startsWith("net.");
    }

    private static String first(OptionalLong container, String extension, OptionalLong pod) {
        if (container.isPresent()) {
            return Long.toString(container.getAsLong());
        }
        if (extension != null && !extension.isEmpty()) {
            return extension;
        }
        return pod.isPresent() ? Long.toString(pod.getAsLong()) : null;
    }
}
