package dev.sidecar.junit;

import static dev.sidecar.test.TestImages.BUSYBOX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.Probe;
import dev.sidecar.test.EngineObjects;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.TestAbortedException;

/** A pod that does not start fails (or aborts) the tests that need it, and leaves nothing on the engine. */
class StartFailureIT {

    @Test
    void staticPodThatDoesNotStartFailsItsClassWithTheStartFailure() {
        EngineExecutionResults results = Kit.run(StaticFixture.class);

        results.testEvents().assertStatistics(s -> s.started(0));
        assertThat(Kit.throwableOf(results, "StartFailureIT$StaticFixture").orElseThrow())
                .isInstanceOf(PodStartException.class)
                .hasMessageStartingWith("pod 'start-failure-static' (field POD) did not start: readiness probe "
                        + "tcp(9999)")
                .hasMessageContaining("container 'app'")
                .cause().isInstanceOf(PodStartException.class).hasMessageStartingWith("readiness probe");
        assertNothingLeftOf("start-failure-static");
    }

    @Test
    void instancePodThatDoesNotStartFailsEachTest() {
        EngineExecutionResults results = Kit.run(InstanceFixture.class);

        results.testEvents().assertStatistics(s -> s.started(2).failed(2));
        assertThat(Kit.throwableOf(results, "first").orElseThrow()).isInstanceOf(PodStartException.class);
        assertThat(Kit.failureOf(results, "second")).startsWith("pod 'start-failure-instance' (field pod) did not start");
        assertNothingLeftOf("start-failure-instance");
    }

    @Test
    void abortOnStartFailureAbortsTheTestsInstead() {
        EngineExecutionResults results = Kit.run(AbortingFixture.class);

        results.testEvents().assertStatistics(s -> s.started(1).aborted(1));
        assertThat(Kit.throwableOf(results, "needsPod").orElseThrow())
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("pod 'start-failure-abort' (field pod) did not start: ");
        assertNothingLeftOf("start-failure-abort");
    }

    private static void assertNothingLeftOf(String podName) {
        assertThat(EngineObjects.containersOfPod(podName)).isEmpty();
        assertThat(EngineObjects.volumesOfPod(podName)).isEmpty();
    }

    /** A pod whose readiness probe checks a port nothing listens on, and gives up after 2 s. */
    static PodSpec neverReady(String podName) {
        return PodSpec.builder(podName)
                .volume(dev.sidecar.VolumeSpec.emptyDir("scratch"))
                .main(ContainerSpec.builder("app", BUSYBOX)
                        .command("httpd", "-f", "-p", "8080")
                        .mount("scratch", "/scratch")
                        .port(8080)
                        .port(9999)
                        .readyWhen(Probe.tcp(9999).withTimeout(Duration.ofSeconds(2)))
                        .stopSignal("SIGKILL")
                        .build())
                .build();
    }

    @KitOnly
    static class StaticFixture {
        @SidecarPod
        static final PodSpec POD = neverReady("start-failure-static");

        @Test
        void needsPod(Pod pod) {
        }
    }

    @KitOnly
    static class InstanceFixture {
        @SidecarPod
        final PodSpec pod = neverReady("start-failure-instance");

        @Test
        void first(Pod pod) {
        }

        @Test
        void second(Pod pod) {
        }
    }

    @KitOnly
    static class AbortingFixture {
        @SidecarPod(abortOnStartFailure = true)
        final PodSpec pod = neverReady("start-failure-abort");

        @Test
        void needsPod(Pod pod) {
        }
    }
}
