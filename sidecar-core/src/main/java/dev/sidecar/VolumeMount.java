package dev.sidecar;

import java.util.Objects;

/**
 * A volume of the pod mounted into one container (Kubernetes {@code volumeMounts}).
 *
 * @param volume the name of a volume the pod declares
 * @param mountPath the absolute path inside the container
 * @param readOnly whether the container may only read it
 */
public record VolumeMount(String volume, String mountPath, boolean readOnly) {

    /** Checks the parts are present; the pod checks that the volume exists and the path is absolute. */
    public VolumeMount {
        Objects.requireNonNull(volume, "volume must not be null");
        Objects.requireNonNull(mountPath, "mountPath must not be null");
    }

    @Override
    public String toString() {
        return volume + " -> " + mountPath + (readOnly ? " (ro)" : "");
    }
}
