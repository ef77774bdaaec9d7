package dev.sidecar.test.property;

import java.util.random.RandomGenerator;

/**
 * A range of longs as choices: choice 0 is {@code origin}, then the values alternate above and below it, nearer
 * first, and go on to one side once the other ends. So a smaller choice is always a value nearer the origin.
 */
final class Range {

    private final long min;
    private final long max;
    private final long origin;
    /** How far both sides reach from the origin. */
    private final long common;

    Range(long min, long max, long origin) {
        if (min > max || origin < min || origin > max || max - min < 0) {
            throw new IllegalArgumentException("no range " + min + ".." + max + " around " + origin);
        }
        this.min = min;
        this.max = max;
        this.origin = origin;
        this.common = Math.min(max - origin, origin - min);
    }

    /** The value of {@code choice}. */
    long value(long choice) {
        if (choice <= 2 * common) {
            return choice % 2 == 1 ? origin + (choice + 1) / 2 : origin - choice / 2;
        }
        long beyond = choice - common;
        return max - origin > common ? origin + beyond : origin - beyond;
    }

    /** The choice of {@code value}. */
    long choice(long value) {
        long d = value - origin;
        if (Math.abs(d) <= common) {
            return d > 0 ? 2 * d - 1 : -2 * d;
        }
        return Math.abs(d) + common;
    }

    /** A random choice: one at an edge (the ends, the origin and its neighbours) one time in eight, else uniform. */
    long pick(RandomGenerator random) {
        long value;
        if (random.nextInt(8) == 0) {
            long[] edges = {min, max, origin, Math.min(max, origin + 1), Math.max(min, origin - 1)};
            value = edges[random.nextInt(edges.length)];
        } else {
            value = min + (max - min == Long.MAX_VALUE ? random.nextLong() & Long.MAX_VALUE
                    : random.nextLong(max - min + 1));
        }
        return choice(value);
    }
}
