package dev.sidecar.junit;

import static dev.sidecar.junit.TestPods.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.test.EngineObjects;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** How many pods {@link SidecarPod} fields start, for how long, and which tests see them. */
class SidecarPodLifecycleIT {

    @Test
    void staticFieldStartsOnePodForTheClassThatRunsUntilAfterAll() {
        EngineExecutionResults results = Kit.run(StaticPodFixture.class);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        List<String> instances = Kit.values(results, "instance");
        assertThat(instances).hasSize(4).containsOnly(instances.get(0));
        assertThat(Kit.values(results, "phaseInAfterAll")).containsExactly("RUNNING");
        assertThat(EngineObjects.containersOfPod("lifecycle-static")).isEmpty();
    }

    @Test
    void instanceFieldStartsAFreshPodForEachTestAndClosesItBeforeTheNextWhenToldSo() {
        EngineExecutionResults results = Kit.run(Map.of(SidecarPod.CLOSE_IN_BACKGROUND_PARAMETER, "false",
                SidecarPod.START_AHEAD_PARAMETER, "false"), InstancePodFixture.class);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        List<String> instances = Kit.values(results, "instance");
        assertThat(new HashSet<>(instances)).hasSize(3);
        assertThat(Kit.values(results, "runningInstances")).isEqualTo(instances);
        assertThat(EngineObjects.containersOfPod("lifecycle-instance")).isEmpty();
    }

    @Test
    void instanceFieldByDefaultGivesEachTestAFreshPodStartedAheadAndTheRunClosesThemAll() {
        EngineExecutionResults results = Kit.run(StartAheadFixture.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        List<String> instances = Kit.values(results, "instance");
        assertThat(new HashSet<>(instances)).as("a fresh pod for each test").hasSize(2);
        assertThat(Kit.values(results, "startedAhead")).as("the second test's pod ran while the first test ran")
                .containsExactly(instances.get(1));
        assertThat(EngineObjects.containersOfPod("lifecycle-ahead")).as("the run waited for every close").isEmpty();
        assertThat(EngineObjects.volumesOfPod("lifecycle-ahead")).isEmpty();
    }

    @Test
    void theNextTestsPodStartsWhileATestStillWaitsForTheOneStartedForIt() {
        EngineExecutionResults results = Kit.run(SlowPodFixture.class);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        java.time.Instant secondHadItsPod = java.time.Instant.parse(Kit.values(results, "hadPod").get(0));
        java.time.Instant thirdCreated = java.time.Instant.parse(Kit.values(results, "created").get(0));
        // The pod takes 2 s to become ready after its main starts; the second test claimed the pod started for it
        // when it began, and the third test's started then, not once the second had its pod.
        assertThat(thirdCreated).as("the third test's pod was created a second or more before the second had its own")
                .isBefore(secondHadItsPod.minusSeconds(1));
        assertThat(EngineObjects.containersOfPod("lifecycle-slow")).as("the run waited for every close").isEmpty();
    }

    @Test
    void sharedPodServesEveryClassOfTheRunAndTheRunClosesIt() {
        EngineExecutionResults results = Kit.run(SharedFixtureOne.class, SharedFixtureTwo.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        List<String> instances = Kit.values(results, "instance");
        assertThat(instances).hasSize(2);
        assertThat(instances.get(0)).as("one pod for both classes").isEqualTo(instances.get(1));
        assertThat(Kit.values(results, "runningInstances")).containsExactly(instances.get(0));
        assertThat(EngineObjects.containersOfPod("lifecycle-shared")).as("closed when the run ended").isEmpty();
    }

    @Test
    void instanceFieldUnderPerClassLifecycleStartsOnePodForTheClass() {
        EngineExecutionResults results = Kit.run(PerClassFixture.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(new HashSet<>(Kit.values(results, "instance"))).hasSize(1);
        assertThat(EngineObjects.containersOfPod("lifecycle-per-class")).isEmpty();
    }

    @Test
    void severalFieldsStartSeveralIndependentPods() {
        EngineExecutionResults results = Kit.run(TwoPodsFixture.class);

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(Kit.values(results, "first")).containsExactly("lifecycle-first");
        assertThat(Kit.values(results, "second")).containsExactly("lifecycle-second");
        assertThat(EngineObjects.containersOfPod("lifecycle-first")).isEmpty();
        assertThat(EngineObjects.containersOfPod("lifecycle-second")).isEmpty();
    }

    @Test
    void staticFieldOfABaseClassStartsOnePodForEachSubclass() {
        EngineExecutionResults results = Kit.run(FirstSubclassFixture.class, SecondSubclassFixture.class);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        List<String> all = Kit.values(results, "instance"); // the first subclass's two tests, then the second's
        assertThat(all).hasSize(3);
        assertThat(all.get(0)).isEqualTo(all.get(1)).isNotEqualTo(all.get(2));
        assertThat(EngineObjects.containersOfPod("lifecycle-base")).isEmpty();
    }

    @Test
    void nestedTestsSeeThePodOfTheEnclosingClassAndStartTheirOwn() {
        EngineExecutionResults results = Kit.run(NestedFixture.class);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        List<String> outer = Kit.values(results, "outer");
        assertThat(outer).hasSize(3).containsOnly(outer.get(0));
        List<String> inner = Kit.values(results, "inner");
        assertThat(new HashSet<>(inner)).hasSize(2).doesNotContain(outer.get(0));
        assertThat(EngineObjects.containersOfPod("lifecycle-outer")).isEmpty();
        assertThat(EngineObjects.containersOfPod("lifecycle-inner")).isEmpty();
    }

    @KitOnly
    static class StaticPodFixture {
        @SidecarPod
        static final PodSpec POD = single("lifecycle-static");

        @Test
        void first(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
        }

        @Test
        void second(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
        }

        @Test
        void third(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
        }

        @AfterAll
        static void afterAll(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
            reporter.publishEntry("phaseInAfterAll", pod.status().phase().name());
        }
    }

    @KitOnly
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
    static class StartAheadFixture {
        @SidecarPod
        final PodSpec pod = single("lifecycle-ahead");

        @Test
        @org.junit.jupiter.api.Order(1)
        void first(Pod pod, TestReporter reporter) throws InterruptedException {
            reporter.publishEntry("instance", pod.instanceId());
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            java.util.Set<String> others = java.util.Set.of();
            while (others.isEmpty() && System.nanoTime() < deadline) {
                others = new java.util.HashSet<>(EngineObjects.runningInstancesOfPod("lifecycle-ahead"));
                others.remove(pod.instanceId());
                Thread.sleep(50); // between two looks at the engine
            }
            reporter.publishEntry("startedAhead", String.join(",", others));
        }

        @Test
        @org.junit.jupiter.api.Order(2)
        void second(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
        }
    }

    @KitOnly
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
    static class SlowPodFixture {
        /** Ready 2 s after main starts. */
        @SidecarPod
        final PodSpec pod = PodSpec.builder("lifecycle-slow")
                .main(dev.sidecar.ContainerSpec.builder("app", dev.sidecar.test.TestImages.BUSYBOX)
                        .command("sh", "-c", "trap 'exit 0' TERM; sleep 2; touch /tmp/ready; "
                                + "while :; do sleep 1 & wait $!; done")
                        .readyWhen(dev.sidecar.Probe.exec("test", "-f", "/tmp/ready"))
                        .build())
                .build();

        @Test
        @org.junit.jupiter.api.Order(1)
        void first(Pod pod) {
            assertThat(pod.status().allReady()).isTrue();
        }

        @Test
        @org.junit.jupiter.api.Order(2)
        void second(Pod pod, TestReporter reporter) {
            reporter.publishEntry("hadPod", java.time.Instant.now().toString());
        }

        @Test
        @org.junit.jupiter.api.Order(3)
        void third(Pod pod, TestReporter reporter) {
            reporter.publishEntry("created", EngineObjects.inspectContainersOfInstance(pod.instanceId()).stream()
                    .map(c -> java.time.Instant.parse(c.getCreated())).min(java.util.Comparator.naturalOrder())
                    .orElseThrow().toString());
        }
    }

    @KitOnly
    static class SharedFixtureOne {
        @SidecarPod(shared = true)
        static final PodSpec POD = single("lifecycle-shared");

        @Test
        void uses(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
        }
    }

    @KitOnly
    static class SharedFixtureTwo {
        @SidecarPod(shared = true)
        static final PodSpec POD = single("lifecycle-shared");

        @Test
        void usesToo(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
            reporter.publishEntry("runningInstances",
                    String.join(",", EngineObjects.runningInstancesOfPod("lifecycle-shared")));
        }
    }

    @KitOnly
    static class InstancePodFixture {
        @SidecarPod
        final PodSpec pod = single("lifecycle-instance");

        @Test
        void first(Pod pod, TestReporter reporter) {
            report(pod, reporter);
        }

        @Test
        void second(Pod pod, TestReporter reporter) {
            report(pod, reporter);
        }

        @Test
        void third(Pod pod, TestReporter reporter) {
            report(pod, reporter);
        }

        /** Tests run one after the other here, so only this test's pod may still run. */
        private static void report(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
            reporter.publishEntry("runningInstances",
                    String.join(",", EngineObjects.runningInstancesOfPod("lifecycle-instance")));
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @KitOnly
    static class PerClassFixture {
        @SidecarPod
        final PodSpec pod = single("lifecycle-per-class");

        @Test
        void first(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
        }

        @Test
        void second(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
        }
    }

    @KitOnly
    static class TwoPodsFixture {
        @SidecarPod
        static final PodSpec FIRST = single("lifecycle-first");
        @SidecarPod
        static final PodSpec SECOND = single("lifecycle-second");

        @Test
        void bothRun(@PodRef("FIRST") Pod first, @PodRef("SECOND") Pod second, TestReporter reporter) {
            assertThat(first.status().allReady()).isTrue();
            assertThat(second.status().allReady()).isTrue();
            reporter.publishEntry("first", first.name());
            reporter.publishEntry("second", second.name());
        }
    }

    @KitOnly
    abstract static class BaseFixture {
        @SidecarPod
        static final PodSpec BASE = single("lifecycle-base");

        @Test
        void inherited(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
        }
    }

    @KitOnly
    static class FirstSubclassFixture extends BaseFixture {
        @Test
        void own(Pod pod, TestReporter reporter) {
            reporter.publishEntry("instance", pod.instanceId());
        }
    }

    @KitOnly
    static class SecondSubclassFixture extends BaseFixture {
    }

    @KitOnly
    static class NestedFixture {
        @SidecarPod
        static final PodSpec OUTER = single("lifecycle-outer");

        @Test
        void outerTest(Pod pod, TestReporter reporter) {
            reporter.publishEntry("outer", pod.instanceId());
        }

        @Nested
        class Inner {
            @SidecarPod
            final PodSpec inner = single("lifecycle-inner");

            @Test
            void first(@PodRef("OUTER") Pod outer, @PodRef("inner") Pod inner, TestReporter reporter) {
                assertThat(inner.status().phase()).isEqualTo(PodStatus.Phase.RUNNING);
                reporter.publishEntry("outer", outer.instanceId());
                reporter.publishEntry("inner", inner.instanceId());
            }

            @Test
            void second(@PodRef("lifecycle-outer") Pod outer, @PodRef("lifecycle-inner") Pod inner,
                    TestReporter reporter) {
                reporter.publishEntry("outer", outer.instanceId());
                reporter.publishEntry("inner", inner.instanceId());
            }
        }
    }
}
