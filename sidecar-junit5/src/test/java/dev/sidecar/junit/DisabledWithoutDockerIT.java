package dev.sidecar.junit;

import static dev.sidecar.junit.TestPods.single;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import org.junit.jupiter.api.Test;

/** With an engine answering, {@link DisabledWithoutDocker} lets the tests run. */
class DisabledWithoutDockerIT {

    @Test
    void runsTheTestsWhenAnEngineAnswers() {
        Kit.run(Fixture.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1).skipped(0));
    }

    @DisabledWithoutDocker
    @KitOnly
    static class Fixture {
        @SidecarPod
        static final PodSpec POD = single("disabled-without-docker");

        @Test
        void runs(Pod pod) {
        }
    }
}
