package dev.sidecar.testcontainers;

import dev.sidecar.docker.DockerPodRuntime;

/**
 * The runtime of the pods and sidecars that were given none ({@code withRuntime}): made on first use, with the
 * defaults, and kept for the life of the JVM, as Testcontainers keeps its client. Its pods close when they are
 * stopped or, at the latest, when the JVM shuts down; its threads are daemon threads that end when idle.
 */
final class SharedRuntime {

    private SharedRuntime() {
    }

    static DockerPodRuntime get() {
        return Holder.RUNTIME;
    }

    /** Made when first asked for, not when this package is loaded. */
    private static final class Holder {
        static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    }
}
