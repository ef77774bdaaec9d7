package dev.sidecar.kubernetes;

import static dev.sidecar.test.TestImages.BUSYBOX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.junit.ContainerRef;
import dev.sidecar.junit.SidecarPod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Kubernetes documentation's sidecar example, run from its manifest with the local busybox for alpine. */
class DocsLogShipperIT {

    @SidecarPod
    static final PodSpec MYAPP = KubernetesManifests.load("k8s/corpus/docs-log-shipper.yaml")
            .workload("Deployment", "myapp")
            .image("alpine:latest", BUSYBOX)
            .toPodSpec()
            .toBuilder().terminationGracePeriod(Duration.ZERO).build(); // its shells ignore SIGTERM as PID 1

    @Test
    void logShipperSeesTheAppsLines(@ContainerRef("logshipper") PodContainer shipper) {
        assertThat(shipper.awaitLog("^logging$", Duration.ofSeconds(15))).isEqualTo("logging");
    }

    @Test
    void theNativeSidecarStartedBeforeMain(@ContainerRef("logshipper") PodContainer shipper,
            @ContainerRef("myapp") PodContainer app) {
        assertThat(shipper.status().startedAt()).isBeforeOrEqualTo(app.status().startedAt());
    }
}
