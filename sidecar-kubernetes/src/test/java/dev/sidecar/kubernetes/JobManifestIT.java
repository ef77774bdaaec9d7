package dev.sidecar.kubernetes;

import static dev.sidecar.test.TestImages.BUSYBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.docker.DockerPodRuntime;
import dev.sidecar.junit.ContainerRef;
import dev.sidecar.junit.SidecarPod;
import dev.sidecar.test.EngineObjects;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Job of the corpus: its main container runs once to exit code 0 while its native sidecar ships the log; then
 * the sidecar is stopped and the pod succeeds, as a Job's pod does.
 */
class JobManifestIT {

    @SidecarPod
    static final PodSpec REPORT = KubernetesManifests.load("k8s/corpus/job-with-sidecar.yaml")
            .workload("Job", "nightly-report")
            .image("busybox:1.36", BUSYBOX)
            .toPodSpec()
            // tail as PID 1 ignores SIGTERM: once the Job's container has ended, the sidecar is stopped by SIGKILL
            // after this grace period, time enough to ship the last lines.
            .toBuilder().terminationGracePeriod(Duration.ofSeconds(3)).build();

    @Test
    void thePodSucceedsOnceTheJobsContainerEndsWithExitCodeZeroAndTheSidecarIsStopped(Pod pod) {
        PodStatus succeeded = pod.awaitStatus(s -> s.phase() == PodStatus.Phase.SUCCEEDED, Duration.ofSeconds(30));
        PodStatus stopped = pod.awaitStatus(s -> s.container("log-forwarder").terminated(), Duration.ofSeconds(30));

        assertThat(succeeded.container("report").exitCode()).isZero();
        assertThat(succeeded.container("report").restartCount()).isZero();
        assertThat(stopped.phase()).isEqualTo(PodStatus.Phase.SUCCEEDED);
        assertThat(stopped.container("log-forwarder").restartCount()).isZero();
    }

    @Test
    void theSidecarShipsEveryLineOfTheReport(@ContainerRef("log-forwarder") PodContainer forwarder) {
        forwarder.awaitLog("^report done$", Duration.ofSeconds(30));

        assertThat(forwarder.logs().lines().filter(l -> l.startsWith("report line"))).containsExactly(
                "report line 1", "report line 2", "report line 3", "report line 4", "report line 5");
    }

    @Test
    void aManifestThatIsRefusedCreatesNothing() {
        String bad = """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: refused-job}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: main
                          image: %s
                          volumeDevices: [{name: disk, devicePath: /dev/xvda}]
                """.formatted(BUSYBOX);
        try (DockerPodRuntime runtime = DockerPodRuntime.create()) {
            assertThatThrownBy(() -> runtime.start(KubernetesManifests.parse(bad).workload().toPodSpec()).close())
                    .isInstanceOf(ManifestException.class).hasMessageContaining("volumeDevices");
        }
        assertThat(EngineObjects.containersOfPod("refused-job")).isEmpty();
        assertThat(EngineObjects.volumesOfPod("refused-job")).isEmpty();
    }
}
