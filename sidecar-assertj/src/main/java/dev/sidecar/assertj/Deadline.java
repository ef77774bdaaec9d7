package dev.sidecar.assertj;

import java.time.Duration;
import java.util.Objects;

/**
 * When a chain of awaiting assertions must be done: one deadline for the whole chain, so that
 * {@code eventually(10 s)} bounds all of it.
 *
 * @param timeout the time given, for messages
 * @param nanos the deadline on {@link System#nanoTime()}'s clock
 */
record Deadline(Duration timeout, long nanos) {

    /** Awaits take at least this long, so that a chain whose time is up still checks once. */
    private static final Duration LEAST = Duration.ofMillis(1);

    static Deadline in(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return new Deadline(timeout, System.nanoTime() + timeout.toNanos());
    }

    /** What is left of the time, and at least {@link #LEAST}. */
    Duration remaining() {
        Duration left = Duration.ofNanos(nanos - System.nanoTime());
        return left.compareTo(LEAST) < 0 ? LEAST : left;
    }
}
