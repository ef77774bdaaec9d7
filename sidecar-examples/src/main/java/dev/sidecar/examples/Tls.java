package dev.sidecar.examples;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusting exactly one certificate that a pod generated, and nothing else. The certificate is pinned: a server is
 * trusted when it presents that very certificate (and proves it holds the key, which the TLS handshake checks), so
 * the host name the client used does not matter. That is what a test needs, because the engine's ports may be
 * reached at {@code localhost} or at the Docker bridge's address, and the certificate was made before either was
 * known.
 */
final class Tls {

    private Tls() {
    }

    /** Parses a PEM (or DER) certificate. */
    static X509Certificate certificate(byte[] pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** A TLS context that trusts a server only when it presents {@code pinned}, while it is valid. */
    static SSLContext trusting(X509Certificate pinned) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinnedTrustManager(pinned)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /** The certificate the server presented for {@code response} (the leaf of its chain). */
    static X509Certificate peerCertificate(HttpResponse<?> response) {
        SSLSession session = response.sslSession().orElseThrow(
                () -> new IllegalArgumentException(response.uri() + " was not fetched over TLS"));
        try {
            return (X509Certificate) session.getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            throw new IllegalStateException("the server of " + response.uri() + " presented no verified certificate", e);
        }
    }

    /** The certificate's SHA-256 fingerprint, as openssl prints it (upper-case hex pairs joined by colons). */
    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Accepts a server chain whose leaf is the pinned certificate. Being an {@link X509ExtendedTrustManager}, it
     * replaces the JDK's host name check with the pin rather than adding to it.
     */
    private static final class PinnedTrustManager extends X509ExtendedTrustManager {
        private final X509Certificate pinned;

        PinnedTrustManager(X509Certificate pinned) {
            this.pinned = pinned;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0 || !chain[0].equals(pinned)) {
                throw new CertificateException("the server presented "
                        + (chain == null || chain.length == 0 ? "no certificate"
                        : chain[0].getSubjectX500Principal().getName() + " (SHA-256 " + fingerprint(chain[0]) + ")")
                        + ", not the pinned " + pinned.getSubjectX500Principal().getName() + " (SHA-256 "
                        + fingerprint(pinned) + ")");
            }
            pinned.checkValidity();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this trust manager is for clients: it trusts no client certificate");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {pinned};
        }
    }
}
