package dev.sidecar.junit;

import static dev.sidecar.junit.TestPods.single;
import static dev.sidecar.junit.TestPods.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sidecar.Endpoint;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.test.EngineObjects;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** {@link SidecarPodExtension}: the same pods, registered with {@code @RegisterExtension}. */
class SidecarPodExtensionIT {

    @Test
    void staticExtensionRunsOnePodForTheClassReachableThroughPod() {
        EngineExecutionResults results = Kit.run(StaticExtensionFixture.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        List<String> instances = Kit.values(results, "instance");
        assertThat(instances).hasSize(4).containsOnly(instances.get(0));
        assertThat(EngineObjects.containersOfPod("programmatic-static")).isEmpty();
    }

    @Test
    void instanceExtensionRunsAPodPerTestFromASpecBuiltWhenItStarts() {
        EngineExecutionResults results = Kit.run(InstanceExtensionFixture.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(new HashSet<>(Kit.values(results, "instance"))).hasSize(2);
        assertThat(Kit.values(results, "name")).containsOnly("programmatic-instance");
        assertThat(EngineObjects.containersOfPod("programmatic-instance")).isEmpty();
    }

    @Test
    void extensionAndFieldPodsShareParameterInjectionWithoutCompetingResolvers() {
        EngineExecutionResults results = Kit.run(MixedFixture.class);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2));
        assertThat(Kit.failureOf(results, "ambiguous")).contains("several pods run here")
                .contains("pod 'mixed-field' (field FIELD)").contains("pod 'mixed-extension'");
        assertThat(Kit.entriesOf(results, "fails")).extracting(e -> e.get(FailureReport.POD))
                .anySatisfy(pod -> assertThat(pod).startsWith("mixed-field"))
                .anySatisfy(pod -> assertThat(pod).startsWith("mixed-extension"))
                .hasSize(3); // one container of mixed-field, two of mixed-extension
    }

    @KitOnly
    static class StaticExtensionFixture {
        @RegisterExtension
        static final SidecarPodExtension WEB = SidecarPodExtension.forPod(single("programmatic-static"));

        @BeforeAll
        static void beforeAll(TestReporter reporter) {
            reporter.publishEntry("instance", WEB.pod().instanceId());
        }

        @Test
        void first(TestReporter reporter) {
            reporter.publishEntry("instance", WEB.pod().instanceId());
        }

        @Test
        void second(Pod pod, TestReporter reporter) {
            assertThat(pod).isSameAs(WEB.pod());
            reporter.publishEntry("instance", pod.instanceId());
        }

        @AfterAll
        static void afterAll(TestReporter reporter) {
            reporter.publishEntry("instance", WEB.pod().instanceId());
        }
    }

    @KitOnly
    static class InstanceExtensionFixture {
        private final String name = "programmatic-" + "instance";

        @RegisterExtension
        final SidecarPodExtension web = SidecarPodExtension.forPod(() -> single(name)).failureLogLines(10);

        @Test
        void first(TestReporter reporter) {
            reporter.publishEntry("instance", web.pod().instanceId());
            reporter.publishEntry("name", web.pod().name());
        }

        @Test
        void second(@ContainerPort(8080) Endpoint app, TestReporter reporter) throws Exception {
            assertThat(SidecarPodInjectionIT.get(app, "/index.html")).isEqualTo("hello from app\n");
            reporter.publishEntry("instance", web.pod().instanceId());
            reporter.publishEntry("name", web.pod().name());
        }
    }

    @KitOnly
    static class MixedFixture {
        @SidecarPod
        static final PodSpec FIELD = single("mixed-field");

        @RegisterExtension
        static final SidecarPodExtension EXTENSION = SidecarPodExtension.forPod(web("mixed-extension"));

        @Test
        void each(@PodRef("FIELD") Pod field, @PodRef("mixed-extension") Pod extension,
                @ContainerRef("helper") PodContainer helper) {
            assertThat(field.name()).isEqualTo("mixed-field");
            assertThat(extension).isSameAs(EXTENSION.pod());
            assertThat(helper.id()).isEqualTo(EXTENSION.pod().container("helper").id());
        }

        @Test
        void ambiguous(Pod pod) {
        }

        @Test
        void fails() {
            fail("boom");
        }
    }
}
