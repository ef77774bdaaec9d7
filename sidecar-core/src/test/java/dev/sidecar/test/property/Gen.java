package dev.sidecar.test.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of values from {@link Choices}. Write one as a lambda that calls other generators' {@link #next}:
 * {@code c -> new EnvVar(names.next(c), values.next(c))}; arguments are evaluated left to right, so the same choices
 * give the same value. Every value shrinks toward the simplest its generator makes: the first alternative, the shortest
 * list, the number nearest zero (or nearest the range's lower end), the first character of an alphabet.
 *
 * @param <T> what it makes
 */
@FunctionalInterface
public interface Gen<T> {

    /** How many times {@link #filter} and {@link #uniqueList} try for a value before the try is rejected. */
    int ATTEMPTS = 50;

    /** Makes a value; implement this, but call {@link #next} to use a generator. */
    T generate(Choices choices);

    /** A value of this generator, recorded as one span that the shrinker may drop or simplify whole. */
    default T next(Choices choices) {
        return choices.draw(this);
    }

    /** Values of this generator, changed by {@code f}. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return c -> f.apply(next(c));
    }

    /** Values of the generator {@code f} makes from a value of this one. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        return c -> f.apply(next(c)).next(c);
    }

    /** Values of this generator that {@code keep} accepts (tried {@value #ATTEMPTS} times, then the try is rejected). */
    default Gen<T> filter(Predicate<? super T> keep) {
        return c -> {
            for (int i = 0; i < ATTEMPTS; i++) {
                T value = next(c);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw c.reject("no value kept by the filter in " + ATTEMPTS + " attempts");
        };
    }

    /** {@code null} with probability {@code p}, else a value; {@code null} is the simpler. */
    default Gen<T> orNull(double p) {
        return c -> c.choose(1, r -> r.nextDouble() < p ? 0 : 1) == 0 ? null : next(c);
    }

    /** Lists of {@code min} to {@code max} values, the shorter likelier (see {@link #uniqueList}). */
    default Gen<List<T>> list(int min, int max) {
        return uniqueList(min, max, null);
    }

    /**
     * Lists of {@code min} to {@code max} values with distinct {@code key}s ({@code null}: any values): a value
     * whose key is taken is drawn again, and when none is found the list ends there (or, below {@code min}, the try is
     * rejected). Each element with the choice that made the list go on is one span, so that shrinking drops it.
     *
     * <p>Each length is likelier than the next longer by the same step ({@code min} the likeliest, {@code max} the
     * least likely): a value made of many lists (a pod) is then small often enough that each of its parts is valid
     * together now and then, and large often enough to meet the rules between its parts.
     */
    default Gen<List<T>> uniqueList(int min, int max, Function<? super T, ?> key) {
        return c -> {
            List<T> values = new ArrayList<>();
            Set<Object> keys = new HashSet<>();
            while (values.size() < max) {
                int start = c.mark();
                if (values.size() >= min) {
                    // P(longer | this long) when length k has weight max - k + 1.
                    double more = (double) (max - values.size()) / (max - values.size() + 2);
                    if (c.choose(1, r -> r.nextDouble() < more ? 1 : 0) == 0) {
                        break;
                    }
                }
                T value = null;
                boolean found = false;
                for (int i = 0; i < ATTEMPTS && !found; i++) {
                    value = next(c);
                    found = key == null || keys.add(key.apply(value));
                }
                c.endSpan(start);
                if (!found) {
                    if (values.size() < min) {
                        throw c.reject("no value with a new key in " + ATTEMPTS + " attempts");
                    }
                    break;
                }
                values.add(value);
            }
            return List.copyOf(values);
        };
    }

    /** Always {@code value}. */
    static <T> Gen<T> constant(T value) {
        return c -> value;
    }

    /** {@code false} or {@code true}, {@code false} the simpler. */
    static Gen<Boolean> booleans() {
        return c -> c.choose(1, r -> r.nextBoolean() ? 1 : 0) == 1;
    }

    /** Integers from {@code min} to {@code max}, now and then one at an edge; shrinks toward 0 if in range. */
    static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    /** Longs from {@code min} to {@code max} (less than {@code Long.MAX_VALUE} apart); shrinks toward 0 if in range. */
    static Gen<Long> longs(long min, long max) {
        return longs(min, max, Math.max(min, Math.min(max, 0)));
    }

    /** Longs from {@code min} to {@code max} that shrink toward {@code origin}, now and then one at an edge. */
    static Gen<Long> longs(long min, long max, long origin) {
        Range range = new Range(min, max, origin);
        return c -> range.value(c.choose(max - min, range::pick));
    }

    /** One of {@code values}, the first the simplest. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(Arrays.asList(values));
    }

    /** One of {@code values}, the first the simplest. */
    static <T> Gen<T> of(List<? extends T> values) {
        List<T> copy = List.copyOf(values);
        return c -> copy.get((int) c.choose(copy.size() - 1, r -> r.nextInt(copy.size())));
    }

    /** One of the constants of {@code type}, the first declared the simplest. */
    static <E extends Enum<E>> Gen<E> of(Class<E> type) {
        return of(type.getEnumConstants());
    }

    /** A value of one of {@code gens}, each as likely; the first is the simplest. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        return oneOf(Arrays.asList(gens));
    }

    /** A value of one of {@code gens}, each as likely; the first is the simplest. */
    static <T> Gen<T> oneOf(List<? extends Gen<? extends T>> gens) {
        List<Gen<? extends T>> copy = List.copyOf(gens);
        return c -> copy.get((int) c.choose(copy.size() - 1, r -> r.nextInt(copy.size()))).next(c);
    }

    /** A value of {@code a} or {@code b}, as often as their weights say; {@code a}'s are the simpler. */
    static <T> Gen<T> frequency(int weightA, Gen<? extends T> a, int weightB, Gen<? extends T> b) {
        return frequency(new int[] {weightA, weightB}, List.of(a, b));
    }

    /** A value of {@code a}, {@code b} or {@code c}, as often as their weights say; {@code a}'s are the simplest. */
    static <T> Gen<T> frequency(int weightA, Gen<? extends T> a, int weightB, Gen<? extends T> b, int weightC,
            Gen<? extends T> c) {
        return frequency(new int[] {weightA, weightB, weightC}, List.of(a, b, c));
    }

    /** A value of one of {@code gens}, each as often as its weight says; the first is the simplest. */
    static <T> Gen<T> frequency(int[] weights, List<? extends Gen<? extends T>> gens) {
        List<Gen<? extends T>> copy = List.copyOf(gens);
        int total = Arrays.stream(weights).sum();
        return c -> copy.get((int) c.choose(copy.size() - 1, r -> {
            int pick = r.nextInt(total);
            int i = 0;
            while (pick >= weights[i]) {
                pick -= weights[i++];
            }
            return i;
        })).next(c);
    }

    /** Characters of {@code alphabet}, its first the simplest. */
    static Gen<Character> chars(String alphabet) {
        return c -> alphabet.charAt((int) c.choose(alphabet.length() - 1, r -> r.nextInt(alphabet.length())));
    }

    /** Characters from {@code min} to {@code max}, {@code min} the simplest. */
    static Gen<Character> chars(char min, char max) {
        return longs(min, max, min).map(n -> (char) n.longValue());
    }

    /**
     * Any UTF-16 code unit: mostly printable ASCII, then Latin-1 and control characters, then anything (lone
     * surrogates included). Shrinks toward {@code 'a'}.
     */
    static Gen<Character> anyChar() {
        Gen<Character> ascii = longs(' ', '~', 'a').map(n -> (char) n.longValue());
        Gen<Character> low = longs(0, 0xff, 'a').map(n -> (char) n.longValue());
        Gen<Character> any = longs(0, 0xffff, 'a').map(n -> (char) n.longValue());
        return frequency(3, ascii, 1, low, 2, any);
    }

    /** Strings of {@code min} to {@code max} characters of {@code chars}. */
    static Gen<String> strings(Gen<Character> chars, int min, int max) {
        return chars.list(min, max).map(list -> {
            StringBuilder s = new StringBuilder(list.size());
            list.forEach(s::append);
            return s.toString();
        });
    }

    /** Maps of up to {@code max} entries, keys from {@code keys} (distinct), values from {@code values}. */
    static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int max) {
        Gen<Map.Entry<K, V>> entry = c -> Map.entry(keys.next(c), values.next(c));
        return entry.uniqueList(0, max, Map.Entry::getKey).map(entries -> {
            Map<K, V> map = new LinkedHashMap<>();
            entries.forEach(e -> map.put(e.getKey(), e.getValue()));
            return Collections.unmodifiableMap(map);
        });
    }
}
