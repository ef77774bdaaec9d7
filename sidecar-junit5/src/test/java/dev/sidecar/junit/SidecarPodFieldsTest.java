package dev.sidecar.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Misdeclared {@link SidecarPod} fields fail before anything talks to an engine, saying what to write instead. */
class SidecarPodFieldsTest {

    @Test
    void fieldOfAnotherTypeFailsTheClass() {
        EngineExecutionResults results = Kit.run(WrongTypeFixture.class);

        results.testEvents().assertStatistics(s -> s.started(0));
        assertThat(Kit.throwableOf(results, "SidecarPodFieldsTest$WrongTypeFixture").orElseThrow())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@SidecarPod field WrongTypeFixture.WEB is of type java.lang.String: it "
                        + "must be a PodSpec");
    }

    @Test
    void nullFieldFailsTheTestsThatNeedIt() {
        EngineExecutionResults results = Kit.run(NullFixture.class);

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(Kit.failureOf(results, "needsPod"))
                .isEqualTo("@SidecarPod field NullFixture.web is null: assign it the PodSpec of the pod to start");
    }

    @KitOnly
    static class WrongTypeFixture {
        @SidecarPod
        static final String WEB = "web";

        @Test
        void test() {
        }
    }

    @KitOnly
    static class NullFixture {
        @SidecarPod
        final PodSpec web = null;

        @Test
        void needsPod(Pod pod) {
        }
    }
}
