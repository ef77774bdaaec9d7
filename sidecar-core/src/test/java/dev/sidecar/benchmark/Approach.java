package dev.sidecar.benchmark;

/** One way of starting the benchmark's pod: the floor, an alternative users would pick, or this library. */
interface Approach {

    /** The short name used in the CSV and the chart, for example {@code floor}. */
    String name();

    /** What the approach does, one line for the results. */
    String description();

    /**
     * Starts the pod with {@code sidecars} sidecars and returns once main accepts TCP connections on port 8080.
     *
     * @throws Exception when the pod did not start; the caller then sweeps what is left by label
     */
    Started start(int sidecars) throws Exception;

    /** A started pod of one approach. */
    interface Started {
        /** Stops and removes every container (and network) the start created. */
        void close() throws Exception;
    }

    /**
     * A started pod and where the host reaches main's port: the port infra published, as a test would call it.
     *
     * @param host the host name or address of the published port
     * @param port the published port
     */
    record Reached(Started pod, String host, int port) {
    }
}
