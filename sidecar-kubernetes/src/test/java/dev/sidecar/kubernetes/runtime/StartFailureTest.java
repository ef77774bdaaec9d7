package dev.sidecar.kubernetes.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.RestartPolicy;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each reason Kubernetes gives for a pod that cannot start ends the start at once with a {@link PodStartException}
 * naming the container, the reason and Kubernetes' message, and leaves nothing behind.
 */
class StartFailureTest {

    private static final PodSpec WEB = KubernetesPodRuntimeTest.WEB;

    private MockCluster cluster;
    private KubernetesPodRuntime runtime;

    @BeforeEach
    void startCluster() {
        cluster = new MockCluster();
        runtime = cluster.runtime().startupTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stopCluster() {
        runtime.close();
        cluster.close();
    }

    @Test
    void anImageThatCannotBePulledIsErrImagePull() {
        cluster.kubelet.container("app", new KubeletSimulator.PullFails("ErrImagePull",
                "failed to pull image \"my/app:1\": not found"));

        PodStartException e = startFails(WEB);

        assertThat(e.containerName()).contains("app");
        assertThat(e).hasMessageContaining("container 'app' ErrImagePull: failed to pull image \"my/app:1\": "
                + "not found");
        assertNothingLeft();
    }

    @Test
    void anImagePullInBackOffIsImagePullBackOff() {
        cluster.kubelet.container("proxy", new KubeletSimulator.PullFails("ImagePullBackOff",
                "Back-off pulling image \"my/proxy:1\""));

        PodStartException e = startFails(WEB);

        assertThat(e.containerName()).contains("proxy");
        assertThat(e).hasMessageContaining("container 'proxy' ImagePullBackOff: Back-off pulling image \"my/proxy:1\"");
        assertNothingLeft();
    }

    @Test
    void aMainThatKeepsCrashingIsCrashLoopBackOffWithItsLastLogLines() {
        cluster.kubelet.container("app", new KubeletSimulator.CrashLoops(3));
        cluster.kubelet.onNewPod(p -> cluster.logs(p.getMetadata().getName(), "app", true,
                "starting\nconfig error: no database URL (token t0ps3cret)\n"));

        PodStartException e = startFails(WEB);

        assertThat(e.containerName()).contains("app");
        assertThat(e).hasMessageContaining("container 'app' CrashLoopBackOff: back-off 10s restarting failed "
                + "container=app");
        // The secret env value is masked, as in every line the library hands out.
        assertThat(e.lastLogLines()).containsExactly("starting", "config error: no database URL (token *****)");
        assertNothingLeft();
    }

    @Test
    void anInitContainerThatExitsNonZeroIsNamedWithItsExitCodeAndLogLines() {
        cluster.kubelet.container("prepare", new KubeletSimulator.Exits(2));
        cluster.kubelet.onNewPod(p -> cluster.logs(p.getMetadata().getName(), "prepare", false,
                "cp: can't stat '/seed': No such file or directory\n"));

        PodStartException e = startFails(WEB);

        assertThat(e.containerName()).contains("prepare");
        assertThat(e).hasMessageContaining("container 'prepare' Error: init container exited with code 2");
        assertThat(e.lastLogLines()).containsExactly("cp: can't stat '/seed': No such file or directory");
        assertNothingLeft();
    }

    @Test
    void aMissingSecretOrConfigMapIsCreateContainerConfigError() {
        cluster.kubelet.container("app", new KubeletSimulator.ConfigError("secret \"db\" not found"));

        PodStartException e = startFails(WEB);

        assertThat(e).hasMessageContaining("container 'app' CreateContainerConfigError: secret \"db\" not found");
        assertNothingLeft();
    }

    @Test
    void aPodNoNodeCanTakeIsUnschedulableWithTheSchedulersMessage() {
        cluster.kubelet.unschedulable("0/3 nodes are available: 3 Insufficient memory.");

        PodStartException e = startFails(WEB);

        assertThat(e.containerName()).isEmpty();
        assertThat(e).hasMessageContaining("could not start: Unschedulable: 0/3 nodes are available: 3 "
                + "Insufficient memory.");
        assertNothingLeft();
    }

    @Test
    void aPodThatIsNotReadyInTimeNamesTheContainersNotReady() {
        cluster.kubelet.container("app", new KubeletSimulator.NeverReady());
        KubernetesPodRuntime quick = cluster.runtime().startupTimeout(Duration.ofSeconds(2)).build();

        PodStartException e = catchThrowableOfType(PodStartException.class, () -> quick.start(WEB));

        assertThat(e).hasMessageContaining("was not ready within PT2S")
                .hasMessageContaining("container 'app' running, not ready");
        assertNothingLeft();
        quick.close();
    }

    @Test
    void aPodThatIsNotReadyInTimeSaysWhyTheKubeletsProbeFailed() {
        cluster.kubelet.container("app", new KubeletSimulator.NeverReady(
                "Get \"http://10.1.2.3:8080/\": dial tcp 10.1.2.3:8080: connect: connection refused"));
        KubernetesPodRuntime quick = cluster.runtime().startupTimeout(Duration.ofSeconds(2)).build();

        PodStartException e = catchThrowableOfType(PodStartException.class, () -> quick.start(WEB));

        assertThat(e).hasMessageContaining("container 'app' running, not ready; the kubelet's last probe failure of "
                + "container 'app': Readiness probe failed: Get \"http://10.1.2.3:8080/\": dial tcp 10.1.2.3:8080: "
                + "connect: connection refused");
        assertNothingLeft();
        quick.close();
    }

    @Test
    void aMainThatFailsInAPodNotRestartedFailsThePod() {
        PodSpec once = WEB.toBuilder().restartPolicy(RestartPolicy.NEVER)
                .main(ContainerSpec.builder("app", "my/app:1").build()).build();
        cluster.kubelet.container("prepare", new KubeletSimulator.Exits(1));

        PodStartException e = startFails(once);

        assertThat(e.containerName()).contains("prepare");
        assertThat(e).hasMessageContaining("exited with code 1");
        assertNothingLeft();
    }

    @Test
    void aPodTheApiServerRefusesIsAPodStartExceptionWithTheServersMessage() {
        cluster.server.expect().post().withPath("/api/v1/namespaces/tests/pods").andReturn(403, status(403,
                "Forbidden", "pods \"web-1\" is forbidden: violates PodSecurity \"restricted:latest\": "
                        + "privileged (container \"app\" must not set securityContext.privileged=true)")).once();

        PodStartException e = startFails(WEB);

        assertThat(e).hasMessageContaining("refused to create Pod").hasMessageContaining("(HTTP 403): pods \"web-1\" "
                + "is forbidden: violates PodSecurity \"restricted:latest\"");
        assertNothingLeft();
    }

    @Test
    void rightsTheRuntimeLacksAreKubernetesUnavailableNamingTheRole() {
        cluster.server.expect().post().withPath("/api/v1/namespaces/tests/secrets").andReturn(403, status(403,
                "Forbidden", "secrets is forbidden: User \"system:serviceaccount:ci:runner\" cannot create "
                        + "resource \"secrets\" in API group \"\" in the namespace \"tests\"")).once();

        KubernetesUnavailableException e = catchThrowableOfType(KubernetesUnavailableException.class,
                () -> runtime.start(WEB));

        assertThat(e).hasMessageContaining("refused to create Secret tests/web-env-")
                .hasMessageContaining("the Role in the README, Running on Kubernetes");
        assertNothingLeft();
    }

    private static io.fabric8.kubernetes.api.model.Status status(int code, String reason, String message) {
        return new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure").withCode(code)
                .withReason(reason).withMessage(message).build();
    }

    private PodStartException startFails(PodSpec spec) {
        PodStartException e = catchThrowableOfType(PodStartException.class, () -> runtime.start(spec));
        assertThat(e).as("the start's exception").isNotNull();
        assertThat(e).hasMessageContaining("pod 'web' (Pod tests/web-").hasMessageNotContaining("t0ps3cret");
        return e;
    }

    private void assertNothingLeft() {
        assertThat(cluster.client.pods().inNamespace(MockCluster.NAMESPACE).list().getItems()).isEmpty();
        assertThat(cluster.client.configMaps().inNamespace(MockCluster.NAMESPACE).list().getItems()).isEmpty();
        assertThat(cluster.client.secrets().inNamespace(MockCluster.NAMESPACE).list().getItems()).isEmpty();
    }
}
