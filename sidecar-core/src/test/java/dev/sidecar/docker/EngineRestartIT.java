package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.model.Container;
import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * The engine restarted while pods run, on a Docker daemon of this test's own ({@link PrivateDockerd}; the shared one
 * is never touched): while it is down every call says so with a {@link DockerUnavailableException}; once it is back
 * every pod is reported {@code BROKEN} (the daemon kills the containers it finds running, infra among them), and
 * close and the sweeper remove everything. Skipped, with the reason, where a second daemon cannot run.
 */
@Tag("faults")
class EngineRestartIT {

    /** A call to an engine that is down fails at once; this allows for a loaded machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(15);
    /** How long after the restart every pod must be reported broken. */
    private static final Duration BROKEN_WITHIN = Duration.ofSeconds(60);
    private static final String UNTIL_TERM = "trap 'exit 0' TERM; echo ready; while :; do sleep 1 & wait $!; done";

    private static PrivateDockerd dockerd;
    private static String unavailable;

    @BeforeAll
    static void startPrivateDockerd() throws IOException {
        try {
            dockerd = PrivateDockerd.start();
        } catch (PrivateDockerd.Unavailable e) {
            unavailable = e.getMessage();
            return;
        }
        try {
            dockerd.load(EngineObjects.client(), TestImages.BUSYBOX, TestImages.PAUSE);
        } catch (IOException | RuntimeException e) {
            dockerd.close();
            throw e;
        }
    }

    @BeforeEach
    void requirePrivateDockerd() {
        assumeTrue(dockerd != null, () -> "skipped, not passed: " + unavailable);
    }

    @AfterAll
    static void stopPrivateDockerd() throws IOException {
        if (dockerd == null) {
            return;
        }
        dockerd.close();
        assertThat(dockerd.isRunning()).as("the private dockerd runs after the tests").isFalse();
        assertThat(dockerd.directory()).as("the private dockerd's directory").doesNotExist();
    }

    @Test
    void podsOfAnEngineThatRestartsAreReportedBrokenAndCloseStillRemovesEverything() throws Exception {
        // Closed by try-with-resources, so that a failure of close is added to the test's own, not put in its place.
        try (DockerPodRuntime runtime = DockerPodRuntime.builder()
                        .transportConfig(TransportConfig.builder().dockerHost(dockerd.host()).build()).build();
                Pod plain = runtime.start(pod("restart-plain", false));
                Pod sharedPids = runtime.start(pod("restart-shared-pids", true))) {
            dockerd.kill();
            for (Pod pod : List.of(plain, sharedPids)) {
                Throwable down = assertTimeoutPreemptively(PROMPTLY, () -> catchThrowable(pod::status));
                assertThat(down).as("status() of pod '%s' while the engine is down", pod.name())
                        .isInstanceOf(DockerUnavailableException.class);
            }

            dockerd.restart();

            for (Pod pod : List.of(plain, sharedPids)) {
                PodStatus status = pod.awaitStatus(s -> s.phase() == PodStatus.Phase.BROKEN, BROKEN_WITHIN);
                assertThat(status.containers()).extracting(ContainerStatus::name).containsExactly("helper", "app");
            }
        }
        assertThat(labelledContainers()).as("containers left on the engine").isEmpty();
        assertThat(labelledVolumes()).as("volumes left on the engine").isEmpty();
    }

    @Test
    void sweeperRemovesThePodOfAJvmKilledWhileTheEngineWasDown(@TempDir Path dir) throws Exception {
        try (OrphanPodJvm child = OrphanPodJvm.start("restart-orphan", dockerd.host(), dir)) {
            dockerd.kill();
            child.kill();
            dockerd.restart();
        }
        assertThat(labelledContainers()).as("containers the dead JVM left").hasSize(3);
        assertThat(labelledVolumes()).as("volumes the dead JVM left").hasSize(1);

        Sweeper.Result swept = new Sweeper(TestEngine.of(dockerd.client(), Duration.ofMinutes(1))).sweep();

        assertThat(swept.containers()).as("containers swept").isEqualTo(3);
        assertThat(swept.volumes()).as("volumes swept").isEqualTo(1);
        assertThat(labelledContainers()).as("containers left on the engine").isEmpty();
        assertThat(labelledVolumes()).as("volumes left on the engine").isEmpty();
    }

    /** Main and a sidecar that exit on SIGTERM, sharing a volume; ready once their trap is set. */
    private static PodSpec pod(String name, boolean sharePids) {
        return PodSpec.builder(name)
                .volume(VolumeSpec.emptyDir("shared"))
                .shareProcessNamespace(sharePids)
                .sidecar(busybox("helper"))
                .main(busybox("app"))
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
    }

    private static ContainerSpec busybox(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", UNTIL_TERM)
                .mount("shared", "/shared").readyWhen(Probe.logLine("^ready$")).build();
    }

    /** The private engine is this test's alone: every object the library labelled on it. */
    private static List<Container> labelledContainers() {
        return dockerd.client().listContainersCmd().withShowAll(true).withLabelFilter(List.of(Labels.LIBRARY))
                .exec();
    }

    private static List<String> labelledVolumes() {
        var volumes = dockerd.client().listVolumesCmd().withFilter("label", List.of(Labels.LIBRARY)).exec()
                .getVolumes();
        return volumes == null ? List.of() : volumes.stream().map(v -> v.getName()).toList();
    }
}
