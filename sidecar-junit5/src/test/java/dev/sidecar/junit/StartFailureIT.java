package dev.sidecar.junit;

import static dev.sidecar.test.TestImages.BUSYBOX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.Probe;
import dev.sidecar.ProbeTimeoutException;
import dev.sidecar.test.EngineObjects;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.TestAbortedException;

/** A pod that does not start fails (or aborts) the tests that need it, and leaves nothing on the engine. */
class StartFailureIT {

    /** Gives up on readiness after 2 s, for every pod of the run. */
    private static final Map<String, String> IMPATIENT = Map.of(SidecarPod.STARTUP_TIMEOUT_PARAMETER, "PT2S");

    @Test
    void staticPodThatDoesNotStartFailsItsClassWithTheRuntimesOwnException() {
        EngineExecutionResults results = Kit.run(IMPATIENT, StaticFixture.class);

        results.testEvents().assertStatistics(s -> s.started(0));
        Throwable failure = Kit.throwableOf(results, "StartFailureIT$StaticFixture").orElseThrow();
        assertThat(failure).isExactlyInstanceOf(ProbeTimeoutException.class)
                .hasMessageStartingWith("container 'app' did not become ready in time: its readiness probe "
                        + "tcpSocket(9999) did not pass");
        assertThat(((PodStartException) failure).containerName()).hasValue("app");
        assertThat(((PodStartException) failure).lastLogLines()).isNotNull();
        assertThat(failure.getSuppressed()).singleElement().satisfies(context -> assertThat(context)
                .hasMessage("pod 'start-failure-static' (field POD) was started by @SidecarPod for "
                        + "StartFailureIT$StaticFixture and did not start"));
        assertNothingLeftOf("start-failure-static");
    }

    @Test
    void instancePodThatDoesNotStartFailsEachTest() {
        EngineExecutionResults results = Kit.run(IMPATIENT, InstanceFixture.class);

        results.testEvents().assertStatistics(s -> s.started(2).failed(2));
        assertThat(Kit.throwableOf(results, "first").orElseThrow()).isInstanceOf(ProbeTimeoutException.class);
        assertThat(Kit.throwableOf(results, "second").orElseThrow().getSuppressed()[0])
                .hasMessageStartingWith("pod 'start-failure-instance' (field pod) was started by @SidecarPod for "
                        + "second(");
        assertNothingLeftOf("start-failure-instance");
    }

    @Test
    void abortOnStartFailureAbortsTheTestsInstead() {
        EngineExecutionResults results = Kit.run(IMPATIENT, AbortingFixture.class);

        results.testEvents().assertStatistics(s -> s.started(1).aborted(1));
        assertThat(Kit.throwableOf(results, "needsPod").orElseThrow())
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("pod 'start-failure-abort' (field pod) did not start: ")
                .cause().isInstanceOf(ProbeTimeoutException.class);
        assertNothingLeftOf("start-failure-abort");
    }

    @Test
    void startupTimeoutThatIsNoDurationFailsNamingTheParameter() {
        EngineExecutionResults results = Kit.run(Map.of(SidecarPod.STARTUP_TIMEOUT_PARAMETER, "soon"),
                StaticFixture.class);

        assertThat(Kit.throwableOf(results, "StartFailureIT$StaticFixture").orElseThrow())
                .hasMessage("configuration parameter sidecar.junit.startup-timeout='soon' is not a positive "
                        + "duration (for example PT2M, or 120 for seconds)");
    }

    private static void assertNothingLeftOf(String podName) {
        assertThat(EngineObjects.containersOfPod(podName)).isEmpty();
        assertThat(EngineObjects.volumesOfPod(podName)).isEmpty();
    }

    /** A pod whose readiness probe checks a port nothing listens on. */
    static PodSpec neverReady(String podName) {
        return PodSpec.builder(podName)
                .volume(dev.sidecar.VolumeSpec.emptyDir("scratch"))
                .main(ContainerSpec.builder("app", BUSYBOX)
                        .command("httpd", "-f", "-p", "8080")
                        .mount("scratch", "/scratch")
                        .port(8080)
                        .port(9999)
                        .readyWhen(Probe.tcp(9999))
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
