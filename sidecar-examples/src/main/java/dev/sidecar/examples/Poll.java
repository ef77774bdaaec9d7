package dev.sidecar.examples;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling: asks again every {@link #INTERVAL} until an answer is good or the time is up. Never a bare sleep. */
final class Poll {

    /** How long it waits between two tries. */
    static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {
    }

    /**
     * Calls {@code probe} until {@code good} accepts its answer and returns that answer. An exception thrown by
     * {@code probe} counts as a bad answer (the thing asked may not be up yet).
     *
     * @throws IllegalStateException naming {@code what}, the last answer and the last exception when no answer was
     *     good within {@code timeout}
     */
    static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> good) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (good.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                IllegalStateException timedOut = new IllegalStateException("waited " + timeout.toMillis()
                        + " ms for " + what + "; last answer: " + last
                        + (lastError == null ? "" : "; last error: " + lastError));
                if (lastError != null) {
                    timedOut.initCause(lastError);
                }
                throw timedOut;
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
