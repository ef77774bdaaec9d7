package dev.sidecar.docker;

import dev.sidecar.Endpoint;
import dev.sidecar.ExecResult;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.Probe;
import dev.sidecar.RuntimeUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Runs readiness probes against any declared port of any container of a pod. Testcontainers' wait strategies look
 * at a container's own published ports and so see none on a container joined to another's network; here every
 * probe targets the pod's network namespace, which all its containers share: the pod's address on the engine's
 * bridge when the engine is local (as the kubelet probes the pod IP), else the port the pod published.
 *
 * <p>This class makes single tries; {@link ProbeLoop} repeats them for as long as a container runs.
 */
final class Prober {

    private static final SSLSocketFactory TRUSTING = trustingSocketFactory();
    private static final Optional<String> PASSED = Optional.empty();

    private final DockerEngine engine;
    private final String podAddress;
    private final Map<Integer, Endpoint> published;

    /**
     * @param podAddress the pod's address on the engine's bridge, or {@code null} to probe published ports
     * @param published the published endpoint of each declared port
     */
    Prober(DockerEngine engine, String podAddress, Map<Integer, Endpoint> published) {
        this.engine = engine;
        this.podAddress = podAddress;
        this.published = Map.copyOf(published);
    }

    /**
     * One try of {@code probe} of container {@code m} in its run {@code run}, within its timeout: why it failed, as
     * the kubelet's event says it ("command timed out", "connection refused"), or empty when it passed.
     */
    Optional<String> tryOnce(Member m, Probe probe, Run run) {
        Probe.Action action = probe.action();
        if (action instanceof Probe.TcpSocket t) {
            return tcpOpen(port(m, t.port(), t.portName()), probe.timeout());
        }
        if (action instanceof Probe.HttpGet h) {
            return httpOk(h, port(m, h.port(), h.portName()), probe.timeout());
        }
        if (action instanceof Probe.Exec e) {
            return execPasses(m, e, probe.timeout());
        }
        // A log-line probe reads each line of the output once, and answers what it has seen in this run.
        String regex = ((Probe.LogLine) action).regex();
        return run.logLineSeen(m.output(), Pattern.compile(regex)) ? PASSED
                : Optional.of("no line of this run's output matched " + regex + " yet");
    }

    /** Whether an HTTP GET of the pod answers 200..399 within {@code timeout}: for httpGet hooks. */
    boolean httpGet(Member m, Probe.HttpGet get, Duration timeout) {
        return httpOk(get, port(m, get.port(), get.portName()), timeout).isEmpty();
    }

    private static int port(Member m, int port, String name) {
        return name == null ? port : m.spec().portNamed(name).orElse(0);
    }

    private Optional<String> execPasses(Member m, Probe.Exec exec, Duration timeout) {
        ExecResult result;
        try {
            result = engine.exec(m.id(), exec.command(), timeout);
        } catch (RuntimeUnavailableException e) {
            throw e;
        } catch (PodTimeoutException e) {
            // A container short of CPU starts the command slowly: at a limit of 10m, Docker's exec alone takes 2-3 s.
            return Optional.of("command timed out after " + timeout
                    + "; its start counts against the container's CPU limit");
        } catch (RuntimeException e) {
            // Not running (yet, or between restarts).
            return Optional.of("command could not run: " + e.getMessage());
        }
        if (result.exitCode() == 0) {
            return PASSED;
        }
        String output = (result.stdout() + result.stderr()).strip();
        return Optional.of("command exited " + result.exitCode()
                + (output.isEmpty() ? "" : ": " + output.lines().findFirst().orElse("")));
    }

    private Optional<String> tcpOpen(int port, Duration timeout) {
        InetSocketAddress a = address(port);
        try (Socket socket = new Socket()) {
            socket.connect(a, millis(timeout));
            if (podAddress != null) {
                return PASSED;
            }
            // Through a published port, Docker's proxy accepts even when nothing listens behind it, and then
            // closes the connection at once: end of stream means nothing listens.
            socket.setSoTimeout(100);
            try (InputStream in = socket.getInputStream()) {
                return in.read() != -1 ? PASSED
                        : Optional.of("nothing listens on port " + port + " behind the published " + hostPort(a));
            } catch (SocketTimeoutException stillOpen) {
                return PASSED;
            }
        } catch (IOException e) {
            return Optional.of("dial tcp " + hostPort(a) + ": " + reason(e));
        }
    }

    private Optional<String> httpOk(Probe.HttpGet get, int port, Duration timeout) {
        InetSocketAddress a = address(port);
        HttpURLConnection connection = null;
        try {
            URL url = new URL(get.scheme().name().toLowerCase(java.util.Locale.ROOT), a.getHostString(), a.getPort(),
                    get.path());
            connection = (HttpURLConnection) url.openConnection();
            if (connection instanceof HttpsURLConnection https) {
                // The kubelet does not verify the certificate of an HTTPS probe either.
                https.setSSLSocketFactory(TRUSTING);
                https.setHostnameVerifier((host, session) -> true);
            }
            connection.setConnectTimeout(millis(timeout));
            connection.setReadTimeout(millis(timeout));
            connection.setInstanceFollowRedirects(false);
            get.headers().forEach(connection::setRequestProperty);
            int status = connection.getResponseCode();
            return status >= 200 && status < 400 ? PASSED
                    : Optional.of("HTTP probe failed with statuscode: " + status);
        } catch (IOException e) {
            return Optional.of("GET " + get.scheme().name().toLowerCase(java.util.Locale.ROOT) + "://" + hostPort(a)
                    + get.path() + ": " + reason(e));
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** The pod's bridge address when probing directly, else the port the pod published. */
    private InetSocketAddress address(int port) {
        if (podAddress != null) {
            return new InetSocketAddress(podAddress, port);
        }
        Endpoint e = published.get(port);
        return new InetSocketAddress(e.host(), e.port());
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** An I/O failure as a probe's reason: its message, or its kind when it has none (a read timeout has one). */
    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static SSLSocketFactory trustingSocketFactory() {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
