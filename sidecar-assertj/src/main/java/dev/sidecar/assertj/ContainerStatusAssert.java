package dev.sidecar.assertj;

import dev.sidecar.ContainerStatus;
import dev.sidecar.PodContainer;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a snapshot of one container ({@link ContainerStatus}, Kubernetes' {@code containerStatuses}): the
 * same as {@link PodContainerAssert}'s, on a status taken before (for instance the last one of a closed pod). A
 * failure shows the status; a snapshot has no log lines.
 *
 * <pre>{@code
 * assertThat(pod.status()).container("app").isTerminated().hasReason("Completed").hasExitCode(0);
 * }</pre>
 */
public class ContainerStatusAssert extends AbstractAssert<ContainerStatusAssert, ContainerStatus> {

    private final String podName;

    /** Creates the assertion; {@link SidecarAssertions#assertThat(ContainerStatus)} is the usual way in. */
    public ContainerStatusAssert(ContainerStatus actual) {
        this(actual, null);
    }

    /** From a pod's status: messages name the pod. */
    ContainerStatusAssert(ContainerStatus actual, String podName) {
        super(actual, ContainerStatusAssert.class);
        this.podName = podName;
    }

    /** The container's process ran (state {@code running}). */
    public ContainerStatusAssert isRunning() {
        return check(ContainerExpectation.running());
    }

    /** The container waited: created and not running yet, or waiting to be restarted (state {@code waiting}). */
    public ContainerStatusAssert isWaiting() {
        return check(ContainerExpectation.waiting());
    }

    /** The container's process had exited (state {@code terminated}). */
    public ContainerStatusAssert isTerminated() {
        return check(ContainerExpectation.terminated());
    }

    /**
     * The container waited or terminated for {@code reason}, as Kubernetes says it: {@code Completed},
     * {@code Error}, {@code OOMKilled}, {@code CrashLoopBackOff}, {@code ContainerCreating}.
     */
    public ContainerStatusAssert hasReason(String reason) {
        return check(ContainerExpectation.reason(reason));
    }

    /** The container was ready. */
    public ContainerStatusAssert isReady() {
        return check(ContainerExpectation.ready());
    }

    /** The container was not ready. */
    public ContainerStatusAssert isNotReady() {
        return check(ContainerExpectation.notReady());
    }

    /** The container had started (Kubernetes' {@code started}). */
    public ContainerStatusAssert hasStarted() {
        return check(ContainerExpectation.started());
    }

    /** The container had been restarted exactly {@code count} times ({@code restartCount}). */
    public ContainerStatusAssert hasRestartCount(int count) {
        return check(ContainerExpectation.restartCount(count));
    }

    /** The container's last run had ended with {@code code}. */
    public ContainerStatusAssert hasExitCode(int code) {
        return check(ContainerExpectation.exitCode(code));
    }

    private ContainerStatusAssert check(ContainerExpectation expectation) {
        isNotNull();
        if (!expectation.test().test(actual)) {
            failWithMessage("%s", FailureText.expecting(FailureText.container(podName, actual.name()),
                    expectation.expected(), expectation.actual().apply(actual))
                    + FailureText.details(actual, (PodContainer) null));
        }
        return myself;
    }
}
