package dev.sidecar.examples;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.SecretSpec;
import dev.sidecar.VolumeSpec;
import dev.sidecar.docker.DockerPodRuntime;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;

/**
 * Example 1, HTTPS for a legacy app without changing it: the {@linkplain QuickStartDemo quick start's} pod as a
 * cluster would run it. There the certificate is not made by the pod but given to it: a TLS Secret ({@code tls.crt},
 * {@code tls.key}, as cert-manager makes one), mounted read-only into the proxy with mode 0400, kept in memory. The
 * client trusts exactly that certificate; the app declares no port, so only the proxy's TLS port is published.
 *
 * <pre>
 * mvn -q -pl sidecar-examples -am package -DskipTests -Ddemo=HttpsForLegacyApp
 * </pre>
 */
public final class HttpsForLegacyApp {

    /** The mode of the certificate's files in the proxy: readable by its owner (root, nginx's master) only. */
    static final int TLS_FILE_MODE = 0400;

    private HttpsForLegacyApp() {
    }

    /** The quick start's pod with its certificate from {@code tls}, a Secret of {@code tls.crt} and {@code tls.key}. */
    public static PodSpec spec(SecretSpec tls) {
        return QuickStartDemo.spec("unused.sidecar.test").toBuilder()
                .removeContainer("make-cert")
                .secret(tls)
                // The volume the proxy mounts at /etc/tls, now the Secret's files instead of an emptyDir.
                .volume(VolumeSpec.secret("tls", tls.name()).toBuilder().defaultMode(TLS_FILE_MODE).build())
                .build();
    }

    /** Starts the pod and shows the page over HTTPS, the certificate it was served with and what is published. */
    public static void main(String[] args) {
        TlsSecret tls = TlsSecret.selfSigned("legacy-tls", "legacy.sidecar.test");
        System.out.println("made Secret legacy-tls: " + tls.certificate().getSubjectX500Principal().getName()
                + ", SHA-256 " + Tls.fingerprint(tls.certificate()));
        try (Pod pod = DockerPodRuntime.create().start(spec(tls.secret()))) {
            URI url = pod.endpoint("tls-proxy", QuickStartDemo.HTTPS_PORT).uri("https").resolve("/");
            HttpResponse<String> page = Http.get(Http.trusting(Tls.trusting(tls.certificate())), url);
            X509Certificate served = Tls.peerCertificate(page);
            System.out.println("GET " + url + " -> " + page.statusCode() + " " + QuickStartDemo.heading(page.body()));
            System.out.println("served with " + served.getSubjectX500Principal().getName() + " over "
                    + page.sslSession().orElseThrow().getProtocol() + " (the Secret's certificate: "
                    + served.equals(tls.certificate()) + ")");
            System.out.println("in the proxy: " + pod.container("tls-proxy").exec("ls", "-lL", QuickStartDemo.TLS_DIR)
                    .stdout().strip().replace("\n", "; "));

            try {
                pod.endpoint("app", QuickStartDemo.APP_PORT);
            } catch (java.util.NoSuchElementException e) {
                System.out.println("the app's port " + QuickStartDemo.APP_PORT + " is not published: " + e.getMessage());
            }
        }
    }
}
