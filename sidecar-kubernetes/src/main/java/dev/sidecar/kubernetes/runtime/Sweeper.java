package dev.sidecar.kubernetes.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what pods of dead JVMs left on the cluster, as the Docker runtime's sweeper does on its engine. An object is
 * deleted only when it carries the library's labels, its owner ran on this host, and no process with the owner's PID
 * and start time is alive here. Objects of live JVMs, of other hosts (a CI runner next door sharing the namespace),
 * and without the labels are never touched.
 */
final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final ClusterApi api;

    Sweeper(ClusterApi api) {
        this.api = api;
    }

    /**
     * Deletes the Pods, ConfigMaps and Secrets of dead owners in {@code namespace}, and, when {@code namespaces},
     * the namespaces dead owners created.
     *
     * @return what was deleted, as {@code Kind namespace/name}
     */
    List<String> sweep(String namespace, boolean namespaces) {
        List<String> deleted = new ArrayList<>();
        for (HasMetadata o : api.labelled(namespace, ObjectLabels.OWNER_HOST_VALUE)) {
            if (orphaned(o.getMetadata().getLabels())) {
                LOG.info("deleting {} {}/{} of pod {} left by dead JVM {} on {}", o.getKind(), namespace,
                        o.getMetadata().getName(), o.getMetadata().getLabels().get(ObjectLabels.POD),
                        o.getMetadata().getLabels().get(ObjectLabels.OWNER_PID), ObjectLabels.OWNER_HOST_VALUE);
                api.delete(namespace, o);
                deleted.add(o.getKind() + " " + namespace + "/" + o.getMetadata().getName());
            }
        }
        if (namespaces) {
            for (HasMetadata ns : api.labelledNamespaces(ObjectLabels.OWNER_HOST_VALUE)) {
                if (orphaned(ns.getMetadata().getLabels())) {
                    LOG.info("deleting namespace {} left by dead JVM {}", ns.getMetadata().getName(),
                            ns.getMetadata().getLabels().get(ObjectLabels.OWNER_PID));
                    api.deleteNamespace(ns.getMetadata().getName());
                    deleted.add("Namespace " + ns.getMetadata().getName());
                }
            }
        }
        return List.copyOf(deleted);
    }

    /** Whether the labels name an owner on this host that is no longer alive. */
    static boolean orphaned(Map<String, String> labels) {
        if (labels == null || !"true".equals(labels.get(ObjectLabels.LIBRARY))
                || !ObjectLabels.OWNER_HOST_VALUE.equals(labels.get(ObjectLabels.OWNER_HOST))) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(labels.getOrDefault(ObjectLabels.OWNER_PID, ""));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty() || !owner.get().isAlive()) {
            return true;
        }
        String started = labels.get(ObjectLabels.OWNER_STARTED);
        // Same PID, different start time: the owner died and its PID was reused.
        return started != null && !started.equals(Long.toString(owner.get().info().startInstant()
                .map(java.time.Instant::toEpochMilli).orElse(0L)));
    }
}
