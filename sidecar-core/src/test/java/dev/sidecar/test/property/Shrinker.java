package dev.sidecar.test.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes a failing try simpler while it still fails: it changes the try's choices and replays them through the
 * generator, keeping a change when the property still fails and the choices are simpler (fewer, or as many and
 * smaller from the first that differs: so every kept change brings the end nearer). The steps, each until none keeps
 * the failure: drop a span (a list element, or a whole part of a value), make a span all zeros (that part at its
 * simplest), make one choice as small as it can be, make equal choices smaller together (two equal values that must
 * stay equal), drop one or two choices, make a choice one smaller while dropping what follows it (a count and one
 * of the values it counted). Bounded by a number of runs and a time.
 */
final class Shrinker {

    /**
     * One run of the property on replayed choices.
     *
     * @param choices the choices it made
     * @param spans where each value's choices start and end
     * @param value the value made, or {@code null} when making it failed or was rejected
     * @param rejected whether the value could not be made (a generator's filter found none)
     * @param label the class the property gave the value, or {@code null}
     * @param failure how it failed, or {@code null} when it passed or was rejected
     */
    record Run(long[] choices, List<int[]> spans, Object value, boolean rejected, String label, Throwable failure) {
        boolean failed() {
            return failure != null;
        }
    }

    private final Function<long[], Run> property;
    private final int maxRuns;
    private final long deadline;
    private Run best;
    private int runs;
    private int kept;
    private Run spansOf;
    private List<int[]> sortedSpans;

    Shrinker(Function<long[], Run> property, Run failing, int maxRuns, long maxNanos) {
        this.property = property;
        this.best = failing;
        this.maxRuns = maxRuns;
        this.deadline = System.nanoTime() + maxNanos;
    }

    /** The simplest failing run found within the bounds. */
    Run shrink() {
        boolean progress = true;
        while (progress && !exhausted()) {
            progress = deleteSpans() | zeroSpans() | minimizeChoices() | minimizeDuplicates() | deleteChoices()
                    | lowerAndDelete();
        }
        return best;
    }

    /** How many times the property ran. */
    int runs() {
        return runs;
    }

    /** How many runs made the failure simpler. */
    int kept() {
        return kept;
    }

    /** Whether the bounds are reached. */
    boolean exhausted() {
        return runs >= maxRuns || System.nanoTime() > deadline;
    }

    private boolean deleteSpans() {
        boolean progress = false;
        for (int i = 0; i < spansBySize().size() && !exhausted(); i++) {
            int[] span = spansBySize().get(i);
            if (tryChoices(without(best.choices(), span[0], span[1]))) {
                progress = true;
                i--;
            }
        }
        return progress;
    }

    private boolean zeroSpans() {
        boolean progress = false;
        for (int i = 0; i < spansBySize().size() && !exhausted(); i++) {
            int[] span = spansBySize().get(i);
            long[] zeroed = best.choices().clone();
            Arrays.fill(zeroed, span[0], Math.min(span[1], zeroed.length), 0);
            progress |= tryChoices(zeroed);
        }
        return progress;
    }

    /** Each choice as small as it can be: 0, else the least that fails by halving the gap. */
    private boolean minimizeChoices() {
        boolean progress = false;
        for (int i = 0; i < best.choices().length && !exhausted(); i++) {
            long value = best.choices()[i];
            if (value == 0 || tryChoices(with(best.choices(), i, 0))) {
                progress |= value != 0;
                continue;
            }
            long passing = 0;
            long failing = value;
            while (failing - passing > 1 && !exhausted() && i < best.choices().length) {
                long mid = passing + (failing - passing) / 2;
                if (tryChoices(with(best.choices(), i, mid))) {
                    failing = mid;
                    progress = true;
                } else {
                    passing = mid;
                }
            }
        }
        return progress;
    }

    /** Equal choices made smaller together, by halving the gap: values that fail only while they stay equal. */
    private boolean minimizeDuplicates() {
        boolean progress = false;
        Map<Long, List<Integer>> at = new LinkedHashMap<>();
        long[] choices = best.choices();
        for (int i = 0; i < choices.length; i++) {
            if (choices[i] != 0) {
                at.computeIfAbsent(choices[i], k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<Long, List<Integer>> e : at.entrySet()) {
            if (e.getValue().size() < 2 || exhausted()) {
                continue;
            }
            long passing = -1;
            long failing = e.getKey();
            while (failing - passing > 1 && !exhausted()) {
                long mid = passing + (failing - passing) / 2;
                long[] changed = choices.clone();
                e.getValue().forEach(i -> changed[i] = mid);
                if (tryChoices(changed)) {
                    failing = mid;
                    progress = true;
                } else {
                    passing = mid;
                }
            }
            if (progress) {
                return true;
            }
        }
        return progress;
    }

    private boolean deleteChoices() {
        boolean progress = false;
        for (int size = 2; size >= 1; size--) {
            for (int i = best.choices().length - size; i >= 0 && !exhausted(); i--) {
                progress |= tryChoices(without(best.choices(), i, i + size));
                i = Math.min(i, best.choices().length - size + 1);
            }
        }
        return progress;
    }

    /**
     * Each choice one smaller, with the choice or a span right after it dropped: a count made by one choice (say a
     * list's length from {@code flatMap}) and one of the values it counted, which neither change alone can remove.
     */
    private boolean lowerAndDelete() {
        boolean progress = false;
        for (int i = 0; i < best.choices().length - 1 && !exhausted(); i++) {
            if (best.choices()[i] == 0) {
                continue;
            }
            List<Integer> ends = new ArrayList<>(List.of(i + 2));
            for (int[] span : best.spans()) {
                if (span[0] == i + 1) {
                    ends.add(span[1]);
                }
            }
            for (int end : ends) {
                long[] lowered = with(best.choices(), i, best.choices()[i] - 1);
                if (tryChoices(without(lowered, i + 1, end))) {
                    progress = true;
                    i--;
                    break;
                }
            }
        }
        return progress;
    }

    /** The spans of the best run, longest first, each once. */
    private List<int[]> spansBySize() {
        if (spansOf != best) {
            Set<Long> seen = new HashSet<>();
            sortedSpans = new ArrayList<>();
            for (int[] span : best.spans()) {
                if (seen.add(((long) span[0] << 32) | span[1])) {
                    sortedSpans.add(span);
                }
            }
            sortedSpans.sort(Comparator.comparingInt((int[] s) -> s[0] - s[1]).thenComparingInt(s -> s[0]));
            spansOf = best;
        }
        return sortedSpans;
    }

    /** Runs {@code choices} if they are simpler than the best, and keeps them if the property still fails. */
    private boolean tryChoices(long[] choices) {
        if (exhausted() || compare(choices, best.choices()) >= 0) {
            return false;
        }
        runs++;
        Run run = property.apply(choices);
        if (run.failed() && compare(run.choices(), best.choices()) < 0) {
            best = run;
            kept++;
            return true;
        }
        return false;
    }

    /** Fewer choices are simpler; of as many, the one smaller at the first that differs. */
    static int compare(long[] a, long[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return Arrays.compare(a, b);
    }

    private static long[] without(long[] choices, int from, int to) {
        int end = Math.min(to, choices.length);
        long[] shorter = new long[choices.length - (end - from)];
        System.arraycopy(choices, 0, shorter, 0, from);
        System.arraycopy(choices, end, shorter, from, choices.length - end);
        return shorter;
    }

    private static long[] with(long[] choices, int index, long value) {
        long[] changed = choices.clone();
        changed[index] = value;
        return changed;
    }
}
