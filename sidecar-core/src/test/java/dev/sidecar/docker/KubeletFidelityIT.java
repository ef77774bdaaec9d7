package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Hook;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.Probe;
import dev.sidecar.ProbeTimeoutException;
import dev.sidecar.RestartPolicy;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod behaves the way the kubelet runs it: probes for the pod's whole life (startup gates readiness and liveness,
 * liveness restarts, readiness comes and goes), restarts with back-off, sidecars ordered by their startup probes,
 * lifecycle hooks, several main containers, Job-style pods and the active deadline. Timings are short: periods of a
 * few hundred milliseconds and a restart back-off of 200 ms (set for the test run in the parent pom).
 */
class KubeletFidelityIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration FAST = Duration.ofMillis(200);

    private static String untilTerm(String name) {
        return "trap 'echo " + name + " >> /shared/stopped; exit 0' TERM; while :; do sleep 0.1 & wait $!; done";
    }

    private static ContainerSpec.Builder shell(String name, String script) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", script).mount("shared", "/shared");
    }

    private static Probe fast(Probe probe) {
        return probe.toBuilder().period(FAST).failureThreshold(2).build();
    }

    private static PodSpec.Builder pod(String name) {
        return PodSpec.builder(name).volume(VolumeSpec.emptyDir("shared")).terminationGracePeriod(Duration.ofSeconds(5));
    }

    @Test
    void failingLivenessProbeRestartsTheContainerWithGrowingBackOff() {
        PodSpec spec = pod("liveness")
                .main(shell("app", "touch /tmp/alive; " + untilTerm("app"))
                        .livenessProbe(fast(Probe.exec("test", "-f", "/tmp/alive"))).build())
                .restartPolicy(RestartPolicy.ALWAYS)
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            pod.main().exec("rm", "/tmp/alive");
            // The new run touches the file again, so it lives; remove it once more for a second restart.
            PodStatus once = pod.awaitStatus(s -> s.container("app").restartCount() == 1
                    && s.container("app").running(), WAIT);
            Instant firstRestart = once.container("app").startedAt();
            pod.main().exec("rm", "/tmp/alive");
            PodStatus twice = pod.awaitStatus(s -> s.container("app").restartCount() == 2
                    && s.container("app").running(), WAIT);

            assertThat(twice.container("app").startedAt()).isAfter(firstRestart);
            assertThat(twice.phase()).isEqualTo(PodStatus.Phase.RUNNING);
        }
    }

    @Test
    void backOffDoublesBetweenRestartsOfACrashingContainer() {
        PodSpec spec = pod("backoff")
                .main(shell("app", "cut -d\" \" -f1 /proc/uptime >> /shared/starts; exit 1").build())
                .restartPolicy(RestartPolicy.ALWAYS)
                .build();
        DockerPodRuntime runtime = DockerPodRuntime.builder()
                .restartBackoff(Duration.ofMillis(300), Duration.ofSeconds(5)).build();
        try (runtime; Pod pod = runtime.start(spec)) {
            pod.awaitStatus(s -> s.container("app").restartCount() >= 3, WAIT);
            List<Long> starts = readStarts(pod);
            assertThat(starts).hasSizeGreaterThanOrEqualTo(4);
            long first = starts.get(2) - starts.get(1);
            long second = starts.get(3) - starts.get(2);
            assertThat(second).as("the wait before the third restart is about twice the wait before the second")
                    .isGreaterThan(first * 3 / 2);
        }
    }

    private static List<Long> readStarts(Pod pod) {
        // Main is between runs now and then: read the file through the engine, which copies from a stopped container.
        String text = new String(pod.main().copyFromContainer("/shared/starts"));
        return text.lines().map(l -> Math.round(Double.parseDouble(l) * 1000)).toList();
    }

    @Test
    void readinessGoesFalseAndTrueAgainWhileThePodRuns() {
        PodSpec spec = pod("readiness-flips")
                .main(shell("app", "touch /tmp/ready; " + untilTerm("app"))
                        .readyWhen(fast(Probe.exec("test", "-f", "/tmp/ready"))).build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            pod.main().exec("rm", "/tmp/ready");
            PodStatus notReady = pod.awaitStatus(s -> !s.container("app").ready(), WAIT);
            assertThat(notReady.container("app").running()).isTrue();
            assertThat(notReady.container("app").restartCount()).isZero();

            pod.main().exec("touch", "/tmp/ready");
            assertThat(pod.awaitStatus(s -> s.container("app").ready(), WAIT).allReady()).isTrue();
        }
    }

    @Test
    void sidecarStartupProbeGatesTheNextInitContainerWhichUsesIt() {
        PodSpec spec = pod("startup-gates-init")
                .sidecar(shell("server", "sleep 1; mkdir -p /www; echo served > /www/index.html; "
                        + "cut -d' ' -f1 /proc/uptime > /shared/server-up; httpd -f -p 8080 -h /www")
                        .port(8080)
                        .startupProbe(Probe.tcp(8080).toBuilder().period(FAST).failureThreshold(50).build())
                        .build())
                .initContainer(shell("fetch", "cut -d' ' -f1 /proc/uptime > /shared/fetch-started; "
                        + "wget -q -O /shared/fetched http://localhost:8080/index.html").build())
                .main(shell("app", untilTerm("app")).build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            double serverUp = Double.parseDouble(pod.main().exec("cat", "/shared/server-up").stdout().strip());
            double fetchStarted = Double.parseDouble(pod.main().exec("cat", "/shared/fetch-started").stdout()
                    .strip());
            assertThat(fetchStarted).as("the init container started after the sidecar had started")
                    .isGreaterThanOrEqualTo(serverUp);
            assertThat(pod.main().exec("cat", "/shared/fetched").stdout()).isEqualTo("served\n");
        }
    }

    @Test
    void failingStartupProbeKillsTheContainerAndItsPolicyDecides() {
        PodSpec spec = pod("startup-fails")
                .main(shell("app", untilTerm("app"))
                        .startupProbe(Probe.exec("false").toBuilder().period(FAST).failureThreshold(2).build())
                        .build())
                .build();
        DockerPodRuntime impatient = DockerPodRuntime.builder().startupTimeout(Duration.ofSeconds(20)).build();

        ProbeTimeoutException e = catchThrowableOfType(ProbeTimeoutException.class, () -> impatient.start(spec));

        assertThat(e).hasMessageContaining("container 'app' exited")
                .hasMessageContaining("its startup probe exec[false]");
        assertThat(EngineObjects.containersOfPod("startup-fails")).isEmpty();
        impatient.close();
    }

    @Test
    void preStopRunsBeforeTheStopSignalWithinTheGracePeriod(@TempDir Path host) throws Exception {
        PodSpec spec = PodSpec.builder("pre-stop")
                .volume(VolumeSpec.hostPath("shared", host).toBuilder().readOnly(false).build())
                .main(shell("app", "trap 'echo got-term >> /shared/order; exit 0' TERM; "
                        + "while :; do sleep 0.1 & wait $!; done")
                        .preStop(Hook.exec("sh", "-c", "echo pre-stop >> /shared/order"))
                        .build())
                .terminationGracePeriod(Duration.ofSeconds(10))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(pod.status().allReady()).isTrue();
        }

        assertThat(Files.readAllLines(host.resolve("order"))).containsExactly("pre-stop", "got-term");
    }

    @Test
    void preStopSleepCountsAgainstTheGracePeriod(@TempDir Path host) throws Exception {
        PodSpec spec = PodSpec.builder("pre-stop-sleep")
                .volume(VolumeSpec.hostPath("shared", host).toBuilder().readOnly(false).build())
                // Ignores SIGTERM: only the SIGKILL after the grace period ends it.
                .main(shell("app", "trap '' TERM; while :; do sleep 0.1 & wait $!; done")
                        .preStop(Hook.sleep(Duration.ofSeconds(30)))
                        .build())
                .terminationGracePeriod(Duration.ofSeconds(2))
                .build();
        Pod pod = RUNTIME.start(spec);
        long t0 = System.nanoTime();
        pod.close();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(took).as("bounded by the grace period, not the 30 s sleep").isLessThan(Duration.ofSeconds(20));
        assertThat(pod.status().container("app").exitCode()).as("killed").isEqualTo(137);
    }

    @Test
    void failingPostStartHookKillsTheContainerAndItIsRestarted() {
        PodSpec spec = pod("post-start-fails")
                .main(shell("app", "echo run >> /shared/runs; " + untilTerm("app"))
                        .postStart(Hook.exec("sh", "-c", "[ $(wc -l < /shared/runs) -ge 2 ]"))
                        .build())
                .restartPolicy(RestartPolicy.ALWAYS)
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            ContainerStatus app = pod.status().container("app");
            assertThat(app.restartCount()).as("the first run's hook failed").isEqualTo(1);
            assertThat(app.started()).isTrue();
            assertThat(pod.main().exec("cat", "/shared/runs").stdout().lines()).hasSize(2);
        }
    }

    @Test
    void jobStylePodSucceedsAndStopsItsSidecarWhenEveryMainContainerIsDone() {
        PodSpec spec = pod("job")
                .sidecar(shell("proxy", untilTerm("proxy")).build())
                .main(shell("work", "echo working; sleep 0.5; exit 0").build())
                .container(shell("more-work", "sleep 1; exit 0").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            PodStatus done = pod.awaitStatus(s -> s.phase() == PodStatus.Phase.SUCCEEDED
                    && s.container("proxy").terminated(), WAIT);

            assertThat(done.container("work").exitCode()).isZero();
            assertThat(done.container("more-work").exitCode()).isZero();
            assertThat(done.container("proxy").exitCode()).as("stopped with its stop signal").isZero();
            assertThat(done.container("proxy").restartCount()).isZero();
        }
    }

    @Test
    void podFailsWhenOneOfSeveralMainContainersFails() {
        PodSpec spec = pod("job-fails")
                .main(shell("work", "exit 0").build())
                .container(shell("check", "sleep 0.5; exit 2").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            PodStatus done = pod.awaitStatus(s -> s.phase() == PodStatus.Phase.FAILED, WAIT);
            assertThat(done.container("check").exitCode()).isEqualTo(2);
        }
    }

    @Test
    void activeDeadlineStopsThePodAndFailsIt() {
        PodSpec spec = pod("deadline")
                .sidecar(shell("proxy", untilTerm("proxy")).build())
                .main(shell("app", untilTerm("app")).build())
                .activeDeadline(Duration.ofSeconds(2))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            PodStatus failed = pod.awaitStatus(s -> s.phase() == PodStatus.Phase.FAILED
                    && s.containers().stream().allMatch(ContainerStatus::terminated), WAIT);
            assertThat(failed.reason()).isEqualTo("DeadlineExceeded");
        }
    }
}
