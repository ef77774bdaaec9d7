package dev.sidecar.assertj;

import dev.sidecar.ContainerStatus;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One thing an assertion expects of a container's status, said once and checked three ways: on a snapshot
 * ({@link ContainerStatusAssert}), on a running container ({@link PodContainerAssert}) and awaited on its pod
 * ({@link AwaitingContainerAssert}).
 *
 * @param expected what is expected, to follow "Expecting container 'app'" ({@code "to be ready"})
 * @param test whether a status meets it
 * @param actual what a status that does not meet it was instead, to follow "but" ({@code "it was not ready"})
 * @param onlyWhileRunning whether it can only come true while the pod's phase is {@code RUNNING}: no container
 *     starts, runs or becomes ready in a pod that has ended, so an awaiting assertion stops waiting there
 */
record ContainerExpectation(String expected, Predicate<ContainerStatus> test, Function<ContainerStatus, String> actual,
        boolean onlyWhileRunning) {

    static ContainerExpectation running() {
        return new ContainerExpectation("to be running", ContainerStatus::running, s -> "it was " + state(s), true);
    }

    static ContainerExpectation waiting() {
        return new ContainerExpectation("to be waiting", s -> s.state() == ContainerStatus.State.WAITING,
                s -> "it was " + state(s), false);
    }

    static ContainerExpectation terminated() {
        return new ContainerExpectation("to have terminated", ContainerStatus::terminated, s -> "it was " + state(s),
                false);
    }

    static ContainerExpectation reason(String reason) {
        Objects.requireNonNull(reason, "reason");
        return new ContainerExpectation("to have reason '" + reason + "'", s -> reason.equals(s.reason()),
                s -> s.reason() == null ? "it had none (it was " + s.state() + ")"
                        : "its reason was '" + s.reason() + "'", false);
    }

    static ContainerExpectation ready() {
        return new ContainerExpectation("to be ready", ContainerStatus::ready, s -> "it was not ready", true);
    }

    static ContainerExpectation notReady() {
        return new ContainerExpectation("not to be ready", s -> !s.ready(), s -> "it was ready", false);
    }

    static ContainerExpectation started() {
        return new ContainerExpectation("to have started", ContainerStatus::started,
                s -> "it had not (it was " + state(s) + ")", true);
    }

    static ContainerExpectation restartCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("restart count must be 0 or more, was " + count);
        }
        return new ContainerExpectation("to have been restarted " + times(count), s -> s.restartCount() == count,
                s -> "it had been restarted " + times(s.restartCount()), false);
    }

    static ContainerExpectation exitCode(int code) {
        return new ContainerExpectation("to have exit code " + code,
                s -> s.lastExitCode().isPresent() && s.lastExitCode().getAsInt() == code,
                s -> s.lastExitCode().isEmpty() ? "it had none yet (it was " + state(s) + ")"
                        : "its exit code was " + s.lastExitCode().getAsInt(), false);
    }

    /** The state with its reason: {@code WAITING (CrashLoopBackOff)}. */
    private static String state(ContainerStatus s) {
        return s.state() + (s.reason() == null ? "" : " (" + s.reason() + ")");
    }

    private static String times(int n) {
        return n + (n == 1 ? " time" : " times");
    }
}
