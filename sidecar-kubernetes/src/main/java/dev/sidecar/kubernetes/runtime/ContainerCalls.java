package dev.sidecar.kubernetes.runtime;

import dev.sidecar.ExecResult;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.SidecarException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls to one container of a running pod, through the API server: exec, logs (read and followed), files
 * (through exec and tar) and port-forwards. Failures are translated as {@link ClusterApi} translates its own.
 */
final class ContainerCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerCalls.class);

    private final ClusterApi api;

    ContainerCalls(ClusterApi api) {
        this.api = api;
    }

    /** Runs {@code command} in a container (no shell, no TTY) and waits at most {@code timeout}. */
    ExecResult exec(String namespace, String pod, String container, Duration timeout, List<String> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String what = "exec " + command + " in container '" + container + "' of Pod " + namespace + "/" + pod;
        LOG.debug(what);
        try (ExecWatch watch = api.call(what, () -> api.pod(namespace, pod).inContainer(container).writingOutput(out)
                .writingError(err).exec(command.toArray(String[]::new)))) {
            Integer code = watch.exitCode().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (code == null || code < 0) {
                // fabric8 answers -1 when the stream closed before the kubelet sent the command's status.
                throw new SidecarException(what + " ended without an exit status (was the connection to the "
                        + "kubelet lost, or the container stopped?); its output so far: "
                        + out.toString(StandardCharsets.UTF_8).strip());
            }
            return new ExecResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            throw new PodTimeoutException(what + " did not finish within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SidecarException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw api.translate(what, e.getCause());
        }
    }

    /** The container's log (current run; with {@code previous}, the run before); {@code tail} lines, or all if 0. */
    String log(String namespace, String pod, String container, int tail, boolean previous) {
        return api.call("read the log of container '" + container + "' of Pod " + namespace + "/" + pod, () -> {
            var c = api.pod(namespace, pod).inContainer(container);
            var log = previous ? c.terminated() : c;
            return tail > 0 ? log.tailingLines(tail).getLog() : log.getLog();
        });
    }

    /**
     * Follows the log of the container's current run from its first line, handing each line to {@code onLine} on the
     * HTTP client's threads; no thread of the caller's waits for it. Not fabric8's {@code watchLog}: that waits for the
     * pod on the calling thread first (a request of its own) and writes an error's body into the log as if the
     * container had written it; here a refusal ends the stream with the API server's message.
     */
    LogStream streamLog(String namespace, String pod, String container, java.util.function.Consumer<String> onLine) {
        String what = "follow the log of container '" + container + "' of Pod " + namespace + "/" + pod;
        LogStream stream = new LogStream(what, onLine, (code, answer) -> api.translate(what,
                new io.fabric8.kubernetes.client.KubernetesClientException("the API server answered HTTP " + code
                        + ": " + answer, code, null)));
        LOG.debug(what);
        api.call(what, () -> {
            HttpClient http = api.client().getHttpClient();
            String base = api.client().getMasterUrl().toString();
            String uri = (base.endsWith("/") ? base : base + "/") + "api/v1/namespaces/" + namespace + "/pods/" + pod
                    + "/log?container=" + container + "&follow=true";
            int timeout = api.client().getConfiguration().getRequestTimeout();
            HttpRequest.Builder request = http.newHttpRequestBuilder().uri(uri);
            if (timeout > 0) {
                // Until the API server answers; the stream itself may stay open as long as the run goes on.
                request.timeout(timeout, TimeUnit.MILLISECONDS);
            }
            var response = http.consumeBytes(request.build(), stream::accept);
            stream.requested(response);
            return response.whenComplete(stream::answered);
        });
        return stream;
    }

    /** Writes {@code content} to {@code path} in the container (fabric8 uploads through exec and tar). */
    void upload(String namespace, String pod, String container, String path, byte[] content) {
        String what = "copy " + content.length + " bytes to " + path + " in container '" + container + "' of Pod "
                + namespace + "/" + pod;
        boolean done = api.call(what, () -> api.pod(namespace, pod).inContainer(container).file(path)
                .upload(new ByteArrayInputStream(content)));
        if (!done) {
            throw new SidecarException("could not " + what + ": the upload did not complete (does the container "
                    + "have sh and tar?)");
        }
    }

    /** Reads {@code path} in the container (through exec). */
    byte[] download(String namespace, String pod, String container, String path) {
        String what = "read " + path + " in container '" + container + "' of Pod " + namespace + "/" + pod;
        try (InputStream in = api.call(what, () -> api.pod(namespace, pod).inContainer(container).file(path).read())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SidecarException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Forwards a free loopback port to {@code port} of the pod, until closed. Loopback only: fabric8's
     * {@code portForward(port)} listens on every interface, which would open the pod to the network.
     */
    LocalPortForward portForward(String namespace, String pod, int port) {
        return api.call("forward a local port to port " + port + " of Pod " + namespace + "/" + pod,
                () -> api.pod(namespace, pod).portForward(port, java.net.InetAddress.getLoopbackAddress(), 0));
    }
}
