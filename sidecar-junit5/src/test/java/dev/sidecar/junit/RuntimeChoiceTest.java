package dev.sidecar.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The run's runtime is the one {@code sidecar.runtime} names, without an engine: a {@link FakeRuntimeProvider} on the
 * test class path stands in for another runtime and refuses every start.
 */
class RuntimeChoiceTest {

    @Test
    void dockerIsTheRuntimeWhenNothingIsConfigured() {
        EngineExecutionResults results = Kit.run(ReportsRuntimeFixture.class);

        assertThat(Kit.failures(results)).isEmpty();
        assertThat(Kit.values(results, "runtime")).containsExactly("docker");
    }

    @Test
    void configurationParameterChoosesTheRuntime() {
        EngineExecutionResults results = Kit.run(Map.of("sidecar.runtime", "fake"), ReportsRuntimeFixture.class);

        assertThat(Kit.values(results, "runtime")).containsExactly("fake");
    }

    @Test
    void podsStartOnTheConfiguredRuntime() {
        EngineExecutionResults results = Kit.run(Map.of("sidecar.runtime", "fake"), OnePodFixture.class);

        results.containerEvents().assertStatistics(s -> s.failed(1));
        assertThat(Kit.failureOf(results, "RuntimeChoiceTest$OnePodFixture"))
                .isEqualTo(FakeRuntimeProvider.REFUSED + " (choice-one)");
    }

    @Test
    void unknownRuntimeFailsTheClassNamingKeyValueAndTheKnownRuntimes() {
        EngineExecutionResults results = Kit.run(Map.of("sidecar.runtime", "podman"), OnePodFixture.class);

        assertThat(Kit.throwableOf(results, "RuntimeChoiceTest$OnePodFixture")).hasValueSatisfying(t -> assertThat(t)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("sidecar.runtime='podman': no such runtime; known: docker, kubernetes (runtimes on the "
                        + "class path: docker, fake)"));
    }

    @Test
    void runtimeMissingFromTheClassPathNamesTheModuleToAdd() {
        EngineExecutionResults results = Kit.run(Map.of("sidecar.runtime", "kubernetes"), OnePodFixture.class);

        assertThat(Kit.failureOf(results, "RuntimeChoiceTest$OnePodFixture")).isEqualTo("sidecar.runtime='kubernetes': "
                + "the kubernetes runtime is not on the class path: add dev.sidecar:sidecar-kubernetes to the test's dependencies "
                + "(runtimes on the class path: docker, fake)");
    }

    @Test
    void classNetworkIsRefusedOnAnotherRuntimeSayingWhatNeedsDocker() {
        EngineExecutionResults results = Kit.run(Map.of("sidecar.runtime", "fake"), TwoPodsFixture.class);

        assertThat(Kit.throwableOf(results, "RuntimeChoiceTest$TwoPodsFixture")).hasValueSatisfying(t -> assertThat(t)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(TwoPodsFixture.class.getName() + " declares more than one @SidecarPod field (with its "
                        + "base and @Nested classes), so its pods meet on a class network: that needs the Docker "
                        + "runtime, and this run uses sidecar.runtime=fake"));
    }

    @Test
    void disabledWithoutRuntimeSkipsWithTheRuntimesReason() {
        EngineExecutionResults results = Kit.run(Map.of("sidecar.runtime", "fake",
                FakeRuntimeProvider.UNAVAILABLE, "no fake cluster"), ConditionalFixture.class);

        results.containerEvents().assertStatistics(s -> s.skipped(1).failed(0));
        assertThat(results.containerEvents().skipped().stream()
                .map(e -> e.getPayload(String.class).orElse("")))
                .containsExactly("@DisabledWithoutRuntime: the fake runtime (sidecar.runtime=fake) cannot run pods: "
                        + "no fake cluster");
    }

    @Test
    void disabledWithoutRuntimeRunsWhenTheRuntimeCanRunPods() {
        EngineExecutionResults results = Kit.run(Map.of("sidecar.runtime", "fake"), ConditionalFixture.class);

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void disabledWithoutRuntimeFailsRatherThanSkipsAnUnknownRuntime() {
        EngineExecutionResults results = Kit.run(Map.of("sidecar.runtime", "podman"), ConditionalFixture.class);

        results.containerEvents().assertStatistics(s -> s.skipped(0));
        assertThat(Kit.failureOf(results, "RuntimeChoiceTest$ConditionalFixture"))
                .contains("sidecar.runtime='podman': no such runtime");
    }

    /** A pod that no test here starts: the image name only has to be valid. */
    private static PodSpec single(String name) {
        return PodSpec.builder(name).main(ContainerSpec.builder("app", "busybox:1.36").build()).build();
    }

    /** Publishes the name of the runtime the run chose, without starting one. */
    static final class ReportsRuntime implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            context.publishReportEntry("runtime", RuntimeChoice.provider(context).name());
        }
    }

    @KitOnly
    @ExtendWith(ReportsRuntime.class)
    static class ReportsRuntimeFixture {
        @Test
        void runs() {
        }
    }

    @KitOnly
    static class OnePodFixture {
        @SidecarPod
        static final PodSpec ONE = single("choice-one");

        @Test
        void runs() {
        }
    }

    @KitOnly
    static class TwoPodsFixture {
        @SidecarPod
        static final PodSpec FIRST = single("choice-first");
        @SidecarPod
        static final PodSpec SECOND = single("choice-second");

        @Test
        void runs() {
        }
    }

    @KitOnly
    @DisabledWithoutRuntime
    static class ConditionalFixture {
        @BeforeAll
        static void before(TestReporter reporter) {
            reporter.publishEntry("ran", "yes");
        }

        @Test
        void runs() {
        }
    }
}
