package dev.sidecar.benchmark;

import java.util.List;

/**
 * One start and close of one approach's pod.
 *
 * @param round 0 for the warm-up round, which is discarded
 * @param heapMb JVM heap in use after a full GC while the pod runs
 * @param threads live JVM threads while the pod runs
 * @param threadsBefore live JVM threads just before the start
 * @param error empty, or why the start or close failed
 * @param leaks empty, or what the run left on the engine (then swept)
 */
record Sample(int round, String approach, int sidecars, double startMs, double closeMs, double heapMb, int threads,
        int threadsBefore, String error, String leaks) {

    static final String CSV_HEADER = "round,approach,sidecars,start_ms,close_ms,heap_mb,threads,threads_before,"
            + "error,leaks";

    boolean ok() {
        return error.isEmpty() && leaks.isEmpty();
    }

    String csv() {
        return String.join(",", Integer.toString(round), approach, Integer.toString(sidecars), fmt(startMs),
                fmt(closeMs), fmt(heapMb), Integer.toString(threads), Integer.toString(threadsBefore),
                Csv.quote(error), Csv.quote(leaks));
    }

    static Sample parse(String line) {
        List<String> f = Csv.split(line);
        return new Sample(Integer.parseInt(f.get(0)), f.get(1), Integer.parseInt(f.get(2)),
                Double.parseDouble(f.get(3)), Double.parseDouble(f.get(4)), Double.parseDouble(f.get(5)),
                Integer.parseInt(f.get(6)), Integer.parseInt(f.get(7)), f.get(8), f.get(9));
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d);
    }
}
