package dev.sidecar.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.sidecar.Endpoint;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.Probe;
import dev.sidecar.ProbeTimeoutException;
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
import java.util.concurrent.CompletableFuture;
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
 * <p>Waiting holds no thread: each try runs on the runtime's pool and the pause before the next is a timer tick.
 */
final class Prober {

    /** While a pod starts, a failed try is repeated after this, doubling up to {@link #MAX_START_PAUSE}. */
    private static final Duration FIRST_PAUSE = Duration.ofMillis(1);
    private static final Duration MAX_START_PAUSE = Duration.ofMillis(100);
    /** How often a probe that keeps failing checks whether its container still runs. */
    private static final long STATE_CHECK_NANOS = Duration.ofMillis(500).toNanos();
    private static final SSLSocketFactory TRUSTING = trustingSocketFactory();

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

    /** One try of {@code m}'s readiness probe, within its timeout: whether it passes now. */
    boolean tryOnce(Member m) {
        Probe probe = m.spec().readinessProbe().orElse(null);
        if (probe == null) {
            return true;
        }
        Probe.Action action = probe.action();
        if (action instanceof Probe.TcpSocket t) {
            return tcpOpen(t.port(), probe.timeout());
        }
        if (action instanceof Probe.HttpGet h) {
            return httpOk(h, probe.timeout());
        }
        if (action instanceof Probe.Exec e) {
            return execPasses(m, e, probe.timeout());
        }
        Probe.LogLine l = (Probe.LogLine) action;
        if (!m.logLineSeen().get() && m.output().anyLineMatches(Pattern.compile(l.regex()))) {
            m.logLineSeen().set(true);
        }
        return m.logLineSeen().get();
    }

    /**
     * Completes once {@code m} is ready: its probe passed {@code successThreshold} times in a row (at once when it
     * has none). Fails when the container exits and will not be restarted, or at {@code deadline}
     * ({@link System#nanoTime()}), with the container's name, the probe and its last log lines.
     */
    CompletableFuture<Void> awaitReady(Member m, long deadline) {
        Probe probe = m.spec().readinessProbe().orElse(null);
        if (probe == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (probe.action() instanceof Probe.LogLine l) {
            return CompletableFuture.supplyAsync(() -> awaitLogLine(m, Pattern.compile(l.regex()), probe, deadline),
                    engine.threads().pool());
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Attempts attempts = new Attempts(m, probe, deadline, ready);
        engine.threads().delay(probe.initialDelay()).thenRunAsync(attempts::run, engine.threads().pool());
        return ready;
    }

    /** The tries of one probe while the pod starts: each on the pool, the pauses between them on the timer. */
    private final class Attempts {
        private final Member m;
        private final Probe probe;
        private final long deadline;
        private final CompletableFuture<Void> ready;
        private int passes;
        private Duration pause = FIRST_PAUSE;
        private long nextStateCheck = System.nanoTime() + STATE_CHECK_NANOS;

        Attempts(Member m, Probe probe, long deadline, CompletableFuture<Void> ready) {
            this.m = m;
            this.probe = probe;
            this.deadline = deadline;
            this.ready = ready;
        }

        void run() {
            try {
                step();
            } catch (RuntimeException e) {
                ready.completeExceptionally(e);
            }
        }

        private void step() {
            if (ready.isDone()) {
                return;
            }
            passes = tryOnce(m) ? passes + 1 : 0;
            if (passes >= probe.successThreshold()) {
                ready.complete(null);
                return;
            }
            long now = System.nanoTime();
            if (now >= nextStateCheck) {
                nextStateCheck = now + STATE_CHECK_NANOS;
                failIfExitedForGood();
                if (ready.isDone()) {
                    return;
                }
            }
            if (now >= deadline) {
                ready.completeExceptionally(new ProbeTimeoutException("container '" + m.name()
                        + "' did not become ready in time: its readiness probe " + probe + " did not pass",
                        m.name(), m.output().lastLines()));
                return;
            }
            Duration next = pause;
            Duration cap = probe.period().compareTo(MAX_START_PAUSE) < 0 ? probe.period() : MAX_START_PAUSE;
            pause = pause.multipliedBy(2).compareTo(cap) > 0 ? cap : pause.multipliedBy(2);
            long left = deadline - now;
            engine.threads().delay(next.toNanos() > left ? Duration.ofNanos(Math.max(left, 0)) : next)
                    .thenRunAsync(this::run, engine.threads().pool());
        }

        /** A probe of a container that exited for good will never pass: say so now, with the exit code. */
        private void failIfExitedForGood() {
            InspectContainerResponse.ContainerState state = engine.inspect(m.id()).getState();
            if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
                return;
            }
            Long code = state.getExitCodeLong();
            if (code != null && !m.restartsAfter(code) && !"created".equals(state.getStatus())) {
                ready.completeExceptionally(new ProbeTimeoutException("container '" + m.name() + "' exited with code "
                        + code + " before its readiness probe " + probe + " passed", m.name(),
                        m.output().lastLines()));
            }
        }
    }

    private Void awaitLogLine(Member m, Pattern pattern, Probe probe, long deadline) {
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        String line;
        try {
            line = m.output().awaitLine(pattern, left);
        } catch (PodTimeoutException e) {
            throw new ProbeTimeoutException("container '" + m.name() + "' did not become ready in time: its "
                    + "readiness probe " + probe + " did not pass", m.name(), m.output().lastLines());
        }
        if (line == null) {
            InspectContainerResponse.ContainerState state = engine.inspect(m.id()).getState();
            throw new ProbeTimeoutException("container '" + m.name() + "' exited with code "
                    + state.getExitCodeLong() + " before its readiness probe " + probe + " passed", m.name(),
                    m.output().lastLines());
        }
        m.logLineSeen().set(true);
        return null;
    }

    private boolean execPasses(Member m, Probe.Exec exec, Duration timeout) {
        try {
            return engine.exec(m.id(), exec.command(), timeout).exitCode() == 0;
        } catch (RuntimeUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not running (yet, or between restarts), or the command took longer than the probe's timeout.
            return false;
        }
    }

    private boolean tcpOpen(int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(address(port), millis(timeout));
            if (podAddress != null) {
                return true;
            }
            // Through a published port, Docker's proxy accepts even when nothing listens behind it, and then
            // closes the connection at once: end of stream means nothing listens.
            socket.setSoTimeout(100);
            try (InputStream in = socket.getInputStream()) {
                return in.read() != -1;
            } catch (SocketTimeoutException stillOpen) {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }

    private boolean httpOk(Probe.HttpGet get, Duration timeout) {
        InetSocketAddress a = address(get.port());
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
            return status >= 200 && status < 400;
        } catch (IOException e) {
            return false;
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
