package dev.sidecar.kubernetes.runtime;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.ErrorStreamMessage;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's API server mock in CRUD mode on loopback, with expectations for what CRUD cannot answer (exec,
 * port-forward, and logs a test wants to dictate), a client for the runtime, the {@link KubeletSimulator} (which also
 * serves the containers' logs), and the controller manager's one job the runtime waits for (a new namespace's default
 * service account); both tell their requests apart by their user agent.
 */
final class MockCluster implements AutoCloseable {

    static final String NAMESPACE = "tests";
    static final String SIMULATOR_AGENT = "kubelet-simulator";
    /** Held so that it stays configured: the mock server logs every request at INFO through java.util.logging. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    final KubernetesMockServer server;
    final KubernetesClient client;
    final KubeletSimulator kubelet;
    private final KubernetesClient kubeletClient;
    private final io.fabric8.kubernetes.client.informers.SharedIndexInformer<io.fabric8.kubernetes.api.model.Namespace>
            namespaces;
    private final List<RecordedRequest> taken = new ArrayList<>();

    /** A cluster whose clients use the JDK HttpClient, as the runtime does by default. */
    MockCluster() {
        var http = new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory();
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubeletEndpoints dispatcher = new KubeletEndpoints(responses);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient(http);
        kubeletClient = new KubernetesClientBuilder().withHttpClientFactory(http).withConfig(new ConfigBuilder(client.getConfiguration())
                .withUserAgent(SIMULATOR_AGENT).build()).build();
        kubeletClient.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .endMetadata().build()).create();
        kubelet = new KubeletSimulator(kubeletClient);
        dispatcher.kubelet = kubelet;
        // The controller manager's part: a new namespace gets its default service account.
        namespaces = kubeletClient.namespaces().inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(io.fabric8.kubernetes.api.model.Namespace ns) {
                kubeletClient.serviceAccounts().inNamespace(ns.getMetadata().getName()).resource(
                        new io.fabric8.kubernetes.api.model.ServiceAccountBuilder().withNewMetadata()
                                .withName("default").endMetadata().build()).create();
            }

            @Override
            public void onUpdate(io.fabric8.kubernetes.api.model.Namespace old,
                    io.fabric8.kubernetes.api.model.Namespace ns) {
            }

            @Override
            public void onDelete(io.fabric8.kubernetes.api.model.Namespace ns, boolean unknown) {
            }
        });
    }

    /** A runtime on this cluster in namespace {@value #NAMESPACE}. */
    KubernetesPodRuntime.Builder runtime() {
        return KubernetesPodRuntime.builder().client(client).namespace(NAMESPACE);
    }

    /**
     * Answers the log request for container {@code container} of Pod {@code pod} ({@code previous}: the run before
     * the current one) with {@code text}: CRUD mode has no logs, a kubelet serves them.
     */
    void logs(String pod, String container, boolean previous, String text) {
        String path = "/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/log?pretty=false&container=" + container
                + (previous ? "&previous=true" : "") + "&tailLines=" + StartFailures.LOG_LINES;
        server.expect().get().withPath(path).andReturn(200, text).always();
    }

    /**
     * Answers the exec of {@code command} in container {@code container} of Pod {@code pod} with {@code stdout},
     * {@code stderr} and {@code exitCode} over the exec WebSocket, as the kubelet would.
     */
    void exec(String pod, String container, List<String> command, String stdout, String stderr, int exitCode) {
        StringBuilder path = new StringBuilder("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/exec?");
        for (String c : command) {
            path.append("command=").append(java.net.URLEncoder.encode(c, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))
                    .append('&');
        }
        path.append("container=").append(container).append("&stdout=true&stderr=true");
        server.expect().get().withPath(path.toString()).andUpgradeToWebSocket()
                .open(new OutputStreamMessage(stdout), new ErrorStreamMessage(stderr),
                        new StatusStreamMessage(exitCode))
                .done().always();
    }

    /**
     * Answers a port-forward to {@code port} of Pod {@code pod}: the kubelet's two channel headers (data and error,
     * each naming the port), then {@code reply} on the data channel.
     */
    void portForward(String pod, int port, String reply) {
        byte lo = (byte) (port & 0xff);
        byte hi = (byte) (port >> 8);
        byte[] text = reply.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] data = new byte[text.length + 1];
        System.arraycopy(text, 0, data, 1, text.length);
        server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/portforward?ports="
                + port).andUpgradeToWebSocket().open()
                .waitFor(10).andEmit(binary(new byte[] {0, lo, hi}))
                .waitFor(10).andEmit(binary(new byte[] {1, lo, hi}))
                .waitFor(10).andEmit(binary(data))
                .done().always();
    }

    private static io.fabric8.mockwebserver.internal.WebSocketMessage binary(byte[] bytes) {
        return new io.fabric8.mockwebserver.internal.WebSocketMessage(0L, bytes, true, true);
    }

    /**
     * Answers the exec of {@code command} with a line and then the stream's end without an exit status, as when the
     * connection to the kubelet is lost.
     */
    void execWithoutStatus(String pod, String container, List<String> command) {
        StringBuilder path = new StringBuilder("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/exec?");
        for (String c : command) {
            path.append("command=").append(c).append('&');
        }
        path.append("container=").append(container).append("&stdout=true&stderr=true");
        server.expect().get().withPath(path.toString()).andUpgradeToWebSocket()
                .open(new OutputStreamMessage("working\n")).done().always();
    }

    /** Answers a follow of container {@code container}'s log with {@code text}. */
    void followedLog(String pod, String container, String text) {
        followedLog(pod, container, 200, text);
    }

    /** Answers a follow of container {@code container}'s log with HTTP {@code code} and {@code body}. */
    void followedLog(String pod, String container, int code, String body) {
        server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod
                + "/log?container=" + container + "&follow=true").andReturn(code, body).always();
    }

    /** Answers a read of container {@code container}'s whole log, or its last {@code tail} lines, with {@code text}. */
    void log(String pod, String container, int tail, String text) {
        server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod
                + "/log?pretty=false&container=" + container + (tail > 0 ? "&tailLines=" + tail : ""))
                .andReturn(200, text).always();
    }

    /** Every request the runtime's client sent so far (not the simulator's), oldest first. */
    synchronized List<RecordedRequest> runtimeRequests() throws InterruptedException {
        RecordedRequest r;
        while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            taken.add(r);
        }
        return taken.stream().filter(q -> !SIMULATOR_AGENT.equals(q.getHeader("User-Agent"))).toList();
    }

    /**
     * The mock server's dispatcher: expectations first, then the kubelet simulator for {@code pods/log} (what a
     * kubelet serves through the API server), then CRUD, whose watches close without stalling the server (see
     * {@link QueuedWatch}).
     */
    private static final class KubeletEndpoints extends KubernetesMixedDispatcher {
        private static final java.util.regex.Pattern LOG = java.util.regex.Pattern.compile(
                "/api/v1/namespaces/([^/]+)/pods/([^/]+)/log\\?(.*)");

        private final Map<ServerRequest, Queue<ServerResponse>> responses;
        private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newCachedThreadPool(
                r -> {
                    Thread t = new Thread(r, "mock-server-watch-writer");
                    t.setDaemon(true);
                    return t;
                });
        private volatile KubeletSimulator kubelet;

        KubeletEndpoints(Map<ServerRequest, Queue<ServerResponse>> responses) {
            super(responses);
            this.responses = responses;
        }

        @Override
        public void shutdown() {
            super.shutdown();
            writer.shutdownNow();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            java.util.regex.Matcher log = LOG.matcher(request.getPath());
            Queue<ServerResponse> expected = responses.get(new io.fabric8.mockwebserver.internal.SimpleRequest(
                    request.method(), request.getPath()));
            if (kubelet == null || !"GET".equals(request.getMethod()) || !log.matches()
                    || (expected != null && !expected.isEmpty())) {
                MockResponse response = super.dispatch(request);
                boolean crudWatch = (expected == null || expected.isEmpty())
                        && request.getPath().contains("watch=true") && response.getWebSocketListener() != null;
                return crudWatch ? response.withWebSocketUpgrade(new QueuedWatch(response.getWebSocketListener(),
                        writer)) : response;
            }
            Map<String, String> query = new HashMap<>();
            for (String pair : log.group(3).split("&")) {
                int eq = pair.indexOf('=');
                query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
            KubeletSimulator.LogAnswer answer = kubelet.log(log.group(1), log.group(2), query.get("container"),
                    "true".equals(query.get("previous")), query.containsKey("tailLines")
                            ? Integer.valueOf(query.get("tailLines")) : null, "true".equals(query.get("follow")));
            MockResponse response = new MockResponse().setResponseCode(answer.code()).setBody(answer.body())
                    .setHeader("Content-Type", answer.code() == 200 ? "text/plain" : "application/json");
            return answer.held() ? response.setBodyDelay(java.time.Duration.ofMinutes(10)) : response;
        }
    }

    /**
     * A CRUD watch whose events are written without blocking the sender of the mock's watch listener
     * (kubernetes-server-mock 8.0.0, {@code WatchEventsListener}). That listener waits in {@code onClosed} and
     * {@code onFailure}, on the server's event loop, for its sender to finish, and its sender waits for each write,
     * which needs that same event loop: a watch its client closed while an event was on its way (as when a watch is
     * closed right after it opened: the mock sends every existing object as ADDED on open) stalled the whole server
     * for 30 s, until the write timed out (measured: 3 of 40 pods started and closed at once). Here the listener's
     * writes are handed, in order, to a thread of the dispatcher's, so its sender never waits.
     */
    private static final class QueuedWatch extends io.fabric8.mockwebserver.http.WebSocketListener {
        private final io.fabric8.mockwebserver.http.WebSocketListener watch;
        private final java.util.concurrent.Executor writer;

        QueuedWatch(io.fabric8.mockwebserver.http.WebSocketListener watch, java.util.concurrent.Executor writer) {
            this.watch = watch;
            this.writer = writer;
        }

        @Override
        public void onBeforeAccept(io.fabric8.mockwebserver.http.WebSocket ws,
                io.fabric8.mockwebserver.http.Response response) {
            watch.onBeforeAccept(ws, response);
        }

        @Override
        public void onOpen(io.fabric8.mockwebserver.http.WebSocket ws,
                io.fabric8.mockwebserver.http.Response response) {
            watch.onOpen(new QueuedWrites(ws, writer), response);
        }

        @Override
        public void onMessage(io.fabric8.mockwebserver.http.WebSocket ws, String text) {
            watch.onMessage(ws, text);
        }

        @Override
        public void onMessage(io.fabric8.mockwebserver.http.WebSocket ws,
                io.fabric8.mockwebserver.http.ByteString bytes) {
            watch.onMessage(ws, bytes);
        }

        @Override
        public void onMessage(io.fabric8.mockwebserver.http.WebSocket ws, byte[] bytes) {
            watch.onMessage(ws, bytes);
        }

        @Override
        public void onPing(io.fabric8.mockwebserver.http.WebSocket ws, byte[] bytes) {
            watch.onPing(ws, bytes);
        }

        @Override
        public void onClosing(io.fabric8.mockwebserver.http.WebSocket ws, int code, String reason) {
            watch.onClosing(ws, code, reason);
        }

        @Override
        public void onClosed(io.fabric8.mockwebserver.http.WebSocket ws, int code, String reason) {
            watch.onClosed(ws, code, reason);
        }

        @Override
        public void onFailure(io.fabric8.mockwebserver.http.WebSocket ws, Throwable failure,
                io.fabric8.mockwebserver.http.Response response) {
            watch.onFailure(ws, failure, response);
        }
    }

    /** A WebSocket whose writes and close return at once and happen in order on another thread. */
    private static final class QueuedWrites implements io.fabric8.mockwebserver.http.WebSocket {
        private final io.fabric8.mockwebserver.http.WebSocket socket;
        private final java.util.concurrent.Executor writer;
        private java.util.concurrent.CompletableFuture<Void> last =
                java.util.concurrent.CompletableFuture.completedFuture(null);

        QueuedWrites(io.fabric8.mockwebserver.http.WebSocket socket, java.util.concurrent.Executor writer) {
            this.socket = socket;
            this.writer = writer;
        }

        private synchronized boolean queue(Runnable write) {
            last = last.thenRunAsync(write, writer);
            return true;
        }

        @Override
        public RecordedRequest request() {
            return socket.request();
        }

        @Override
        public boolean send(String text) {
            return queue(() -> socket.send(text));
        }

        @Override
        public boolean send(byte[] bytes) {
            return queue(() -> socket.send(bytes));
        }

        @Override
        public boolean close(int code, String reason) {
            return queue(() -> socket.close(code, reason));
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(name);
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }

    @Override
    public void close() {
        kubelet.close();
        namespaces.close();
        kubeletClient.close();
        client.close();
        server.destroy();
    }
}
