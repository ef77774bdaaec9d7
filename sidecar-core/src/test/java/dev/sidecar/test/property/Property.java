package dev.sidecar.test.property;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A property checked over generated values, from a plain JUnit test:
 *
 * <pre>{@code
 * Property.forAll(ValidSpecs.pods()).check(recipe -> assertThat(catchThrowable(recipe::build)).isNull());
 * }</pre>
 *
 * <p>Each try makes a value from random choices and runs the property on it; a try whose value cannot be made (a
 * generator's filter found none) is discarded. The first failure is shrunk (see {@link Shrinker}) and reported in an
 * {@link AssertionError} holding the seed, the try, the shrunk value and its failure (also the cause), and the
 * original value and its failure. The same seed makes the same tries, so a failure is reproduced exactly with
 * {@code -Dsidecar.property.seed=<seed>}.
 *
 * <p>Settings, read once per property from system properties (Maven passes {@code -D} options to the tests):
 * {@code sidecar.property.tries} (tries of a property that names no count of its own, {@value #DEFAULT_TRIES}),
 * {@code sidecar.property.seed} (the seed of every property, random unless given), {@code sidecar.property.shrinks}
 * (runs a shrink may take, {@value #DEFAULT_SHRINK_RUNS}; it also stops after {@link #DEFAULT_SHRINK_TIME}).
 *
 * @param <T> what the property takes
 */
public final class Property<T> {

    /** Tries of a property unless it or {@code sidecar.property.tries} says otherwise. */
    public static final int DEFAULT_TRIES = 250;
    /** Runs a shrink may take unless {@code sidecar.property.shrinks} or {@link #maxShrinks} says otherwise. */
    public static final int DEFAULT_SHRINK_RUNS = 2000;
    /** How long a shrink may take. */
    public static final Duration DEFAULT_SHRINK_TIME = Duration.ofSeconds(60);

    private final Gen<T> gen;
    private int tries;
    private Long seed;
    private int maxShrinks;
    private final Map<String, Double> coverage = new LinkedHashMap<>();

    private Property(Gen<T> gen) {
        this.gen = gen;
        this.tries = defaultTries();
        this.seed = Long.getLong("sidecar.property.seed");
        this.maxShrinks = Integer.getInteger("sidecar.property.shrinks", DEFAULT_SHRINK_RUNS);
    }

    /** A property of the values {@code gen} makes. */
    public static <T> Property<T> forAll(Gen<T> gen) {
        return new Property<>(gen);
    }

    /** The tries of a property that names no count: {@code sidecar.property.tries}, else {@value #DEFAULT_TRIES}. */
    public static int defaultTries() {
        return Integer.getInteger("sidecar.property.tries", DEFAULT_TRIES);
    }

    /** Runs {@code tries} tries, whatever the default (for many cheap tries, say {@code 4 * defaultTries()}). */
    public Property<T> tries(int tries) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries " + tries + " must be 1 or more");
        }
        this.tries = tries;
        return this;
    }

    /** Makes the tries from {@code seed}, whatever {@code sidecar.property.seed} says. */
    public Property<T> seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Lets a shrink run the property at most {@code runs} times (for a property whose every run is slow). */
    public Property<T> maxShrinks(int runs) {
        this.maxShrinks = runs;
        return this;
    }

    /** Fails unless at least {@code minPercent} of the tries are classified {@code label}. */
    public Property<T> coverage(String label, double minPercent) {
        coverage.put(label, minPercent);
        return this;
    }

    /** Runs {@code property} on every try; it fails by throwing. */
    public Result check(Consumer<? super T> property) {
        return classify(value -> {
            property.accept(value);
            return null;
        });
    }

    /**
     * Runs {@code property} on every try; it fails by throwing, and answers the try's class for the statistics and
     * the {@linkplain #coverage coverage} ({@code null}: none).
     */
    public Result classify(Function<? super T, String> property) {
        long runSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        SplittableRandom random = new SplittableRandom(runSeed);
        long start = System.nanoTime();
        Map<String, Integer> classes = new LinkedHashMap<>();
        int passed = 0;
        int discarded = 0;
        for (int tryNumber = 1; passed < tries; tryNumber++) {
            Shrinker.Run run = run(Choices.random(random.split()), property);
            if (run.failed()) {
                throw failure(run, runSeed, tryNumber, property);
            }
            if (run.rejected()) {
                if (++discarded > tries) {
                    throw new AssertionError("more tries discarded (" + discarded + ") than asked for (" + tries
                            + "): the generator's filters keep too few values (seed " + runSeed + ")");
                }
                continue;
            }
            passed++;
            if (run.label() != null) {
                classes.merge(run.label(), 1, Integer::sum);
            }
        }
        Result result = new Result(runSeed, passed, discarded, classes, Duration.ofNanos(System.nanoTime() - start));
        coverage.forEach((label, min) -> {
            if (result.percent(label) < min) {
                throw new AssertionError("coverage: " + label + " in " + String.format("%.1f", result.percent(label))
                        + "% of the tries, fewer than the " + min + "% asked for; " + result);
            }
        });
        return result;
    }

    private Shrinker.Run run(Choices choices, Function<? super T, String> property) {
        T value;
        try {
            value = gen.next(choices);
        } catch (Choices.Rejected e) {
            return new Shrinker.Run(choices.recorded(), choices.spans(), null, true, null, null);
        } catch (RuntimeException | Error e) {
            return new Shrinker.Run(choices.recorded(), choices.spans(), null, false, null, thrown(e));
        }
        try {
            String label = property.apply(value);
            return new Shrinker.Run(choices.recorded(), choices.spans(), value, false, label, null);
        } catch (Choices.Rejected e) {
            return new Shrinker.Run(choices.recorded(), choices.spans(), null, true, null, null);
        } catch (RuntimeException | Error e) {
            return new Shrinker.Run(choices.recorded(), choices.spans(), value, false, null, thrown(e));
        }
    }

    /** A failure of the property, or of a generator; the JVM's own troubles go on up. */
    private static Throwable thrown(Throwable e) {
        if (e instanceof VirtualMachineError vm) {
            throw vm;
        }
        return e;
    }

    private AssertionError failure(Shrinker.Run original, long runSeed, int tryNumber,
            Function<? super T, String> property) {
        Shrinker shrinker = new Shrinker(choices -> run(Choices.replay(choices), property), original, maxShrinks,
                DEFAULT_SHRINK_TIME.toNanos());
        long start = System.nanoTime();
        Shrinker.Run shrunk = shrinker.shrink();
        String took = String.format("%.1f s", (System.nanoTime() - start) / 1e9);
        AssertionError error = new AssertionError("property failed on try " + tryNumber + " (seed " + runSeed
                + "; rerun with -Dsidecar.property.seed=" + runSeed + ")\n"
                + "shrunk counterexample (" + shrinker.kept() + " of " + shrinker.runs() + " shrink runs kept"
                + (shrinker.exhausted() ? ", stopped at the bound" : "") + ", " + took + "):\n"
                + describe(shrunk) + "\n"
                + "original counterexample:\n" + describe(original), shrunk.failure());
        if (shrunk != original) {
            error.addSuppressed(original.failure());
        }
        return error;
    }

    private static String describe(Shrinker.Run run) {
        return "  " + (run.value() == null ? "(making the value failed)" : String.valueOf(run.value())) + "\n"
                + "  fails with: " + run.failure();
    }

    /**
     * What a property's tries found.
     *
     * @param seed the seed they were made from
     * @param tries how many passed
     * @param discarded how many could not be made
     * @param classes how many tries each class had
     * @param elapsed how long they took
     */
    public record Result(long seed, int tries, int discarded, Map<String, Integer> classes, Duration elapsed) {

        /** The share of the tries that had {@code label}, in percent. */
        public double percent(String label) {
            return tries == 0 ? 0 : 100.0 * classes.getOrDefault(label, 0) / tries;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder().append(tries).append(" tries");
            if (discarded > 0) {
                s.append(" (").append(discarded).append(" discarded)");
            }
            s.append(" in ").append(String.format("%.1f s", elapsed.toMillis() / 1000.0)).append(", seed ")
                    .append(seed);
            classes.forEach((label, n) -> s.append("; ").append(label).append(' ')
                    .append(String.format("%.1f%%", percent(label))));
            return s.toString();
        }
    }
}
