package dev.sidecar.assertj;

import dev.sidecar.ContainerStatus;
import dev.sidecar.ExecResult;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodStatus;

/**
 * The entry point for AssertJ assertions on pods: {@code import static dev.sidecar.assertj.SidecarAssertions.assertThat;}
 * beside AssertJ's own {@code assertThat}, which it overloads.
 *
 * <pre>{@code
 * assertThat(pod).isRunning().container("envoy").isReady().hasRestartCount(0);
 * assertThat(pod).container("app").logs().contains("ready");
 * assertThat(pod).eventually(Duration.ofSeconds(10)).hasPhase(PodStatus.Phase.SUCCEEDED);
 * }</pre>
 *
 * <p>A failure says what was expected and what was found, then the status of the containers concerned (Kubernetes'
 * {@code containerStatuses}) and, for a running pod or container, their last {@value #FAILURE_LOG_LINES} log lines
 * (secret values masked by the runtime).
 */
public final class SidecarAssertions {

    /** How many of a container's last log lines a failure message shows. */
    public static final int FAILURE_LOG_LINES = 20;

    private SidecarAssertions() {
    }

    /** Assertions on a running pod, each on a fresh status; {@link PodAssert#eventually} waits for them. */
    public static PodAssert assertThat(Pod actual) {
        return new PodAssert(actual);
    }

    /** Assertions on one running container of a pod, each on a fresh status, and on its logs. */
    public static PodContainerAssert assertThat(PodContainer actual) {
        return new PodContainerAssert(actual);
    }

    /** Assertions on a snapshot of a pod. */
    public static PodStatusAssert assertThat(PodStatus actual) {
        return new PodStatusAssert(actual);
    }

    /** Assertions on a snapshot of one container. */
    public static ContainerStatusAssert assertThat(ContainerStatus actual) {
        return new ContainerStatusAssert(actual);
    }

    /** Assertions on what a command run in a container returned. */
    public static ExecResultAssert assertThat(ExecResult actual) {
        return new ExecResultAssert(actual);
    }
}
