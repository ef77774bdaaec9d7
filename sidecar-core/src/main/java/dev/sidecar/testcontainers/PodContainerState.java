package dev.sidecar.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.sidecar.ContainerPort;
import dev.sidecar.Endpoint;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.output.OutputFrame;

/**
 * One container of a running pod as Testcontainers sees a container: its id and inspection, the host and mapped ports
 * of the pod's published ports (a container joined to the pod's namespaces publishes none of its own, so
 * Testcontainers' defaults would find none), logs with the pod's secrets masked, and Testcontainers' own exec and
 * copy. Exec, copy and inspection go through the client Testcontainers finds, as they do for Testcontainers' own
 * containers: with a runtime on another engine, use the {@link PodContainer} instead.
 */
final class PodContainerState implements ContainerState {

    private final Pod pod;
    private final PodContainer container;

    PodContainerState(Pod pod, PodContainer container) {
        this.pod = pod;
        this.container = container;
    }

    @Override
    public String getContainerId() {
        return container.id();
    }

    @Override
    public InspectContainerResponse getContainerInfo() {
        return getDockerClient().inspectContainerCmd(container.id()).exec();
    }

    /** Where the pod's published ports are reached. */
    @Override
    public String getHost() {
        return anyEndpoint().map(Endpoint::host).orElseGet(() -> DockerClientFactory.instance().dockerHostIpAddress());
    }

    /** The TCP ports the container declares. */
    @Override
    public List<Integer> getExposedPorts() {
        return container.spec().containerPorts().stream()
                .filter(p -> p.protocol() == ContainerPort.Protocol.TCP).map(ContainerPort::containerPort).toList();
    }

    /**
     * The host port that {@code originalPort} of the pod's network namespace, which this container shares, is
     * published on: any TCP port that a container of the pod declares.
     *
     * @throws IllegalArgumentException when no container of the pod declares it, as Testcontainers says
     */
    @Override
    public Integer getMappedPort(int originalPort) {
        for (PodContainer c : pod.containers()) {
            if (c.spec().containerPorts().stream().anyMatch(p -> p.containerPort() == originalPort
                    && p.protocol() == ContainerPort.Protocol.TCP)) {
                return c.endpoint(originalPort).port();
            }
        }
        throw new IllegalArgumentException("Requested port (" + originalPort + ") is not mapped: pod '" + pod.name()
                + "' publishes the ports its containers declare, " + declaredPorts());
    }

    @Override
    public List<String> getPortBindings() {
        List<String> bindings = new ArrayList<>();
        for (Integer port : getExposedPorts()) {
            bindings.add(container.endpoint(port).port() + ":" + port + "/tcp");
        }
        return bindings;
    }

    /** Everything the container wrote, both streams, with the pod's secret values masked. */
    @Override
    public String getLogs() {
        return container.logs();
    }

    @Override
    public String getLogs(OutputFrame.OutputType... types) {
        boolean out = types.length == 0;
        boolean err = types.length == 0;
        for (OutputFrame.OutputType type : types) {
            out |= type == OutputFrame.OutputType.STDOUT;
            err |= type == OutputFrame.OutputType.STDERR;
        }
        if (out && err) {
            return container.logs();
        }
        return out ? container.logs(PodContainer.OutputType.STDOUT)
                : err ? container.logs(PodContainer.OutputType.STDERR) : "";
    }

    private Optional<Endpoint> anyEndpoint() {
        for (PodContainer c : pod.containers()) {
            for (ContainerPort p : c.spec().containerPorts()) {
                if (p.protocol() == ContainerPort.Protocol.TCP) {
                    return Optional.of(c.endpoint(p.containerPort()));
                }
            }
        }
        return Optional.empty();
    }

    private List<Integer> declaredPorts() {
        return pod.containers().stream().flatMap(c -> c.spec().containerPorts().stream())
                .filter(p -> p.protocol() == ContainerPort.Protocol.TCP).map(ContainerPort::containerPort).toList();
    }

    @Override
    public String toString() {
        return "ContainerState{pod " + pod.name() + ", container " + container.name() + "}";
    }
}
