package dev.sidecar.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.SELContext;
import com.github.dockerjava.api.model.Volume;
import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Translates a pod spec into Docker container configurations: the namespace wiring of the pod. It decides nothing
 * the spec decides (roles, restart policies, limits are the spec's); it only says how Docker expresses them.
 *
 * <p>The infrastructure container owns the pod's network, IPC and UTS namespaces (and is PID 1 of a shared process
 * namespace); every other container joins it with {@code container:<infra>} modes. Were main the owner, a restart of
 * main would leave the sidecars in a dead network namespace, and main's death would SIGKILL every process of a
 * shared PID namespace. A joined container may not publish ports or set a hostname (Docker refuses), so the
 * infrastructure container publishes every declared port and carries the hostname.
 */
final class Wiring {

    private final PodSpec spec;
    private final String instanceId;
    private final Map<String, String> podLabels;
    private final String bindAddress;
    private final PodFacts facts;
    private final Map<String, VolumeSpec> volumes;

    /**
     * @param bindAddress the host address ports are published on, or empty for all of the host's addresses
     * @param facts what the translation needs to know of the engine and of this pod instance
     */
    Wiring(PodSpec spec, String instanceId, Map<String, String> podLabels, String bindAddress, PodFacts facts) {
        this.spec = spec;
        this.instanceId = instanceId;
        this.podLabels = podLabels;
        this.bindAddress = bindAddress;
        this.facts = facts;
        this.volumes = spec.volumes().stream().collect(Collectors.toMap(VolumeSpec::name, Function.identity()));
    }

    /** This wiring, knowing the pod's addresses from the running infrastructure container's inspection. */
    Wiring withAddresses(InspectContainerResponse infra) {
        return withAddresses(infra, null);
    }

    /** This wiring, knowing the pod's addresses, its address on network {@code primaryNetworkId} first. */
    Wiring withAddresses(InspectContainerResponse infra, String primaryNetworkId) {
        return new Wiring(spec, instanceId, podLabels, bindAddress, facts.withAddresses(infra, primaryNetworkId));
    }

    /**
     * Whether creating {@code c} needs the pod's addresses ({@code status.podIP} and {@code status.hostIP} in its
     * environment), which are known once the infrastructure container runs: such a container is created then.
     */
    boolean needsAddresses(ContainerSpec c) {
        return EnvResolver.needsAddresses(c);
    }

    /**
     * The infrastructure container: hostname, published ports (TCP and UDP), shareable IPC, every pod volume (so that
     * their content can be put in before any container starts, and in-memory ones keep it), and what the containers
     * joined to its namespaces share: {@code /etc/hosts} ({@code hostAliases}), {@code /etc/resolv.conf}
     * ({@code dnsConfig}) and the kernel parameters of its network and IPC namespaces ({@code sysctls}).
     */
    ContainerConfig infra(String image, List<String> command) {
        return infra(image, command, PodNetworks.DEFAULT_BRIDGE);
    }

    /**
     * The infrastructure container as {@link #infra(String, List)} says, created on the first of {@code networks}
     * with its aliases there (the others are connected before it starts), or on Docker's default bridge.
     */
    ContainerConfig infra(String image, List<String> command, PodNetworks networks) {
        List<ExposedPort> exposed = new ArrayList<>();
        List<PortBinding> bindings = new ArrayList<>();
        for (ContainerSpec c : spec.containers()) {
            for (dev.sidecar.ContainerPort port : c.containerPorts()) {
                ExposedPort e = port.protocol() == dev.sidecar.ContainerPort.Protocol.UDP
                        ? ExposedPort.udp(port.containerPort()) : ExposedPort.tcp(port.containerPort());
                exposed.add(e);
                bindings.add(new PortBinding(Ports.Binding.bindIp(bindAddress), e));
            }
        }
        List<Bind> binds = new ArrayList<>();
        for (VolumeSpec v : spec.volumes()) {
            // Content is put into a volume through this container before any other starts, and an in-memory
            // volume loses it when no container mounts it: this one keeps every pod volume mounted for the pod's life.
            if (v.kind() != VolumeSpec.Kind.HOST_PATH) {
                binds.add(new Bind(volumeName(v), new Volume(Naming.infraVolumePath(v.name()))));
            }
        }
        HostConfig host = HostConfig.newHostConfig()
                .withPortBindings(bindings)
                .withBinds(binds)
                .withIpcMode(spec.shareIpcNamespace() ? "shareable" : "private")
                .withRestartPolicy(RestartPolicy.noRestart());
        List<String> extraHosts = new ArrayList<>();
        spec.hostAliases().forEach(a -> a.hostnames().forEach(h -> extraHosts.add(h + ":" + a.ip())));
        if (!extraHosts.isEmpty()) {
            host.withExtraHosts(extraHosts.toArray(String[]::new));
        }
        dns(host);
        Map<String, String> sysctls = sysctls(name -> SecurityContext.netSysctl(name)
                || spec.shareIpcNamespace() && SecurityContext.ipcSysctl(name));
        if (!sysctls.isEmpty()) {
            host.withSysctls(sysctls);
        }
        PodNetworks.Joined first = networks.first();
        if (first != null) {
            host.withNetworkMode(first.name());
        }
        String name = Naming.infra(spec.name(), instanceId);
        return new ContainerConfig(name, image, Labels.forContainer(podLabels, name, "infra"), List.of(), List.of(),
                command, null, null, null, spec.hostname(), exposed, false, false, host,
                first == null ? List.of() : first.aliases());
    }

    /**
     * A container that is created and never started, with every pod volume mounted where the infrastructure container
     * mounts it: the volumes' content is put in through it when no infrastructure container holds them (sidecars
     * attached to a container that is not the library's). Only volumes that keep their content without a running
     * mount can be filled so.
     */
    ContainerConfig volumeHolder(String image) {
        List<Bind> binds = new ArrayList<>();
        for (VolumeSpec v : spec.volumes()) {
            if (v.kind() != VolumeSpec.Kind.HOST_PATH) {
                binds.add(new Bind(volumeName(v), new Volume(Naming.infraVolumePath(v.name()))));
            }
        }
        String name = Naming.infra(spec.name(), instanceId) + ".volumes";
        return new ContainerConfig(name, image, Labels.forContainer(podLabels, name, "volumes"), List.of(), List.of(),
                List.of(), null, null, null, null, List.of(), false, false, HostConfig.newHostConfig()
                        .withBinds(binds).withNetworkMode("none").withRestartPolicy(RestartPolicy.noRestart()));
    }

    /**
     * A container of the pod, joined to the infrastructure container's namespaces, with its security context,
     * resources and environment as the kubelet would give them.
     *
     * @throws IllegalStateException when its environment needs the pod's addresses and this wiring does not know them
     *     yet (see {@link #needsAddresses})
     */
    ContainerConfig member(ContainerSpec c, String infraId) {
        ContainerRole role = spec.role(c.name());
        String join = "container:" + infraId;
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(join)
                .withIpcMode(spec.shareIpcNamespace() ? join : "private")
                .withBinds(binds(c))
                // The library restarts containers itself, with Kubernetes' back-off, hooks and probes (PodSupervisor).
                .withRestartPolicy(RestartPolicy.noRestart())
                .withPrivileged(c.privileged())
                .withReadonlyRootfs(c.readOnlyRootFilesystem());
        if (spec.shareProcessNamespace()) {
            host.withPidMode(join);
        }
        if (c.memoryLimitBytes() > 0) {
            host.withMemory(c.memoryLimitBytes());
        }
        if (c.cpuLimitMillis() > 0) {
            host.withNanoCPUs(c.cpuLimitMillis() * 1_000_000L);
        }
        if (c.memoryRequestBytes() > 0) {
            host.withMemoryReservation(c.memoryRequestBytes());
        }
        if (c.cpuRequestMillis() > 0) {
            host.withCpuShares(cpuShares(c.cpuRequestMillis()));
        }
        if (!c.addedCapabilities().isEmpty()) {
            // The spec admits only the kernel's capability names, which are docker-java's too.
            host.withCapAdd(c.addedCapabilities().stream().map(Capability::valueOf).toArray(Capability[]::new));
        }
        if (!c.droppedCapabilities().isEmpty()) {
            host.withCapDrop(c.droppedCapabilities().stream().map(Capability::valueOf).toArray(Capability[]::new));
        }
        if (Boolean.FALSE.equals(c.allowPrivilegeEscalation().orElse(null))) {
            host.withSecurityOpts(List.of("no-new-privileges"));
        }
        List<String> groups = SecurityContext.groups(spec);
        if (!groups.isEmpty()) {
            host.withGroupAdd(groups);
        }
        if (!spec.shareIpcNamespace()) {
            // Each container has an IPC namespace of its own: the pod's IPC parameters are set in each.
            Map<String, String> ipc = sysctls(SecurityContext::ipcSysctl);
            if (!ipc.isEmpty()) {
                host.withSysctls(ipc);
            }
        }
        SecurityContext.RunAs runAs = SecurityContext.runAs(spec, c);
        String user = runAs.dockerUser(runAs.needsImageUser() ? facts.imageUsers().get(c.image()) : null);
        List<String> env = EnvResolver.resolve(spec, c, facts);
        return new ContainerConfig(Naming.container(spec.name(), instanceId, c.name()), c.image(),
                Labels.forContainer(podLabels, c.name(), role.name().toLowerCase(Locale.ROOT)), env, c.command(),
                c.args(), user, c.workingDir().orElse(null), c.stopSignal().name(), null, List.of(), c.stdin(),
                c.tty(), host);
    }

    /** The Docker name of a pod volume: the host path for a {@code hostPath}, else the named volume. */
    String volumeName(VolumeSpec v) {
        return v.kind() == VolumeSpec.Kind.HOST_PATH ? v.hostPath() : Naming.volume(spec.name(), instanceId, v.name());
    }

    /** Kubernetes' CPU shares of a request: 1024 per core, at least 2 (the kernel's least). */
    static int cpuShares(long millis) {
        return (int) Math.max(2, millis * 1024 / 1000);
    }

    /**
     * The container's mounts. Named volumes are mounted {@code nocopy}: a Kubernetes volume starts empty, where
     * Docker would copy the image's files at the mount path into an empty volume. A {@code subPath} of a
     * {@code hostPath} binds that path; of a volume whose host directory the start found out (an {@code emptyDir}, or
     * a projected volume in a container whose root filesystem is read-only), that directory's subPath; of a projected
     * volume otherwise nothing: its file is put into the container before it starts ({@link PodVolumes}).
     */
    private List<Bind> binds(ContainerSpec c) {
        List<Bind> binds = new ArrayList<>();
        for (VolumeMount m : c.mounts()) {
            VolumeSpec v = volumes.get(m.volume());
            AccessMode mode = m.readOnly() || v.readOnly() ? AccessMode.ro : AccessMode.rw;
            Volume target = new Volume(m.mountPath());
            if (m.subPath() == null) {
                // docker-java writes nocopy whenever the flag is not null, false included.
                Boolean noCopy = v.kind() == VolumeSpec.Kind.HOST_PATH ? null : Boolean.TRUE;
                binds.add(new Bind(volumeName(v), target, mode, SELContext.DEFAULT, noCopy));
            } else if (v.kind() == VolumeSpec.Kind.HOST_PATH) {
                binds.add(new Bind(v.hostPath().replaceAll("/+$", "") + "/" + m.subPath(), target, mode));
            } else if (PodVolumes.bindsHostDirectory(v, c, m)) {
                String directory = facts.mountpoints().get(v.name());
                if (directory == null) {
                    throw new IllegalStateException("the host directory of volume '" + v.name() + "' is not known, "
                            + "which its subPath mount in container '" + c.name() + "' needs");
                }
                binds.add(new Bind(directory + "/" + m.subPath(), target, mode));
            }
        }
        return binds;
    }

    /** The pod's DNS settings on the infrastructure container, whose resolv.conf the pod's containers share. */
    private void dns(HostConfig host) {
        PodSpec.DnsConfig config = spec.dnsConfig().orElse(null);
        if (config != null && !config.nameservers().isEmpty()) {
            host.withDns(config.nameservers());
        }
        if (config != null && !config.searches().isEmpty()) {
            host.withDnsSearch(config.searches());
        } else if (spec.dnsPolicy() == PodSpec.DnsPolicy.NONE) {
            // Docker's word for no search domain at all (without it, the engine's host's apply).
            host.withDnsSearch(".");
        }
        if (config != null && !config.options().isEmpty()) {
            host.withDnsOptions(config.options().entrySet().stream()
                    .map(o -> o.getValue().isEmpty() ? o.getKey() : o.getKey() + ":" + o.getValue()).toList());
        }
    }

    /** The pod's sysctls whose dotted name {@code which} accepts, by dotted name. */
    private Map<String, String> sysctls(java.util.function.Predicate<String> which) {
        Map<String, String> sysctls = new java.util.LinkedHashMap<>();
        spec.sysctls().forEach((name, value) -> {
            String dotted = SecurityContext.sysctlName(name);
            if (which.test(dotted)) {
                sysctls.put(dotted, value);
            }
        });
        return sysctls;
    }
}
