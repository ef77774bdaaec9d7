package dev.sidecar.examples;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.docker.DockerPodRuntime;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;

/**
 * Example 1, HTTPS for a legacy app without changing it: the {@linkplain QuickStartDemo quick start's} pod, looked
 * at closely. The certificate is generated when the pod starts (init container {@code make-cert}, openssl) into an
 * {@code emptyDir} that only the proxy mounts; the client trusts exactly that certificate; the app declares no port,
 * so only the proxy's TLS port is published.
 *
 * <pre>
 * mvn -q -pl sidecar-examples -am package -DskipTests -Ddemo=HttpsForLegacyApp
 * </pre>
 */
public final class HttpsForLegacyApp {

    private HttpsForLegacyApp() {
    }

    /** The quick start's pod with a certificate for {@code commonName}. */
    public static PodSpec spec(String commonName) {
        return QuickStartDemo.spec(commonName);
    }

    /** Starts the pod and shows the page over HTTPS, the certificate it was served with and what is published. */
    public static void main(String[] args) {
        try (Pod pod = DockerPodRuntime.create().start(spec("legacy.sidecar.test"))) {
            X509Certificate generated = Tls.certificate(
                    pod.container("tls-proxy").copyFromContainer(QuickStartDemo.TLS_DIR + "/tls.crt"));
            System.out.println("init container make-cert generated " + generated.getSubjectX500Principal().getName()
                    + ", SHA-256 " + Tls.fingerprint(generated));

            URI url = pod.endpoint("tls-proxy", QuickStartDemo.HTTPS_PORT).uri("https").resolve("/");
            HttpResponse<String> page = Http.get(Http.trusting(Tls.trusting(generated)), url);
            X509Certificate served = Tls.peerCertificate(page);
            System.out.println("GET " + url + " -> " + page.statusCode() + " " + QuickStartDemo.heading(page.body()));
            System.out.println("served with " + served.getSubjectX500Principal().getName() + " over "
                    + page.sslSession().orElseThrow().getProtocol() + " (the generated certificate: "
                    + served.equals(generated) + ")");

            try {
                pod.endpoint("app", QuickStartDemo.APP_PORT);
            } catch (java.util.NoSuchElementException e) {
                System.out.println("the app's port " + QuickStartDemo.APP_PORT + " is not published: " + e.getMessage());
            }
        }
    }
}
