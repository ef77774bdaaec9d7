package dev.sidecar;

/**
 * A port a container listens on (Kubernetes {@code ports[]}): the pod publishes each one on the host.
 *
 * @param name a name probes and lookups may use instead of the number ({@code name}, an IANA service name), or
 *     {@code null}
 * @param containerPort the port number ({@code containerPort})
 * @param protocol TCP or UDP ({@code protocol})
 */
public record ContainerPort(String name, int containerPort, Protocol protocol) {

    /** The transport of a port. */
    public enum Protocol {
        /** TCP, the default. */
        TCP,
        /** UDP. */
        UDP
    }

    /** Checks that the protocol is there; the container's {@code build()} checks the rest. */
    public ContainerPort {
        Checks.notNull(protocol, "protocol");
    }

    /** An unnamed TCP port. */
    public static ContainerPort tcp(int port) {
        return new ContainerPort(null, port, Protocol.TCP);
    }

    @Override
    public String toString() {
        return (name == null ? "" : name + "=") + containerPort + (protocol == Protocol.TCP ? "" : "/udp");
    }
}
