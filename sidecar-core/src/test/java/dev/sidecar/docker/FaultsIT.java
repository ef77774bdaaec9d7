package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults from outside the library: the pod reports them instead of hanging, and close still removes everything.
 * (Main exiting while the pod runs is shown by {@code LifecycleIT}; the daemon disappearing by
 * {@code DockerEngineTest}.)
 */
class FaultsIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    /** The grace period and a bounded kill of each container; far more than a close should take. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(90);
    private static final String UNTIL_TERM = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";

    @ParameterizedTest(name = "shareProcessNamespace={0}")
    @ValueSource(booleans = {false, true})
    void infraContainerKilledFromOutsideMakesThePodBrokenAndCloseStillRemovesEverything(boolean sharePids) {
        PodSpec spec = PodSpec.builder("faults-infra-killed")
                .volume(VolumeSpec.emptyDir("shared"))
                .shareProcessNamespace(sharePids)
                .sidecar(busybox("helper"))
                .main(busybox("app"))
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        Pod pod = RUNTIME.start(spec);
        try {
            assertThat(pod.status().phase()).isEqualTo(PodStatus.Phase.RUNNING);
            String infra = EngineObjects.containerIdOf(pod.instanceId(), "infra", null);

            EngineObjects.client().killContainerCmd(infra).exec();

            long t0 = System.nanoTime();
            PodStatus broken = assertTimeoutPreemptively(PROMPTLY.plusSeconds(30),
                    () -> pod.awaitStatus(s -> s.phase() == PodStatus.Phase.BROKEN, PROMPTLY));
            System.out.printf("FaultsIT: BROKEN %d ms after the infra container was killed (shared PIDs: %s)%n",
                    (System.nanoTime() - t0) / 1_000_000, sharePids);
            assertThat(broken.containers()).extracting(c -> c.name()).containsExactly("helper", "app");
            assertThat(pod.status().phase()).as("a broken pod stays broken").isEqualTo(PodStatus.Phase.BROKEN);
        } finally {
            long t0 = System.nanoTime();
            assertTimeoutPreemptively(CLOSE_BOUND, pod::close);
            System.out.printf("FaultsIT: closing the broken pod took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
        assertThat(EngineObjects.containersOfInstance(pod.instanceId())).isEmpty();
        assertThat(EngineObjects.volumesOfInstance(pod.instanceId())).isEmpty();
    }

    private static ContainerSpec busybox(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", UNTIL_TERM)
                .mount("shared", "/shared").build();
    }
}
