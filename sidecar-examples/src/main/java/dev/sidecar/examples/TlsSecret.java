package dev.sidecar.examples;

import dev.sidecar.SecretSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TLS Secret as a cluster holds one ({@code kubernetes.io/tls}: keys {@code tls.crt} and {@code tls.key}, PEM),
 * made here the way cert-manager's self-signed issuer would make it: a new key pair and a self-signed certificate for
 * one host name, valid for a day. The JDK's own {@code keytool} makes them (the JDK has no public API that signs a
 * certificate), so nothing but Java is needed.
 *
 * @param secret the Secret, for the pod
 * @param certificate its certificate, for a client that trusts exactly it
 */
record TlsSecret(SecretSpec secret, X509Certificate certificate) {

    private static final long KEYTOOL_TIMEOUT_SECONDS = 30;
    private static final String ALIAS = "tls";

    /** A new key pair and certificate for {@code commonName}, as the Secret named {@code name}. */
    static TlsSecret selfSigned(String name, String commonName) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sidecar-tls-");
            Path store = dir.resolve("tls.p12");
            char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
            keytool(List.of("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=" + commonName, "-ext", "SAN=dns:" + commonName,
                    "-validity", "1", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", new String(password)));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password);
            }
            X509Certificate certificate = (X509Certificate) keys.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) keys.getKey(ALIAS, password);
            SecretSpec secret = SecretSpec.builder(name)
                    .stringData("tls.crt", pem("CERTIFICATE", certificate.getEncoded()))
                    .stringData("tls.key", pem("PRIVATE KEY", key.getEncoded()))
                    .build();
            return new TlsSecret(secret, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a TLS certificate: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the certificate keytool made: " + e.getMessage(), e);
        } finally {
            delete(dir);
        }
    }

    private static void keytool(List<String> args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while keytool ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool exited with " + process.exitValue() + ": "
                    + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
