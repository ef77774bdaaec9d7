package dev.sidecar.benchmark;

import dev.sidecar.test.TestImages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/**
 * The pod every approach starts, in one place: an infrastructure container from the pause image that owns the
 * namespaces and publishes port 8080, {@code n} sidecars and a main container serving HTTP on 8080, all joined to
 * the infrastructure container's network, PID and IPC namespaces.
 */
final class Workload {

    /** The port main serves HTTP on, published by the infrastructure container. */
    static final int PORT = 8080;
    /** Marks every object the non-library approaches create, with this JVM's run id as value. */
    static final String LABEL = "dev.sidecar.benchmark";
    /** The library's label for its objects, and the one naming the JVM that made them (see the library's Labels). */
    static final String LIBRARY_LABEL = "dev.sidecar";
    static final String LIBRARY_OWNER_PID_LABEL = "dev.sidecar.owner-pid";

    /** A sidecar's process: runs until SIGTERM and exits 0 on it (a bare {@code sleep} as PID 1 would ignore it). */
    static final List<String> SIDECAR_COMMAND = List.of("sh", "-c",
            "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done");
    /** Main: busybox httpd in the foreground; not PID 1 in the shared PID namespace, so SIGTERM ends it. */
    static final List<String> MAIN_COMMAND = List.of("httpd", "-f", "-p", Integer.toString(PORT));

    /**
     * How often the harness's own readiness check retries for the approaches that have none (floor, Testcontainers
     * wired by hand, Compose). The library uses its own probe with its default period.
     */
    static final Duration READY_POLL = Duration.ofMillis(10);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int CONNECT_TIMEOUT_MS = 500;

    static final String BUSYBOX = TestImages.BUSYBOX;
    static final String PAUSE = pause();

    /** This JVM's id on the objects it creates. */
    static final String RUN_ID = "b" + ProcessHandle.current().pid();

    private Workload() {
    }

    static String sidecarName(int i) {
        return "side-" + i;
    }

    static String mainName() {
        return "app";
    }

    /**
     * Waits until a TCP connection to {@code host:port} is accepted: the readiness check of the floor, of
     * Testcontainers wired by hand and of Compose. {@code host} is the pod's address on the engine's bridge, as the
     * library probes it on a local engine (a published port would accept through Docker's proxy before anything
     * listens).
     */
    static void awaitTcp(String host, int port) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        InetSocketAddress address = new InetSocketAddress(host, port);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(address, CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(host + ":" + port + " did not accept within " + READY_TIMEOUT,
                            notYet);
                }
            }
            sleep(READY_POLL);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String pause() {
        String image = TestImages.PAUSE;
        if (image.isBlank()) {
            throw new IllegalStateException("system property sidecar.infra-image is not set: run the benchmark "
                    + "through Maven (bash scripts/benchmark.sh), which reads the image names from "
                    + "scripts/test-images.properties");
        }
        return image;
    }
}
