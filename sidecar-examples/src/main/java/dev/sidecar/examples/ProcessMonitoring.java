package dev.sidecar.examples;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.docker.DockerPodRuntime;
import java.net.URI;

/**
 * Example 4, process monitoring (topz): with the pod's PID namespace shared, the {@code topz} sidecar serves the
 * process list of the whole pod (the infrastructure container's {@code /pause}, main's web server and itself) over
 * HTTP, and nothing from outside the pod.
 *
 * <pre>
 * mvn -q -pl sidecar-examples -am package -DskipTests -Ddemo=ProcessMonitoring
 * </pre>
 */
public final class ProcessMonitoring {

    /** The port topz serves on. */
    static final int TOPZ_PORT = 9090;
    /** The port the app serves on. */
    static final int APP_PORT = 8080;
    /** The path of the process list. */
    static final String TOPZ_PATH = "/cgi-bin/topz";

    private ProcessMonitoring() {
    }

    /** The pod: the legacy app (main) and topz (sidecar), sharing one PID namespace. */
    public static PodSpec spec() {
        return PodSpec.builder("topz")
                .shareProcessNamespace(true)
                .sidecar(ContainerSpec.builder("topz", ExampleImages.TOPZ)
                        .port(TOPZ_PORT)
                        .readyWhen(Probe.http(TOPZ_PORT, TOPZ_PATH))
                        .build())
                .main(ContainerSpec.builder("app", ExampleImages.LEGACY_APP)
                        .port(APP_PORT)
                        .readyWhen(Probe.http(APP_PORT, "/"))
                        .build())
                .build();
    }

    /** Starts the pod and prints what topz serves. */
    public static void main(String[] args) {
        try (Pod pod = DockerPodRuntime.create().start(spec())) {
            URI topz = pod.endpoint("topz", TOPZ_PORT).http(TOPZ_PATH);
            System.out.println("GET " + topz);
            System.out.print(Http.get(topz).body());
            URI top = pod.endpoint("topz", TOPZ_PORT).http("/cgi-bin/top");
            System.out.println("GET " + top);
            System.out.print(Http.get(top).body());
        }
    }
}
