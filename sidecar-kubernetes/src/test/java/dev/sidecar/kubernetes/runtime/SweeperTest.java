package dev.sidecar.kubernetes.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The first start deletes what JVMs on this host left when they died, and nothing else. */
class SweeperTest {

    private MockCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new MockCluster();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void theFirstStartDeletesWhatDeadJvmsOnThisHostLeftAndNothingElse() throws Exception {
        Map<String, String> dead = owner(deadPid(), ObjectLabels.OWNER_HOST_VALUE);
        configMap("old-cm", dead);
        cluster.client.pods().inNamespace(MockCluster.NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName("old-pod").withLabels(dead).endMetadata().withNewSpec().addNewContainer().withName("app")
                .withImage("my/app:1").endContainer().endSpec().build()).create();
        configMap("live-cm", ObjectLabels.forPod("live", "11111111"));
        configMap("other-host-cm", owner(deadPid(), "another-runner"));
        configMap("unlabelled-cm", Map.of("app", "mine"));

        try (KubernetesPodRuntime runtime = cluster.runtime().build()) {
            runtime.start(KubernetesPodRuntimeTest.WEB);
            List<String> deleted = runtime.sweep().get(30, TimeUnit.SECONDS);

            assertThat(deleted).containsExactlyInAnyOrder("Pod tests/old-pod", "ConfigMap tests/old-cm");
            // A watch opened before the check, not fabric8's waitUntilCondition: its informer lists, then watches,
            // and the mock's watch begins at the present, not at the list's resourceVersion, so a deletion between
            // the two was never seen (1 run in 40 timed out).
            assertThat(new ClusterApi(cluster.client).awaitPod(MockCluster.NAMESPACE, "old-pod", Objects::isNull,
                    java.time.Duration.ofSeconds(30), () -> { })).as("old-pod gone within 30 s").isTrue();
            assertThat(cluster.client.configMaps().inNamespace(MockCluster.NAMESPACE).list().getItems())
                    .extracting(c -> c.getMetadata().getName())
                    .contains("live-cm", "other-host-cm", "unlabelled-cm").doesNotContain("old-cm");
        }
    }

    @Test
    void aRuntimeThatCreatesNamespacesAlsoDeletesTheNamespacesDeadJvmsCreated() throws Exception {
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sidecar-0ld0ld00")
                .withLabels(owner(deadPid(), ObjectLabels.OWNER_HOST_VALUE)).endMetadata().build()).create();

        try (KubernetesPodRuntime runtime = KubernetesPodRuntime.builder().client(cluster.client).build()) {
            runtime.start(KubernetesPodRuntimeTest.WEB);

            assertThat(runtime.sweep().get(30, TimeUnit.SECONDS)).containsExactly("Namespace sidecar-0ld0ld00");
            assertThat(cluster.client.namespaces().withName(runtime.namespace()).get()).isNotNull();
        }
    }

    @Test
    void anOwnerIsDeadWhenItsPidIsGoneOrTakenByAProcessStartedAtAnotherTime() throws Exception {
        Map<String, String> me = ObjectLabels.forPod("web", "11111111");
        Map<String, String> reused = new HashMap<>(me);
        reused.put(ObjectLabels.OWNER_STARTED, "1");

        assertThat(Sweeper.orphaned(me)).isFalse();
        assertThat(Sweeper.orphaned(reused)).isTrue();
        assertThat(Sweeper.orphaned(owner(deadPid(), ObjectLabels.OWNER_HOST_VALUE))).isTrue();
        assertThat(Sweeper.orphaned(owner(deadPid(), "another-runner"))).isFalse();
        assertThat(Sweeper.orphaned(Map.of("app", "mine"))).isFalse();
    }

    private void configMap(String name, Map<String, String> labels) {
        cluster.client.configMaps().inNamespace(MockCluster.NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata().build()).create();
    }

    private static Map<String, String> owner(long pid, String host) {
        Map<String, String> labels = new HashMap<>(ObjectLabels.forPod("old", "00000000"));
        labels.put(ObjectLabels.OWNER_PID, Long.toString(pid));
        labels.put(ObjectLabels.OWNER_HOST, host);
        return labels;
    }

    /** The PID of a process that has exited. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.pid();
    }
}
