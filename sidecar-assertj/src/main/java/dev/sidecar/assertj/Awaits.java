package dev.sidecar.assertj;

import dev.sidecar.Pod;
import dev.sidecar.PodStatus;
import dev.sidecar.PodStatus.Phase;
import dev.sidecar.PodTimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/** The one wait of every awaiting assertion on a status: {@link Pod#awaitStatus}, bounded by the chain's deadline. */
final class Awaits {

    private Awaits() {
    }

    /**
     * Waits until {@code test} holds for the pod's status, or {@code hopeless} says it never will, or the deadline
     * passes.
     *
     * @return {@code null} when it holds; otherwise the failure's text: what was expected, what the last status was
     *     and why the wait ended, then {@code details} of that status
     */
    static String failure(Pod pod, Deadline deadline, Predicate<PodStatus> test, Predicate<PodStatus> hopeless,
            String subject, String expected, Function<PodStatus, String> actual,
            Function<PodStatus, String> details) {
        PodStatus last;
        String ended;
        try {
            last = pod.awaitStatus(test.or(hopeless), deadline.remaining());
            ended = ", and never will be: the pod is " + last.phase();
        } catch (PodTimeoutException timedOut) {
            last = pod.status();
            ended = " when the time ran out";
        }
        if (test.test(last)) {
            return null;
        }
        return FailureText.expecting(subject, expected + " within " + deadline.timeout(), actual.apply(last) + ended)
                + details.apply(last);
    }

    /** Whether {@code status} shows the pod closed: nothing about it changes any more. */
    static boolean closed(PodStatus status) {
        return status.phase() == Phase.CLOSED;
    }
}
