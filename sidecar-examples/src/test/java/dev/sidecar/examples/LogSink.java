package dev.sidecar.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An HTTP log sink on the Docker bridge's gateway address: collects the lines POSTed to {@code /logs}, in order. */
final class LogSink implements AutoCloseable {

    private final HttpServer server;
    private final List<String> lines = new ArrayList<>();

    LogSink() {
        try {
            server = HttpServer.create(new InetSocketAddress(ConfigApi.bridgeGateway(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/logs", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (lines) {
                lines.addAll(body.lines().toList());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** Where containers POST to. */
    URI url() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/logs");
    }

    /** The lines received so far, in order. */
    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
