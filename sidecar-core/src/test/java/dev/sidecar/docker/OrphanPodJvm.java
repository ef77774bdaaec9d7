package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sidecar.test.TestImages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child JVM running {@link OrphanPodMain}: it starts a pod and waits to be killed with SIGKILL, so that no close
 * or shutdown hook runs and the pod's objects are left to the sweeper. Closing it kills the JVM if it still runs.
 */
final class OrphanPodJvm implements AutoCloseable {

    private static final Duration CHILD_START = Duration.ofMinutes(2);

    private final Process child;
    private final String instance;

    private OrphanPodJvm(Process child, String instance) {
        this.child = child;
        this.instance = instance;
    }

    /**
     * Starts the child JVM and waits until its pod runs.
     *
     * @param dockerHost the engine it uses, or {@code null} for the one Testcontainers finds
     * @param dir where its standard error goes
     */
    static OrphanPodJvm start(String podName, URI dockerHost, Path dir) throws IOException, InterruptedException {
        Path stderr = dir.resolve("child.err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-cp", System.getProperty("java.class.path"),
                "-Dsidecar.infra-image=" + TestImages.PAUSE,
                "-Dsidecar.test.image.busybox=" + TestImages.BUSYBOX,
                "-Dsidecar.test.image.debian=" + TestImages.DEBIAN,
                OrphanPodMain.class.getName(), podName));
        if (dockerHost != null) {
            command.add(dockerHost.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
        Process child = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> readLine(out)).get(CHILD_START.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            line = null;
        }
        if (line == null || !line.startsWith("instance ")) {
            child.destroyForcibly();
            fail("the child JVM did not start its pod within " + CHILD_START + "; it printed " + line
                    + " and on stderr:\n" + Files.readString(stderr));
        }
        return new OrphanPodJvm(child, line.substring("instance ".length()).strip());
    }

    /** The instance id of the child's pod. */
    String instance() {
        return instance;
    }

    /** Kills the child with SIGKILL: no close, no shutdown hook. */
    void kill() throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
        assertThat(child.exitValue()).as("exit status of a JVM killed by SIGKILL").isEqualTo(128 + 9);
    }

    @Override
    public void close() {
        child.destroyForcibly();
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
