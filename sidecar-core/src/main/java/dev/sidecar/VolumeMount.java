package dev.sidecar;

import java.util.Objects;

/**
 * A volume of the pod mounted into one container (Kubernetes {@code volumeMounts}).
 *
 * @param volume the name of a volume the pod declares
 * @param mountPath the absolute path inside the container
 * @param readOnly whether the container may only read it
 * @param subPath the path inside the volume to mount instead of its root ({@code subPath}), or {@code null}
 */
public record VolumeMount(String volume, String mountPath, boolean readOnly, String subPath) {

    /** Checks the parts are present; the container checks the paths, the pod that the volume exists. */
    public VolumeMount {
        Objects.requireNonNull(volume, "volume must not be null");
        Objects.requireNonNull(mountPath, "mountPath must not be null");
    }

    /** A mount of the volume's root. */
    public VolumeMount(String volume, String mountPath, boolean readOnly) {
        this(volume, mountPath, readOnly, null);
    }

    @Override
    public String toString() {
        return volume + (subPath == null ? "" : "/" + subPath) + " -> " + mountPath + (readOnly ? " (ro)" : "");
    }
}
