package dev.sidecar.test.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * The choices one try is made of: every value a generator makes comes from a sequence of numbers, each from 0 to a
 * bound, where 0 stands for the simplest value (the first alternative, the shortest list, the number nearest zero).
 * While a property runs, the numbers come from the try's random generator and are recorded; while a failure shrinks,
 * a changed record is replayed, and a generator asking for more numbers than it holds gets zeros. So a shrunk value
 * is always one the generators could make: the rules they keep (unique names, declared ports) hold in it too.
 *
 * <p>Each generated value also records its span (where its numbers start and end), so that the shrinker can drop a
 * list element, or make a whole part of a value its simplest, in one step.
 */
public final class Choices {

    /** More numbers than this in one try is a generator that does not end: the try is rejected. */
    static final int MAX_CHOICES = 100_000;

    private final RandomGenerator random;
    /** How often a random choice is 0 whatever the generator would pick: see {@link #random}. */
    private final double zeros;
    private final long[] prefix;
    private long[] record = new long[64];
    private int size;
    private final List<int[]> spans = new ArrayList<>();

    private Choices(RandomGenerator random, double zeros, long[] prefix) {
        this.random = random;
        this.zeros = zeros;
        this.prefix = prefix;
    }

    /**
     * Choices drawn from {@code random}, for one try; one try in ten leans toward the simplest values (each choice is
     * 0 with a probability drawn for the try). A value of many parts, each now and then at an edge, is otherwise
     * almost never simple all through: a pod whose every field is valid, a list that stays empty.
     */
    static Choices random(RandomGenerator random) {
        double zeros = random.nextInt(10) == 0 ? random.nextDouble() : 0;
        return new Choices(random, zeros, new long[0]);
    }

    /** Choices replayed from {@code prefix}, then zeros. */
    static Choices replay(long[] prefix) {
        return new Choices(null, 0, prefix.clone());
    }

    /**
     * A number from 0 to {@code bound}: the next recorded one (at most {@code bound}) when replaying, else
     * {@code generate}'s pick from the try's random generator (clamped to 0..bound).
     *
     * @throws Rejected past {@value #MAX_CHOICES} numbers
     */
    public long choose(long bound, ToLongFunction<RandomGenerator> generate) {
        if (bound < 0) {
            throw new IllegalArgumentException("bound " + bound + " is negative");
        }
        if (size >= MAX_CHOICES) {
            throw new Rejected("a try needed more than " + MAX_CHOICES + " choices");
        }
        long choice;
        if (size < prefix.length) {
            choice = Math.min(prefix[size], bound);
        } else if (random != null) {
            choice = zeros > 0 && random.nextDouble() < zeros ? 0
                    : Math.max(0, Math.min(bound, generate.applyAsLong(random)));
        } else {
            choice = 0;
        }
        if (size == record.length) {
            record = Arrays.copyOf(record, size * 2);
        }
        record[size++] = choice;
        return choice;
    }

    /** Where the next choice will be recorded: give it to {@link #endSpan} once a value is made. */
    int mark() {
        return size;
    }

    /** Records that the choices from {@code start} on made one value. */
    void endSpan(int start) {
        if (size - start > 1) {
            spans.add(new int[] {start, size});
        }
    }

    /** A value of {@code gen}, recorded as a span. */
    <T> T draw(Gen<T> gen) {
        int start = mark();
        T value = gen.generate(this);
        endSpan(start);
        return value;
    }

    /** Gives up on this try: a generator could not make a value that keeps its rules. */
    public Rejected reject(String why) {
        return new Rejected(why);
    }

    /** The choices made so far. */
    long[] recorded() {
        return Arrays.copyOf(record, size);
    }

    /** The spans of the values made so far, each as {@code {start, end}}. */
    List<int[]> spans() {
        return spans;
    }

    /** Thrown when a try cannot be made: it counts as discarded, neither passed nor failed. */
    public static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected(String why) {
            super(why, null, false, false);
        }
    }
}
