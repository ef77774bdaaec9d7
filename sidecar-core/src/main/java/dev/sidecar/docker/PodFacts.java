package dev.sidecar.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.NetworkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the translation of a pod needs that is not in its spec but found out on the engine: the pod instance's
 * {@code metadata.uid}, the node (the engine's host), the users its images run as, and, as the start goes on, the
 * pod's addresses (once the infrastructure container runs) and the host directories of its volumes. Immutable: each
 * step of the start derives a copy that knows more.
 *
 * @param uid the pod instance's {@code metadata.uid}, a random UUID
 * @param node the engine's host
 * @param imageUsers the {@code USER} of each image whose user the translation needs, by image ({@code ""}: root)
 * @param podIps the pod's addresses ({@code status.podIPs}), IPv4 first; empty until the infrastructure container runs
 * @param hostIp the address of the engine's host as the pod sees it ({@code status.hostIP}), or {@code null} until
 *     the infrastructure container runs
 * @param mountpoints the directory on the engine's host of each pod volume whose directory the translation needs,
 *     by pod volume name
 */
record PodFacts(String uid, DockerEngine.NodeInfo node, Map<String, String> imageUsers, List<String> podIps,
        String hostIp, Map<String, String> mountpoints) {

    PodFacts {
        imageUsers = Map.copyOf(imageUsers);
        podIps = List.copyOf(podIps);
        mountpoints = Map.copyOf(mountpoints);
    }

    /** The facts of a new pod instance, with a uid of its own. */
    static PodFacts newPod(DockerEngine.NodeInfo node, Map<String, String> imageUsers) {
        return new PodFacts(UUID.randomUUID().toString(), node, imageUsers, List.of(), null, Map.of());
    }

    /** These facts and the pod's addresses, read from the running infrastructure container's inspection. */
    PodFacts withAddresses(InspectContainerResponse infra) {
        return withAddresses(infra, null);
    }

    /**
     * These facts and the pod's addresses, read from the running infrastructure container's inspection: its address
     * on the network {@code primaryNetworkId} first ({@code status.podIP}), or, when that is {@code null}, its address
     * on Docker's default bridge.
     */
    PodFacts withAddresses(InspectContainerResponse infra, String primaryNetworkId) {
        NetworkSettings network = infra.getNetworkSettings();
        List<String> ips = new ArrayList<>();
        String gateway = null;
        if (network != null) {
            List<ContainerNetwork> networks = networks(network, primaryNetworkId);
            addIfAny(ips, primaryNetworkId == null ? network.getIpAddress() : null);
            gateway = primaryNetworkId == null ? blankToNull(network.getGateway()) : null;
            for (ContainerNetwork n : networks) {
                addIfAny(ips, n.getIpAddress());
                gateway = gateway != null ? gateway : blankToNull(n.getGateway());
            }
            addIfAny(ips, network.getGlobalIPv6Address());
            networks.forEach(n -> addIfAny(ips, n.getGlobalIPv6Address()));
        }
        return new PodFacts(uid, node, imageUsers, ips, gateway == null ? "" : gateway, mountpoints);
    }

    /**
     * The address the pod has on network {@code primaryNetworkId}, or on Docker's default bridge when that is
     * {@code null}, from its infrastructure container's inspection; {@code null} when it has none.
     */
    static String primaryAddress(InspectContainerResponse infra, String primaryNetworkId) {
        NetworkSettings network = infra.getNetworkSettings();
        if (network == null) {
            return null;
        }
        String bridge = primaryNetworkId == null ? blankToNull(network.getIpAddress()) : null;
        if (bridge != null) {
            return bridge;
        }
        return networks(network, primaryNetworkId).stream().map(n -> blankToNull(n.getIpAddress()))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The networks of the inspection, the one with id {@code primaryNetworkId} (if given) first. */
    private static List<ContainerNetwork> networks(NetworkSettings network, String primaryNetworkId) {
        List<ContainerNetwork> all = new ArrayList<>(network.getNetworks() == null ? List.of()
                : network.getNetworks().values());
        if (primaryNetworkId != null) {
            all.sort(java.util.Comparator.comparing(n -> !primaryNetworkId.equals(n.getNetworkID())));
        }
        return all;
    }

    /** These facts and the host directories of some of the pod's volumes. */
    PodFacts withMountpoints(Map<String, String> volumeMountpoints) {
        return new PodFacts(uid, node, imageUsers, podIps, hostIp, volumeMountpoints);
    }

    /** The pod's first address ({@code status.podIP}), or an empty string when it has none. */
    String podIp() {
        return podIps.isEmpty() ? "" : podIps.get(0);
    }

    /** Whether the pod's addresses are known yet. */
    boolean addressesKnown() {
        return hostIp != null;
    }

    private static void addIfAny(List<String> ips, String ip) {
        if (ip != null && !ip.isBlank() && !ips.contains(ip)) {
            ips.add(ip);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
