package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.test.TestImages;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Readiness probes of each kind hold the start until they pass. Each container becomes ready only a second after it
 * starts, so a start that did not wait for the probe would return too early and the check right after it would fail.
 */
class PodProbesIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final Duration READY = Duration.ofSeconds(30);
    /** How long each container takes to become ready after it starts. */
    private static final String WARM_UP = "sleep 1";

    @Test
    void tcpProbePassesOnceThePortAcceptsConnections() {
        PodSpec spec = podWithMain(main()
                .command(Scripts.thenIdle(WARM_UP + "\n" + Scripts.serve(8080, "index.html", "listening")))
                .port(8080)
                .readyWhen(Probe.tcp(8080)));

        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(HostHttp.get(pod.endpoint("app", 8080).http("/index.html")).body()).isEqualTo("listening\n");
        }
    }

    @Test
    void httpProbePassesOnceThePathAnswersSuccessfully() {
        PodSpec spec = podWithMain(main()
                .command(Scripts.thenIdle("mkdir -p /www\nhttpd -f -p 8080 -h /www &\n" + WARM_UP
                        + "\necho healthy > /www/health"))
                .port(8080)
                .readyWhen(Probe.http(8080, "/health")));

        try (Pod pod = RUNTIME.start(spec)) {
            HttpResponse<String> health = HostHttp.get(pod.endpoint("app", 8080).http("/health"));

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("healthy\n");
        }
    }

    @Test
    void execProbePassesOnceTheCommandExitsZero() {
        PodSpec spec = podWithMain(main()
                .command(Scripts.thenIdle(WARM_UP + "\ntouch /tmp/ready"))
                .readyWhen(Probe.exec("test", "-f", "/tmp/ready")));

        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(pod.main().exec("test", "-f", "/tmp/ready").exitCode()).isZero();
        }
    }

    @Test
    void logLineProbePassesOnceALineMatches() {
        PodSpec spec = podWithMain(main()
                .command(Scripts.thenIdle("echo starting\n" + WARM_UP + "\necho 'server listening on :8080'"))
                .readyWhen(Probe.logLine("listening on :\\d+")));

        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(pod.main().logs()).contains("server listening on :8080");
        }
    }

    @Test
    void startedProbePassesOnceTheProcessRuns() {
        PodSpec spec = podWithMain(main()
                .command(Scripts.idle()));

        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(pod.main().status().running()).isTrue();
        }
    }

    @Test
    void probeOnAPortOnlyASidecarDeclaresPasses() {
        PodSpec spec = PodSpec.builder("probe-sidecar")
                .sidecar(ContainerSpec.builder("proxy", TestImages.BUSYBOX)
                        .command(Scripts.thenIdle(WARM_UP + "\n" + Scripts.serve(9090, "health", "proxy ok")))
                        .port(9090)
                        .readyWhen(Probe.http(9090, "/health"))
                        .build())
                .main(main().command(Scripts.idle()).build())
                .build();

        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(HostHttp.get(pod.endpoint("proxy", 9090).http("/health")).body()).isEqualTo("proxy ok\n");
        }
    }

    private static ContainerSpec.Builder main() {
        return ContainerSpec.builder("app", TestImages.BUSYBOX);
    }

    private static PodSpec podWithMain(ContainerSpec.Builder main) {
        return PodSpec.builder("probes").main(main.build()).build();
    }
}
