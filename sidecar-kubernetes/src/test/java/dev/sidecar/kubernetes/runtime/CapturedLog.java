package dev.sidecar.kubernetes.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the library logs while it is installed: slf4j-simple writes to {@code System.err}, looking the stream up on
 * every write (as sidecar-core's SecurityIT relies on too), so this copies {@code System.err} into a buffer and still
 * passes everything through. With the test configuration ({@code simplelogger.properties}) each line names its whole
 * logger: {@code ... INFO dev.sidecar.pod.web.app - [instance] text}.
 */
final class CapturedLog implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private CapturedLog() {
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (buffer) {
                    buffer.write(b, off, len);
                    buffer.notifyAll();
                }
                original.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                original.flush();
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
    }

    /** Captures from now until closed. */
    static CapturedLog install() {
        return new CapturedLog();
    }

    /** The whole lines logged so far. */
    List<String> lines() {
        synchronized (buffer) {
            String text = buffer.toString(StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : text.substring(0, end).lines().toList();
        }
    }

    /** The lines logged under {@code logger} (the whole name) that contain {@code text}. */
    List<String> linesOf(String logger, String text) {
        return lines().stream().filter(l -> l.contains(" " + logger + " - ") && l.contains(text)).toList();
    }

    /**
     * Waits until a line logged under {@code logger} contains {@code text}, at most {@code timeout}, and answers it.
     *
     * @throws AssertionError naming what was logged when none did in time
     */
    String await(String logger, String text, Duration timeout) throws InterruptedException {
        return await(l -> l.contains(" " + logger + " - ") && l.contains(text), "under " + logger + ": " + text,
                timeout);
    }

    private String await(Predicate<String> matches, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (buffer) {
            while (true) {
                for (String line : lines()) {
                    if (matches.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no line logged " + what + " within " + timeout + "; logged:\n"
                            + String.join("\n", lines()));
                }
                TimeUnit.NANOSECONDS.timedWait(buffer, left);
            }
        }
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
