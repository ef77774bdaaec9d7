package dev.sidecar.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.RestartPolicy;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Translates a pod spec into Docker container configurations: the namespace wiring of the pod.
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

    /**
     * @param bindAddress the host address ports are published on, or empty for all of the host's addresses
     */
    Wiring(PodSpec spec, String instanceId, Map<String, String> podLabels, String bindAddress) {
        this.spec = spec;
        this.instanceId = instanceId;
        this.podLabels = podLabels;
        this.bindAddress = bindAddress;
    }

    /** The infrastructure container: hostname, published ports, shareable IPC, volumes that must stay mounted. */
    Consumer<CreateContainerCmd> infra(List<String> command) {
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
                .withRestartPolicy(com.github.dockerjava.api.model.RestartPolicy.noRestart());
        String name = Naming.infra(spec.name(), instanceId);
        return cmd -> {
            cmd.withName(name)
                    .withHostName(spec.hostname())
                    .withLabels(Labels.forContainer(podLabels, name, "infra"))
                    .withExposedPorts(exposed)
                    .withHostConfig(host);
            if (!command.isEmpty()) {
                cmd.withCmd(command);
            }
        };
    }

    /** A container of the pod, joined to the infrastructure container's namespaces. */
    Consumer<CreateContainerCmd> member(ContainerSpec c, ContainerRole role, String infraId) {
        String join = "container:" + infraId;
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(join)
                .withIpcMode(spec.shareIpcNamespace() ? join : "private")
                .withBinds(binds(c))
                .withRestartPolicy(restartPolicy(c, role))
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
            host.withCapAdd(c.addedCapabilities().stream().map(Wiring::capability).toArray(Capability[]::new));
        }
        String name = Naming.container(spec.name(), instanceId, c.name());
        List<String> env = c.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return cmd -> {
            cmd.withName(name)
                    .withLabels(Labels.forContainer(podLabels, c.name(), role.name().toLowerCase(Locale.ROOT)))
                    .withEnv(env)
                    .withStopSignal(c.stopSignal())
                    .withHostConfig(host);
            if (!c.command().isEmpty()) {
                cmd.withEntrypoint(c.command());
            }
            if (!c.args().isEmpty()) {
                cmd.withCmd(c.args());
            }
            if (c.user() != null) {
                cmd.withUser(c.user());
            }
            if (c.workingDir() != null) {
                cmd.withWorkingDir(c.workingDir());
            }
        };
    }

    /** The Docker name of a pod volume: the host directory for a {@code hostPath}, else the named volume. */
    String volumeName(VolumeSpec v) {
        return v.kind() == VolumeSpec.Kind.HOST_PATH ? v.hostPath() : Naming.volume(spec.name(), instanceId, v.name());
    }

    /** The capability as Docker knows it; unknown names are refused before anything is created. */
    static Capability capability(String name) {
        String key = name.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
        try {
            return Capability.valueOf(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("capability '" + name + "' is not a Linux capability Docker knows "
                    + "(for example NET_ADMIN or SYS_PTRACE)", e);
        }
    }

    static RestartPolicy effectiveRestartPolicy(ContainerSpec c, ContainerRole role) {
        if (c.restartPolicy() != null) {
            return c.restartPolicy();
        }
        return role == ContainerRole.SIDECAR ? RestartPolicy.ALWAYS : RestartPolicy.NEVER;
    }

    private static com.github.dockerjava.api.model.RestartPolicy restartPolicy(ContainerSpec c, ContainerRole role) {
        if (role == ContainerRole.INIT) {
            return com.github.dockerjava.api.model.RestartPolicy.noRestart();
        }
        return switch (effectiveRestartPolicy(c, role)) {
            case NEVER -> com.github.dockerjava.api.model.RestartPolicy.noRestart();
            case ON_FAILURE -> com.github.dockerjava.api.model.RestartPolicy.onFailureRestart(0);
            case ALWAYS -> com.github.dockerjava.api.model.RestartPolicy.alwaysRestart();
        };
    }

    private List<Bind> binds(ContainerSpec c) {
        List<Bind> binds = new ArrayList<>();
        for (VolumeMount m : c.mounts()) {
            VolumeSpec v = spec.volumes().stream().filter(x -> x.name().equals(m.volume())).findFirst().orElseThrow();
            boolean readOnly = m.readOnly() || v.readOnly();
            binds.add(new Bind(volumeName(v), new Volume(m.mountPath()), readOnly ? AccessMode.ro : AccessMode.rw));
        }
        return binds;
    }
}
