package dev.sidecar.kubernetes.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.SecretSpec;
import dev.sidecar.examples.ConfigSyncWithReload;
import dev.sidecar.examples.HttpsForLegacyApp;
import dev.sidecar.examples.LogShipping;
import dev.sidecar.examples.ProcessMonitoring;
import dev.sidecar.examples.QuickStartDemo;
import dev.sidecar.examples.SharedPidNamespace;
import dev.sidecar.examples.TinyPaas;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact objects the runtime creates on the cluster for each example of {@code sidecar-examples}: the Pod, its
 * ConfigMaps and Secrets as the API server stores them, against the golden YAML in {@code k8s/runtime}, with the
 * instance id and this JVM's owner labels written as placeholders. Delete a golden file and run the test to have it
 * written to {@code target/k8s-runtime-goldens} for review.
 */
class ExamplesOnKubernetesTest {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final Map<String, String> OWNER_LABELS = Map.of(ObjectLabels.SESSION, "SESSION",
            ObjectLabels.OWNER_HOST, "OWNER-HOST", ObjectLabels.OWNER_PID, "OWNER-PID",
            ObjectLabels.OWNER_STARTED, "OWNER-STARTED");

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("quick-start-demo", QuickStartDemo.spec("quickstart.sidecar.test")),
                Arguments.of("https-for-legacy-app", HttpsForLegacyApp.spec(SecretSpec.builder("legacy-tls")
                        .stringData("tls.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
                        .stringData("tls.key", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n")
                        .build())),
                Arguments.of("config-sync-with-reload", ConfigSyncWithReload.spec(URI.create("http://10.0.2.2:8000/c"))),
                Arguments.of("log-shipping", LogShipping.spec(URI.create("http://10.0.2.2:9000/logs"))),
                Arguments.of("process-monitoring", ProcessMonitoring.spec()),
                Arguments.of("shared-pid-namespace", SharedPidNamespace.spec()));
    }

    private MockCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new MockCluster();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theRuntimeCreatesTheGoldenObjects(String example, PodSpec spec) throws IOException {
        List<HasMetadata> created;
        try (KubernetesPodRuntime runtime = cluster.runtime().build(); Pod pod = runtime.start(spec)) {
            created = normalized(pod.instanceId());
        }

        String yaml = YAML.asYaml(new KubernetesList("v1", created, "List", null));
        try (InputStream golden = getClass().getResourceAsStream("/k8s/runtime/" + example + ".yaml")) {
            if (golden == null) {
                Path out = Path.of("target/k8s-runtime-goldens/" + example + ".yaml");
                Files.createDirectories(out.getParent());
                Files.writeString(out, yaml);
                throw new AssertionError("no golden k8s/runtime/" + example + ".yaml; review " + out.toAbsolutePath()
                        + " and copy it to src/test/resources/k8s/runtime/");
            }
            KubernetesList expected = YAML.unmarshal(new String(golden.readAllBytes(), StandardCharsets.UTF_8),
                    KubernetesList.class);
            assertThat(created).as(yaml).isEqualTo(expected.getItems());
        }
    }

    @org.junit.jupiter.api.Test
    void anExampleWithALogLineProbeIsRefusedBeforeAnythingIsCreated() throws Exception {
        try (KubernetesPodRuntime runtime = cluster.runtime().build()) {
            var e = org.assertj.core.api.Assertions.catchThrowableOfType(dev.sidecar.PodStartException.class,
                    () -> runtime.start(TinyPaas.spec(Path.of("/tmp/site.git"))));

            assertThat(e).hasMessage("pod 'tiny-paas' cannot start on Kubernetes; nothing was created:\n"
                    + "  - spec.initContainers[0].readinessProbe: Kubernetes has no field for this: a log-line probe "
                    + "(git-sync: synced) has no Kubernetes equivalent: no probe is written");
            assertThat(e.getCause()).isInstanceOf(dev.sidecar.kubernetes.ManifestException.class);
        }
        assertThat(cluster.runtimeRequests()).isEmpty();
    }

    /** The objects of one instance as the server has them, without what the server adds, in a fixed order. */
    private List<HasMetadata> normalized(String instance) {
        List<HasMetadata> all = new ArrayList<>();
        Map<String, String> selector = ObjectLabels.selectorFor(instance);
        all.addAll(cluster.client.pods().inNamespace(MockCluster.NAMESPACE).withLabels(selector).list().getItems());
        all.addAll(cluster.client.configMaps().inNamespace(MockCluster.NAMESPACE).withLabels(selector).list()
                .getItems());
        all.addAll(cluster.client.secrets().inNamespace(MockCluster.NAMESPACE).withLabels(selector).list()
                .getItems());
        all.sort(Comparator.comparing((HasMetadata r) -> r.getKind()).thenComparing(r -> r.getMetadata().getName()));
        List<HasMetadata> out = new ArrayList<>();
        for (HasMetadata r : all) {
            var m = r.getMetadata();
            m.setUid(null);
            m.setResourceVersion(null);
            m.setCreationTimestamp(null);
            m.setGeneration(null);
            m.setFinalizers(null);
            m.setManagedFields(null);
            OWNER_LABELS.forEach((k, v) -> m.getLabels().replace(k, v));
            if (r instanceof io.fabric8.kubernetes.api.model.Pod p) {
                p.setStatus(null);
            }
            String text = YAML.asYaml(r).replace(instance, "INSTANCE");
            out.add(YAML.unmarshal(text, HasMetadata.class));
        }
        return out;
    }
}
