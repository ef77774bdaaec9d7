package dev.sidecar.kubernetes.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starting and closing pods on the mock API server, with the kubelet simulator doing the node's part. */
class KubernetesPodRuntimeTest {

    static final PodSpec WEB = PodSpec.builder("web")
            .volume(VolumeSpec.emptyDir("www").toBuilder().file("index.html", "<h1>hi</h1>").build())
            .initContainer(ContainerSpec.builder("prepare", "busybox:1.36").command("true").build())
            .sidecar(ContainerSpec.builder("proxy", "my/proxy:1").port(8443).readyWhen(Probe.tcp(8443))
                    .secretEnv("TOKEN", "t0ps3cret").build())
            .main(ContainerSpec.builder("app", "my/app:1").port(8080).mountReadOnly("www", "/www").build())
            .build();

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
    void startReturnsOnceTheKubeletReportsThePodReady() {
        try (KubernetesPodRuntime runtime = cluster.runtime().build(); Pod pod = runtime.start(WEB)) {
            PodStatus status = pod.status();

            assertThat(status.phase()).isEqualTo(PodStatus.Phase.RUNNING);
            assertThat(status.allReady()).isTrue();
            assertThat(status.containers()).extracting(ContainerStatus::name, ContainerStatus::role)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("proxy", ContainerRole.SIDECAR),
                            org.assertj.core.groups.Tuple.tuple("app", ContainerRole.MAIN));
        }
    }

    @Test
    void thePodItsConfigMapAndItsSecretAreNamedForTheInstanceAndCarryTheLibrarysLabels() {
        try (KubernetesPodRuntime runtime = cluster.runtime().build(); Pod pod = runtime.start(WEB)) {
            String instance = pod.instanceId();
            var k8sPod = cluster.client.pods().inNamespace(MockCluster.NAMESPACE).withName("web-" + instance).get();
            var configMaps = cluster.client.configMaps().inNamespace(MockCluster.NAMESPACE).list().getItems();
            var secrets = cluster.client.secrets().inNamespace(MockCluster.NAMESPACE).list().getItems();

            assertThat(k8sPod.getMetadata().getLabels()).containsEntry("dev.sidecar", "true")
                    .containsEntry("dev.sidecar.pod", "web").containsEntry("dev.sidecar.pod-instance", instance)
                    .containsEntry("dev.sidecar.owner-pid", Long.toString(ProcessHandle.current().pid()))
                    .containsKeys("dev.sidecar.session", "dev.sidecar.owner-host", "dev.sidecar.owner-started");
            assertThat(k8sPod.getSpec().getHostname()).isEqualTo("web");
            assertThat(configMaps).extracting(c -> c.getMetadata().getName()).containsExactly("web-www-" + instance);
            assertThat(secrets).extracting(s -> s.getMetadata().getName()).containsExactly("web-env-" + instance);
            assertThat(configMaps.get(0).getMetadata().getLabels()).containsEntry("dev.sidecar.pod-instance",
                    instance);
            assertThat(k8sPod.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap().getName())
                    .isEqualTo("web-www-" + instance));
            assertThat(k8sPod.getSpec().getInitContainers().get(1).getEnv()).anySatisfy(e ->
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("web-env-" + instance));
        }
    }

    @Test
    void closeDeletesThePodWithItsGracePeriodAndThenItsConfigMapsAndSecrets() throws Exception {
        try (KubernetesPodRuntime runtime = cluster.runtime().build()) {
            Pod pod = runtime.start(WEB.toBuilder().terminationGracePeriod(Duration.ofSeconds(7)).build());

            pod.close();

            assertThat(cluster.client.pods().inNamespace(MockCluster.NAMESPACE).list().getItems()).isEmpty();
            assertThat(cluster.client.configMaps().inNamespace(MockCluster.NAMESPACE).list().getItems()).isEmpty();
            assertThat(cluster.client.secrets().inNamespace(MockCluster.NAMESPACE).list().getItems()).isEmpty();
            assertThat(pod.status().phase()).isEqualTo(PodStatus.Phase.CLOSED);
            var delete = cluster.runtimeRequests().stream()
                    .filter(r -> r.getMethod().equals("DELETE") && r.getPath().contains("/pods/")).toList();
            assertThat(delete).hasSize(1);
            assertThat(delete.get(0).getUtf8Body()).contains("\"gracePeriodSeconds\":7");
        }
    }

    @Test
    void closeIsIdempotentAndAClosedPodRefusesExec() throws Exception {
        try (KubernetesPodRuntime runtime = cluster.runtime().build()) {
            Pod pod = runtime.start(WEB);
            pod.close();
            int requests = cluster.runtimeRequests().size();

            pod.close();

            assertThat(cluster.runtimeRequests()).hasSize(requests);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> pod.main().exec("true"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        }
    }

    @Test
    void closingTheRuntimeDeletesThePodsStillOpen() {
        KubernetesPodRuntime runtime = cluster.runtime().build();
        runtime.start(WEB);
        runtime.start(WEB);

        runtime.close();
        runtime.close();

        assertThat(cluster.client.pods().inNamespace(MockCluster.NAMESPACE).list().getItems()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.start(WEB))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void withoutANamespaceTheRuntimeCreatesOneAndDeletesItWhenClosed() {
        KubernetesPodRuntime runtime = KubernetesPodRuntime.builder().client(cluster.client).build();
        Pod pod = runtime.start(WEB);
        String namespace = runtime.namespace();

        assertThat(namespace).startsWith("sidecar-");
        assertThat(cluster.client.namespaces().withName(namespace).get().getMetadata().getLabels())
                .containsEntry("dev.sidecar", "true");
        assertThat(cluster.client.pods().inNamespace(namespace).withName("web-" + pod.instanceId()).get())
                .isNotNull();

        runtime.close();

        assertThat(cluster.client.namespaces().withName(namespace).get()).isNull();
    }

    @Test
    void awaitStatusIsAnsweredByTheWatch() {
        try (KubernetesPodRuntime runtime = cluster.runtime().build(); Pod pod = runtime.start(WEB)) {
            PodStatus status = pod.awaitStatus(s -> s.container("app").ready(), Duration.ofSeconds(5));

            assertThat(status.container("app").running()).isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> pod.awaitStatus(
                    s -> s.phase() == PodStatus.Phase.SUCCEEDED, Duration.ofMillis(300)))
                    .isInstanceOf(dev.sidecar.PodTimeoutException.class).hasMessageContaining("last status");
        }
    }

    @Test
    void aPodDeletedBehindTheRuntimesBackIsBrokenAndClosesWithoutComplaint() {
        try (KubernetesPodRuntime runtime = cluster.runtime().build()) {
            Pod pod = runtime.start(WEB);
            cluster.client.pods().inNamespace(MockCluster.NAMESPACE).withName("web-" + pod.instanceId()).delete();

            PodStatus status = pod.awaitStatus(s -> s.phase() == PodStatus.Phase.BROKEN, Duration.ofSeconds(30));

            assertThat(status.reason()).isEqualTo("Deleted");
            pod.close();
            assertThat(pod.status().phase()).isEqualTo(PodStatus.Phase.CLOSED);
            assertThat(cluster.client.configMaps().inNamespace(MockCluster.NAMESPACE).list().getItems()).isEmpty();
        }
    }

    @Test
    void awaitStatusOnAClosedPodFailsAtOnce() {
        try (KubernetesPodRuntime runtime = cluster.runtime().build()) {
            Pod pod = runtime.start(WEB);
            pod.close();

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> pod.awaitStatus(
                    s -> s.phase() == PodStatus.Phase.RUNNING, Duration.ofMinutes(5)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        }
    }

    @Test
    void twoInstancesOfOneSpecRunSideBySide() {
        try (KubernetesPodRuntime runtime = cluster.runtime().build(); Pod a = runtime.start(WEB);
                Pod b = runtime.start(WEB)) {
            assertThat(a.instanceId()).isNotEqualTo(b.instanceId());
            assertThat(cluster.client.pods().inNamespace(MockCluster.NAMESPACE).list().getItems()).hasSize(2);
            assertThat(List.of(a.status().allReady(), b.status().allReady())).containsOnly(true);
        }
    }
}
