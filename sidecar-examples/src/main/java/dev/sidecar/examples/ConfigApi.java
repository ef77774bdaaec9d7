package dev.sidecar.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for a config service: an HTTP server on this machine answering {@code GET /app.conf} with the current
 * config, which {@link #set} changes. It listens only on the Docker bridge's gateway address, the address containers
 * on the engine's default bridge reach this machine at, so it needs a Docker engine on this (Linux) machine.
 */
final class ConfigApi implements AutoCloseable {

    /** The path the config is served at. */
    static final String PATH = "/app.conf";

    private final HttpServer server;
    private final AtomicReference<String> config;

    private ConfigApi(HttpServer server, AtomicReference<String> config) {
        this.server = server;
        this.config = config;
    }

    /** Starts serving {@code initial} on a free port of the bridge's gateway address. */
    static ConfigApi start(String initial) {
        AtomicReference<String> config = new AtomicReference<>(initial);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(bridgeGateway(), 0), 0);
            server.createContext(PATH, exchange -> {
                byte[] body = config.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return new ConfigApi(server, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the config API: " + e.getMessage(), e);
        }
    }

    /** The URL containers fetch the config from. */
    URI url() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + PATH);
    }

    /** Replaces the config served from now on. */
    void set(String newConfig) {
        config.set(newConfig);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** This machine's address on Docker's default bridge ({@code docker0}), which its containers route to. */
    static InetAddress bridgeGateway() {
        try {
            NetworkInterface docker0 = NetworkInterface.getByName("docker0");
            if (docker0 == null) {
                throw new IllegalStateException("this machine has no docker0 interface, so containers cannot reach a "
                        + "server started here: the example needs a Docker engine running on this Linux machine");
            }
            return docker0.inetAddresses().filter(Inet4Address.class::isInstance).findFirst().orElseThrow(
                    () -> new IllegalStateException("interface docker0 has no IPv4 address"));
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot list this machine's network interfaces: " + e.getMessage(), e);
        }
    }
}
