package dev.sidecar.benchmark;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Docker Compose (Debian's {@code docker-compose}, v1) with {@code network_mode}, {@code pid} and {@code ipc} set to
 * {@code service:infra}: {@code up -d}, then the harness connects to the pod's address; close is
 * {@code down -t 0}, which also removes the project's default network. Each start is its own project, so a failed
 * {@code down} cannot collide with the next run.
 */
final class Compose implements Approach {

    /** Every project this JVM starts begins so; the leak check looks for networks named so. */
    static final String PROJECT_PREFIX = "sidecarbench" + Workload.RUN_ID + "c";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final DockerClient docker;
    private final Path directory;
    private final Path log;
    private final AtomicInteger sequence = new AtomicInteger();

    Compose(DockerClient docker, Path directory) {
        this.docker = docker;
        this.directory = directory;
        this.log = directory.resolve("compose.log");
    }

    /** The compose command's version, or why it cannot run. */
    static String version() {
        try {
            Process p = new ProcessBuilder("docker-compose", "version", "--short").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unavailable (" + out + ")";
        } catch (IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unavailable (interrupted)";
        }
    }

    @Override
    public String name() {
        return "compose";
    }

    @Override
    public String description() {
        return "docker-compose " + version() + ", network_mode/pid/ipc: service:infra; up -d; close = down -t 0";
    }

    @Override
    public Started start(int sidecars) throws IOException, InterruptedException {
        // Compose names the containers <project>_<service>_1 and the network <project>_default.
        String project = PROJECT_PREFIX + sequence.incrementAndGet();
        Path file = composeFile(sidecars);
        try {
            run(project, file, "up", "-d");
            String address = Floor.bridgeAddress(docker.inspectContainerCmd(project + "_infra_1").exec());
            Workload.awaitTcp(address, Workload.PORT);
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                run(project, file, "down", "-t", "0");
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return () -> run(project, file, "down", "-t", "0");
    }

    private Path composeFile(int sidecars) throws IOException {
        Path file = directory.resolve("pod-" + sidecars + "-sidecars.yml");
        if (Files.exists(file)) {
            return file;
        }
        List<String> lines = new ArrayList<>();
        lines.add("# Written by the sidecar benchmark (dev.sidecar.benchmark.Compose): 1 main + " + sidecars
                + " sidecars.");
        lines.add("version: \"2.4\"");
        lines.add("services:");
        lines.add("  infra:");
        lines.add("    image: " + Workload.PAUSE);
        lines.add("    ipc: shareable");
        lines.add("    ports: [\"127.0.0.1::" + Workload.PORT + "\"]");
        lines.add("    labels: {" + Workload.LABEL + ": \"" + Workload.RUN_ID + "\"}");
        for (int i = 0; i <= sidecars; i++) {
            boolean main = i == sidecars;
            lines.add("  " + (main ? Workload.mainName() : Workload.sidecarName(i + 1)) + ":");
            lines.add("    image: " + Workload.BUSYBOX);
            lines.add("    command: " + yamlList(main ? Workload.MAIN_COMMAND : Workload.SIDECAR_COMMAND));
            lines.add("    network_mode: \"service:infra\"");
            lines.add("    pid: \"service:infra\"");
            lines.add("    ipc: \"service:infra\"");
            if (!main) {
                lines.add("    restart: always");
            }
            lines.add("    labels: {" + Workload.LABEL + ": \"" + Workload.RUN_ID + "\"}");
        }
        Files.createDirectories(directory);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** A YAML flow list of double-quoted strings; {@code $} doubled, as Compose interpolates variables. */
    private static String yamlList(List<String> items) {
        return items.stream().map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "$$") + "\"")
                .reduce((a, b) -> a + ", " + b).map(s -> "[" + s + "]").orElse("[]");
    }

    private void run(String project, Path file, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", project, "-f",
                file.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(directory);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                    + COMMAND_TIMEOUT_SECONDS + " s; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + "; see "
                    + log);
        }
    }
}
