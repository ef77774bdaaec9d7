package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvVarSource;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.Probe;
import dev.sidecar.test.HttpContainers;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * Pods on Docker networks: they reach Testcontainers containers and other pods by alias and are reached by theirs,
 * as pods behind Kubernetes Services are; a network that is not there is refused before anything is created.
 */
class PodNetworksIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeWhatTheTestOpened() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @AfterAll
    static void closeRuntime() {
        RUNTIME.close();
        assertThat(EngineObjects.networksOfThisJvm()).as("networks left").isEmpty();
    }

    @Test
    void podReachesATestcontainersContainerByItsAliasOnATestcontainersNetwork() throws Exception {
        Network network = open(Network.newNetwork());
        GenericContainer<?> db = open(new GenericContainer<>(DockerImageName.parse(TestImages.BUSYBOX))
                .withNetwork(network).withNetworkAliases("db").withExposedPorts(8080)
                .withCommand("sh", "-c", HttpContainers.serveCommand("8080", "rows from db")));
        db.start();

        Pod pod = open(RUNTIME.start(client("net-client"), List.of(PodNetwork.of(network, "client"))));

        assertThat(pod.main().exec("wget", "-q", "-O-", "http://db:8080/index.html").stdout())
                .isEqualTo("rows from db\n");
        String dbId = db.getContainerId();
        String networkId = network.getId();
        closeAllAndCheckNothingIsLeft(pod);
        assertThat(EngineObjects.containerExists(dbId)).isFalse();
        assertThat(EngineObjects.networkExists(networkId)).as("Testcontainers' network, closed by the test").isFalse();
    }

    @Test
    void testcontainersContainerReachesThePodByItsAlias() throws Exception {
        Network network = open(Network.newNetwork());
        Pod pod = open(RUNTIME.start(web("net-web", "hello from the pod"), List.of(PodNetwork.of(network, "web"))));
        GenericContainer<?> client = open(new GenericContainer<>(DockerImageName.parse(TestImages.BUSYBOX))
                .withNetwork(network).withCommand("sleep", "3600"));
        client.start();

        assertThat(client.execInContainer("wget", "-q", "-O-", "http://web:8080/index.html").getStdout())
                .isEqualTo("hello from the pod\n");
        closeAllAndCheckNothingIsLeft(pod);
    }

    @Test
    void twoPodsTalkByAliasThroughTheirSidecars() {
        Network network = open(RUNTIME.newNetwork("two-pods"));
        // The server's app listens on loopback only: the pod's gateway sidecar is the one way in.
        PodSpec server = PodSpec.builder("net-server")
                .sidecar(HttpContainers.proxy("gateway", "9000", "http://127.0.0.1:8080").build())
                .main(HttpContainers.server("app", "127.0.0.1:8080", "orders: 3").build())
                .build();
        // The client's app talks to its ambassador sidecar on loopback, which calls the server pod by its alias.
        PodSpec client = PodSpec.builder("net-client")
                .sidecar(HttpContainers.proxy("ambassador", "127.0.0.1:7000", "http://orders:9000").build())
                .main(HttpContainers.idle("app").build())
                .build();
        Pod serverPod = open(RUNTIME.start(server, List.of(PodNetwork.of(network, "orders"))));
        Pod clientPod = open(RUNTIME.start(client, List.of(PodNetwork.of(network))));

        assertThat(clientPod.main().exec("wget", "-q", "-O-", "http://127.0.0.1:7000/index.html").stdout())
                .isEqualTo("orders: 3\n");
        assertThat(clientPod.main().exec("wget", "-q", "-O-", "http://orders:8080/index.html").stderr())
                .as("the server's app is not reachable past its gateway").contains("Connection refused");
        closeAllAndCheckNothingIsLeft(serverPod, clientPod);
    }

    @Test
    void podAddressAndProbesAreOnTheFirstNetworkAndPortsStayPublished() throws Exception {
        Network first = open(RUNTIME.newNetwork("first"));
        Network second = open(RUNTIME.newNetwork("second"));
        PodSpec spec = web("net-two", "on two networks").toBuilder()
                .main(web("net-two", "on two networks").main().toBuilder()
                        .env("POD_IP", EnvVarSource.field("status.podIP")).readyWhen(Probe.tcp(8080)).build())
                .build();

        Pod pod = open(RUNTIME.start(spec, List.of(PodNetwork.of(first, "a"), PodNetwork.of(second, "b"))));

        var infra = EngineObjects.client().inspectContainerCmd(EngineObjects.containerIdOf(pod.instanceId(), "infra",
                null)).exec().getNetworkSettings().getNetworks();
        String onFirst = infra.values().stream().filter(n -> n.getNetworkID().equals(first.getId())).findFirst()
                .orElseThrow().getIpAddress();
        assertThat(infra.values()).extracting(n -> n.getNetworkID()).containsExactlyInAnyOrder(first.getId(),
                second.getId());
        assertThat(infra.values()).allSatisfy(n -> assertThat(n.getAliases()).isNotEmpty());
        assertThat(pod.main().exec("sh", "-c", "echo $POD_IP").stdout().strip()).isEqualTo(onFirst);
        assertThat(HostHttp.get(pod.endpoint("app", 8080).http("/index.html")).body()).isEqualTo("on two networks\n");
        closeAllAndCheckNothingIsLeft(pod);
    }

    @Test
    void networkThatDoesNotExistIsRefusedBeforeAnythingIsCreated() {
        PodStartException failure = catchThrowableOfType(PodStartException.class, () -> RUNTIME.start(
                web("net-missing", "never"), List.of(PodNetwork.named("sidecar-no-such-network", "web"))));

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("pod 'net-missing' cannot join its networks; nothing was created")
                .contains("network 'sidecar-no-such-network' does not exist");
        assertThat(EngineObjects.containersOfPod("net-missing")).isEmpty();
        assertThat(EngineObjects.volumesOfPod("net-missing")).isEmpty();
    }

    @Test
    void runningPodIsConnectedToANetworkAndDisconnectedAgain() throws Exception {
        Network network = open(RUNTIME.newNetwork("later"));
        Pod pod = open(RUNTIME.start(web("net-later", "joined later")));
        GenericContainer<?> client = open(new GenericContainer<>(DockerImageName.parse(TestImages.BUSYBOX))
                .withNetwork(network).withCommand("sleep", "3600"));
        client.start();

        RUNTIME.connect(pod, PodNetwork.of(network, "later"));
        assertThat(client.execInContainer("wget", "-q", "-O-", "http://later:8080/index.html").getStdout())
                .isEqualTo("joined later\n");

        RUNTIME.disconnect(pod, PodNetwork.of(network));
        assertThat(client.execInContainer("wget", "-q", "-O-", "http://later:8080/index.html").getStderr())
                .contains("bad address 'later:8080'");
        closeAllAndCheckNothingIsLeft(pod);
    }

    @Test
    void networkTheRuntimeCreatedCarriesTheLibraryLabelsAndGoesWhenClosed() {
        Network network = RUNTIME.newNetwork("labelled");

        var labels = EngineObjects.client().inspectNetworkCmd().withNetworkId(network.getId()).exec().getLabels();
        assertThat(labels).containsEntry("dev.sidecar", "true").containsEntry("dev.sidecar.network", "labelled")
                .containsEntry(EngineObjects.OWNER_PID_LABEL, Long.toString(ProcessHandle.current().pid()));
        network.close();
        assertThat(EngineObjects.networkExists(network.getId())).isFalse();
    }

    @Test
    void runtimeCloseRemovesTheNetworksItCreated() {
        DockerPodRuntime runtime = DockerPodRuntime.create();
        Network network = runtime.newNetwork("runtime-close");
        Pod pod = runtime.start(web("net-runtime-close", "x"), List.of(PodNetwork.of(network, "x")));

        runtime.close();

        assertThat(EngineObjects.containersOfInstance(pod.instanceId())).isEmpty();
        assertThat(EngineObjects.networkExists(network.getId())).isFalse();
    }

    private static PodSpec web(String name, String body) {
        return PodSpec.builder(name).main(HttpContainers.server("app", "8080", body).port(8080).build()).build();
    }

    private static PodSpec client(String name) {
        return PodSpec.builder(name).main(HttpContainers.idle("app").build()).build();
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** Closes what the test opened, last first, and checks that the pods left nothing and the networks are gone. */
    private void closeAllAndCheckNothingIsLeft(Pod... pods) {
        try {
            closeWhatTheTestOpened();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        opened.clear();
        for (Pod pod : pods) {
            assertThat(EngineObjects.containersOfInstance(pod.instanceId())).as("containers of %s", pod).isEmpty();
            assertThat(EngineObjects.volumesOfInstance(pod.instanceId())).as("volumes of %s", pod).isEmpty();
        }
        assertThat(EngineObjects.networksOfThisJvm()).as("networks left").isEmpty();
    }
}
