package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Endpoint;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the host reaches a pod: every declared port of every container, main or sidecar, has an endpoint, and each
 * answers with the container that listens behind it.
 */
class PodEndpointsIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final Duration READY = Duration.ofSeconds(30);

    /** Each port serves {@code /who}, which answers {@code <container>:<port>}. */
    private static final PodSpec SPEC = PodSpec.builder("endpoints")
            .sidecar(ContainerSpec.builder("metrics", TestImages.BUSYBOX)
                    .command(Scripts.thenIdle(Scripts.serve(9090, "who", "metrics:9090") + "\n"
                            + Scripts.serve(9091, "who", "metrics:9091")))
                    .port(9090)
                    .port(9091)
                    .readyWhen(Probe.exec("sh", "-c", "wget -q -O /dev/null http://localhost:9090/who"
                            + " && wget -q -O /dev/null http://localhost:9091/who"))
                    .build())
            .sidecar(ContainerSpec.builder("proxy", TestImages.BUSYBOX)
                    .command(Scripts.thenIdle(Scripts.serve(8443, "who", "proxy:8443")))
                    .port(8443)
                    .readyWhen(Probe.http(8443, "/who"))
                    .build())
            .main(ContainerSpec.builder("app", TestImages.BUSYBOX)
                    .command(Scripts.thenIdle(Scripts.serve(8080, "who", "app:8080")))
                    .port(8080)
                    .readyWhen(Probe.http(8080, "/who"))
                    .build())
            .build();

    private static Pod pod;

    @BeforeAll
    static void startPod() {
        pod = RUNTIME.start(SPEC);
    }

    @AfterAll
    static void closePod() {
        if (pod != null) {
            pod.close();
        }
    }

    @Test
    void everyDeclaredPortOfEveryContainerIsReachableFromTheHost() {
        assertThat(pod.containers()).hasSize(3);
        for (PodContainer c : pod.containers()) {
            for (int port : c.spec().ports()) {
                assertThat(who(pod.endpoint(c.name(), port))).isEqualTo(c.name() + ":" + port);
            }
        }
    }

    @Test
    void containerGivesTheSameEndpointAsThePod() {
        assertThat(pod.container("metrics").endpoint(9091)).isEqualTo(pod.endpoint("metrics", 9091));
    }

    @Test
    void endpointOfAPortTheContainerDoesNotDeclareNamesTheDeclaredPorts() {
        assertThatThrownBy(() -> pod.endpoint("metrics", 8080))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("'metrics'")
                .hasMessageContaining("8080")
                .hasMessageContaining("[9090, 9091]");
    }

    @Test
    void endpointOfAnUnknownContainerNamesThePodsContainers() {
        assertThatThrownBy(() -> pod.endpoint("db", 5432))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("'db'")
                .hasMessageContaining("metrics")
                .hasMessageContaining("proxy")
                .hasMessageContaining("app");
    }

    @Test
    void twoPodsFromTheSameSpecRunSideBySide() {
        try (Pod second = RUNTIME.start(SPEC)) {
            assertThat(second.instanceId()).isNotEqualTo(pod.instanceId());
            assertThat(second.endpoint("app", 8080)).isNotEqualTo(pod.endpoint("app", 8080));
            assertThat(who(second.endpoint("app", 8080))).isEqualTo("app:8080");
            assertThat(who(pod.endpoint("app", 8080))).isEqualTo("app:8080");
        }

        assertThat(who(pod.endpoint("app", 8080))).as("the first pod after the second closed").isEqualTo("app:8080");
    }

    private static String who(Endpoint endpoint) {
        return HostHttp.get(endpoint.http("/who")).body().strip();
    }
}
