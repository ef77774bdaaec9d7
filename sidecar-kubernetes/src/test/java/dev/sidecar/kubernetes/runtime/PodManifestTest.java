package dev.sidecar.kubernetes.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvFromSource;
import dev.sidecar.PodSpec;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.kubernetes.ManifestException;
import org.junit.jupiter.api.Test;

/** The objects one instance creates: the export's, renamed for the instance, with references following. */
class PodManifestTest {

    @Test
    void referencesToThePodsConfigMapsFollowTheRename() {
        PodSpec spec = PodSpec.builder("web")
                .configMap(ConfigMapSpec.builder("settings").data("MODE", "test").build())
                .main(ContainerSpec.builder("app", "my/app:1").envFrom(EnvFromSource.configMap("settings")).build())
                .build();

        PodManifest m = PodManifest.of(spec, "ns", "abcd1234");

        assertThat(m.configMaps()).extracting(c -> c.getMetadata().getName()).containsExactly("settings-abcd1234");
        assertThat(m.pod().getSpec().getContainers().get(0).getEnvFrom())
                .extracting(f -> f.getConfigMapRef().getName())
                .containsExactly("settings-abcd1234");
        assertThat(m.pod().getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(m.configMaps().get(0).getMetadata().getNamespace()).isEqualTo("ns");
    }

    @Test
    void whatKubernetesCannotDoIsRefusedBeforeAnythingIsCreated() {
        PodSpec parallel = KubernetesPodRuntimeTest.WEB.toBuilder().sidecarStartOrder(SidecarStartOrder.PARALLEL)
                .build();

        assertThatThrownBy(() -> PodManifest.of(parallel, "ns", "abcd1234")).isInstanceOf(ManifestException.class)
                .hasMessageContaining("sidecars start all at once (PARALLEL)");
    }

    @Test
    void labelValuesAreMadeValidForKubernetes() {
        assertThat(ObjectLabels.labelValue("ci_runner 7.example.com")).isEqualTo("ci_runner-7.example.com");
        assertThat(ObjectLabels.labelValue("-x-")).isEqualTo("x");
        assertThat(ObjectLabels.labelValue("a".repeat(70))).hasSize(63);
        assertThat(ObjectLabels.labelValue("___")).isEqualTo("unknown");
    }
}
