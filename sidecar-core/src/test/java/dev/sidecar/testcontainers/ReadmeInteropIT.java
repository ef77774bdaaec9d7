package dev.sidecar.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The README's example of section "Pods and other containers", as written there but for the image (the project's
 * local busybox for {@code busybox:1.36}): keep the two the same. Run under Testcontainers' extension by the test
 * kit, which then closes the network (Ryuk, disabled here, would remove it at the end of a user's run).
 */
class ReadmeInteropIT {

    @Test
    void readmeExamplePasses() {
        try {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(OrdersIT.class)).execute();

            results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
            assertThat(EngineObjects.containersOfPod("orders")).as("stopped by Testcontainers' extension").isEmpty();
        } finally {
            OrdersIT.NETWORK.close();
        }
    }

    @Testcontainers
    static class OrdersIT {

        static final Network NETWORK = Network.newNetwork();

        @Container
        static final GenericContainer<?> DB = new GenericContainer<>(TestImages.BUSYBOX)
                .withCommand("sh", "-c", "mkdir /data && echo 42 > /data/answer && exec httpd -f -p 5432 -h /data")
                .withExposedPorts(5432)
                .withNetwork(NETWORK).withNetworkAliases("db");

        @Container
        static final SidecarPodContainer ORDERS = new SidecarPodContainer(PodSpec.builder("orders")
                .main(ContainerSpec.builder("app", TestImages.BUSYBOX)
                        .command("sh", "-c", "echo orders > /tmp/index.html && exec httpd -f -p 8080 -h /tmp")
                        .port(8080)
                        .readyWhen(Probe.http(8080, "/index.html"))
                        .build())
                .build())
                .withNetwork(NETWORK).withNetworkAliases("api")   // known as "orders" and "api"
                .dependsOn(DB);                                   // started after DB, stopped by Testcontainers

        @Test
        void podAndContainerReachEachOtherByAlias() throws Exception {
            assertThat(ORDERS.getPod().main().exec("wget", "-q", "-O-", "http://db:5432/answer").stdout())
                    .isEqualTo("42\n");
            assertThat(DB.execInContainer("wget", "-q", "-O-", "http://api:8080/index.html").getStdout())
                    .isEqualTo("orders\n");
            ContainerState app = ORDERS.getContainer("app");      // host, mapped port, exec, logs
            URI uri = URI.create("http://" + app.getHost() + ":" + app.getMappedPort(8080) + "/index.html");
            assertThat(uri.getPort()).isEqualTo(ORDERS.getPod().endpoint("app", 8080).port());
        }
    }
}
