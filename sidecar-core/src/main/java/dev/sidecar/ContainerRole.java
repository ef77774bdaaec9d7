package dev.sidecar;

/** The part a container plays in its pod. */
public enum ContainerRole {
    /** Run to completion before the others ({@code initContainers}). */
    INIT,
    /** A helper started before main and stopped after it (a native sidecar). */
    SIDECAR,
    /** The application container. */
    MAIN
}
