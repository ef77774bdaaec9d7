package dev.sidecar.assertj;

import static dev.sidecar.assertj.SidecarAssertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.junit.SidecarPod;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's example of section "Assertions", as written there but for the image (the project's local busybox for
 * {@code busybox:1.36}): keep the two the same.
 */
class ReadmeExampleIT {

    @SidecarPod
    static final PodSpec PROXY = PodSpec.builder("proxy")
            .sidecar(ContainerSpec.builder("envoy", TestImages.BUSYBOX)
                    .command("sh", "-c", "echo envoy up; exec sleep 3600")
                    .stopSignal("SIGKILL")
                    .build())
            .main(ContainerSpec.builder("app", TestImages.BUSYBOX)
                    .command("sh", "-c", "trap 'echo reloaded' HUP; echo ready; while :; do sleep 1 & wait $!; done")
                    .readyWhen(Probe.logLine("^ready$"))
                    .stopSignal("SIGKILL")
                    .build())
            .build();

    @Test
    void appReloadsOnSighup(Pod pod) {
        assertThat(pod).isRunning().isReady().container("envoy").isReady().hasRestartCount(0);
        assertThat(pod).container("app").logs().contains("ready");
        assertThat(pod).container("app").exec("ls", "/").succeeded().stdout().contains("tmp");

        pod.main().signal("SIGHUP");

        assertThat(pod).eventually(Duration.ofSeconds(10)).main().hasLogLineMatching("^reloaded$").isReady();
    }
}
