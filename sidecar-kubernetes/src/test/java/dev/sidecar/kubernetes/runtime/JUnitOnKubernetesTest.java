package dev.sidecar.kubernetes.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import dev.sidecar.docker.DockerPodRuntimeProvider;
import dev.sidecar.junit.ContainerRef;
import dev.sidecar.junit.DisabledWithoutRuntime;
import dev.sidecar.junit.SidecarPod;
import dev.sidecar.spi.PodRuntimeProviders;
import dev.sidecar.spi.RuntimeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The same {@code @SidecarPod} test classes run on Kubernetes when the configuration says {@code sidecar.runtime=
 * kubernetes}, without a change to the test code: fixture classes written as the extension's own are run through the
 * JUnit Platform against the mock API server (reached through a kubeconfig the test writes), with the kubelet
 * simulator making the pods ready.
 */
class JUnitOnKubernetesTest {

    /** The configuration parameter that enables the fixtures, so that an IDE running the package skips them. */
    static final String KIT = "sidecar.kubernetes.test.kit";

    static final PodSpec WEB = PodSpec.builder("junit-web")
            .volume(VolumeSpec.emptyDir("www").toBuilder().file("index.html", "<h1>hi</h1>").build())
            .sidecar(ContainerSpec.builder("helper", "busybox:1.36").port(9090).readyWhen(Probe.tcp(9090)).build())
            .main(ContainerSpec.builder("app", "busybox:1.36").port(8080).mountReadOnly("www", "/www")
                    .readyWhen(Probe.tcp(8080)).build())
            .build();

    private MockCluster cluster;
    private final List<String> created = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void startCluster() {
        cluster = new MockCluster();
        cluster.kubelet.onNewPod(p -> {
            created.add(p.getMetadata().getName());
            synchronized (created) {
                created.notifyAll();
            }
        });
        // The condition's check; CRUD mode answers no /version, a real API server does.
        cluster.server.expect().get().withPath("/version").andReturn(200,
                "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0\"}").always();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void staticPodFieldRunsOnePodOnTheClusterForTheClassAndDeletesItAfter() throws IOException {
        EngineExecutionResults results = run(onMockCluster(), StaticPodFixture.class);

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        List<String> instances = values(results, "instance");
        assertThat(instances).hasSize(2).containsOnly(instances.get(0));
        assertThat(created).containsExactly("junit-web-" + instances.get(0));
        assertThat(values(results, "runtime")).containsOnly(KubernetesPod.class.getSimpleName());
        assertNothingLeft();
    }

    @Test
    void instancePodFieldRunsAFreshPodPerTestOnTheClusterAndDeletesThemAll() throws IOException {
        EngineExecutionResults results = run(onMockCluster(), PerTestPodFixture.class);

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        List<String> instances = values(results, "instance");
        assertThat(instances).doesNotHaveDuplicates().hasSize(2);
        assertThat(created).as("each test's pod; possibly one started ahead that no test took")
                .contains("junit-web-" + instances.get(0), "junit-web-" + instances.get(1));
        assertNothingLeft();
    }

    @Test
    void aPodStartedAheadIsTakenByTheNextTestAndTheOneNoTestTookIsDeletedWithTheClass() throws IOException {
        EngineExecutionResults results = run(onMockCluster(), PerTestPodFixture.class);

        assertThat(failures(results)).isEmpty();
        List<String> instances = values(results, "instance");
        // The first test starts its own pod and one ahead for the next; the second takes it and starts one more
        // ahead, which no test takes.
        assertThat(created).hasSize(3);
        assertThat(instances).map(i -> "junit-web-" + i).containsExactlyElementsOf(created.subList(0, 2));
        assertNothingLeft();
    }

    @Test
    void withoutStartAheadEachTestStartsItsOwnPodAndNoneMore() throws IOException {
        Map<String, String> configuration = onMockCluster();
        configuration.put("sidecar.junit.start-ahead", "false");

        EngineExecutionResults results = run(configuration, PerTestPodFixture.class);

        assertThat(failures(results)).isEmpty();
        assertThat(values(results, "instance")).map(i -> "junit-web-" + i).containsExactlyElementsOf(created);
        assertThat(created).hasSize(2);
        assertNothingLeft();
    }

    @Test
    void aTestsPodIsDeletedInTheBackgroundWhileTheNextTestAlreadyRuns() throws Exception {
        Map<String, String> configuration = onMockCluster();
        configuration.put("sidecar.junit.start-ahead", "false");
        cluster.kubelet.holdDeletions();
        java.util.concurrent.CompletableFuture<EngineExecutionResults> running =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> run(configuration, PerTestPodFixture.class));
        try {
            // Were the first test's pod closed before the second test, the second pod could not start while the
            // first one's deletion is held.
            awaitCreated(2);
            String first = created.get(0);
            awaitDeletionUnderWay(first);
            assertThat(cluster.client.pods().inNamespace(MockCluster.NAMESPACE).withName(first).get())
                    .as("the first test's pod, still terminating as the second test's pod starts").isNotNull();
        } finally {
            cluster.kubelet.releaseDeletions();
        }
        EngineExecutionResults results = running.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(failures(results)).isEmpty();
        assertThat(created).hasSize(2);
        assertNothingLeft();
    }

    @Test
    void withoutBackgroundCloseEachTestsPodIsGoneBeforeTheNextTestsPodStarts() throws IOException {
        Map<String, String> configuration = onMockCluster();
        configuration.put("sidecar.junit.start-ahead", "false");
        configuration.put("sidecar.junit.close-in-background", "false");
        List<Integer> othersAtStart = new CopyOnWriteArrayList<>();
        cluster.kubelet.onNewPod(p -> {
            created.add(p.getMetadata().getName());
            othersAtStart.add(cluster.client.pods().inNamespace(MockCluster.NAMESPACE).list().getItems().size() - 1);
        });

        EngineExecutionResults results = run(configuration, PerTestPodFixture.class);

        assertThat(failures(results)).isEmpty();
        assertThat(created).hasSize(2);
        assertThat(othersAtStart).as("pods on the cluster, besides the new one, as each test's pod starts")
                .containsExactly(0, 0);
        assertNothingLeft();
    }

    @Test
    void aSharedPodServesEveryClassOfTheRunAndIsDeletedWhenTheRunEnds() throws IOException {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").configurationParameters(onMockCluster())
                .selectors(selectClass(SharedPodFixture.class), selectClass(OtherSharedPodFixture.class)).execute();

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        List<String> instances = values(results, "instance");
        assertThat(instances).hasSize(2).containsOnly(instances.get(0));
        assertThat(created).containsExactly("junit-web-" + instances.get(0));
        assertNothingLeft();
    }

    @Test
    void contextKeyChoosesTheKubeconfigsContext() throws IOException {
        Map<String, String> configuration = onMockCluster();
        configuration.put("sidecar.kubernetes.kubeconfig", kubeconfig("nowhere").toString());
        configuration.put("sidecar.kubernetes.context", "mock");

        EngineExecutionResults results = run(configuration, StaticPodFixture.class);

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(created).hasSize(1);
    }

    @Test
    void classIsSkippedWithTheReasonWhenTheClusterDoesNotAnswer() throws IOException {
        Map<String, String> configuration = onMockCluster();
        configuration.put("sidecar.kubernetes.context", "nowhere");

        EngineExecutionResults results = run(configuration, StaticPodFixture.class);

        results.containerEvents().assertStatistics(s -> s.skipped(1).failed(0));
        assertThat(results.containerEvents().skipped().stream().map(e -> e.getPayload(String.class).orElse("")))
                .singleElement().asString()
                .startsWith("@DisabledWithoutRuntime: the kubernetes runtime (sidecar.runtime=kubernetes) cannot run "
                        + "pods: the API server at http://127.0.0.1:1/ did not answer within 5 s");
        assertThat(created).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            sidecar.kubernetes.namespace | Not_A_Label | the kubernetes runtime (sidecar.runtime=kubernetes): sidecar.kubernetes.namespace='Not_A_Label': invalid KubernetesPodRuntime settings: namespace must be a DNS-1123 label
            sidecar.runtime              | kubernets   | sidecar.runtime='kubernets': no such runtime; known: docker, kubernetes (runtimes on the class path: docker, kubernetes)
            """)
    void badValueFailsTheClassNamingKeyAndValueAndStartsNothing(String key, String value, String message)
            throws IOException {
        Map<String, String> configuration = onMockCluster();
        configuration.put(key, value);

        EngineExecutionResults results = run(configuration, StaticPodFixture.class);

        assertThat(failures(results)).singleElement().asString().contains(message);
        assertThat(created).isEmpty();
    }

    @Test
    void withoutConfigurationTheSameClassPathChoosesDocker() {
        RuntimeSettings nothingSet = RuntimeSettings.of(key -> Optional.empty(), Map.of());
        RuntimeSettings kubernetes = RuntimeSettings.of(key -> Optional.ofNullable(
                Map.of("sidecar.runtime", "kubernetes").get(key)), Map.of());

        assertThat(PodRuntimeProviders.select(nothingSet)).isInstanceOf(DockerPodRuntimeProvider.class);
        assertThat(PodRuntimeProviders.select(kubernetes)).isInstanceOf(KubernetesPodRuntimeProvider.class);
    }

    /** The run's configuration: the Kubernetes runtime, in the mock cluster's namespace, through a kubeconfig. */
    private Map<String, String> onMockCluster() throws IOException {
        Map<String, String> configuration = new HashMap<>();
        configuration.put("sidecar.runtime", "kubernetes");
        configuration.put("sidecar.kubernetes.kubeconfig", kubeconfig("mock").toString());
        configuration.put("sidecar.kubernetes.namespace", MockCluster.NAMESPACE);
        configuration.put(KIT, "true");
        return configuration;
    }

    /**
     * A kubeconfig with two contexts: {@code mock}, the mock API server, and {@code nowhere}, a port nothing listens
     * on; {@code current} is the current one.
     */
    private Path kubeconfig(String current) throws IOException {
        String mock = cluster.client.getConfiguration().getMasterUrl();
        Path file = dir.resolve("kubeconfig-" + current);
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s"}
                  - name: nowhere
                    cluster: {server: "http://127.0.0.1:1/"}
                users:
                  - name: tester
                    user: {token: test-token}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: tester}
                  - name: nowhere
                    context: {cluster: nowhere, user: tester}
                current-context: %s
                """.formatted(mock, current));
        return file;
    }

    /** Waits (at most 30 s) until the kubelet has taken up {@code count} pods. */
    private void awaitCreated(int count) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        synchronized (created) {
            while (created.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the kubelet took up " + created + ", not " + count + " pods, in 30 s");
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(created, left);
            }
        }
    }

    /** Waits (at most 30 s, with a watch) until Pod {@code name} has been deleted but is not gone yet. */
    private void awaitDeletionUnderWay(String name) throws InterruptedException {
        java.util.concurrent.CountDownLatch deleting = new java.util.concurrent.CountDownLatch(1);
        var pod = cluster.client.pods().inNamespace(MockCluster.NAMESPACE).withName(name);
        try (var watch = pod.watch(new io.fabric8.kubernetes.client.Watcher<>() {
            @Override
            public void eventReceived(Action action, io.fabric8.kubernetes.api.model.Pod p) {
                if (p.getMetadata().getDeletionTimestamp() != null) {
                    deleting.countDown();
                }
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
            }
        })) {
            var now = pod.get();
            if (now != null && now.getMetadata().getDeletionTimestamp() != null) {
                return;
            }
            assertThat(deleting.await(30, java.util.concurrent.TimeUnit.SECONDS))
                    .as("Pod " + name + " deleted within 30 s").isTrue();
        }
    }

    private void assertNothingLeft() {
        var client = cluster.client;
        assertThat(client.pods().inNamespace(MockCluster.NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace(MockCluster.NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace(MockCluster.NAMESPACE).list().getItems()).isEmpty();
    }

    private static EngineExecutionResults run(Map<String, String> configuration, Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").configurationParameters(configuration)
                .selectors(selectClass(fixture)).execute();
    }

    private static List<String> values(EngineExecutionResults results, String key) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get(key))
                .filter(v -> v != null).toList();
    }

    private static List<String> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .map(e -> e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable).map(String::valueOf).orElse("?"))
                .toList();
    }

    /** Enables the fixtures only when these tests run them. */
    static final class KitOnly implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(KIT).isPresent()
                    ? ConditionEvaluationResult.enabled("run by JUnitOnKubernetesTest")
                    : ConditionEvaluationResult.disabled("a fixture, run only by JUnitOnKubernetesTest");
        }
    }

    // The fixtures are written as any @SidecarPod test class is: nothing in them names a runtime.

    @ExtendWith(KitOnly.class)
    @DisabledWithoutRuntime
    static class StaticPodFixture {
        @SidecarPod
        static final PodSpec POD = WEB;

        @Test
        void first(Pod pod, TestReporter reporter) {
            assertThat(pod.status().allReady()).isTrue();
            reporter.publishEntry("instance", pod.instanceId());
            reporter.publishEntry("runtime", pod.getClass().getSimpleName());
        }

        @Test
        void second(Pod pod, @ContainerRef("app") PodContainer app, TestReporter reporter) {
            assertThat(app.status().ready()).isTrue();
            reporter.publishEntry("instance", pod.instanceId());
        }
    }

    @ExtendWith(KitOnly.class)
    @DisabledWithoutRuntime
    static class PerTestPodFixture {
        @SidecarPod
        final PodSpec pod = WEB;

        @Test
        void first(Pod pod, TestReporter reporter) {
            assertThat(pod.status().allReady()).isTrue();
            reporter.publishEntry("instance", pod.instanceId());
        }

        @Test
        void second(Pod pod, TestReporter reporter) {
            assertThat(pod.status().allReady()).isTrue();
            reporter.publishEntry("instance", pod.instanceId());
        }
    }

    @ExtendWith(KitOnly.class)
    @DisabledWithoutRuntime
    static class SharedPodFixture {
        @SidecarPod(shared = true)
        static final PodSpec POD = WEB;

        @Test
        void one(Pod pod, TestReporter reporter) {
            assertThat(pod.status().allReady()).isTrue();
            reporter.publishEntry("instance", pod.instanceId());
        }
    }

    @ExtendWith(KitOnly.class)
    @DisabledWithoutRuntime
    static class OtherSharedPodFixture {
        @SidecarPod(shared = true)
        static final PodSpec POD = WEB;

        @Test
        void other(Pod pod, TestReporter reporter) {
            assertThat(pod.status().allReady()).isTrue();
            reporter.publishEntry("instance", pod.instanceId());
        }
    }
}
