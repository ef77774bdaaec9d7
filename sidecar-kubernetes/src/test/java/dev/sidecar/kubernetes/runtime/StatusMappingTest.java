package dev.sidecar.kubernetes.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerStatus;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Kubernetes Pod's status as the library's: phase, each container's state, readiness, restarts, exit codes. */
class StatusMappingTest {

    private static final PodSpec WEB = KubernetesPodRuntimeTest.WEB;

    private static Pod pod(String phase, List<io.fabric8.kubernetes.api.model.ContainerStatus> init,
            List<io.fabric8.kubernetes.api.model.ContainerStatus> containers) {
        return new PodBuilder().withNewMetadata().withName("web-1").endMetadata().withNewStatus().withPhase(phase)
                .withInitContainerStatuses(init).withContainerStatuses(containers).endStatus().build();
    }

    private static io.fabric8.kubernetes.api.model.ContainerStatus running(String name, boolean ready, int restarts) {
        return new ContainerStatusBuilder().withName(name).withReady(ready).withStarted(true)
                .withRestartCount(restarts).withState(new ContainerStateBuilder().withNewRunning()
                        .withStartedAt("2026-11-29T10:00:00Z").endRunning().build())
                .withLastState(restarts == 0 ? null : new ContainerStateBuilder().withNewTerminated().withExitCode(137)
                        .withReason("OOMKilled").endTerminated().build())
                .build();
    }

    @Test
    void aRunningPodsSidecarsComeFromTheInitContainerStatusesInStartOrder() {
        Pod pod = pod("Running", List.of(new ContainerStatusBuilder().withName("prepare").withState(
                new ContainerStateBuilder().withNewTerminated().withExitCode(0).withReason("Completed")
                        .endTerminated().build()).build(), running("proxy", true, 0)),
                List.of(running("app", true, 0)));

        PodStatus status = StatusMapping.map(WEB, pod, null);

        assertThat(status.phase()).isEqualTo(PodStatus.Phase.RUNNING);
        assertThat(status.containers()).extracting(ContainerStatus::name).containsExactly("proxy", "app");
        assertThat(status.allReady()).isTrue();
        assertThat(status.container("app").startedAt()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
    }

    @Test
    void aRestartedContainerKeepsItsRestartCountAndTheLastRunsExitCode() {
        Pod pod = pod("Running", List.of(running("proxy", true, 0)), List.of(running("app", false, 2)));

        ContainerStatus app = StatusMapping.map(WEB, pod, null).container("app");

        assertThat(app.running()).isTrue();
        assertThat(app.ready()).isFalse();
        assertThat(app.restartCount()).isEqualTo(2);
        assertThat(app.exitCode()).isEqualTo(137);
    }

    @Test
    void aCrashLoopingContainerWaitsWithItsReasonAndLastExitCode() {
        var crashing = new ContainerStatusBuilder().withName("app").withRestartCount(3).withReady(false)
                .withState(new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff").endWaiting()
                        .build())
                .withLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(1).withReason("Error")
                        .withStartedAt("2026-11-29T10:00:00Z").withFinishedAt("2026-11-29T10:00:01Z")
                        .endTerminated().build())
                .build();

        ContainerStatus app = StatusMapping.map(WEB, pod("Running", List.of(running("proxy", true, 0)),
                List.of(crashing)), null).container("app");

        assertThat(app.state()).isEqualTo(ContainerStatus.State.WAITING);
        assertThat(app.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(app.exitCode()).isEqualTo(1);
        assertThat(app.started()).isTrue();
        assertThat(app.finishedAt()).isEqualTo(Instant.parse("2026-11-29T10:00:01Z"));
    }

    @Test
    void aPodWhoseMainsEndedIsSucceededOrFailedWithTheExitCodes() {
        var ended = new ContainerStatusBuilder().withName("app").withState(new ContainerStateBuilder()
                .withNewTerminated().withExitCode(2).withReason("Error").endTerminated().build()).build();

        PodStatus status = StatusMapping.map(WEB, pod("Failed", List.of(), List.of(ended)), null);

        assertThat(status.phase()).isEqualTo(PodStatus.Phase.FAILED);
        assertThat(status.container("app").terminated()).isTrue();
        assertThat(status.container("app").lastExitCode()).hasValue(2);
        assertThat(StatusMapping.phase(pod("Succeeded", List.of(), List.of()))).isEqualTo(PodStatus.Phase.SUCCEEDED);
    }

    @Test
    void aPodBeingDeletedIsTerminatingAndOneLostWithItsNodeIsBroken() {
        Pod deleting = pod("Running", List.of(), List.of());
        deleting.getMetadata().setDeletionTimestamp("2026-11-29T10:00:00Z");

        assertThat(StatusMapping.phase(deleting)).isEqualTo(PodStatus.Phase.TERMINATING);
        assertThat(StatusMapping.phase(pod("Unknown", List.of(), List.of()))).isEqualTo(PodStatus.Phase.BROKEN);
    }

    @Test
    void aPodDeletedBySomeoneElseIsBrokenWithItsContainersLastStatus() {
        PodStatus before = StatusMapping.map(WEB, pod("Running", List.of(running("proxy", true, 0)),
                List.of(running("app", true, 0))), null);

        PodStatus gone = StatusMapping.map(WEB, null, before);

        assertThat(gone.phase()).isEqualTo(PodStatus.Phase.BROKEN);
        assertThat(gone.reason()).isEqualTo("Deleted");
        assertThat(gone.containers()).isEqualTo(before.containers());
    }

    @Test
    void aContainerTheKubeletHasNotReportedYetWaits() {
        ContainerStatus app = StatusMapping.map(WEB, pod("Pending", List.of(), List.of()), null).container("app");

        assertThat(app.state()).isEqualTo(ContainerStatus.State.WAITING);
        assertThat(app.exitCode()).isEqualTo(-1);
        assertThat(app.started()).isFalse();
    }
}
