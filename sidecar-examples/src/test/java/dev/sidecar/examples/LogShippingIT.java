package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Pod;
import dev.sidecar.docker.DockerPodRuntime;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Example 3: every line the app writes is shipped, in order, across a rotation of its log file. */
class LogShippingIT {

    /** The app writes its lines over about three seconds; the rest is slack. */
    private static final Duration SHIPPED_BOUND = Duration.ofSeconds(20);
    private static final List<Integer> ALL_LINES = IntStream.rangeClosed(1, LogShipping.LINES).boxed().toList();

    @Test
    void linesArriveInOrderWithNoneLostAcrossRotationOnStdout() {
        try (Pod pod = DockerPodRuntime.create().start(LogShipping.spec())) {
            List<Integer> shipped = Poll.until("the app's last line on log-shipper's stdout", SHIPPED_BOUND,
                    () -> LogShipping.shippedLineNumbers(pod.container("log-shipper").logs()),
                    lines -> lines.contains(LogShipping.LINES));

            assertThat(shipped).containsExactlyElementsOf(ALL_LINES);
            assertRotated(pod);
        }
    }

    @Test
    void linesArriveInOrderWithNoneLostAcrossRotationAtHttpSink() {
        try (LogSink sink = new LogSink(); Pod pod = DockerPodRuntime.create().start(LogShipping.spec(sink.url()))) {
            List<Integer> shipped = Poll.until("the app's last line at the HTTP sink", SHIPPED_BOUND,
                    () -> LogShipping.shippedLineNumbers(String.join("\n", sink.lines())),
                    lines -> lines.contains(LogShipping.LINES));

            assertThat(shipped).containsExactlyElementsOf(ALL_LINES);
            assertRotated(pod);
        }
    }

    /** The app did rotate its file mid-way, and the shipper noticed. */
    private static void assertRotated(Pod pod) {
        assertThat(pod.main().logs()).contains("rotated app.log to app.log.1 after line " + LogShipping.ROTATE_AFTER);
        assertThat(pod.container("log-shipper").exec("ls", "/var/log/app").stdout()).contains("app.log.1");
        assertThat(pod.container("log-shipper").logs()).contains("was rotated; following the new file");
    }
}
