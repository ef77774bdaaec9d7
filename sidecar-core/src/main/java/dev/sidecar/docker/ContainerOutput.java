package dev.sidecar.docker;

import dev.sidecar.PodContainer.OutputType;
import dev.sidecar.PodSpec;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Reads one container's output. It is where container output leaves the library, so it is the one place that masks
 * it: every text it gives out (logs, tails, matched lines, forwarded lines, diagnostics) has the pod's secret values
 * replaced.
 */
final class ContainerOutput {

    /** How many log lines a start failure or diagnostic carries. */
    static final int DIAGNOSTIC_LOG_LINES = 50;
    /** How long reading a container's whole output may take. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final DockerEngine engine;
    private final String id;
    private final PodSpec spec;

    ContainerOutput(DockerEngine engine, String id, PodSpec spec) {
        this.engine = engine;
        this.id = id;
        this.spec = spec;
    }

    /** Everything written to both streams, interleaved as written. */
    String all() {
        return spec.maskSecrets(engine.logs(id, -1, true, true, READ_TIMEOUT));
    }

    /** Everything written to one stream. */
    String of(OutputType type) {
        return spec.maskSecrets(engine.logs(id, -1, type == OutputType.STDOUT, type == OutputType.STDERR,
                READ_TIMEOUT));
    }

    /** The last {@code lines} lines of both streams. */
    List<String> tail(int lines) {
        String text = engine.logs(id, lines, true, true, READ_TIMEOUT);
        return text.isEmpty() ? List.of() : spec.maskSecrets(text).lines().toList();
    }

    /** The last lines for a diagnostic; never throws, since it serves a report of another failure. */
    List<String> lastLines() {
        try {
            return tail(DIAGNOSTIC_LOG_LINES);
        } catch (RuntimeException e) {
            return List.of("(logs unavailable: " + e.getMessage() + ")");
        }
    }

    /** Whether a line written so far matches {@code pattern}: one read of the whole output. */
    boolean anyLineMatches(Pattern pattern) {
        return engine.logs(id, -1, true, true, READ_TIMEOUT).lines().anyMatch(l -> pattern.matcher(l).find());
    }

    /**
     * Follows the output from the container's first start on until a line matches {@code pattern}: each line is read
     * once. The line, or {@code null} when the container stopped first.
     *
     * @throws dev.sidecar.PodTimeoutException when none matched within {@code timeout}
     */
    String awaitLine(Pattern pattern, Duration timeout) {
        String line = engine.awaitLine(id, l -> pattern.matcher(l).find(), timeout);
        return line == null ? null : spec.maskSecrets(line);
    }

    /** Gives each line, from the container's first start on, unmasked to {@code sink} until closed. */
    Closeable follow(java.util.function.Consumer<String> sink) {
        return engine.followLogs(id, sink);
    }

    /** Forwards each line, from the container's first start on, to {@code log} at INFO until closed. */
    Closeable forwardTo(Logger log, String instanceId) {
        return engine.followLogs(id, line -> log.info("[{}] {}", instanceId, spec.maskSecrets(line)));
    }
}
