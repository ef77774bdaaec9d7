package dev.sidecar;

import java.net.URI;
import java.util.Objects;

/**
 * Where the host reaches a declared port of a running pod: the engine's host and the port the pod published it on.
 *
 * @param host the host name or address to connect to, such as {@code localhost}
 * @param port the published port on that host
 */
public record Endpoint(String host, int port) {

    /** Checks the parts. */
    public Endpoint {
        Objects.requireNonNull(host, "host must not be null");
    }

    /** {@code scheme://host:port}, for example {@code uri("https")}. */
    public URI uri(String scheme) {
        Objects.requireNonNull(scheme, "scheme must not be null");
        return URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    /** {@code http://host:port} followed by {@code path}. */
    public URI http(String path) {
        Objects.requireNonNull(path, "path must not be null");
        return uri("http").resolve(path);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
