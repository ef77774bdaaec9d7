package dev.sidecar.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.docker.DockerPodRuntimeProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Choosing a runtime by configuration: keys, environment variables and the messages for a bad choice. */
class PodRuntimeProvidersTest {

    private static RuntimeSettings settings(Map<String, String> given, Map<String, String> environment) {
        return RuntimeSettings.of(key -> Optional.ofNullable(given.get(key)), environment);
    }

    @Test
    void dockerIsChosenWhenNothingIsConfigured() {
        PodRuntimeProvider provider = PodRuntimeProviders.select(settings(Map.of(), Map.of()));

        assertThat(provider).isInstanceOf(DockerPodRuntimeProvider.class);
        assertThat(provider.name()).isEqualTo("docker");
    }

    @Test
    void givenValueWinsOverTheEnvironmentVariable() {
        RuntimeSettings s = settings(Map.of("sidecar.runtime", " Docker "), Map.of("SIDECAR_RUNTIME", "kubernetes"));

        assertThat(s.runtime()).isEqualTo("docker");
    }

    @Test
    void environmentVariableStandsInForAnUnsetKey() {
        RuntimeSettings s = settings(Map.of(), Map.of("SIDECAR_KUBERNETES_NAMESPACE", "ci"));

        assertThat(s.value("sidecar.kubernetes.namespace")).contains("ci");
        assertThat(RuntimeSettings.environmentName("sidecar.junit.startup-timeout"))
                .isEqualTo("SIDECAR_JUNIT_STARTUP_TIMEOUT");
    }

    @Test
    void blankValueCountsAsUnset() {
        assertThat(settings(Map.of("sidecar.runtime", "  "), Map.of()).runtime()).isEqualTo("docker");
    }

    @Test
    void knownRuntimeMissingFromTheClassPathNamesKeyValueAndModule() {
        // sidecar-core's tests have no sidecar-kubernetes on their class path.
        assertThatThrownBy(() -> PodRuntimeProviders.select(settings(Map.of("sidecar.runtime", "kubernetes"),
                Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sidecar.runtime='kubernetes': the kubernetes runtime is not on the class path: add "
                        + "dev.sidecar:sidecar-kubernetes to the test's dependencies (runtimes on the class path: "
                        + "docker)");
    }

    @Test
    void unknownRuntimeNamesKeyValueAndTheKnownOnes() {
        assertThatThrownBy(() -> PodRuntimeProviders.select(settings(Map.of("sidecar.runtime", "podman"), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sidecar.runtime='podman': no such runtime; known: docker, kubernetes (runtimes on the "
                        + "class path: docker)");
    }

    @Test
    void startupTimeoutIsCarriedWhenGiven() {
        RuntimeSettings s = settings(Map.of(), Map.of());

        assertThat(s.startupTimeout()).isEmpty();
        assertThat(s.withStartupTimeout(Duration.ofSeconds(5)).startupTimeout()).contains(Duration.ofSeconds(5));
    }
}
