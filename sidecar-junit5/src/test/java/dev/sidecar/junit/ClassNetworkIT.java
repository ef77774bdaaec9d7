package dev.sidecar.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerStatus;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.HttpContainers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * A class with more than one {@link SidecarPod} field puts its pods on one network, where they reach each other by
 * pod name and alias; they start in declaration order, so a pod may use one declared before it as it starts; the
 * network goes when the class ends. A class with one pod gets no network.
 */
class ClassNetworkIT {

    @Test
    void podsOfOneClassReachEachOtherByPodNameAndAlias() {
        EngineExecutionResults results = Kit.run(TwoPodsFixture.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertNothingLeft("cn-server", "cn-client");
    }

    @Test
    void podsStartInDeclarationOrderSoALaterPodMayUseAnEarlierOneAsItStarts() {
        EngineExecutionResults results = Kit.run(DeclarationOrderFixture.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(Kit.values(results, "started")).containsExactly("cn-store,cn-orders,cn-front,cn-per-test");
        assertNothingLeft("cn-store", "cn-orders", "cn-front", "cn-per-test");
    }

    @Test
    void podOfATestLeavesTheNetworkWhenItsTestEndsSoTheNextTestsPodAloneAnswersItsName() {
        EngineExecutionResults results = Kit.run(PerTestPodFixture.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        List<String> answers = Kit.values(results, "addresses");
        assertThat(answers).as("the first test's pod, still closing, no longer answers").hasSize(2)
                .allSatisfy(a -> assertThat(a.split(",")).hasSize(1));
        assertNothingLeft("cn-static", "cn-fresh");
    }

    @Test
    void sharedPodIsConnectedForTheClassAndDisconnectedWhenItEnds() {
        EngineExecutionResults results = Kit.run(SharedPodFixture.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertNothingLeft("cn-shared", "cn-own");
    }

    @Test
    void nestedClassesPodsJoinTheNetworkOfTheirTopLevelClass() {
        EngineExecutionResults results = Kit.run(NestedFixture.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertNothingLeft("cn-outer", "cn-inner");
    }

    @Test
    void classWithOnePodGetsNoNetwork() {
        EngineExecutionResults results = Kit.run(OnePodFixture.class);

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(Kit.values(results, "networks")).containsExactly("bridge");
        assertNothingLeft("cn-alone");
    }

    @Test
    void twoPodsOfOneNameAreRefusedNamingBothFields() {
        EngineExecutionResults results = Kit.run(SameNameFixture.class);

        Throwable failure = Kit.throwableOf(results, "ClassNetworkIT$SameNameFixture").orElseThrow();
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@SidecarPod field SameNameFixture.SECOND: the alias(es) [cn-twin]")
                .hasMessageContaining("belong to pod 'cn-twin' of field SameNameFixture.FIRST");
        assertNothingLeft("cn-twin");
    }

    @Test
    void aliasThatIsNoDnsLabelIsRefusedNamingTheFieldBeforeItsPodStarts() {
        EngineExecutionResults results = Kit.run(BadAliasFixture.class);

        Throwable failure = Kit.throwableOf(results, "ClassNetworkIT$BadAliasFixture").orElseThrow();
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@SidecarPod field BadAliasFixture.SECOND: alias 'Orders_API' is not a DNS-1123 "
                        + "label");
        assertNothingLeft("cn-first", "cn-second");
    }

    private static void assertNothingLeft(String... pods) {
        for (String pod : pods) {
            assertThat(EngineObjects.containersOfPod(pod)).as("containers of %s", pod).isEmpty();
            assertThat(EngineObjects.volumesOfPod(pod)).as("volumes of %s", pod).isEmpty();
        }
        assertThat(EngineObjects.networksOfThisJvm()).as("networks").isEmpty();
    }

    private static PodSpec server(String name, String body) {
        return PodSpec.builder(name).main(HttpContainers.server("app", "8080", body).port(8080).build()).build();
    }

    private static PodSpec client(String name) {
        return PodSpec.builder(name).main(HttpContainers.idle("app").build()).build();
    }

    /** A pod whose proxy sidecar resolves {@code upstream}'s host as it starts: it needs that pod to run first. */
    private static PodSpec proxying(String name, String upstream) {
        return PodSpec.builder(name)
                .sidecar(HttpContainers.proxy("proxy", "9000", upstream).build())
                .main(HttpContainers.idle("app").build())
                .build();
    }

    /** What {@code url} answers, asked from {@code from}'s main container (busybox's wget; its -T crashes). */
    private static String get(Pod from, String url) {
        return from.main().exec("wget", "-q", "-O-", url).stdout();
    }

    private static Instant started(Pod pod) {
        return pod.status().containers().stream().map(ContainerStatus::startedAt).min(Instant::compareTo)
                .orElseThrow();
    }

    @KitOnly
    static class TwoPodsFixture {
        @SidecarPod(aliases = "api")
        static final PodSpec SERVER = server("cn-server", "from the server");
        @SidecarPod
        static final PodSpec CLIENT = client("cn-client");

        @Test
        void clientReachesTheServerByItsNameAndAlias(@PodRef("CLIENT") Pod client) {
            assertThat(get(client, "http://cn-server:8080/index.html")).isEqualTo("from the server\n");
            assertThat(get(client, "http://api:8080/index.html")).isEqualTo("from the server\n");
        }

        @Test
        void serverReachesTheClientByItsName(@PodRef("SERVER") Pod server) {
            assertThat(server.main().exec("ping", "-c", "1", "-W", "2", "cn-client").exitCode()).isZero();
        }
    }

    @KitOnly
    static class DeclarationOrderFixture {
        // JUnit's own order would be ORDERS, FRONT, STORE (by hash code): ORDERS's proxy would find no cn-store.
        @SidecarPod
        static final PodSpec STORE = server("cn-store", "the store says hi");
        @SidecarPod
        static final PodSpec ORDERS = proxying("cn-orders", "http://cn-store:8080");
        @SidecarPod
        static final PodSpec FRONT = proxying("cn-front", "http://cn-orders:9000");
        @SidecarPod
        final PodSpec perTest = client("cn-per-test");

        @Test
        void requestGoesThroughEveryPod(@PodRef("STORE") Pod store, @PodRef("ORDERS") Pod orders,
                @PodRef("FRONT") Pod front, @PodRef("perTest") Pod perTest, TestReporter reporter) {
            assertThat(get(perTest, "http://cn-front:9000/index.html")).isEqualTo("the store says hi\n");
            List<Pod> byStart = new java.util.ArrayList<>(List.of(perTest, front, store, orders));
            byStart.sort(java.util.Comparator.comparing(ClassNetworkIT::started));
            reporter.publishEntry("started", String.join(",", byStart.stream().map(Pod::name).toList()));
        }
    }

    @KitOnly
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerTestPodFixture {
        @SidecarPod
        static final PodSpec STATIC = client("cn-static");
        /** Slow to stop (busybox ignores SIGTERM as PID 1): it is still closing while the next test runs. */
        @SidecarPod
        final PodSpec fresh = server("cn-fresh", "fresh").toBuilder()
                .main(server("cn-fresh", "fresh").main().toBuilder().stopSignal("SIGTERM").build())
                .terminationGracePeriod(java.time.Duration.ofSeconds(3))
                .build();

        @Test
        @Order(1)
        void first(@PodRef("STATIC") Pod from, TestReporter reporter) {
            reporter.publishEntry("addresses", addresses(from, "cn-fresh"));
        }

        @Test
        @Order(2)
        void second(@PodRef("STATIC") Pod from, TestReporter reporter) {
            reporter.publishEntry("addresses", addresses(from, "cn-fresh"));
        }

        /** The addresses {@code name} resolves to, seen from {@code from}. */
        private static String addresses(Pod from, String name) {
            String answer = from.main().exec("nslookup", name).stdout();
            return String.join(",", answer.lines().dropWhile(l -> !l.startsWith("Name:"))
                    .filter(l -> l.startsWith("Address")).map(l -> l.replaceAll(".*:\\s*", "")).toList());
        }
    }

    @KitOnly
    static class SharedPodFixture {
        @SidecarPod(shared = true)
        static final PodSpec SHARED = server("cn-shared", "shared");
        @SidecarPod
        static final PodSpec OWN = client("cn-own");

        @Test
        void ownPodReachesTheSharedOneByName(@PodRef("OWN") Pod own) {
            assertThat(get(own, "http://cn-shared:8080/index.html")).isEqualTo("shared\n");
        }
    }

    @KitOnly
    static class NestedFixture {
        @SidecarPod
        static final PodSpec OUTER = server("cn-outer", "outer");

        @Nested
        class Inner {
            @SidecarPod
            final PodSpec inner = client("cn-inner");

            @Test
            void innerPodReachesTheOuterOne(@PodRef("inner") Pod inner) {
                assertThat(get(inner, "http://cn-outer:8080/index.html")).isEqualTo("outer\n");
            }
        }
    }

    @KitOnly
    static class OnePodFixture {
        @SidecarPod
        static final PodSpec ALONE = client("cn-alone");

        @Test
        void podIsOnTheDefaultBridgeOnly(Pod pod, TestReporter reporter) {
            Map<String, ?> networks = EngineObjects.client().inspectContainerCmd(EngineObjects.containerIdOf(
                    pod.instanceId(), "infra", null)).exec().getNetworkSettings().getNetworks();
            reporter.publishEntry("networks", String.join(",", networks.keySet()));
        }
    }

    @KitOnly
    static class BadAliasFixture {
        @SidecarPod
        static final PodSpec FIRST = client("cn-first");
        @SidecarPod(aliases = "Orders_API")
        static final PodSpec SECOND = client("cn-second");

        @Test
        void neverRuns() {
        }
    }

    @KitOnly
    static class SameNameFixture {
        @SidecarPod
        static final PodSpec FIRST = client("cn-twin");
        @SidecarPod
        static final PodSpec SECOND = client("cn-twin");

        @Test
        void neverRuns() {
        }
    }
}
