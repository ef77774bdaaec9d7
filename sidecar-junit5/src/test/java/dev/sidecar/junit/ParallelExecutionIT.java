package dev.sidecar.junit;

import static dev.sidecar.junit.TestPods.single;
import static dev.sidecar.junit.TestPods.web;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Endpoint;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.test.EngineObjects;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Pods of classes and methods that JUnit runs in parallel start concurrently without clashing. */
class ParallelExecutionIT {

    private static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

    @Test
    void classesAndMethodsWithPodsRunConcurrently() {
        EngineExecutionResults results = Kit.run(PARALLEL, FirstFixture.class, SecondFixture.class,
                ThirdFixture.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(6).succeeded(6));
        assertThat(new HashSet<>(Kit.values(results, "shared"))).as("one static pod per class").hasSize(3);
        assertThat(new HashSet<>(Kit.values(results, "own"))).as("one instance pod per test").hasSize(6);
        assertThat(new HashSet<>(Kit.values(results, "thread"))).as("threads used").hasSizeGreaterThan(1);
        assertThat(EngineObjects.containersOfPod("parallel")).isEmpty();
        assertThat(EngineObjects.containersOfPod("parallel-own")).isEmpty();
    }

    /** The same pod names in every class: the runtime tells the pods apart by instance. */
    @KitOnly
    abstract static class ParallelFixture {
        @SidecarPod
        static final PodSpec SHARED = web("parallel");
        @SidecarPod
        final PodSpec own = single("parallel-own");

        @Test
        void first(@PodRef("SHARED") Pod shared, @PodRef("own") @ContainerPort(8080) Endpoint own,
                @PodRef("own") Pod ownPod, TestReporter reporter) throws Exception {
            report(shared, own, ownPod, reporter);
        }

        @Test
        void second(@PodRef("SHARED") Pod shared, @PodRef("own") @ContainerPort(8080) Endpoint own,
                @PodRef("own") Pod ownPod, TestReporter reporter) throws Exception {
            report(shared, own, ownPod, reporter);
        }

        private static void report(Pod shared, Endpoint own, Pod ownPod, TestReporter reporter) throws Exception {
            assertThat(SidecarPodInjectionIT.get(shared.endpoint("helper", 9090), "/index.html"))
                    .isEqualTo("hello from helper\n");
            assertThat(SidecarPodInjectionIT.get(own, "/index.html")).isEqualTo("hello from app\n");
            reporter.publishEntry(Map.of("shared", shared.instanceId(), "own", ownPod.instanceId(),
                    "thread", Thread.currentThread().getName()));
        }
    }

    @KitOnly
    static class FirstFixture extends ParallelFixture {
    }

    @KitOnly
    static class SecondFixture extends ParallelFixture {
    }

    @KitOnly
    static class ThirdFixture extends ParallelFixture {
    }
}
