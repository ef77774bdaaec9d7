package dev.sidecar.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.sidecar.Endpoint;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.ProbeTimeoutException;
import dev.sidecar.SidecarException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs readiness probes against any declared port of any container of a pod. Testcontainers' wait strategies look
 * at a container's own published ports and so see none on a container joined to another's network; here every
 * probe targets the pod's network namespace, which all its containers share: the pod's address on the engine's
 * bridge when the engine is local (as the kubelet probes the pod IP), else the port the pod published.
 */
final class Prober {

    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final int HTTP_TIMEOUT_MS = 2000;
    private static final long STATE_CHECK_INTERVAL_NANOS = Duration.ofMillis(500).toNanos();

    private final DockerEngine engine;
    private final Supplier<String> podAddress;
    private final Function<Integer, Endpoint> published;
    private final PodSpec spec;

    /**
     * @param podAddress the pod's address on the engine's bridge, asked for when a probe first needs it (it may
     *     give {@code null}); or {@code null} to probe published ports
     * @param published the published endpoint of a declared port
     */
    Prober(DockerEngine engine, Supplier<String> podAddress, Function<Integer, Endpoint> published, PodSpec spec) {
        this.engine = engine;
        this.spec = spec;
        this.podAddress = podAddress;
        this.published = published;
    }

    /** One attempt: whether the probe passes now. */
    boolean passes(Probe probe, String containerId) {
        return switch (probe.kind()) {
            case STARTED -> Boolean.TRUE.equals(engine.inspect(containerId).getState().getRunning());
            case TCP -> tcpOpen(probe.port());
            case HTTP -> httpOk(probe.port(), probe.path());
            case EXEC -> engine.exec(containerId, probe.command(), probe.timeout()).exitCode() == 0;
            case LOG -> logMatches(probe.logPattern(), containerId);
        };
    }

    /**
     * Tries the probe every period until it passes; fails at once when the container exits and the engine will not
     * restart it.
     *
     * @throws ProbeTimeoutException naming the container and the probe, with its last log lines
     */
    void await(Probe probe, String containerName, String containerId) {
        if (probe.kind() == Probe.Kind.STARTED) {
            return;
        }
        long deadline = System.nanoTime() + probe.timeout().toNanos();
        // A server usually listens within a few milliseconds of its container's start: retry after 1, 2, 4, 8, 16,
        // 32 ms, then every period, so a probe neither waits a whole period for it nor polls fast for long.
        long pauseMillis = Math.min(1, probe.period().toMillis());
        long nextStateCheck = System.nanoTime() + STATE_CHECK_INTERVAL_NANOS;
        while (true) {
            if (passes(probe, containerId)) {
                return;
            }
            long now = System.nanoTime();
            if (now >= nextStateCheck) {
                nextStateCheck = now + STATE_CHECK_INTERVAL_NANOS;
                InspectContainerResponse.ContainerState state = engine.inspect(containerId).getState();
                if (!Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getRestarting())) {
                    throw new ProbeTimeoutException("container '" + containerName + "' exited with code "
                            + state.getExitCodeLong() + " before its readiness probe " + probe + " passed",
                            containerName, lastLines(containerId));
                }
            }
            if (now >= deadline) {
                throw new ProbeTimeoutException("readiness probe " + probe + " of container '" + containerName
                        + "' did not pass", containerName, lastLines(containerId));
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pauseMillis, (deadline - now) / 1_000_000)));
                pauseMillis = Math.min(pauseMillis * 2, probe.period().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SidecarException("interrupted while probing container '" + containerName + "'", e);
            }
        }
    }

    /** The container's last log lines for a diagnostic, secrets masked; never throws. */
    List<String> lastLines(String containerId) {
        try {
            String logs = engine.logs(containerId, DockerPod.DIAGNOSTIC_LOG_LINES, Duration.ofSeconds(10));
            return logs.isEmpty() ? List.of() : spec.maskSecrets(logs).lines().toList();
        } catch (RuntimeException e) {
            return List.of("(logs unavailable: " + e.getMessage() + ")");
        }
    }

    private boolean tcpOpen(int port) {
        String direct = podAddress();
        try (Socket socket = new Socket()) {
            socket.connect(address(direct, port), CONNECT_TIMEOUT_MS);
            if (direct != null) {
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

    private boolean httpOk(int port, String path) {
        InetSocketAddress a = address(podAddress(), port);
        HttpURLConnection connection = null;
        try {
            URL url = new URL("http", a.getHostString(), a.getPort(), path);
            connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout(HTTP_TIMEOUT_MS);
            connection.setInstanceFollowRedirects(false);
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

    private boolean logMatches(String regex, String containerId) {
        Pattern pattern = Pattern.compile(regex);
        return engine.logs(containerId, -1, Duration.ofSeconds(10)).lines().anyMatch(l -> pattern.matcher(l).find());
    }

    private String podAddress() {
        return podAddress == null ? null : podAddress.get();
    }

    /** The pod's bridge address when it is given ({@code direct}), else the port the pod published. */
    private InetSocketAddress address(String direct, int port) {
        if (direct != null) {
            return new InetSocketAddress(direct, port);
        }
        Endpoint e = published.apply(port);
        return new InetSocketAddress(e.host(), e.port());
    }
}
