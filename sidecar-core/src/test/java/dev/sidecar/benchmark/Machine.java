package dev.sidecar.benchmark;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine a run measured, for {@code machine.md}: cores, memory, kernel, Docker, Compose and Java. */
final class Machine {

    private Machine() {
    }

    static List<String> describe(DockerClient docker) {
        List<String> lines = new ArrayList<>();
        lines.add("| what | value |");
        lines.add("| --- | --- |");
        lines.add("| date (UTC) | " + Instant.now() + " |");
        lines.add("| CPU | " + cpuModel() + " |");
        lines.add("| cores (`nproc`) | " + command("nproc") + " (JVM sees " + Runtime.getRuntime().availableProcessors()
                + ") |");
        lines.add("| memory | " + memTotal() + " |");
        lines.add("| kernel | " + command("uname", "-srm") + " |");
        lines.add("| OS | " + osRelease() + " |");
        try {
            Version v = docker.versionCmd().exec();
            Info info = docker.infoCmd().exec();
            lines.add("| Docker engine | " + v.getVersion() + " (API " + v.getApiVersion() + "), storage driver "
                    + info.getDriver() + ", cgroup driver " + info.getRawValues().getOrDefault("CgroupDriver", "?")
                    + ", cgroup v" + info.getRawValues().getOrDefault("CgroupVersion", "?") + " |");
            lines.add("| containers on the engine at start | " + info.getContainersRunning() + " running, "
                    + info.getContainers() + " in all (other engineers' too) |");
        } catch (RuntimeException e) {
            lines.add("| Docker engine | unknown: " + e.getMessage() + " |");
        }
        lines.add("| engine address as Testcontainers reports it | " + engineAddress() + " (its guess: the bridge "
                + "gateway when it finds /.dockerenv) |");
        lines.add("| JVM inside a container (`/.dockerenv`) | " + Files.exists(Path.of("/.dockerenv")) + " |");
        lines.add("| docker-compose | " + Compose.version() + " |");
        lines.add("| Java | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + "), max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB |");
        lines.add("| Testcontainers | " + org.testcontainers.DockerClientFactory.TESTCONTAINERS_VERSION + " |");
        String changed = command("git", "status", "--porcelain", "--", "src/main");
        lines.add("| library (git) | HEAD " + command("git", "rev-parse", "--short", "HEAD") + ", last change to src/main "
                + command("git", "log", "-1", "--format=%h", "--", "src/main")
                + (changed.isEmpty() ? ", no uncommitted change in src/main" : ", WITH uncommitted changes in src/main")
                + " |");
        lines.add("| load average at start (1, 5, 15 min) | " + loadAverage() + " |");
        return lines;
    }

    private static String engineAddress() {
        try {
            return org.testcontainers.DockerClientFactory.instance().dockerHostIpAddress();
        } catch (RuntimeException e) {
            return "unknown: " + e.getMessage();
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> l.replaceAll("\\D", "")).map(kb -> Long.parseLong(kb) / 1024 + " MiB").findFirst()
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String osRelease() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring(l.indexOf('=') + 1).replace("\"", "")).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
