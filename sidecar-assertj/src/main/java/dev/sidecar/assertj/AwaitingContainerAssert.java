package dev.sidecar.assertj;

import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodStatus;
import dev.sidecar.PodStatus.Phase;
import dev.sidecar.PodTimeoutException;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * {@link PodContainerAssert}'s assertions on one container of a pod, each waiting until its condition holds, all
 * within the time given to {@link PodAssert#eventually}. Status conditions wait with {@link Pod#awaitStatus}, log
 * lines with {@link PodContainer#awaitLog}: no sleeping, and no wait past the deadline. A container cannot start,
 * run or become ready once its pod has ended or closed, so those conditions fail at once there. A failure shows the
 * container's last status and last log lines. (The methods inherited from {@link AbstractAssert}, such as
 * {@code isEqualTo}, check the pod at once.)
 */
public class AwaitingContainerAssert extends AbstractAssert<AwaitingContainerAssert, Pod> {

    private final String name;
    private final Deadline deadline;

    AwaitingContainerAssert(Pod pod, String name, Deadline deadline) {
        super(pod, AwaitingContainerAssert.class);
        this.name = name;
        this.deadline = deadline;
    }

    /** The container's process runs, in time. */
    public AwaitingContainerAssert isRunning() {
        return await(ContainerExpectation.running());
    }

    /** The container waits (created and not running yet, or waiting to be restarted), in time. */
    public AwaitingContainerAssert isWaiting() {
        return await(ContainerExpectation.waiting());
    }

    /** The container's process exits, in time. */
    public AwaitingContainerAssert isTerminated() {
        return await(ContainerExpectation.terminated());
    }

    /**
     * The container waits or terminates for {@code reason} in time, as Kubernetes says it: {@code Completed},
     * {@code Error}, {@code OOMKilled}, {@code CrashLoopBackOff}.
     */
    public AwaitingContainerAssert hasReason(String reason) {
        return await(ContainerExpectation.reason(reason));
    }

    /** The container becomes ready in time. */
    public AwaitingContainerAssert isReady() {
        return await(ContainerExpectation.ready());
    }

    /** The container becomes not ready in time (its readiness probe fails, or it stops). */
    public AwaitingContainerAssert isNotReady() {
        return await(ContainerExpectation.notReady());
    }

    /** The container has started in time (Kubernetes' {@code started}). */
    public AwaitingContainerAssert hasStarted() {
        return await(ContainerExpectation.started());
    }

    /** The container's restart count reaches exactly {@code count} in time. */
    public AwaitingContainerAssert hasRestartCount(int count) {
        return await(ContainerExpectation.restartCount(count));
    }

    /** The container's last run ends with {@code code} in time. */
    public AwaitingContainerAssert hasExitCode(int code) {
        return await(ContainerExpectation.exitCode(code));
    }

    /**
     * A line of the container's output (both streams, from its first start on) matches {@code regex} (searched, not
     * matched whole) in time.
     *
     * @throws IllegalArgumentException when {@code regex} is invalid
     * @throws IllegalStateException when the pod is closed (its output is gone)
     */
    public AwaitingContainerAssert hasLogLineMatching(String regex) {
        PodContainerAssert.compile(regex);
        isNotNull();
        PodContainer container = actual.container(name);
        try {
            container.awaitLog(regex, deadline.remaining());
        } catch (PodTimeoutException timedOut) {
            failWithMessage("%s", FailureText.expecting(subject(), "to have a log line matching '" + regex
                    + "' within " + deadline.timeout(), "none did when the time ran out")
                    + FailureText.details(container.status(), container));
        }
        return myself;
    }

    private AwaitingContainerAssert await(ContainerExpectation expectation) {
        isNotNull();
        Predicate<PodStatus> hopeless = status -> Awaits.closed(status)
                || (expectation.onlyWhileRunning() && status.phase() != Phase.RUNNING);
        String failure = Awaits.failure(actual, deadline, status -> expectation.test().test(status.container(name)),
                hopeless, subject(), expectation.expected(),
                status -> expectation.actual().apply(status.container(name)),
                status -> "\n" + FailureText.pod(actual.name()) + ": " + status.phase()
                        + FailureText.details(status.container(name), actual));
        if (failure != null) {
            failWithMessage("%s", failure);
        }
        return myself;
    }

    private String subject() {
        return FailureText.container(actual.name(), name);
    }
}
