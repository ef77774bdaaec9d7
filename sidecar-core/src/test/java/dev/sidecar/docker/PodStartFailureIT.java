package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.ProbeTimeoutException;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A readiness probe that never passes fails the start with a {@link ProbeTimeoutException} that says which container
 * and probe, carries the container's last log lines, and leaves nothing of the pod on the engine. The pods have
 * names of their own, so that only their objects are counted while other tests run pods at the same time.
 */
class PodStartFailureIT {

    private static final Duration NEVER_READY_TIMEOUT = Duration.ofSeconds(2);
    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.builder().startupTimeout(NEVER_READY_TIMEOUT)
            .build();

    private static final String MAIN_NEVER_READY = uniqueName("main-never-ready");
    private static final String SIDECAR_NEVER_READY = uniqueName("sidecar-never-ready");

    private static ProbeTimeoutException mainFailure;
    private static ProbeTimeoutException sidecarFailure;
    /** What the engine held of each pod right after its start threw. */
    private static List<String> mainLeftovers;
    private static List<String> sidecarLeftovers;

    @BeforeAll
    static void startPodsThatNeverBecomeReady() {
        mainFailure = startFailing(MAIN_NEVER_READY, false);
        mainLeftovers = leftovers(MAIN_NEVER_READY);
        sidecarFailure = startFailing(SIDECAR_NEVER_READY, true);
        sidecarLeftovers = leftovers(SIDECAR_NEVER_READY);
    }

    @Test
    void probeTimeoutNamesTheContainerAndTheProbe() {
        assertThat(mainFailure).isNotNull();
        assertThat(mainFailure.containerName()).hasValue("app");
        assertThat(mainFailure.getMessage()).contains("container 'app'").contains("tcpSocket(8080)");
    }

    @Test
    void probeTimeoutCarriesTheContainersLastLogLines() {
        assertThat(mainFailure.lastLogLines()).contains("app: starting", "app: still warming up");
        assertThat(mainFailure.getMessage()).contains("app: still warming up");
    }

    @Test
    void failedStartLeavesNoContainerAndNoVolume() {
        assertThat(mainFailure).as("the start failed").isNotNull();
        assertThat(mainLeftovers).isEmpty();
    }

    @Test
    void sidecarProbeTimeoutNamesTheSidecar() {
        assertThat(sidecarFailure).isNotNull();
        assertThat(sidecarFailure.containerName()).hasValue("side");
        assertThat(sidecarFailure.getMessage()).contains("container 'side'").contains("tcpSocket(9090)");
        assertThat(sidecarFailure.lastLogLines()).contains("side: still warming up");
    }

    @Test
    void failedStartRemovesContainersThatWereCreatedButNeverStarted() {
        // main was created with the sidecar, and never started because the sidecar never became ready
        assertThat(sidecarFailure).as("the start failed").isNotNull();
        assertThat(sidecarLeftovers).isEmpty();
    }

    /** The exception of a start that should fail; {@code null} (and the pod closed) if it did not. */
    private static ProbeTimeoutException startFailing(String name, boolean sidecarNeverReady) {
        try (Pod unexpected = RUNTIME.start(pod(name, sidecarNeverReady))) {
            return null;
        } catch (ProbeTimeoutException e) {
            return e;
        }
    }

    /** The names of the containers and volumes of every pod named {@code podName}. */
    private static List<String> leftovers(String podName) {
        List<String> names = new ArrayList<>();
        EngineObjects.containersOfPod(podName).forEach(c -> names.add("container " + List.of(c.getNames())));
        EngineObjects.volumesOfPod(podName).forEach(v -> names.add("volume " + v.getName()));
        return names;
    }

    /**
     * A pod with a disk and a memory volume (one holding a given file), a sidecar and main; the sidecar or main
     * declares a port that nothing ever listens on and probes it.
     */
    private static PodSpec pod(String name, boolean sidecarNeverReady) {
        return PodSpec.builder(name)
                .volume(VolumeSpec.emptyDir("disk").toBuilder().file("config.txt", "given").build())
                .volume(VolumeSpec.emptyDirInMemory("memory", "8Mi"))
                .sidecar(container("side", 9090, sidecarNeverReady))
                .main(container("app", 8080, !sidecarNeverReady))
                .build();
    }

    private static ContainerSpec container(String name, int port, boolean neverReady) {
        ContainerSpec.Builder c = ContainerSpec.builder(name, TestImages.BUSYBOX)
                .command(Scripts.thenIdle("echo '" + name + ": starting'\necho '" + name + ": still warming up'"))
                .mount("disk", "/disk")
                .mount("memory", "/memory")
                .port(port);
        if (neverReady) {
            c.readyWhen(Probe.tcp(port));
        }
        return c.build();
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
