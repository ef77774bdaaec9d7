package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.docker.DockerPodRuntime;
import dev.sidecar.examples.ProcessMonitoring;
import dev.sidecar.examples.QuickStartDemo;
import dev.sidecar.test.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Compose export of two examples, run with Debian's {@code docker-compose} (1.29; {@code scripts/docker-env.sh}
 * installs it) on the same engine: each serves the same page as the pod the library starts from the same spec, and
 * {@code docker-compose down} leaves nothing of the project behind.
 */
class ComposeIT {

    private static final Duration COMPOSE_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(90);

    @BeforeAll
    static void dockerComposeIsInstalled() {
        assertThat(run(Duration.ofSeconds(30), "docker-compose", "version")).as("docker-compose is needed: "
                + "scripts/docker-env.sh installs it (apt-get install docker-compose)").contains("docker-compose");
    }

    @Test
    void theQuickStartServesTheSamePageOverTlsFromItsComposeFile() {
        PodSpec spec = QuickStartDemo.spec("compose.sidecar.test");
        String fromPod;
        try (DockerPodRuntime runtime = DockerPodRuntime.create(); Pod pod = runtime.start(spec)) {
            fromPod = Web.getPinned(pod.endpoint("tls-proxy", 8443).uri("https").resolve("/"),
                    pod.container("tls-proxy").copyFromContainer("/etc/tls/tls.crt")).body();
        }

        String fromCompose = withCompose(spec, "app", compose -> {
            byte[] cert = compose.run("exec", "-T", "tls-proxy", "cat", "/etc/tls/tls.crt")
                    .getBytes(StandardCharsets.US_ASCII);
            return Web.getPinned(URI.create("https://" + compose.port("infra", 8443) + "/"), cert).body();
        });

        assertThat(fromCompose).isEqualTo(fromPod).contains("<h1>");
    }

    @Test
    void processMonitoringServesTheSameAppPageAndTopzSeesThePodsProcesses() {
        PodSpec spec = ProcessMonitoring.spec();
        String fromPod;
        try (DockerPodRuntime runtime = DockerPodRuntime.create(); Pod pod = runtime.start(spec)) {
            fromPod = Web.get(pod.endpoint("app", 8080).http("/")).body();
        }

        List<String> fromCompose = withCompose(spec, "app", compose -> List.of(
                Web.get(URI.create("http://" + compose.port("infra", 8080) + "/")).body(),
                Web.get(URI.create("http://" + compose.port("infra", 9090) + "/cgi-bin/topz")).body()));

        assertThat(fromCompose.get(0)).isEqualTo(fromPod);
        assertThat(fromCompose.get(1)).contains("/pause").contains("httpd");
    }

    /** A project started from the spec's Compose export; {@code down -v} whatever happens. */
    private static <T> T withCompose(PodSpec spec, String main, Function<Project, T> use) {
        Path dir;
        try {
            dir = Files.createTempDirectory("sidecar-compose-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Project project = new Project("sidecar-it-" + UUID.randomUUID().toString().substring(0, 8),
                ComposeExport.of(spec).infraImage(TestImages.PAUSE).writeTo(dir));
        try {
            project.run("up", "-d", "--no-build");
            project.awaitHealthy(main);
            return use.apply(project);
        } finally {
            project.run("down", "-v", "--remove-orphans", "-t", "1");
            assertThat(run(Duration.ofSeconds(30), "docker", "ps", "-aq", "--filter",
                    "label=com.docker.compose.project=" + project.name())).isBlank();
            assertThat(run(Duration.ofSeconds(30), "docker", "volume", "ls", "-q", "--filter",
                    "label=com.docker.compose.project=" + project.name())).isBlank();
        }
    }

    /** A Compose project of one file. */
    private record Project(String name, Path file) {

        String run(String... args) {
            List<String> command = new ArrayList<>(List.of("docker-compose", "-p", name, "-f", file.toString()));
            command.addAll(List.of(args));
            return ComposeIT.run(COMPOSE_TIMEOUT, command.toArray(String[]::new));
        }

        /** {@code 127.0.0.1:<port>}: where the infra service publishes {@code port}. */
        String port(String service, int port) {
            return run("port", service, String.valueOf(port)).strip();
        }

        /** Waits, within {@link #HEALTHY_TIMEOUT}, until the service's healthcheck passes. */
        void awaitHealthy(String service) {
            String id = run("ps", "-q", service).strip();
            long deadline = System.nanoTime() + HEALTHY_TIMEOUT.toNanos();
            String health = "";
            while (System.nanoTime() < deadline) {
                health = ComposeIT.run(Duration.ofSeconds(30), "docker", "inspect", "-f",
                        "{{if .State.Health}}{{.State.Health.Status}}{{end}}", id).strip();
                if (health.equals("healthy")) {
                    return;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(200); // polls the engine: docker-compose 1.29 has no "up --wait"
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new AssertionError(service + " of " + name + " not healthy within " + HEALTHY_TIMEOUT + " (" + health
                    + "):\n" + run("logs", "--no-color", "--tail", "30"));
        }
    }

    private static String run(Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            var stdout = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            String out = stdout.get(10, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                        + out + stderr.get(10, TimeUnit.SECONDS));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0] + " (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
