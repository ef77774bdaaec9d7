package dev.sidecar.docker;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.TestImages;
import java.time.Duration;

/** The pod the soak tests start and close again and again: 1 + 2 on a shared volume, each ready once its trap is set. */
final class SoakPod {

    /**
     * Exits on SIGTERM at once. It says "ready" once its trap is set: a SIGTERM that came before would be ignored by
     * the shell, which is PID 1, and close would wait out the grace period.
     */
    private static final String UNTIL_TERM = "trap 'exit 0' TERM; echo ready; while :; do sleep 1 & wait $!; done";

    private SoakPod() {
    }

    static PodSpec named(String name) {
        return PodSpec.builder(name)
                .volume(VolumeSpec.emptyDir("shared"))
                .sidecar(busybox("log-shipper"))
                .sidecar(busybox("proxy"))
                .main(busybox("app"))
                .sidecarStartOrder(SidecarStartOrder.PARALLEL)
                .terminationGracePeriod(Duration.ofSeconds(10))
                .build();
    }

    private static ContainerSpec busybox(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", UNTIL_TERM)
                .mount("shared", "/shared").readyWhen(Probe.logLine("^ready$")).build();
    }
}
