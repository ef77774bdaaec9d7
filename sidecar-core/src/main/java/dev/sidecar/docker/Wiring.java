package dev.sidecar.docker;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
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
    private final Map<String, VolumeSpec> volumes;

    /**
     * @param bindAddress the host address ports are published on, or empty for all of the host's addresses
     */
    Wiring(PodSpec spec, String instanceId, Map<String, String> podLabels, String bindAddress) {
        this.spec = spec;
        this.instanceId = instanceId;
        this.podLabels = podLabels;
        this.bindAddress = bindAddress;
        this.volumes = spec.volumes().stream().collect(Collectors.toMap(VolumeSpec::name, Function.identity()));
    }

    /** The infrastructure container: hostname, published ports, shareable IPC, volumes that must stay mounted. */
    ContainerConfig infra(String image, List<String> command) {
        List<ExposedPort> exposed = new ArrayList<>();
        List<PortBinding> bindings = new ArrayList<>();
        for (ContainerSpec c : spec.containers()) {
            for (int port : c.ports()) {
                ExposedPort e = ExposedPort.tcp(port);
                exposed.add(e);
                bindings.add(new PortBinding(Ports.Binding.bindIp(bindAddress), e));
            }
        }
        List<Bind> binds = new ArrayList<>();
        for (VolumeSpec v : spec.volumes()) {
            // In-memory volumes lose their content when no container mounts them, and given files are copied in
            // through this container: it keeps both mounted for the life of the pod.
            if (v.kind() == VolumeSpec.Kind.EMPTY_DIR_MEMORY || !v.files().isEmpty()) {
                binds.add(new Bind(volumeName(v), new Volume(Naming.infraVolumePath(v.name()))));
            }
        }
        HostConfig host = HostConfig.newHostConfig()
                .withPortBindings(bindings)
                .withBinds(binds)
                .withIpcMode(spec.shareIpcNamespace() ? "shareable" : "private")
                .withRestartPolicy(RestartPolicy.noRestart());
        String name = Naming.infra(spec.name(), instanceId);
        return new ContainerConfig(name, image, Labels.forContainer(podLabels, name, "infra"), List.of(), List.of(),
                command, null, null, null, spec.hostname(), exposed, host);
    }

    /** A container of the pod, joined to the infrastructure container's namespaces. */
    ContainerConfig member(ContainerSpec c, String infraId) {
        ContainerRole role = spec.role(c.name());
        String join = "container:" + infraId;
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(join)
                .withIpcMode(spec.shareIpcNamespace() ? join : "private")
                .withBinds(binds(c))
                // The library restarts containers itself, with Kubernetes' back-off, hooks and probes (PodSupervisor).
                .withRestartPolicy(RestartPolicy.noRestart())
                .withPrivileged(c.privileged());
        if (spec.shareProcessNamespace()) {
            host.withPidMode(join);
        }
        if (c.memoryLimitBytes() > 0) {
            host.withMemory(c.memoryLimitBytes());
        }
        if (c.cpuLimitMillis() > 0) {
            host.withNanoCPUs(c.cpuLimitMillis() * 1_000_000L);
        }
        if (!c.addedCapabilities().isEmpty()) {
            // The spec admits only the kernel's capability names, which are docker-java's too.
            host.withCapAdd(c.addedCapabilities().stream().map(Capability::valueOf).toArray(Capability[]::new));
        }
        List<String> env = c.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return new ContainerConfig(Naming.container(spec.name(), instanceId, c.name()), c.image(),
                Labels.forContainer(podLabels, c.name(), role.name().toLowerCase(Locale.ROOT)), env, c.command(),
                c.args(), c.user().orElse(null), c.workingDir().orElse(null), c.stopSignal().name(), null, List.of(),
                host);
    }

    /** The Docker name of a pod volume: the host path for a {@code hostPath}, else the named volume. */
    String volumeName(VolumeSpec v) {
        return v.kind() == VolumeSpec.Kind.HOST_PATH ? v.hostPath() : Naming.volume(spec.name(), instanceId, v.name());
    }

    private List<Bind> binds(ContainerSpec c) {
        List<Bind> binds = new ArrayList<>();
        for (VolumeMount m : c.mounts()) {
            VolumeSpec v = volumes.get(m.volume());
            boolean readOnly = m.readOnly() || v.readOnly();
            binds.add(new Bind(volumeName(v), new Volume(m.mountPath()), readOnly ? AccessMode.ro : AccessMode.rw));
        }
        return binds;
    }
}
