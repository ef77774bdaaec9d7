package dev.sidecar.kubernetes.runtime;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The labels on every Kubernetes object the runtime creates, so that a person ({@code kubectl get pods -l dev.sidecar})
 * or a later sweep can find them. The one place in this package that names label keys. The keys are the Docker
 * runtime's ({@code dev.sidecar.docker.Labels}, package-private in sidecar-core), so one selector finds a pod's objects
 * on either runtime; they are valid Kubernetes label keys as they are (a name without prefix).
 */
final class ObjectLabels {

    static final String LIBRARY = "dev.sidecar";
    static final String POD = "dev.sidecar.pod";
    static final String INSTANCE = "dev.sidecar.pod-instance";
    static final String SESSION = "dev.sidecar.session";
    static final String OWNER_HOST = "dev.sidecar.owner-host";
    static final String OWNER_PID = "dev.sidecar.owner-pid";
    /** The owning JVM's start time in epoch milliseconds: a reused PID does not look like the owner. */
    static final String OWNER_STARTED = "dev.sidecar.owner-started";

    /** Identifies this JVM's objects; fixed for the life of the JVM. */
    static final String SESSION_ID = UUID.randomUUID().toString();
    static final String OWNER_HOST_VALUE = labelValue(hostName());
    static final String OWNER_PID_VALUE = Long.toString(ProcessHandle.current().pid());
    static final String OWNER_STARTED_VALUE = Long.toString(ProcessHandle.current().info().startInstant()
            .map(java.time.Instant::toEpochMilli).orElse(0L));

    private static final int MAX_VALUE_LENGTH = 63;

    private ObjectLabels() {
    }

    /** The labels of every object of pod {@code podName}, instance {@code instanceId}. */
    static Map<String, String> forPod(String podName, String instanceId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LIBRARY, "true");
        labels.put(POD, labelValue(podName));
        labels.put(INSTANCE, instanceId);
        labels.put(SESSION, SESSION_ID);
        labels.put(OWNER_HOST, OWNER_HOST_VALUE);
        labels.put(OWNER_PID, OWNER_PID_VALUE);
        labels.put(OWNER_STARTED, OWNER_STARTED_VALUE);
        return labels;
    }

    /** The labels of a namespace the runtime creates for itself. */
    static Map<String, String> forNamespace() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LIBRARY, "true");
        labels.put(SESSION, SESSION_ID);
        labels.put(OWNER_HOST, OWNER_HOST_VALUE);
        labels.put(OWNER_PID, OWNER_PID_VALUE);
        labels.put(OWNER_STARTED, OWNER_STARTED_VALUE);
        return labels;
    }

    /** The selector that finds the objects of one pod instance. */
    static Map<String, String> selectorFor(String instanceId) {
        return Map.of(LIBRARY, "true", INSTANCE, instanceId);
    }

    /**
     * {@code text} as a label value: at most 63 characters of {@code [A-Za-z0-9._-]}, beginning and ending with a
     * letter or digit (a host name such as {@code ci_runner.local} may not be one as it is).
     */
    static String labelValue(String text) {
        String value = text.replaceAll("[^A-Za-z0-9._-]", "-");
        if (value.length() > MAX_VALUE_LENGTH) {
            value = value.substring(0, MAX_VALUE_LENGTH);
        }
        value = value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
        return value.isEmpty() ? "unknown" : value;
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
