package dev.sidecar.benchmark;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this JVM left on the engine: containers and volumes labelled by the harness or by the library with this
 * JVM's pid, and Compose networks of this JVM's projects. Other engineers' objects on the same engine carry other
 * run ids and pids, so they are neither counted nor touched.
 */
final class LeakCheck {

    /** Objects found; empty when nothing is left. */
    record Leaks(List<String> containers, List<String> volumes, List<String> networks) {
        boolean none() {
            return containers.isEmpty() && volumes.isEmpty() && networks.isEmpty();
        }

        @Override
        public String toString() {
            return containers.size() + " container(s) " + containers + ", " + volumes.size() + " volume(s) " + volumes
                    + ", " + networks.size() + " network(s) " + networks;
        }
    }

    private final DockerClient docker;
    private final String ownerPid = Long.toString(ProcessHandle.current().pid());

    LeakCheck(DockerClient docker) {
        this.docker = docker;
    }

    Leaks find() {
        Set<String> containers = new LinkedHashSet<>();
        for (Map<String, String> filter : List.of(Map.of(Workload.LABEL, Workload.RUN_ID),
                Map.of(Workload.LIBRARY_OWNER_PID_LABEL, ownerPid))) {
            for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec()) {
                containers.add(c.getNames().length > 0 ? c.getNames()[0].substring(1) : c.getId());
            }
        }
        List<String> volumes = new ArrayList<>();
        for (String filter : List.of(Workload.LABEL + "=" + Workload.RUN_ID,
                Workload.LIBRARY_OWNER_PID_LABEL + "=" + ownerPid)) {
            var response = docker.listVolumesCmd().withFilter("label", List.of(filter)).exec();
            if (response.getVolumes() != null) {
                response.getVolumes().forEach(v -> volumes.add(v.getName()));
            }
        }
        List<String> networks = docker.listNetworksCmd().exec().stream().map(Network::getName)
                .filter(n -> n.startsWith(Compose.PROJECT_PREFIX)).toList();
        return new Leaks(List.copyOf(containers), volumes, networks);
    }

    /** Removes what {@link #find()} reports, so that one failed run does not spoil the next. */
    void sweep(Leaks leaks) {
        for (String c : leaks.containers()) {
            ignoreFailure(() -> docker.removeContainerCmd(c).withForce(true).withRemoveVolumes(true).exec());
        }
        for (String v : leaks.volumes()) {
            ignoreFailure(() -> docker.removeVolumeCmd(v).exec());
        }
        for (String n : leaks.networks()) {
            ignoreFailure(() -> docker.removeNetworkCmd(n).exec());
        }
    }

    /** How many containers and volumes carry the library's label, whoever made them (other engineers too). */
    String libraryObjectsOnEngine() {
        int containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(Workload.LIBRARY_LABEL))
                .exec().size();
        var response = docker.listVolumesCmd().withFilter("label", List.of(Workload.LIBRARY_LABEL)).exec();
        int volumes = response.getVolumes() == null ? 0 : response.getVolumes().size();
        return containers + " container(s), " + volumes + " volume(s)";
    }

    private static void ignoreFailure(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            System.out.println("[benchmark] sweep: " + e.getMessage());
        }
    }
}
