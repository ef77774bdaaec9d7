package dev.sidecar.docker;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.testcontainers.containers.Network;

/**
 * A Docker network a pod joins, with the aliases other containers on it reach the pod by: what a Kubernetes
 * {@code Service} gives a pod, a DNS name on a network. Immutable; hand a list of them to
 * {@link DockerPodRuntime#start(dev.sidecar.PodSpec, List)}.
 *
 * <pre>{@code
 * Network network = Network.newNetwork();                       // Testcontainers'
 * GenericContainer<?> db = new GenericContainer<>(image).withNetwork(network).withNetworkAliases("db");
 * Pod pod = runtime.start(spec, List.of(PodNetwork.of(network, "web")));   // db reaches web:8080, web reaches db
 * }</pre>
 */
public final class PodNetwork {

    /** A DNS-1123 label, as Kubernetes names a Service. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_LABEL = 63;

    private final Network network;
    private final String name;
    private final List<String> aliases;

    private PodNetwork(Network network, String name, List<String> aliases) {
        this.network = network;
        this.name = name;
        this.aliases = aliases;
    }

    /**
     * The Testcontainers network {@code network} (created on the engine when the pod starts, if it is not yet), with
     * the pod known there as each of {@code aliases}.
     *
     * @throws IllegalArgumentException naming an alias that is not a DNS-1123 label, or given twice
     */
    public static PodNetwork of(Network network, String... aliases) {
        Objects.requireNonNull(network, "network must not be null");
        return new PodNetwork(network, null, checked(aliases));
    }

    /**
     * The Docker network named (or with the id) {@code dockerNetworkName}, which must exist when the pod starts, with
     * the pod known there as each of {@code aliases}.
     *
     * @throws IllegalArgumentException naming an alias that is not a DNS-1123 label, or given twice, or when the name
     *     is blank
     */
    public static PodNetwork named(String dockerNetworkName, String... aliases) {
        Objects.requireNonNull(dockerNetworkName, "dockerNetworkName must not be null");
        if (dockerNetworkName.isBlank()) {
            throw new IllegalArgumentException("dockerNetworkName must not be blank");
        }
        return new PodNetwork(null, dockerNetworkName, checked(aliases));
    }

    /** The names the pod has on the network, besides its address. */
    public List<String> aliases() {
        return aliases;
    }

    /** This network with {@code more} aliases after its own (the same alias twice is refused). */
    public PodNetwork withAliases(String... more) {
        String[] all = java.util.stream.Stream.concat(aliases.stream(),
                Args.elements(more, "aliases").stream()).toArray(String[]::new);
        return new PodNetwork(network, name, checked(all));
    }

    /**
     * The network's name or id as the engine takes it; for a Testcontainers network, asking creates it on the engine
     * if it is not yet, as Testcontainers does when a container joins it.
     */
    String reference() {
        return network != null ? network.getId() : name;
    }

    /** Whether this is {@code network}, the Testcontainers network given. */
    boolean is(Network other) {
        return network != null && network == other;
    }

    private static List<String> checked(String[] aliases) {
        List<String> list = Args.elements(aliases, "aliases");
        for (int i = 0; i < list.size(); i++) {
            String alias = list.get(i);
            if (alias.length() > MAX_LABEL || !DNS_LABEL.matcher(alias).matches()) {
                throw new IllegalArgumentException("alias '" + alias + "' is not a DNS-1123 label (lower-case letters, "
                        + "digits and '-', starting and ending with a letter or digit, at most " + MAX_LABEL
                        + " characters), as a Kubernetes Service name is");
            }
            if (list.subList(0, i).contains(alias)) {
                throw new IllegalArgumentException("alias '" + alias + "' is given twice");
            }
        }
        return list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PodNetwork other && network == other.network && Objects.equals(name, other.name)
                && aliases.equals(other.aliases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(network), name, aliases);
    }

    @Override
    public String toString() {
        return "PodNetwork{" + (network != null ? "testcontainers network " + network : name) + ", aliases="
                + aliases + "}";
    }
}
