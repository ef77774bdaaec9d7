package dev.sidecar.examples;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.VolumeSpec;
import dev.sidecar.docker.DockerPodRuntime;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Example 3, log shipping: the app writes its log file into an {@code emptyDir} and rotates it halfway (renames it
 * to {@code app.log.1} and goes on in a new {@code app.log}); the {@code log-shipper} sidecar, which mounts the
 * volume read-only, follows the file across the rotation and ships every line, in order, to its stdout (or to an
 * HTTP sink).
 *
 * <pre>
 * mvn -q -pl sidecar-examples -am package -DskipTests -Ddemo=LogShipping
 * </pre>
 */
public final class LogShipping {

    /** How many lines the app writes. */
    static final int LINES = 400;
    /** After which line the app rotates its log file. */
    static final int ROTATE_AFTER = 200;
    /** The lines the app writes, with their number in group 1. */
    static final Pattern APP_LINE = Pattern.compile("line (\\d+) of " + LINES);

    private static final String LOG_DIR = "/var/log/app";

    /** The app: writes LINES numbered lines, one every 5 ms, rotating its file after line ROTATE_AFTER. */
    private static final String APP = """
            trap 'exit 0' TERM
            i=1
            while [ "$i" -le "$LINES" ]; do
                echo "line $i of $LINES" >>"$LOG_DIR/app.log"
                if [ "$i" -eq "$ROTATE_AFTER" ]; then
                    mv "$LOG_DIR/app.log" "$LOG_DIR/app.log.1"
                    echo "app: rotated app.log to app.log.1 after line $i"
                fi
                usleep 5000
                i=$((i + 1))
            done
            echo "app: wrote $LINES lines"
            while :; do sleep 1 & wait $!; done
            """;

    private LogShipping() {
    }

    /** The pod: the logging app (main) and log-shipper (sidecar) shipping to its stdout. */
    public static PodSpec spec() {
        return spec(null);
    }

    /** The pod, with log-shipper POSTing batches of lines to {@code sinkUrl} ({@code null}: its stdout). */
    public static PodSpec spec(URI sinkUrl) {
        ContainerSpec.Builder shipper = ContainerSpec.builder("log-shipper", ExampleImages.LOG_SHIPPER)
                .env("LOG_FILE", LOG_DIR + "/app.log")
                .env("POLL_INTERVAL_MS", "100")
                .mountReadOnly("logs", LOG_DIR);
        if (sinkUrl != null) {
            shipper.env("SINK_URL", sinkUrl.toString());
        }
        return PodSpec.builder("log-shipping")
                .volume(VolumeSpec.emptyDir("logs"))
                .sidecar(shipper.build())
                .main(ContainerSpec.builder("app", ExampleImages.busybox())
                        .command("sh", "-c", APP)
                        .env("LOG_DIR", LOG_DIR)
                        .env("LINES", String.valueOf(LINES))
                        .env("ROTATE_AFTER", String.valueOf(ROTATE_AFTER))
                        .mount("logs", LOG_DIR)
                        .build())
                .build();
    }

    /** The numbers of the app's lines in {@code output}, in the order they appear. */
    static List<Integer> shippedLineNumbers(String output) {
        return output.lines().map(APP_LINE::matcher).filter(m -> m.matches())
                .map(m -> Integer.parseInt(m.group(1))).toList();
    }

    /** Starts the pod, waits for the last line to be shipped and shows what arrived. */
    public static void main(String[] args) {
        try (Pod pod = DockerPodRuntime.create().start(spec())) {
            List<Integer> shipped = Poll.until("line " + LINES + " to be shipped", Duration.ofSeconds(20),
                    () -> shippedLineNumbers(pod.container("log-shipper").logs()),
                    lines -> lines.contains(LINES));
            System.out.println("the app said: " + pod.main().logTail(2));
            System.out.println("log-shipper shipped " + shipped.size() + " lines to its stdout, first "
                    + shipped.get(0) + ", last " + shipped.get(shipped.size() - 1) + ", in order: "
                    + shipped.equals(java.util.stream.IntStream.rangeClosed(1, LINES).boxed().toList()));
            System.out.println("the files in the volume: "
                    + pod.container("log-shipper").exec("ls", LOG_DIR).stdout().strip().replace('\n', ' '));
        }
    }
}
