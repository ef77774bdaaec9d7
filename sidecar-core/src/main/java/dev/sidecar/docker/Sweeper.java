package dev.sidecar.docker;

import com.github.dockerjava.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what pods of dead JVMs left behind, so that the library needs no Ryuk. An object is swept only when it
 * carries the library's labels, its owner ran on this host, and no process with the owner's PID and start time is
 * alive here. Objects of live JVMs, of other hosts, and without the labels are never touched.
 */
final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final DockerEngine engine;

    Sweeper(DockerEngine engine) {
        this.engine = engine;
    }

    /** What one sweep removed (or, dry, would remove): container, volume and network names. */
    record Result(List<String> containerNames, List<String> volumeNames, List<String> networkNames) {
        int containers() {
            return containerNames.size();
        }

        int volumes() {
            return volumeNames.size();
        }

        int networks() {
            return networkNames.size();
        }
    }

    Result sweep() {
        return sweep(false);
    }

    /**
     * Finds what dead JVMs left and, unless {@code dryRun}, removes it: containers, then volumes, then networks. A
     * network that something else is still attached to (a container of another tool that joined it) is left, and
     * logged.
     */
    Result sweep(boolean dryRun) {
        List<String> containers = new ArrayList<>();
        for (Container c : engine.containersLabelled(Labels.LIBRARY)) {
            if (orphaned(c.getLabels())) {
                String name = String.join(",", c.getNames()).replaceFirst("^/", "");
                containers.add(name);
                if (!dryRun) {
                    LOG.info("removing container {} of pod {} left by dead JVM {} on {}", name,
                            c.getLabels().get(Labels.POD), c.getLabels().get(Labels.OWNER_PID),
                            c.getLabels().get(Labels.OWNER_HOST));
                    engine.remove(c.getId());
                }
            }
        }
        List<String> volumes = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> v : engine.volumesLabelled(Labels.LIBRARY)) {
            if (orphaned(v.getValue())) {
                volumes.add(v.getKey());
                if (!dryRun) {
                    LOG.info("removing volume {} of pod {} left by dead JVM {}", v.getKey(),
                            v.getValue().get(Labels.POD), v.getValue().get(Labels.OWNER_PID));
                    engine.removeVolume(v.getKey());
                }
            }
        }
        List<String> networks = new ArrayList<>();
        for (DockerEngine.NetworkInfo n : engine.networksLabelled(Labels.LIBRARY)) {
            if (orphaned(n.labels())) {
                if (dryRun) {
                    networks.add(n.name());
                    continue;
                }
                try {
                    LOG.info("removing network {} left by dead JVM {}", n.name(), n.labels().get(Labels.OWNER_PID));
                    engine.removeNetwork(n.id());
                    networks.add(n.name());
                } catch (dev.sidecar.RuntimeUnavailableException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.warn("network {} left by dead JVM {} is still in use, so it stays: {}", n.name(),
                            n.labels().get(Labels.OWNER_PID), e.getMessage());
                }
            }
        }
        return new Result(List.copyOf(containers), List.copyOf(volumes), List.copyOf(networks));
    }

    /** Whether the labels name an owner on this host that is no longer alive. */
    static boolean orphaned(Map<String, String> labels) {
        if (labels == null || !"true".equals(labels.get(Labels.LIBRARY))
                || !Labels.OWNER_HOST_VALUE.equals(labels.get(Labels.OWNER_HOST))) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(labels.getOrDefault(Labels.OWNER_PID, ""));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty() || !owner.get().isAlive()) {
            return true;
        }
        String started = labels.get(Labels.OWNER_STARTED);
        // Same PID, different start time: the owner died and its PID was reused.
        return started != null && !started.equals(Long.toString(Labels.startedAt(owner.get())));
    }
}
