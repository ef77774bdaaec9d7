package dev.sidecar.junit;

import static dev.sidecar.test.TestImages.BUSYBOX;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;

/** Small pods for the extension's tests, on the project's busybox image. */
final class TestPods {

    /** The port the main container {@code app} serves HTTP on. */
    static final int APP_PORT = 8080;
    /** The port the sidecar {@code helper} serves HTTP on. */
    static final int HELPER_PORT = 9090;

    private TestPods() {
    }

    /** A pod {@code name}: sidecar {@code helper} on {@link #HELPER_PORT}, main {@code app} on {@link #APP_PORT}. */
    static PodSpec web(String name) {
        return PodSpec.builder(name)
                .sidecar(httpd("helper", HELPER_PORT).build())
                .main(httpd("app", APP_PORT).build())
                .build();
    }

    /** A pod {@code name} with just main {@code app} on {@link #APP_PORT}. */
    static PodSpec single(String name) {
        return PodSpec.builder(name)
                .main(httpd("app", APP_PORT).build())
                .build();
    }

    /** A container serving {@code /www}, with an index saying its name, that prints a line when it starts. */
    static ContainerSpec.Builder httpd(String name, int port) {
        return ContainerSpec.builder(name, BUSYBOX)
                .command("sh", "-c", "mkdir -p /www && echo 'hello from " + name + "' > /www/index.html"
                        + " && echo '" + name + " serving on " + port + "' && exec httpd -f -p " + port + " -h /www")
                .port(port)
                .readyWhen(Probe.tcp(port))
                .stopSignal("SIGKILL"); // busybox as PID 1 ignores SIGTERM: spare each test the grace period
    }
}
