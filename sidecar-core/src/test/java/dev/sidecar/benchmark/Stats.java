package dev.sidecar.benchmark;

import java.util.List;
import java.util.Locale;

/** Median, minimum and maximum of some measurements. */
record Stats(double median, double min, double max, int count) {

    static final Stats NONE = new Stats(Double.NaN, Double.NaN, Double.NaN, 0);

    static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
    }

    boolean empty() {
        return count == 0;
    }

    /** {@code median (min–max)} with the given number of decimals. */
    String format(int decimals) {
        if (empty()) {
            return "–";
        }
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " (" + f + "–" + f + ")", median, min, max);
    }
}
