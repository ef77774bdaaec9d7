package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ExecResult;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The namespaces a pod's containers share, as in Kubernetes: network always; IPC and the hostname (UTS) unless
 * switched off; processes (PID) only when asked.
 */
class PodNamespacesIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final Duration READY = Duration.ofSeconds(30);

    private static final ContainerSpec APP = ContainerSpec.builder("app", TestImages.BUSYBOX)
            .command(Scripts.thenIdle(Scripts.serve(8080, "index.html", "hello from app")))
            .port(8080)
            .readyWhen(Probe.tcp(8080))
            .build();
    private static final ContainerSpec SIDE = ContainerSpec.builder("side", TestImages.BUSYBOX)
            .command(Scripts.idle())
            .build();

    /** Shares processes; IPC and the hostname are shared by default. */
    private static final PodSpec SHARING = PodSpec.builder("ns-sharing")
            .sidecar(SIDE)
            .main(APP)
            .shareProcessNamespace(true)
            .build();

    /** Shares only the network, which a pod always shares, and has a hostname of its own choosing. */
    private static final PodSpec NOT_SHARING = PodSpec.builder("ns-apart")
            .hostname("custom-host")
            .sidecar(SIDE)
            .main(APP)
            .shareProcessNamespace(false)
            .shareIpcNamespace(false)
            .build();

    private static Pod sharing;
    private static Pod notSharing;

    @BeforeAll
    static void startPods() {
        sharing = RUNTIME.start(SHARING);
        notSharing = RUNTIME.start(NOT_SHARING);
    }

    @AfterAll
    static void closePods() {
        try (Pod a = sharing; Pod b = notSharing) {
            // closes both, even when one close fails
        }
    }

    @Test
    void sidecarSeesMainProcessesWhenPidNamespaceShared() {
        assertThat(ps(sharing.container("side"))).contains("httpd -f -p 8080");
    }

    @Test
    void sidecarDoesNotSeeMainProcessesWithoutPidNamespaceSharing() {
        String ps = ps(notSharing.container("side"));

        assertThat(ps).contains("sleep infinity").doesNotContain("httpd");
    }

    @Test
    void infrastructureContainerIsPidOneOfASharedProcessNamespace() {
        assertThat(ps(sharing.container("side")).lines().map(String::strip))
                .anySatisfy(line -> assertThat(line).matches("1 +/pause.*"));
    }

    @Test
    void sidecarReachesMainOnLocalhost() {
        ExecResult get = sharing.container("side").exec("wget", "-q", "-O", "-", "http://localhost:8080/index.html");

        assertThat(get.stdout()).isEqualTo("hello from app\n");
    }

    @Test
    void sidecarReachesMainOnLocalhostWhenNoOtherNamespaceIsShared() {
        ExecResult get = notSharing.container("side")
                .exec("wget", "-q", "-O", "-", "http://localhost:8080/index.html");

        assertThat(get.stdout()).isEqualTo("hello from app\n");
    }

    @Test
    void everyContainerHasThePodNameAsHostname() {
        assertThat(sharing.containers())
                .allSatisfy(c -> assertThat(c.exec("hostname").stdout().strip()).isEqualTo("ns-sharing"));
    }

    @Test
    void everyContainerHasTheHostnameTheSpecGives() {
        assertThat(notSharing.containers())
                .allSatisfy(c -> assertThat(c.exec("hostname").stdout().strip()).isEqualTo("custom-host"));
    }

    @Test
    void sharedMemoryWrittenInOneContainerIsVisibleInAnother() {
        sharing.container("side").exec("sh", "-c", "echo from side > /dev/shm/shared-by-side");

        ExecResult read = sharing.container("app").exec("cat", "/dev/shm/shared-by-side");

        assertThat(read.stdout()).isEqualTo("from side\n");
    }

    @Test
    void sharedMemoryIsPrivateToEachContainerWhenIpcNamespaceNotShared() {
        PodContainer side = notSharing.container("side");
        side.exec("sh", "-c", "echo from side > /dev/shm/kept-by-side");

        assertThat(side.exec("cat", "/dev/shm/kept-by-side").stdout()).isEqualTo("from side\n");
        assertThat(notSharing.container("app").exec("test", "-e", "/dev/shm/kept-by-side").exitCode())
                .as("exit code of 'test -e' in app: 1 when the file is missing").isEqualTo(1);
    }

    private static String ps(PodContainer container) {
        ExecResult ps = container.exec("ps", "-o", "pid,args");
        assertThat(ps.exitCode()).as("ps in %s: %s", container.name(), ps.stderr()).isZero();
        return ps.stdout();
    }
}
