package dev.sidecar.kubernetes.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sidecar.Pod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime asks the API server for nothing outside the Role of {@code k8s/rbac/role.yaml} (the one
 * the README's "Running on Kubernetes" gives), and for namespaces only when it creates its own: every request the mock
 * server recorded from the runtime's client is checked as RBAC would check it.
 */
class LeastPrivilegeTest {

    private static final RbacCheck ROLE = RbacCheck.of("/k8s/rbac/role.yaml");
    private static final RbacCheck ROLE_AND_NAMESPACES = RbacCheck.of("/k8s/rbac/role.yaml",
            "/k8s/rbac/namespaces-clusterrole.yaml");

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
    void aPodsWholeLifeInAGivenNamespaceNeedsOnlyTheRole() throws Exception {
        try (KubernetesPodRuntime runtime = cluster.runtime().build()) {
            Pod pod = runtime.start(KubernetesPodRuntimeTest.WEB);
            String name = "web-" + pod.instanceId();
            cluster.log(name, "app", 5, "one\ntwo\n");
            cluster.exec(name, "app", List.of("true"), "", "", 0);
            pod.status();
            pod.awaitStatus(s -> s.allReady(), Duration.ofSeconds(5));
            pod.main().logTail(5);
            pod.main().exec("true");
            pod.main().id();
            pod.close();
            cluster.kubelet.container("app", new KubeletSimulator.CrashLoops(1));
            catchThrowable(() -> runtime.start(KubernetesPodRuntimeTest.WEB));
            runtime.sweep().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        cluster.kubelet.container("app", new KubeletSimulator.NeverReady("connect: connection refused"));
        try (KubernetesPodRuntime quick = cluster.runtime().startupTimeout(Duration.ofSeconds(2)).build()) {
            catchThrowable(() -> quick.start(KubernetesPodRuntimeTest.WEB));
        }

        List<RbacCheck.Attributes> asked = cluster.runtimeRequests().stream().map(RbacCheck::attributes).toList();

        assertThat(asked).as("what the runtime asked").isNotEmpty()
                .allSatisfy(a -> assertThat(ROLE.allows(a)).as("the Role allows " + a).isTrue());
        assertThat(asked).extracting(RbacCheck.Attributes::toString).contains("create pods in tests",
                "watch pods in tests", "delete pods in tests", "create configmaps in tests",
                "delete secrets in tests", "get pods/log in tests", "create pods/exec in tests",
                "list configmaps in tests", "list secrets in tests", "list events in tests");
        assertThat(asked).extracting(RbacCheck.Attributes::resource).doesNotContain("namespaces");
    }

    @Test
    void aRuntimeThatCreatesItsNamespaceNeedsNamespacesToo() throws Exception {
        String namespace;
        try (KubernetesPodRuntime runtime = KubernetesPodRuntime.builder().client(cluster.client).build()) {
            runtime.start(KubernetesPodRuntimeTest.WEB).close();
            namespace = runtime.namespace();
            runtime.sweep().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }

        List<RbacCheck.Attributes> asked = cluster.runtimeRequests().stream().map(RbacCheck::attributes).toList();

        assertThat(asked).allSatisfy(a -> assertThat(ROLE_AND_NAMESPACES.allows(a)).as("allowed: " + a).isTrue());
        assertThat(asked).filteredOn(a -> !ROLE.allows(a)).extracting(RbacCheck.Attributes::toString)
                .containsExactlyInAnyOrder("create namespaces", "list namespaces", "delete namespaces",
                        "watch serviceaccounts in " + namespace, "get serviceaccounts in " + namespace);
    }
}
