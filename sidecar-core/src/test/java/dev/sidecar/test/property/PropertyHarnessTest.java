package dev.sidecar.test.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The property harness itself: failures found and shrunk, seeds that reproduce, coverage and bounds enforced. */
class PropertyHarnessTest {

    private static final Gen<List<Integer>> NUMBERS = Gen.ints(0, 10_000).list(0, 20);

    @Test
    void aFailingPropertyIsShrunkToTheSmallestValueThatStillFails() {
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> Property.forAll(NUMBERS).seed(42)
                .check(list -> assertThat(list.stream().mapToInt(Integer::intValue).sum()).isLessThan(1000)));

        assertThat(shrunk(e)).isEqualTo("[1000]");
        assertThat(e.getCause()).as("the shrunk value's failure").isInstanceOf(AssertionError.class)
                .hasMessageContaining("1000");
    }

    @Test
    void aStringShrinksToTheFewestAndSimplestCharactersThatFail() {
        Gen<String> strings = Gen.strings(Gen.chars("abcxyz"), 0, 30);

        AssertionError e = catchThrowableOfType(AssertionError.class, () -> Property.forAll(strings).seed(7)
                .check(s -> assertThat(s).doesNotContain("y")));

        assertThat(shrunk(e)).isEqualTo("y");
    }

    @Test
    void aListWithADuplicateShrinksToTwoZeros() {
        Gen<List<Integer>> lists = Gen.ints(-1000, 1000).list(0, 12);

        AssertionError e = catchThrowableOfType(AssertionError.class, () -> Property.forAll(lists).seed(3)
                .check(list -> assertThat(list).doesNotHaveDuplicates()));

        assertThat(shrunk(e)).isEqualTo("[0, 0]");
    }

    @Test
    void aValueMadeFromAnotherShrinksKeepingWhatItsGeneratorPromises() {
        // A list as long as its first number says: shrinking goes through the generator, so it never breaks that.
        Gen<List<Integer>> sized = Gen.ints(1, 10).flatMap(n -> c -> {
            List<Integer> list = new ArrayList<>(List.of(n));
            for (int i = 1; i < n; i++) {
                list.add(Gen.ints(0, 100).next(c));
            }
            return list;
        });

        AssertionError e = catchThrowableOfType(AssertionError.class, () -> Property.forAll(sized).seed(11)
                .check(list -> assertThat(list).allMatch(x -> x < 50)));

        assertThat(shrunk(e)).isEqualTo("[2, 50]");
    }

    @Test
    void theFailureNamesTheSeedTheTryTheShrunkAndTheOriginalValue() {
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> Property.forAll(NUMBERS).seed(1234)
                .check(list -> assertThat(list).hasSizeLessThan(5)));

        assertThat(e.getMessage())
                .containsPattern("property failed on try [0-9]+ \\(seed 1234; rerun with -Dsidecar.property.seed=1234\\)")
                .contains("shrunk counterexample (").contains("original counterexample:\n  [")
                .contains("fails with: java.lang.AssertionError");
        assertThat(shrunk(e)).isEqualTo("[0, 0, 0, 0, 0]");
    }

    @Test
    void theSameSeedMakesTheSameTries() {
        assertThat(values(99)).isEqualTo(values(99)).isNotEqualTo(values(100));
    }

    @Test
    void rerunningWithThePrintedSeedFailsAtTheSameTryWithTheSameCounterexample() {
        AssertionError first = catchThrowableOfType(AssertionError.class, () -> Property.forAll(NUMBERS)
                .check(list -> assertThat(list).allMatch(x -> x < 9000)));
        Matcher seed = Pattern.compile("seed (-?[0-9]+)").matcher(first.getMessage());
        assertThat(seed.find()).isTrue();

        AssertionError again = catchThrowableOfType(AssertionError.class, () -> Property.forAll(NUMBERS)
                .seed(Long.parseLong(seed.group(1))).check(list -> assertThat(list).allMatch(x -> x < 9000)));

        assertThat(again.getMessage().replaceAll("[0-9.]+ s\\)", "")).isEqualTo(first.getMessage()
                .replaceAll("[0-9.]+ s\\)", ""));
    }

    @Test
    void theSystemPropertySetsTheSeed() {
        System.setProperty("sidecar.property.seed", "77");
        try {
            assertThat(Property.forAll(NUMBERS).tries(5).check(list -> { }).seed()).isEqualTo(77);
        } finally {
            System.clearProperty("sidecar.property.seed");
        }
    }

    @Test
    void aPropertyRunsTheTriesAskedFor() {
        assertThat(Property.forAll(NUMBERS).check(list -> { }).tries()).isEqualTo(Property.defaultTries());
        assertThat(Property.forAll(NUMBERS).tries(17).check(list -> { }).tries()).isEqualTo(17);
    }

    @Test
    void someTriesLeanTowardTheSimplestValues() {
        // Twenty fair coins all at their simplest: about one try in a million, were no try leaning.
        Property.Result result = Property.forAll(Gen.booleans().list(20, 20)).seed(8).tries(1000)
                .classify(coins -> coins.contains(true) ? "mixed" : "all false");

        assertThat(result.classes()).containsKey("all false");
    }

    @Test
    void shorterListsAreLikelierThanLongerOnes() {
        Property.Result result = Property.forAll(Gen.ints(0, 9).list(0, 3)).seed(9).tries(1000)
                .classify(list -> "size " + list.size());

        assertThat(result.percent("size 0")).isGreaterThan(result.percent("size 1"));
        assertThat(result.percent("size 1")).isGreaterThan(result.percent("size 2"));
        assertThat(result.percent("size 2")).isGreaterThan(result.percent("size 3")).isGreaterThan(5);
    }

    @Test
    void shrinkingStopsAtItsBound() {
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> Property.forAll(NUMBERS).seed(5)
                .maxShrinks(3).check(list -> assertThat(list).isEmpty()));

        assertThat(e.getMessage()).containsPattern("of 3 shrink runs kept, stopped at the bound");
    }

    @Test
    void coverageBelowItsMinimumFailsNamingTheShare() {
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> Property.forAll(Gen.ints(0, 99)).seed(1)
                .coverage("small", 50).classify(n -> n < 10 ? "small" : "large"));

        assertThat(e.getMessage()).contains("coverage: small in ").contains("fewer than the 50.0% asked for")
                .contains("seed 1");
    }

    @Test
    void aGeneratorWhoseFilterKeepsNothingFailsNamingTheDiscards() {
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> Property
                .forAll(Gen.ints(0, 10).filter(n -> n > 10)).seed(1).tries(10).check(n -> { }));

        assertThat(e.getMessage()).contains("more tries discarded (11) than asked for (10)");
    }

    @Test
    void everyChoiceOfARangeIsOneValueAndZeroIsItsOrigin() {
        for (long[] r : new long[][] {{0, 10, 0}, {-5, 5, 0}, {-100, 3, 0}, {1, 65535, 1}, {32, 126, 97}}) {
            Range range = new Range(r[0], r[1], r[2]);
            assertThat(range.value(0)).isEqualTo(r[2]);
            List<Long> values = new ArrayList<>();
            for (long choice = 0; choice <= r[1] - r[0]; choice++) {
                values.add(range.value(choice));
                assertThat(range.choice(range.value(choice))).isEqualTo(choice);
            }
            assertThat(values).doesNotHaveDuplicates().allMatch(v -> v >= r[0] && v <= r[1]);
        }
    }

    private static List<List<Integer>> values(long seed) {
        List<List<Integer>> seen = new ArrayList<>();
        Property.forAll(NUMBERS).seed(seed).tries(20).check(seen::add);
        return seen;
    }

    /** The shrunk counterexample of a failure's message. */
    private static String shrunk(AssertionError e) {
        Matcher m = Pattern.compile("shrunk counterexample [^\n]*\n  ([^\n]*)\n").matcher(e.getMessage());
        assertThat(m.find()).as("a shrunk counterexample in: %s", e.getMessage()).isTrue();
        return m.group(1);
    }
}
