package dev.sidecar.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sidecar.PodSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.HttpContainers;
import dev.sidecar.test.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * A pod as a Testcontainers citizen: a {@code @Container} field that Testcontainers' own extension starts (after the
 * container it depends on) and stops, on a Testcontainers network where it and a Testcontainers container reach each
 * other by alias, with its containers handed out as {@link ContainerState}s.
 */
class SidecarPodContainerIT {

    private static final String POD = "tc-orders";

    @Test
    void testcontainersExtensionStartsThePodAfterItsDependencyAndStopsIt() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(PodUnderTestcontainersFixture.class)).execute();
        try {
            results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
            assertThat(values(results, "instance")).hasSize(4).containsOnly(values(results, "instance").get(0));
            assertThat(EngineObjects.containersOfPod(POD)).as("stopped by Testcontainers' extension").isEmpty();
            assertThat(EngineObjects.containerExists(values(results, "store").get(0))).isFalse();
        } finally {
            PodUnderTestcontainersFixture.NETWORK.close();
        }
    }

    @Test
    void configurationIsRefusedOnceThePodRunsAndThePodIsThereOnlyWhileItRuns() {
        SidecarPodContainer pod = new SidecarPodContainer(web(POD));
        assertThatThrownBy(pod::getPod).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pod 'tc-orders' does not run");
        try {
            pod.start();
            pod.start(); // idempotent

            assertThat(EngineObjects.runningInstancesOfPod(POD)).containsExactly(pod.getPod().instanceId());
            assertThatThrownBy(() -> pod.withNetworkAliases("late")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("pod 'tc-orders' runs already: configure it before start()");
            assertThatThrownBy(() -> pod.getContainer("nope")).isInstanceOf(java.util.NoSuchElementException.class)
                    .hasMessageContaining("its containers are [toolbox, app]");
        } finally {
            pod.stop();
        }
        assertThat(EngineObjects.containersOfPod(POD)).isEmpty();
        assertThatThrownBy(pod::getPod).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aliasesWithoutANetworkAreRefusedAtStart() {
        SidecarPodContainer pod = new SidecarPodContainer(web(POD)).withNetworkAliases("web");

        assertThatThrownBy(pod::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("pod 'tc-orders' has network aliases [web] but no network: call withNetwork(...)");
        assertThat(EngineObjects.containersOfPod(POD)).isEmpty();
    }

    @Test
    void aliasThatIsNotADnsLabelIsRefusedAtOnce() {
        assertThatThrownBy(() -> new SidecarPodContainer(web(POD)).withNetworkAliases("Web_1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("alias 'Web_1' is not a DNS-1123");
    }

    private static PodSpec web(String name) {
        return PodSpec.builder(name)
                .sidecar(HttpContainers.idle("toolbox").build())
                .main(HttpContainers.server("app", "8080", "orders").port(8080).build())
                .build();
    }

    private static List<String> values(EngineExecutionResults results, String key) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .map(m -> m.get(key)).filter(v -> v != null).toList();
    }

    /** Run by the test kit only: Failsafe does not run nested classes on their own. */
    @Testcontainers
    static class PodUnderTestcontainersFixture {

        static final Network NETWORK = Network.newNetwork();
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        @Container
        static final KeyValueServer STORE = new KeyValueServer(DockerImageName.parse(TestImages.BUSYBOX)
                .asCompatibleSubstituteFor("kvstore")).withNetwork(NETWORK).withNetworkAliases("store");

        @Container
        static final SidecarPodContainer ORDERS = new SidecarPodContainer(web(POD)).withNetwork(NETWORK)
                .withNetworkAliases("orders").dependsOn(STORE);

        @Test
        void podReachesTheStoreByItsAlias(TestReporter reporter) {
            report(reporter);
            assertThat(ORDERS.getPod().container("toolbox").exec("wget", "-q", "-O-", "http://store:8080/answer")
                    .stdout()).isEqualTo("42\n");
        }

        @Test
        void storeReachesThePodByItsNameAndAlias(TestReporter reporter) throws Exception {
            report(reporter);
            assertThat(STORE.execInContainer("wget", "-q", "-O-", "http://tc-orders:8080/index.html").getStdout())
                    .isEqualTo("orders\n");
            assertThat(STORE.execInContainer("wget", "-q", "-O-", "http://orders:8080/index.html").getStdout())
                    .isEqualTo("orders\n");
        }

        @Test
        void containerStateGivesTheHostAndMappedPortOfThePodsPublishedPort(TestReporter reporter) throws Exception {
            report(reporter);
            ContainerState app = ORDERS.getContainer("app");
            URI uri = URI.create("http://" + app.getHost() + ":" + app.getMappedPort(8080) + "/index.html");

            assertThat(HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("orders\n");
            assertThat(app.getFirstMappedPort()).isEqualTo(app.getMappedPort(8080));
            assertThat(ORDERS.getContainer("toolbox").getMappedPort(8080)).as("one network namespace")
                    .isEqualTo(app.getMappedPort(8080));
            assertThatThrownBy(() -> app.getMappedPort(9999)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Requested port (9999) is not mapped");
        }

        @Test
        void containerStateExecsReadsLogsAndCopies(TestReporter reporter) throws Exception {
            report(reporter);
            ContainerState toolbox = ORDERS.getContainer("toolbox");

            assertThat(toolbox.isRunning()).isTrue();
            assertThat(toolbox.getContainerId()).isEqualTo(ORDERS.getPod().container("toolbox").id());
            assertThat(toolbox.execInContainer("wget", "-q", "-O-", "http://127.0.0.1:8080/index.html").getStdout())
                    .isEqualTo("orders\n");
            toolbox.copyFileToContainer(org.testcontainers.images.builder.Transferable.of("copied"), "/tmp/copied");
            assertThat(ORDERS.getPod().container("toolbox").exec("cat", "/tmp/copied").stdout()).isEqualTo("copied");
            assertThat(ORDERS.getContainer("app").getLogs()).isNotNull();
        }

        private static void report(TestReporter reporter) {
            reporter.publishEntry(Map.of("instance", ORDERS.getPod().instanceId(), "store", STORE.getContainerId()));
        }
    }
}
