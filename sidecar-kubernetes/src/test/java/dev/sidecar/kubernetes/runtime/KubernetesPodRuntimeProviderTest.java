package dev.sidecar.kubernetes.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.spi.RuntimeSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Why the Kubernetes provider says it cannot run pods, without a cluster. */
class KubernetesPodRuntimeProviderTest {

    private final KubernetesPodRuntimeProvider provider = new KubernetesPodRuntimeProvider();

    private static RuntimeSettings settings(Map<String, String> given) {
        return RuntimeSettings.of(key -> Optional.ofNullable(given.get(key)), Map.of());
    }

    @Test
    void isNamedKubernetes() {
        assertThat(provider.name()).isEqualTo("kubernetes");
    }

    @Test
    void kubeconfigThatCannotBeReadIsTheReason(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-kubeconfig");

        assertThat(provider.unavailableReason(settings(Map.of(KubernetesPodRuntimeProvider.KUBECONFIG,
                missing.toString())))).hasValueSatisfying(r -> assertThat(r)
                        .startsWith("the kubeconfig could not be read: "));
    }
}
