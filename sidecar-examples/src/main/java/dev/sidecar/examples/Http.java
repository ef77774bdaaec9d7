package dev.sidecar.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** The few blocking HTTP calls the examples make, each bounded by {@link #TIMEOUT}. */
final class Http {

    /** How long connecting, and then the whole exchange, may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private Http() {
    }

    /** A client that trusts only the certificates {@code tls} trusts. */
    static HttpClient trusting(SSLContext tls) {
        return HttpClient.newBuilder().connectTimeout(TIMEOUT).sslContext(tls).build();
    }

    /** GETs {@code uri} with a plain client. */
    static HttpResponse<String> get(URI uri) {
        return get(PLAIN, uri);
    }

    /** GETs {@code uri}; an answer other than 200 is an {@link UncheckedIOException} naming the status. */
    static HttpResponse<String> get(HttpClient client, URI uri) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while GETting " + uri, e);
        }
    }
}
