package dev.sidecar.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * A Docker daemon of the test's own, for faults the shared one must never suffer (being killed and restarted): its
 * own data root, exec root, pid file, socket and config file, all in one temporary directory, its own bridge and no
 * iptables rules, so it touches nothing of the host's networking or of the shared daemon. (Not {@code --bridge=none}:
 * a daemon started so deletes the host's {@code docker0}, the shared daemon's bridge, and every container started
 * after that on the shared daemon fails.) {@link #close()} removes its containers and volumes, stops it (and the
 * containerd it started), unmounts what it mounted, deletes its bridge and the directory, keeping the daemon's log at
 * {@link #LOG_COPY}.
 */
final class PrivateDockerd implements AutoCloseable {

    /** How long the daemon may take to answer after it is started. */
    private static final Duration READY = Duration.ofSeconds(60);
    /** How long it may take to stop on SIGTERM before it is killed. */
    private static final Duration STOP = Duration.ofSeconds(30);
    /** Where {@link #close()} keeps the daemon's log (in the module's build directory when run by Maven). */
    static final Path LOG_COPY = Path.of("target", "private-dockerd.log").toAbsolutePath();

    /** Why a private daemon cannot run here: the test is skipped with this reason, never passed. */
    static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    private final Path dir;
    private final String bridge;
    private final List<String> command;
    private Process process;
    private DockerClient client;

    private PrivateDockerd(Path dir, String bridge) {
        this.dir = dir;
        this.bridge = bridge;
        this.command = List.of("dockerd",
                "--config-file", dir.resolve("daemon.json").toString(),
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(),
                "-H", host().toString(),
                "--bridge=" + bridge, "--iptables=false", "--ip6tables=false", "--ip-masq=false");
    }

    /**
     * Starts a private daemon and waits until it answers.
     *
     * @throws Unavailable saying why one cannot run on this machine
     */
    static PrivateDockerd start() throws Unavailable, IOException {
        String uid = run("id", "-u").strip();
        if (!uid.equals("0")) {
            throw new Unavailable("a second dockerd needs root, and this JVM runs as uid " + uid);
        }
        if (Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .noneMatch(p -> Files.isExecutable(Path.of(p, "dockerd")))) {
            throw new Unavailable("there is no dockerd on the PATH to start a second daemon with");
        }
        // Short: the daemon's sockets live under it, and a UNIX socket's path may not exceed 107 bytes.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "scd-");
        Files.writeString(dir.resolve("daemon.json"), "{}\n");
        // A Linux interface name has at most 15 characters.
        String bridge = String.format("scd%08x", ThreadLocalRandom.current().nextInt());
        PrivateDockerd dockerd = new PrivateDockerd(dir, bridge);
        try {
            String out = run("ip", "link", "add", bridge, "type", "bridge");
            if (!out.isBlank()) {
                throw new Unavailable("could not create a bridge for a second dockerd: " + out.strip());
            }
            dockerd.launch();
        } catch (Unavailable | IOException | RuntimeException e) {
            dockerd.close();
            throw e;
        }
        return dockerd;
    }

    /** The daemon's socket, for {@link TransportConfig}. */
    URI host() {
        return URI.create("unix://" + dir.resolve("docker.sock"));
    }

    /** The temporary directory that holds everything of the daemon. */
    Path directory() {
        return dir;
    }

    /** Whether the daemon's process runs. */
    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** A client of the daemon, kept across its restarts. */
    synchronized DockerClient client() {
        if (client == null) {
            client = DockerClientProviderStrategy.getClientForConfig(TransportConfig.builder().dockerHost(host())
                    .build());
        }
        return client;
    }

    /** Copies {@code images} from {@code from} into this daemon, as {@code docker save | docker load} would. */
    void load(DockerClient from, String... images) throws IOException {
        for (String image : images) {
            try (InputStream tar = from.saveImageCmd(image).exec()) {
                client().loadImageCmd(tar).exec();
            }
        }
    }

    /**
     * Kills the engine with SIGKILL, as a crash would: the daemon and the containerd it started. The shims and the
     * containers outlive them, as they outlive a crash of the Docker service. (A containerd left running would hold
     * its database, and the restarted daemon's own containerd would time out.)
     */
    void kill() throws InterruptedException, IOException {
        process.destroyForcibly();
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("dockerd " + process.pid() + " did not die on SIGKILL");
        }
        Path containerd = dir.resolve("exec").resolve("containerd");
        killAll(containerd.resolve("containerd.toml").toString());
        // The killed containerd is no child of ours: until the host's init reaps it, it is a zombie, which the
        // restarted daemon would take for a live containerd and wait for in vain. Its pid file goes with it.
        Files.deleteIfExists(containerd.resolve("containerd.pid"));
    }

    /** Kills, with SIGKILL, every process whose command line holds {@code mark}, and waits for each to end. */
    private static void killAll(String mark) {
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(mark)).orElse(false))
                .forEach(p -> {
                    p.destroyForcibly();
                    p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join();
                });
    }

    /** Starts the daemon again on the same directories, and waits until it answers. */
    void restart() throws Unavailable, IOException {
        launch();
    }

    private void launch() throws Unavailable, IOException {
        Path log = dir.resolve("dockerd.log");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new Unavailable("a second dockerd exited at once with status " + process.exitValue() + ": "
                        + tail(log));
            }
            try {
                client().pingCmd().exec();
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new Unavailable("a second dockerd did not answer within " + READY + ": " + tail(log));
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the private dockerd", e);
            }
        }
    }

    /**
     * Removes every container and volume of the daemon, stops it (SIGTERM, then SIGKILL), ends what it started that
     * still runs (containerd, shims: processes whose command line names this daemon's directory), unmounts what is
     * mounted under the directory and deletes it.
     */
    @Override
    public void close() throws IOException {
        List<String> problems = new ArrayList<>();
        if (process != null && !isRunning()) {
            // Killed and not restarted (a test failed between the two): started again, the daemon kills the
            // containers it finds running, which a killed shim would otherwise leave to the host's init.
            try {
                launch();
            } catch (Unavailable | IOException e) {
                problems.add("restarting the daemon to clean up: " + e.getMessage());
            }
        }
        if (isRunning()) {
            try {
                for (Container c : client().listContainersCmd().withShowAll(true).exec()) {
                    client().removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                }
                var volumes = client().listVolumesCmd().exec().getVolumes();
                if (volumes != null) {
                    volumes.forEach(v -> client().removeVolumeCmd(v.getName()).exec());
                }
            } catch (RuntimeException e) {
                problems.add("emptying the daemon: " + e);
            }
        }
        if (client != null) {
            client.close();
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        killAll(dir + "/");
        if (Files.exists(Path.of("/sys/class/net", bridge))) {
            String out = run("ip", "link", "del", bridge);
            if (!out.isBlank()) {
                problems.add("ip link del " + bridge + ": " + out.strip());
            }
        }
        for (String mountPoint : mountPointsUnder(dir)) {
            String out = run("umount", "-l", mountPoint);
            if (!out.isBlank()) {
                problems.add("umount " + mountPoint + ": " + out.strip());
            }
        }
        Path log = dir.resolve("dockerd.log");
        if (Files.exists(log)) {
            // The daemon's own account of what happened outlives its directory, for a failure's diagnosis.
            Files.createDirectories(LOG_COPY.getParent());
            Files.copy(log, LOG_COPY, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (!problems.isEmpty() || Files.exists(dir)) {
            throw new IOException("cleaning up the private dockerd in " + dir + " left problems: " + problems
                    + (Files.exists(dir) ? "; the directory is still there" : ""));
        }
    }

    /** Mount points at or under {@code dir}, deepest first. */
    private static List<String> mountPointsUnder(Path dir) throws IOException {
        String prefix = dir.toString();
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ")[4].replace("\\040", " "))
                .filter(mp -> mp.equals(prefix) || mp.startsWith(prefix + "/"))
                .sorted(Comparator.comparingInt(String::length).reversed())
                .distinct()
                .toList();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Runs a command to its end; what it printed (both streams). */
    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + List.of(command), e);
        }
    }

    @Override
    public String toString() {
        return "private dockerd in " + dir + (isRunning() ? " (pid " + process.pid() + ")" : " (stopped)");
    }
}
