package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a running pod holds: no thread per container. Log forwarding reads each container's output every half second,
 * probes are timer ticks, and exits come from one event stream per runtime; the runtime's pool threads are
 * transient. So a running pod of 1 + 10 holds no thread of its own beyond the runtime's few.
 */
class ThreadsIT {

    private static final String IDLE = "trap 'exit 0' TERM; echo up; while :; do sleep 1 & wait $!; done";

    @Test
    void aRunningPodOfOnePlusTenHoldsNoThreadPerContainer() {
        PodSpec.Builder spec = PodSpec.builder("threads").terminationGracePeriod(Duration.ofSeconds(5));
        for (int i = 1; i <= 10; i++) {
            spec.sidecar(ContainerSpec.builder("s" + i, TestImages.BUSYBOX).command("sh", "-c", IDLE)
                    .readyWhen(Probe.logLine("up")).build());
        }
        spec.main(ContainerSpec.builder("app", TestImages.BUSYBOX).command("sh", "-c", IDLE)
                .livenessProbe(Probe.exec("true").toBuilder().period(Duration.ofMillis(200)).build()).build());
        try (DockerPodRuntime runtime = DockerPodRuntime.create()) {
            List<String> before = longLived();
            try (Pod pod = runtime.start(spec.build())) {
                assertThat(pod.status().allReady()).isTrue();
                List<String> during = longLived();
                during.removeAll(before);

                assertThat(during).as("threads the runtime and its pod hold, besides its transient pool threads")
                        .hasSizeLessThanOrEqualTo(4);
            }
        }
    }

    /** Live threads that are not the runtime's transient pool threads, by name. */
    private static List<String> longLived() {
        return new java.util.ArrayList<>(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> !n.matches("sidecar-docker-\\d+-\\d+") && !n.startsWith("ForkJoinPool"))
                .toList());
    }
}
