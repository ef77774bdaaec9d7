package dev.sidecar;

/** How a pod starts its sidecars before the main container. */
public enum SidecarStartOrder {
    /** One after the other in declared order, each ready before the next starts (the Kubernetes default). */
    ORDERED,
    /** All at once, then main once every sidecar is ready: the fast path for independent sidecars. */
    PARALLEL
}
