package dev.sidecar.docker;

import dev.sidecar.PodContainer.OutputType;
import dev.sidecar.PodSpec;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

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

    /**
     * Reads the output from the container's first start on, then what it writes next, until a line matches
     * {@code pattern}: each line is read once, and no stream or pool thread is held while it waits (it reads again
     * after 10 ms, doubling up to 200 ms). The line, masked, or {@code null} when the container stopped first.
     *
     * @throws dev.sidecar.PodTimeoutException when none matched within {@code timeout}
     */
    String awaitLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Cursor cursor = cursor();
        long pauseMillis = 10;
        while (true) {
            for (String line : cursor.next()) {
                if (pattern.matcher(line).find()) {
                    return spec.maskSecrets(line);
                }
            }
            if (!engine.running(id)) {
                // It may have written its last lines as it stopped.
                for (String line : cursor.next()) {
                    if (pattern.matcher(line).find()) {
                        return spec.maskSecrets(line);
                    }
                }
                return null;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new dev.sidecar.PodTimeoutException("no line of container " + id + " matched within "
                        + timeout);
            }
            EngineThreads.join(engine.threads().delay(Duration.ofNanos(Math.min(left, pauseMillis * 1_000_000))));
            pauseMillis = Math.min(200, pauseMillis * 2);
        }
    }

    /** A place in the container's output: each {@link Cursor#next()} reads the lines written since the last. */
    Cursor cursor() {
        return new Cursor();
    }

    /** Reads a container's output piece by piece, each line once, with no stream held open between reads. */
    final class Cursor {
        private java.time.Instant last;

        /** The lines written since the last call (all of them at first), unmasked, in order. */
        synchronized List<String> next() {
            List<DockerEngine.TimedLine> lines = engine.logsSince(id, last, READ_TIMEOUT);
            List<String> fresh = new java.util.ArrayList<>();
            for (DockerEngine.TimedLine line : lines) {
                // Docker's "since" is in whole seconds: what that second held before is skipped here.
                if (last == null || line.time() == null || line.time().isAfter(last)) {
                    fresh.add(line.text());
                    if (line.time() != null) {
                        last = line.time();
                    }
                }
            }
            return fresh;
        }
    }

}
