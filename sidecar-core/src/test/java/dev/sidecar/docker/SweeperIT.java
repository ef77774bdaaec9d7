package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweeper that replaces Ryuk: what a JVM killed with SIGKILL left is removed by the next sweep; objects without
 * the library's labels, of live owners and of other hosts are never touched.
 */
class SweeperIT {

    private static final Duration CHILD_START = Duration.ofMinutes(2);

    private final DockerEngine engine = TestEngine.local();
    private final List<String> handMadeContainers = new ArrayList<>();
    private final List<String> handMadeVolumes = new ArrayList<>();
    private final List<String> handMadeNetworks = new ArrayList<>();
    private final List<String> orphanInstances = new ArrayList<>();
    private Process child;

    @AfterEach
    void removeWhatThisTestCreated() {
        if (child != null) {
            child.destroyForcibly();
        }
        for (String id : handMadeContainers) {
            try {
                EngineObjects.client().removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException gone) {
                // Swept, as the test expected.
            }
        }
        for (String name : handMadeVolumes) {
            try {
                EngineObjects.client().removeVolumeCmd(name).exec();
            } catch (NotFoundException gone) {
                // Swept.
            }
        }
        for (String id : handMadeNetworks) {
            try {
                EngineObjects.client().removeNetworkCmd(id).exec();
            } catch (NotFoundException gone) {
                // Swept.
            }
        }
        // When a sweep assertion failed, the killed child's pod is still there: it is ours, remove it.
        for (String instance : orphanInstances) {
            EngineObjects.inspectContainersOfInstance(instance).forEach(c ->
                    EngineObjects.client().removeContainerCmd(c.getId()).withForce(true).exec());
            EngineObjects.volumesOfInstance(instance).forEach(v -> EngineObjects.client().removeVolumeCmd(v.getName()).exec());
        }
    }

    @Test
    void sweepRemovesThePodOfAJvmKilledWithSigkill(@TempDir Path dir) throws Exception {
        String instance = startPodInChildJvmAndKillIt("sweep-orphan", dir);

        new Sweeper(engine).sweep();

        assertThat(EngineObjects.containersOfInstance(instance)).isEmpty();
        assertThat(EngineObjects.volumesOfInstance(instance)).isEmpty();
    }

    @Test
    void firstStartOfAFreshRuntimeRemovesThePodOfAJvmKilledWithSigkill(@TempDir Path dir) throws Exception {
        String instance = startPodInChildJvmAndKillIt("sweep-orphan-start", dir);
        PodSpec spec = PodSpec.builder("sweep-trigger")
                .main(ContainerSpec.builder("app", TestImages.BUSYBOX)
                        .command("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done").build())
                .build();

        try (Pod pod = DockerPodRuntime.create().start(spec)) {
            // The first start sweeps in the background: the orphan goes within a bounded time.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while ((!EngineObjects.containersOfInstance(instance).isEmpty()
                    || !EngineObjects.volumesOfInstance(instance).isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(EngineObjects.containersOfInstance(instance)).isEmpty();
            assertThat(EngineObjects.volumesOfInstance(instance)).isEmpty();
            assertThat(EngineObjects.containersOfInstance(pod.instanceId())).hasSize(2);
        }
    }

    @Test
    void containerWithoutTheLibraryLabelsSurvives() {
        String id = handMadeContainer(Map.of());

        new Sweeper(engine).sweep();

        assertThat(exists(id)).isTrue();
    }

    @Test
    void labelledContainerWithoutAnOwnerSurvives() {
        String id = handMadeContainer(Map.of(Labels.LIBRARY, "true", Labels.POD, "sweep-ownerless"));

        new Sweeper(engine).sweep();

        assertThat(exists(id)).isTrue();
    }

    @Test
    void containerOfThisLiveJvmSurvives() {
        String id = handMadeContainer(Labels.forPod("sweep-live", "live0001"));

        new Sweeper(engine).sweep();

        assertThat(exists(id)).isTrue();
    }

    @Test
    void containerOfADeadJvmOnThisHostIsRemoved() throws Exception {
        String id = handMadeContainer(ownedBy(deadPid(), Labels.OWNER_HOST_VALUE, "dead0001"));

        new Sweeper(engine).sweep();

        assertThat(exists(id)).isFalse();
    }

    @Test
    void containerOfADeadPidOnAnotherHostSurvives() throws Exception {
        String id = handMadeContainer(ownedBy(deadPid(), "elsewhere.invalid", "other001"));

        new Sweeper(engine).sweep();

        assertThat(exists(id)).isTrue();
    }

    @Test
    void containerWhoseOwnerPidNowBelongsToAnotherProcessIsRemoved() {
        Map<String, String> labels = Labels.forPod("sweep-reused", "reused01");
        labels.put(Labels.OWNER_STARTED, "1000"); // This JVM's PID, but a process that started in 1970.
        String id = handMadeContainer(labels);

        new Sweeper(engine).sweep();

        assertThat(exists(id)).isFalse();
    }

    @Test
    void volumeOfADeadJvmOnThisHostIsRemoved() throws Exception {
        String name = handMadeVolume(ownedBy(deadPid(), Labels.OWNER_HOST_VALUE, "dead0002"));

        new Sweeper(engine).sweep();

        assertThat(volumeExists(name)).isFalse();
    }

    @Test
    void networkOfADeadJvmOnThisHostIsRemoved() throws Exception {
        String id = handMadeNetwork(ownedBy(deadPid(), Labels.OWNER_HOST_VALUE, "dead0003"));

        Sweeper.Result result = new Sweeper(engine).sweep();

        assertThat(EngineObjects.networkExists(id)).isFalse();
        assertThat(result.networkNames()).isNotEmpty();
    }

    @Test
    void networkOfThisLiveJvmSurvives() {
        String id = handMadeNetwork(Labels.forNetwork("sweep-live"));

        new Sweeper(engine).sweep();

        assertThat(EngineObjects.networkExists(id)).isTrue();
    }

    @Test
    void networkWithoutTheLibraryLabelsSurvives() {
        String id = handMadeNetwork(Map.of());

        new Sweeper(engine).sweep();

        assertThat(EngineObjects.networkExists(id)).isTrue();
    }

    @Test
    void dryRunListsTheNetworkOfADeadJvmAndLeavesIt() throws Exception {
        String id = handMadeNetwork(ownedBy(deadPid(), Labels.OWNER_HOST_VALUE, "dead0004"));

        Sweeper.Result result = new Sweeper(engine).sweep(true);

        assertThat(EngineObjects.networkExists(id)).isTrue();
        assertThat(result.networkNames()).contains(EngineObjects.client().inspectNetworkCmd().withNetworkId(id).exec()
                .getName());
    }

    @Test
    void volumeWithoutTheLibraryLabelsSurvives() {
        String name = handMadeVolume(Map.of());

        new Sweeper(engine).sweep();

        assertThat(volumeExists(name)).isTrue();
    }

    /** Starts {@link OrphanPodMain} in a child JVM, waits for its pod, kills the JVM with SIGKILL. */
    private String startPodInChildJvmAndKillIt(String podName, Path dir) throws Exception {
        Path stderr = dir.resolve("child.err");
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                "-Dsidecar.infra-image=" + TestImages.PAUSE,
                "-Dsidecar.test.image.busybox=" + TestImages.BUSYBOX,
                "-Dsidecar.test.image.debian=" + TestImages.DEBIAN,
                OrphanPodMain.class.getName(), podName)
                .redirectError(stderr.toFile());
        builder.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
        child = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> readLine(out)).get(CHILD_START.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            line = null;
        }
        if (line == null || !line.startsWith("instance ")) {
            child.destroyForcibly();
            fail("the child JVM did not start its pod within " + CHILD_START + "; it printed " + line
                    + " and on stderr:\n" + Files.readString(stderr));
        }
        String instance = line.substring("instance ".length()).strip();
        orphanInstances.add(instance);

        child.destroyForcibly(); // SIGKILL: no close, no shutdown hook.
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
        assertThat(child.exitValue()).as("exit status of a JVM killed by SIGKILL").isEqualTo(128 + 9);

        assertThat(EngineObjects.containersOfInstance(instance)).as("containers left by the killed JVM").hasSize(3);
        assertThat(EngineObjects.volumesOfInstance(instance)).as("volumes left by the killed JVM").hasSize(1);
        return instance;
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The PID of a process that ran on this host and has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").redirectOutput(new File("/dev/null")).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Optional<ProcessHandle> handle = ProcessHandle.of(p.pid());
        assertThat(handle.filter(ProcessHandle::isAlive)).as("PID " + p.pid() + " is free").isEmpty();
        return p.pid();
    }

    /** The library's labels for a pod owned by the process {@code pid} on {@code host}. */
    private static Map<String, String> ownedBy(long pid, String host, String instanceId) {
        Map<String, String> labels = new HashMap<>(Labels.forPod("sweep-handmade", instanceId));
        labels.put(Labels.OWNER_PID, Long.toString(pid));
        labels.put(Labels.OWNER_HOST, host);
        labels.put(Labels.OWNER_STARTED, Long.toString(System.currentTimeMillis() - 1000));
        return labels;
    }

    private String handMadeContainer(Map<String, String> labels) {
        String id = EngineObjects.client().createContainerCmd(TestImages.BUSYBOX).withCmd("true")
                .withLabels(labels).exec().getId();
        handMadeContainers.add(id);
        return id;
    }

    private String handMadeNetwork(Map<String, String> labels) {
        String id = EngineObjects.client().createNetworkCmd().withName("sidecar-sweep-it-" + Naming.newInstanceId())
                .withLabels(labels).exec().getId();
        handMadeNetworks.add(id);
        return id;
    }

    private String handMadeVolume(Map<String, String> labels) {
        String name = EngineObjects.client().createVolumeCmd().withLabels(labels).exec().getName();
        handMadeVolumes.add(name);
        return name;
    }

    private static boolean exists(String containerId) {
        try {
            EngineObjects.client().inspectContainerCmd(containerId).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static boolean volumeExists(String name) {
        try {
            EngineObjects.client().inspectVolumeCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
