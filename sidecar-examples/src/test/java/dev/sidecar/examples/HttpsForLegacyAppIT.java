package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.sidecar.Pod;
import dev.sidecar.docker.DockerPodRuntime;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** Example 1: HTTPS for a legacy app, through a TLS sidecar with its certificate from a Secret. */
class HttpsForLegacyAppIT {

    /** Unique per run, so the certificate checked is the one this run made. */
    private static final String COMMON_NAME = "legacy-" + UUID.randomUUID().toString().substring(0, 8) + ".sidecar.test";

    private static Pod pod;
    private static X509Certificate generated;
    private static URI https;

    @BeforeAll
    static void startPod() {
        TlsSecret tls = TlsSecret.selfSigned("legacy-tls", COMMON_NAME);
        generated = tls.certificate();
        pod = DockerPodRuntime.create().start(HttpsForLegacyApp.spec(tls.secret()));
        https = pod.endpoint("tls-proxy", QuickStartDemo.HTTPS_PORT).uri("https").resolve("/");
    }

    @AfterAll
    static void closePod() {
        if (pod != null) {
            pod.close();
        }
    }

    @Test
    void httpsRequestThroughTheSidecarReturnsTheAppsPage() {
        HttpResponse<String> page = Http.get(Http.trusting(Tls.trusting(generated)), https);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Hello from the legacy app</h1>");
        assertThat(page.sslSession()).hasValueSatisfying(tls -> assertThat(tls.getProtocol()).isEqualTo("TLSv1.3"));
    }

    @Test
    void sidecarPresentsTheSecretsCertificate() {
        X509Certificate served = Tls.peerCertificate(Http.get(Http.trusting(Tls.trusting(generated)), https));

        assertThat(served).isEqualTo(generated);
        assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=" + COMMON_NAME);
        assertThat(served.getIssuerX500Principal()).isEqualTo(served.getSubjectX500Principal());
    }

    @Test
    void certificateFilesAreTheSecretsReadOnlyAndReadableByTheirOwnerOnly() {
        assertThat(Tls.certificate(pod.container("tls-proxy").copyFromContainer(QuickStartDemo.TLS_DIR + "/tls.crt")))
                .isEqualTo(generated);
        assertThat(pod.container("tls-proxy").exec("stat", "-L", "-c", "%a %U", QuickStartDemo.TLS_DIR + "/tls.crt",
                QuickStartDemo.TLS_DIR + "/tls.key").stdout()).isEqualTo("400 root\n400 root\n");
        assertThat(pod.container("tls-proxy").exec("touch", QuickStartDemo.TLS_DIR + "/tls.key").exitCode())
                .as("read-only").isNotZero();
    }

    @Test
    void appsOwnPortIsNotPublished() {
        assertThatThrownBy(() -> pod.endpoint("app", QuickStartDemo.APP_PORT))
                .isInstanceOf(java.util.NoSuchElementException.class);

        // The pod's ports are published by the container that holds its network namespace: ask Docker what it
        // publishes. Only the proxy's TLS port; the app's plain-HTTP port stays inside the pod.
        DockerClient docker = DockerClientFactory.instance().client();
        String networkMode = docker.inspectContainerCmd(pod.main().id()).exec().getHostConfig().getNetworkMode();
        assertThat(networkMode).startsWith("container:");
        String holder = networkMode.substring("container:".length());
        assertThat(docker.inspectContainerCmd(holder).exec().getNetworkSettings().getPorts().getBindings().keySet())
                .extracting(port -> port.getPort())
                .containsExactly(QuickStartDemo.HTTPS_PORT);
    }
}
