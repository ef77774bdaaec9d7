package dev.sidecar.junit;

import static dev.sidecar.junit.TestPods.web;
import static dev.sidecar.test.TestImages.BUSYBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** What a failed test reports of its pods, and that a passing one reports nothing. */
class FailureDiagnosticsIT {

    @Test
    void failedTestReportsStatusAndLastLogLinesOfEveryContainer() {
        EngineExecutionResults results = Kit.run(FailingFixture.class);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(1).aborted(1));
        List<Map<String, String>> entries = Kit.entriesOf(results, "fails");
        assertThat(entries).hasSize(2);
        assertThat(entries).extracting(e -> e.get(FailureReport.CONTAINER)).containsExactly("helper", "app");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.get(FailureReport.POD)).startsWith("diagnostics-web [").contains("phase RUNNING");
            assertThat(e.get(FailureReport.STATUS)).isEqualTo("RUNNING, ready, 0 restarts");
        });
        assertThat(entries.get(0).get(FailureReport.LOGS)).isEqualTo("helper serving on 9090");
        assertThat(entries.get(1).get(FailureReport.LOGS)).isEqualTo("app serving on 8080");
    }

    @Test
    void passingOrAbortedTestReportsNothing() {
        EngineExecutionResults results = Kit.run(FailingFixture.class);

        assertThat(Kit.entriesOf(results, "passes")).isEmpty();
        assertThat(Kit.entriesOf(results, "aborts")).isEmpty();
    }

    @Test
    void annotationSetsTheNumberOfLogLines() {
        EngineExecutionResults results = Kit.run(TwoLinesFixture.class);

        assertThat(Kit.values(results, FailureReport.LOGS)).containsExactly("four\nfive");
    }

    @Test
    void configurationParameterSetsTheNumberOfLogLinesByDefault() {
        EngineExecutionResults results = Kit.run(Map.of(SidecarPod.FAILURE_LOG_LINES_PARAMETER, "1"),
                ChattyFixture.class);

        assertThat(Kit.values(results, FailureReport.LOGS)).containsExactly("five");
    }

    @Test
    void zeroLogLinesReportsTheStatusOnly() {
        EngineExecutionResults results = Kit.run(Map.of(SidecarPod.FAILURE_LOG_LINES_PARAMETER, "0"),
                ChattyFixture.class);

        assertThat(Kit.values(results, FailureReport.STATUS)).containsExactly("RUNNING, ready, 0 restarts");
        assertThat(Kit.values(results, FailureReport.LOGS)).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("(not collected");
    }

    @Test
    void secretEnvValuesAreMaskedInReports() {
        EngineExecutionResults results = Kit.run(SecretFixture.class);

        assertThat(Kit.values(results, FailureReport.LOGS)).containsExactly("token is *****");
        assertThat(Kit.entries(results).toString()).doesNotContain("s3cr3t-t0ken");
    }

    /** A pod whose main container prints {@code lines}, then serves on 8080. */
    static PodSpec printing(String podName, String env, String... lines) {
        return PodSpec.builder(podName)
                .main(ContainerSpec.builder("app", BUSYBOX)
                        .command("sh", "-c", "for l in " + String.join(" ", lines) + "; do echo $l; done; "
                                + "exec httpd -f -p 8080")
                        .secretEnv("API_TOKEN", env)
                        .port(8080)
                        .readyWhen(Probe.tcp(8080))
                        .stopSignal("SIGKILL")
                        .build())
                .build();
    }

    @KitOnly
    static class FailingFixture {
        @SidecarPod
        static final PodSpec WEB = web("diagnostics-web");

        @Test
        void fails() {
            fail("boom");
        }

        @Test
        void passes() {
        }

        @Test
        void aborts() {
            Assumptions.abort("not today");
        }
    }

    @KitOnly
    static class TwoLinesFixture {
        @SidecarPod(failureLogLines = 2)
        static final PodSpec CHATTY = printing("diagnostics-two", "x", "one", "two", "three", "four", "five");

        @Test
        void fails() {
            fail("boom");
        }
    }

    @KitOnly
    static class ChattyFixture {
        @SidecarPod
        static final PodSpec CHATTY = printing("diagnostics-chatty", "x", "one", "two", "three", "four", "five");

        @Test
        void fails() {
            fail("boom");
        }
    }

    @KitOnly
    static class SecretFixture {
        @SidecarPod
        static final PodSpec SECRET = printing("diagnostics-secret", "s3cr3t-t0ken", "'token is '$API_TOKEN");

        @Test
        void fails() {
            fail("boom");
        }
    }
}
