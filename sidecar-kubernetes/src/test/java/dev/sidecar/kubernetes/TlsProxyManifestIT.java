package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Endpoint;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.junit.ContainerPort;
import dev.sidecar.junit.ContainerRef;
import dev.sidecar.junit.SidecarPod;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The TLS-proxy Deployment of the corpus, its registry images replaced by the examples' local ones with one prefix
 * override: the init container's certificate is what the native sidecar serves, in front of the unchanged app.
 */
class TlsProxyManifestIT {

    @SidecarPod
    static final PodSpec SHOP = KubernetesManifests.load("k8s/corpus/tls-proxy.yaml")
            .workload("Deployment", "shop")
            .imagePrefix("ghcr.io/acme/", "sidecar-examples/")
            .toPodSpec();

    @Test
    void theAppIsServedOverTlsWithTheInitContainersCertificate(@ContainerPort(8443) Endpoint https,
            @ContainerRef("tls-proxy") PodContainer proxy) {
        byte[] certificate = proxy.copyFromContainer("/etc/tls/tls.crt");

        HttpResponse<String> page = Web.getPinned(https.uri("https").resolve("/"), certificate);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>");
    }

    @Test
    void onlyTheProxysPortIsPublished(dev.sidecar.Pod pod) {
        assertThat(pod.spec().main().ports()).isEmpty();
        assertThat(pod.endpoint("tls-proxy", 8443).port()).isPositive();
    }
}
