package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.examples.QuickStartDemo;
import dev.sidecar.junit.DisabledWithoutRuntime;
import dev.sidecar.junit.SidecarPod;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start (a legacy app behind a TLS sidecar whose certificate an init container makes) on the
 * runtime the run is configured for: Docker in the normal build, the kubeconfig's cluster with the profile
 * {@code kubernetes-cluster} (skipped when there is none).
 */
@DisabledWithoutRuntime
class QuickStartClusterIT {

    private static final String COMMON_NAME = "quickstart.sidecar.test";

    @SidecarPod
    static final PodSpec POD = QuickStartDemo.spec(COMMON_NAME);

    @Test
    void theAppAnswersOverHttpsWithTheCertificateTheInitContainerMade(Pod pod) {
        byte[] pem = pod.container("tls-proxy").copyFromContainer("/etc/tls/tls.crt");
        X509Certificate made = Web.certificate(pem);
        URI https = pod.endpoint("tls-proxy", 8443).uri("https").resolve("/");

        HttpResponse<String> page = Web.getPinned(https, pem);

        assertThat(made.getSubjectX500Principal().getName()).isEqualTo("CN=" + COMMON_NAME);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Hello from the legacy app");
    }
}
