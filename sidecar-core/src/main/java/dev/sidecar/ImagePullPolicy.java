package dev.sidecar;

/** When an image is pulled before its container starts (Kubernetes {@code imagePullPolicy}). */
public enum ImagePullPolicy {
    /** Pull every time; a pull that fails fails the start. */
    ALWAYS,
    /** Pull only when the engine does not have it (the library's default for every tag). */
    IF_NOT_PRESENT,
    /** Never pull: an image the engine does not have fails the start at once, naming it. */
    NEVER
}
