package dev.sidecar.docker;

import dev.sidecar.PodStartException;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks a pod joins, found on the engine before anything of the pod is created. The infrastructure container
 * joins the first when it is created (Docker's network mode, with the aliases in its endpoint) and is connected to the
 * others before it starts, so that its containers find every network there from their first start. Ports are
 * published on the host as ever; the pod's address (what probes reach, {@code status.podIP}) is its address on the
 * first network.
 *
 * @param joined the networks in the order given, empty for Docker's default bridge
 */
record PodNetworks(List<Joined> joined) {

    /** No network but Docker's default bridge, as a pod had before networks. */
    static final PodNetworks DEFAULT_BRIDGE = new PodNetworks(List.of());

    /**
     * One network as the engine knows it.
     *
     * @param id its id
     * @param name its name
     * @param aliases the pod's aliases there
     */
    record Joined(String id, String name, List<String> aliases) {
    }

    PodNetworks {
        joined = List.copyOf(joined);
    }

    /**
     * Finds each network on the engine.
     *
     * @throws PodStartException listing every network that does not exist, is given twice, or cannot hold a pod
     *     (the host's or no network, or aliases on the default bridge, which Docker has only on networks users create)
     */
    static PodNetworks resolve(DockerEngine engine, String podName, List<PodNetwork> networks) {
        if (networks.isEmpty()) {
            return DEFAULT_BRIDGE;
        }
        List<String> problems = new ArrayList<>();
        List<Joined> joined = new ArrayList<>();
        for (PodNetwork n : networks) {
            String reference = n.reference();
            DockerEngine.NetworkInfo info = engine.network(reference);
            if (info == null) {
                problems.add("network '" + reference + "' does not exist (create it first; a Testcontainers Network "
                        + "that was closed is gone)");
            } else if ("host".equals(info.driver()) || "null".equals(info.driver())) {
                problems.add("network '" + info.name() + "' is the engine's '" + info.driver() + "' network, which "
                        + "gives a container the host's network or none: a pod's network namespace is its own");
            } else if ("bridge".equals(info.name()) && !n.aliases().isEmpty()) {
                problems.add("network 'bridge' is Docker's default bridge, which has no aliases " + n.aliases()
                        + " (Docker gives aliases only on networks users create)");
            } else if (joined.stream().anyMatch(j -> j.id().equals(info.id()))) {
                problems.add("network '" + info.name() + "' is given twice: give it once, with every alias");
            } else {
                joined.add(new Joined(info.id(), info.name(), n.aliases()));
            }
        }
        if (!problems.isEmpty()) {
            throw new PodStartException("pod '" + podName + "' cannot join its networks; nothing was created:\n  - "
                    + String.join("\n  - ", problems), null);
        }
        return new PodNetworks(joined);
    }

    /** The network the infrastructure container is created on, or {@code null} for Docker's default bridge. */
    Joined first() {
        return joined.isEmpty() ? null : joined.get(0);
    }

    /** The networks it is connected to after its creation. */
    List<Joined> others() {
        return joined.isEmpty() ? List.of() : joined.subList(1, joined.size());
    }

    /** The id of the network whose address is the pod's, or {@code null} for the default bridge's. */
    String primaryId() {
        return joined.isEmpty() ? null : joined.get(0).id();
    }
}
