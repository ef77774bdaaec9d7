package dev.sidecar.docker;

import static dev.sidecar.docker.SecurityContextIT.sh;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import dev.sidecar.ContainerPort;
import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.Probe;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pod fields that Docker expresses on the infrastructure container or on each container's configuration, on a real
 * engine: UDP ports published as UDP, {@code hostAliases} and DNS settings seen by every container (they share
 * infra's {@code /etc/hosts} and {@code /etc/resolv.conf}), {@code stdin}/{@code tty}, resource requests. Every pod of
 * a test is gone after it.
 */
class PodFieldsIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.builder()
            .startupTimeout(Duration.ofSeconds(30)).build();
    private static final int UDP_PORT = 5353;
    /** How many datagrams the test sends at most: UDP may drop one, each try waits for the line a while. */
    private static final int UDP_TRIES = 5;

    private final List<String> podNames = new ArrayList<>();

    @AfterEach
    void nothingIsLeftOnTheEngine() {
        for (String name : podNames) {
            assertThat(EngineObjects.containersOfPod(name)).as("containers of pod %s", name).isEmpty();
            assertThat(EngineObjects.volumesOfPod(name)).as("volumes of pod %s", name).isEmpty();
        }
    }

    @Test
    void udpPortIsPublishedAsUdp() throws Exception {
        String listen = "$|=1; $s = IO::Socket::INET->new(LocalPort => " + UDP_PORT + ", Proto => 'udp') or die $!; "
                + "print \"listening\\n\"; while (1) { $s->recv($m, 1024); print \"got $m\\n\"; }";
        PodSpec spec = pod("udp")
                .main(ContainerSpec.builder("dns", TestImages.DEBIAN)
                        .command("perl", "-MIO::Socket::INET", "-e", listen)
                        .port(new ContainerPort("dns", UDP_PORT, ContainerPort.Protocol.UDP))
                        .readyWhen(Probe.logLine("^listening$"))
                        .stopSignal("SIGKILL")
                        .build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            Ports.Binding[] bound = infra(pod).getNetworkSettings().getPorts().getBindings()
                    .get(ExposedPort.udp(UDP_PORT));
            assertThat(bound).as("published as UDP").isNotEmpty();
            int hostPort = Integer.parseInt(bound[0].getHostPortSpec());

            String line = null;
            try (DatagramSocket socket = new DatagramSocket()) {
                byte[] hello = "hello-udp".getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < UDP_TRIES && line == null; i++) {
                    socket.send(new DatagramPacket(hello, hello.length, InetAddress.getLoopbackAddress(), hostPort));
                    try {
                        line = pod.main().awaitLog("^got hello-udp$", Duration.ofSeconds(1));
                    } catch (PodTimeoutException dropped) {
                        // UDP: send again.
                    }
                }
            }
            assertThat(line).as("the container received the datagram").isEqualTo("got hello-udp");
        }
    }

    @Test
    void hostAliasesAndDnsConfigAreSeenByEveryContainer() {
        PodSpec spec = pod("hosts-dns")
                .hostAlias("10.1.2.3", "db.local", "cache.local")
                .dnsPolicy(PodSpec.DnsPolicy.NONE)
                .dnsConfig(new PodSpec.DnsConfig(List.of("10.9.9.9"), List.of("svc.example.test"),
                        Map.of("ndots", "2")))
                .sidecar(idle("helper").build())
                .main(idle("app").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            for (String c : List.of("helper", "app")) {
                assertThat(sh(pod, c, "grep -E '^10\\.1\\.2\\.3' /etc/hosts")).as("%s's /etc/hosts", c)
                        .isEqualTo("10.1.2.3\tdb.local\n10.1.2.3\tcache.local\n");
                assertThat(sh(pod, c, "grep -v '^#' /etc/resolv.conf")).as("%s's /etc/resolv.conf", c)
                        .isEqualTo("search svc.example.test\nnameserver 10.9.9.9\noptions ndots:2\n");
            }
        }
    }

    @Test
    void stdinStaysOpenAndTtyIsATerminal() {
        PodSpec spec = pod("stdin-tty")
                .sidecar(idle("plain").build())
                .main(idle("app").stdin(true).tty(true).build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "readlink /proc/1/fd/0; readlink /proc/1/fd/1"))
                    .matches("/dev/pts/\\d+\n/dev/pts/\\d+\n");
            assertThat(sh(pod, "plain", "readlink /proc/1/fd/0")).isEqualTo("/dev/null\n");
        }
    }

    @Test
    void stdinWithoutTtyIsAnOpenPipe() {
        PodSpec spec = pod("stdin")
                .main(ContainerSpec.builder("app", TestImages.BUSYBOX)
                        .command("sh", "-c", "echo started; cat; echo stdin-closed; sleep infinity")
                        .stdin(true)
                        .readyWhen(Probe.logLine("^started$"))
                        .stopSignal("SIGKILL")
                        .build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "readlink /proc/1/fd/0")).startsWith("pipe:");
        }
    }

    @Test
    void resourceRequestsReachTheEngine() {
        PodSpec spec = pod("requests")
                .main(idle("app").memoryRequest("32Mi").cpuRequest("250m").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            HostConfig app = EngineObjects.inspectContainersOfInstance(pod.instanceId()).stream()
                    .filter(c -> "app".equals(c.getConfig().getLabels().get(EngineObjects.CONTAINER_LABEL)))
                    .findFirst().orElseThrow().getHostConfig();

            assertThat(app.getMemoryReservation()).isEqualTo(32L << 20);
            assertThat(app.getCpuShares()).isEqualTo(256);
        }
    }

    private static InspectContainerResponse infra(Pod pod) {
        return EngineObjects.inspectContainersOfInstance(pod.instanceId()).stream()
                .filter(c -> "infra".equals(c.getConfig().getLabels().get(EngineObjects.ROLE_LABEL)))
                .findFirst().orElseThrow();
    }

    private PodSpec.Builder pod(String prefix) {
        String name = prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        podNames.add(name);
        return PodSpec.builder(name).terminationGracePeriod(Duration.ZERO);
    }

    private static ContainerSpec.Builder idle(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command(Scripts.idle());
    }
}
