package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweeper that replaces Ryuk: what a JVM killed with SIGKILL left is removed by the next sweep; objects without
 * the library's labels, of live owners and of other hosts are never touched.
 */
class SweeperIT {

    private final DockerEngine engine = TestEngine.local();
    private final List<String> handMadeContainers = new ArrayList<>();
    private final List<String> handMadeVolumes = new ArrayList<>();
    private final List<String> handMadeNetworks = new ArrayList<>();
    private final List<String> orphanInstances = new ArrayList<>();
    private OrphanPodJvm child;

    @AfterEach
    void removeWhatThisTestCreated() {
        if (child != null) {
            child.close();
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

        assertThat(EngineObjects.containerExists(id)).isTrue();
    }

    @Test
    void labelledContainerWithoutAnOwnerSurvives() {
        String id = handMadeContainer(Map.of(Labels.LIBRARY, "true", Labels.POD, "sweep-ownerless"));

        new Sweeper(engine).sweep();

        assertThat(EngineObjects.containerExists(id)).isTrue();
    }

    @Test
    void containerOfThisLiveJvmSurvives() {
        String id = handMadeContainer(Labels.forPod("sweep-live", "live0001"));

        new Sweeper(engine).sweep();

        assertThat(EngineObjects.containerExists(id)).isTrue();
    }

    @Test
    void containerOfADeadJvmOnThisHostIsRemoved() throws Exception {
        String id = handMadeContainer(ownedBy(deadPid(), Labels.OWNER_HOST_VALUE, "dead0001"));

        new Sweeper(engine).sweep();

        assertThat(EngineObjects.containerExists(id)).isFalse();
    }

    @Test
    void containerOfADeadPidOnAnotherHostSurvives() throws Exception {
        String id = handMadeContainer(ownedBy(deadPid(), "elsewhere.invalid", "other001"));

        new Sweeper(engine).sweep();

        assertThat(EngineObjects.containerExists(id)).isTrue();
    }

    @Test
    void containerWhoseOwnerPidNowBelongsToAnotherProcessIsRemoved() {
        Map<String, String> labels = Labels.forPod("sweep-reused", "reused01");
        labels.put(Labels.OWNER_STARTED, "1000"); // This JVM's PID, but a process that started in 1970.
        String id = handMadeContainer(labels);

        new Sweeper(engine).sweep();

        assertThat(EngineObjects.containerExists(id)).isFalse();
    }

    @Test
    void volumeOfADeadJvmOnThisHostIsRemoved() throws Exception {
        String name = handMadeVolume(ownedBy(deadPid(), Labels.OWNER_HOST_VALUE, "dead0002"));

        new Sweeper(engine).sweep();

        assertThat(EngineObjects.volumeExists(name)).isFalse();
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

        assertThat(EngineObjects.volumeExists(name)).isTrue();
    }

    /** Starts {@link OrphanPodMain} in a child JVM, waits for its pod, kills the JVM with SIGKILL. */
    private String startPodInChildJvmAndKillIt(String podName, Path dir) throws Exception {
        child = OrphanPodJvm.start(podName, null, dir);
        String instance = child.instance();
        orphanInstances.add(instance);

        child.kill();

        assertThat(EngineObjects.containersOfInstance(instance)).as("containers left by the killed JVM").hasSize(3);
        assertThat(EngineObjects.volumesOfInstance(instance)).as("volumes left by the killed JVM").hasSize(1);
        return instance;
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


}
