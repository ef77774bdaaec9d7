package dev.sidecar.docker;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names of a pod's Docker objects: the infrastructure container is named after the pod instance
 * ({@code web-1a2b3c4d}); the others append their own name after a dot ({@code web-1a2b3c4d.proxy}), which no
 * DNS-1123 container name can contain, so no pod container can clash with the infrastructure container.
 */
final class Naming {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Naming() {
    }

    static String newInstanceId() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String infra(String podName, String instanceId) {
        return podName + "-" + instanceId;
    }

    static String container(String podName, String instanceId, String containerName) {
        return infra(podName, instanceId) + "." + containerName;
    }

    static String volume(String podName, String instanceId, String volumeName) {
        return infra(podName, instanceId) + "." + volumeName;
    }

    /** A network the library creates, asked for as {@code name}: unique, as each pod instance's objects are. */
    static String network(String name) {
        return name + "-" + newInstanceId();
    }

    /** Where the infrastructure container mounts the pod's volumes. */
    static final String INFRA_VOLUMES = "/.sidecar/volumes";

    /** Where the infrastructure container mounts a volume, through which its content is put in before any start. */
    static String infraVolumePath(String volumeName) {
        return INFRA_VOLUMES + "/" + volumeName;
    }
}
