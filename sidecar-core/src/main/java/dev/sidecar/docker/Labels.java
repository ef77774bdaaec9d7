package dev.sidecar.docker;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;

/**
 * The labels on every Docker object a pod creates, so that a person, Ryuk or the library's own sweeper can find
 * them. The one place that names label keys.
 */
final class Labels {

    static final String LIBRARY = "dev.sidecar";
    static final String POD = "dev.sidecar.pod";
    static final String INSTANCE = "dev.sidecar.pod-instance";
    static final String CONTAINER = "dev.sidecar.container";
    static final String ROLE = "dev.sidecar.role";
    static final String SESSION = "dev.sidecar.session";
    static final String OWNER_HOST = "dev.sidecar.owner-host";
    static final String OWNER_PID = "dev.sidecar.owner-pid";
    /** The owning JVM's start time in epoch milliseconds: a reused PID does not look like the owner. */
    static final String OWNER_STARTED = "dev.sidecar.owner-started";
    /** On a network the library created: the name it was asked for. */
    static final String NETWORK = "dev.sidecar.network";

    /** Identifies this JVM's objects; fixed for the life of the JVM. */
    static final String SESSION_ID = UUID.randomUUID().toString();
    static final long OWNER_PID_VALUE = ProcessHandle.current().pid();
    static final String OWNER_HOST_VALUE = hostName();
    static final String OWNER_STARTED_VALUE = Long.toString(startedAt(ProcessHandle.current()));

    private Labels() {
    }

    /** Labels for an object of pod {@code podName} instance {@code instanceId}. */
    static Map<String, String> forPod(String podName, String instanceId) {
        Map<String, String> labels = owned();
        labels.put(POD, podName);
        labels.put(INSTANCE, instanceId);
        return labels;
    }

    /** Labels for a network the library creates, asked for as {@code name}. */
    static Map<String, String> forNetwork(String name) {
        Map<String, String> labels = owned();
        labels.put(NETWORK, name);
        return labels;
    }

    /** What every object the library creates carries: the library, this JVM's session and owner. */
    private static Map<String, String> owned() {
        Map<String, String> labels = new HashMap<>(DockerClientFactory.DEFAULT_LABELS);
        labels.put(LIBRARY, "true");
        labels.put(SESSION, SESSION_ID);
        labels.put(OWNER_HOST, OWNER_HOST_VALUE);
        labels.put(OWNER_PID, Long.toString(OWNER_PID_VALUE));
        labels.put(OWNER_STARTED, OWNER_STARTED_VALUE);
        return labels;
    }

    /** Labels for one container of a pod. */
    static Map<String, String> forContainer(Map<String, String> podLabels, String containerName, String role) {
        Map<String, String> labels = new HashMap<>(podLabels);
        labels.put(CONTAINER, containerName);
        labels.put(ROLE, role);
        return labels;
    }

    /** A process's start time in epoch milliseconds, or 0 when the system does not say. */
    static long startedAt(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "unknown";
        }
    }
}
