package dev.sidecar.kubernetes.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.Endpoint;
import dev.sidecar.ExecResult;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.Signal;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a running container answers through the API server: exec, logs and signals, with the mock server answering
 * as a kubelet would (CRUD mode has no kubelet behind {@code pods/exec}, {@code pods/log} and
 * {@code pods/portforward}). File copies (fabric8 streams a tar through {@code sh} in the container) need a real
 * kubelet and are not tested here.
 */
class ContainerApiTest {

    private MockCluster cluster;
    private KubernetesPodRuntime runtime;
    private Pod pod;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        runtime = cluster.runtime().build();
        pod = runtime.start(KubernetesPodRuntimeTest.WEB);
    }

    @AfterEach
    void stop() {
        runtime.close();
        cluster.close();
    }

    private String podName() {
        return "web-" + pod.instanceId();
    }

    @Test
    void execAnswersTheCommandsOutputAndExitCodeWithSecretsMasked() {
        cluster.exec(podName(), "proxy", List.of("sh", "-c", "echo $TOKEN; exit 3"), "t0ps3cret\n", "oops\n", 3);

        ExecResult r = pod.container("proxy").exec("sh", "-c", "echo $TOKEN; exit 3");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("*****\n");
        assertThat(r.stderr()).isEqualTo("oops\n");
    }

    @Test
    void anExecWhoseStreamEndsWithoutAnExitStatusIsAnErrorNotAnExitCode() {
        cluster.execWithoutStatus(podName(), "app", List.of("sleep", "1"));

        assertThatThrownBy(() -> pod.main().exec("sleep", "1"))
                .isInstanceOf(dev.sidecar.SidecarException.class)
                .hasMessageContaining("ended without an exit status");
    }

    @Test
    void signalRunsKillInTheContainerAgainstItsFirstProcess() throws Exception {
        cluster.exec(podName(), "app", List.of("kill", "-s", "HUP", "1"), "", "", 0);

        pod.container("app").signal(Signal.SIGHUP);

        assertThat(cluster.runtimeRequests()).anySatisfy(r -> assertThat(r.getPath())
                .contains("/pods/" + podName() + "/exec?command=kill&command=-s&command=HUP&command=1"));
    }

    @Test
    void aSignalTheContainerCannotSendIsAnErrorWithKillsMessage() {
        cluster.exec(podName(), "app", List.of("kill", "-s", "USR1", "1"), "",
                "exec: \"kill\": executable file not found in $PATH\n", 126);

        assertThatThrownBy(() -> pod.container("app").signal(Signal.SIGUSR1))
                .hasMessageContaining("sending SIGUSR1 to container 'app' of pod 'web' failed")
                .hasMessageContaining("executable file not found");
    }

    @Test
    void signalIsRefusedWhenThePodSharesItsProcessNamespace() {
        Pod shared = runtime.start(KubernetesPodRuntimeTest.WEB.toBuilder().shareProcessNamespace(true).build());

        assertThatThrownBy(() -> shared.main().signal(Signal.SIGHUP))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("shares its process namespace");
    }

    @Test
    void logTailAndLogsReadThePodsLogAndMaskSecrets() {
        cluster.log(podName(), "proxy", 2, "listening on 8443\ntoken t0ps3cret accepted\n");
        cluster.log(podName(), "proxy", 0, "starting\nlistening on 8443\ntoken t0ps3cret accepted\n");
        PodContainer proxy = pod.container("proxy");

        assertThat(proxy.logTail(2)).containsExactly("listening on 8443", "token ***** accepted");
        assertThat(proxy.logs()).isEqualTo("starting\nlistening on 8443\ntoken ***** accepted\n");
    }

    @Test
    void logsOfOneStreamAreRefusedForTheLogApiInterleavesThem() {
        assertThatThrownBy(() -> pod.main().logs(PodContainer.OutputType.STDERR))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("pods/log");
    }

    @Test
    void awaitLogFollowsTheLogUntilALineMatches() {
        cluster.followedLog(podName(), "app", "booting\nlistening on :8080\n");

        assertThat(pod.main().awaitLog("listening on :\\d+", Duration.ofSeconds(10)))
                .isEqualTo("listening on :8080");
    }

    @Test
    void awaitLogTimesOutWithTheLastLines() {
        cluster.followedLog(podName(), "app", "booting\nstill booting\n");

        assertThatThrownBy(() -> pod.main().awaitLog("ready", Duration.ofMillis(500)))
                .isInstanceOf(PodTimeoutException.class).hasMessageContaining("within PT0.5S")
                .hasMessageContaining("| still booting");
    }

    @Test
    void awaitLogOfALogTheApiServerRefusesFailsWithItsMessageInsteadOfReadingItAsALine() {
        cluster.followedLog(podName(), "app", 403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"pods \\\"" + podName() + "\\\" is forbidden: User \\\"ci\\\" cannot get resource "
                + "\\\"pods/log\\\"\",\"reason\":\"Forbidden\",\"code\":403}");

        assertThatThrownBy(() -> pod.main().awaitLog("forbidden", Duration.ofSeconds(10)))
                .as("missing rights are named as for every other call: the Role")
                .isInstanceOf(KubernetesUnavailableException.class)
                .hasMessageContaining("refused to follow the log of container 'app'")
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("cannot get resource")
                .hasMessageContaining("the Role in the README, Running on Kubernetes");
    }

    @Test
    void anEndpointIsALoopbackPortForwardedThroughTheApiServerAndReusedUntilThePodCloses() throws Exception {
        cluster.portForward(podName(), 8080, "HTTP/1.0 200 OK\r\n\r\nhi");

        Endpoint endpoint = pod.endpoint("app", 8080);

        assertThat(java.net.InetAddress.getByName(endpoint.host()).isLoopbackAddress()).isTrue();
        assertThat(pod.endpoint("app", 8080)).isEqualTo(endpoint);
        try (Socket socket = new Socket(endpoint.host(), endpoint.port())) {
            socket.setSoTimeout(10_000);
            // The mock only speaks (it closes on a message it does not expect): the test reads what the pod sends.
            byte[] answer = socket.getInputStream().readAllBytes();
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.0 200 OK\r\n\r\nhi");
        }
        pod.close();
        assertThatThrownBy(() -> new Socket(endpoint.host(), endpoint.port()).close())
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void anEndpointOfAPortTheContainerDoesNotDeclareIsRefusedBeforeAnyForward() {
        assertThatThrownBy(() -> pod.endpoint("app", 9999)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("does not declare port 9999 (declares: [8080])");
    }
}
