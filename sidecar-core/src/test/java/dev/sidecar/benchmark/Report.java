package dev.sidecar.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Renders {@code results.md} and {@code start-time.png} from {@code results.csv} and {@code concurrent.csv}, so a
 * partial run (only the concurrent pods, say) re-renders the whole page. Whatever follows {@link #KEEP_MARKER} in
 * an existing {@code results.md} (the profile findings, written by hand) is kept.
 */
final class Report {

    static final String KEEP_MARKER = "<!-- Everything below this line is written by hand and kept when the "
            + "benchmark re-renders this file. -->";
    /** Runs fewer than this many measured rounds are marked as trials: the issue asks for at least ten. */
    static final int FULL_ROUNDS = 10;
    static final double TARGET_RATIO = 1.2;
    static final String FLOOR = "floor";
    /** The floors that also keep the pod's start and stop order (see {@link Floor.Mode}). */
    static final String FLOOR_PARALLEL = "floor-parallel";
    static final String FLOOR_ORDERED = "floor-ordered";
    private static final String NO_RUN = "no successful run: **not met**";

    private final Path out;
    private final Map<String, String> descriptions;
    private final String command;

    /**
     * @param descriptions approach name to one-line description, in the order of the tables
     */
    Report(Path out, Map<String, String> descriptions, String command) {
        this.out = out;
        this.descriptions = descriptions;
        this.command = command;
    }

    void render() throws IOException {
        List<Sample> all = Csv.read(out.resolve("results.csv"), Sample::parse);
        List<Sample> measured = all.stream().filter(s -> s.round() > 0).toList();
        List<ConcurrentPods.Result> concurrent = Csv.read(out.resolve("concurrent.csv"),
                ConcurrentPods.Result::parse);
        int rounds = (int) measured.stream().mapToInt(Sample::round).distinct().count();
        boolean trial = rounds < FULL_ROUNDS;
        TreeSet<Integer> sizes = new TreeSet<>();
        measured.forEach(s -> sizes.add(s.sidecars()));

        List<String> md = new ArrayList<>();
        md.add("# Benchmark: pod start and close against the floor and the alternatives");
        md.add("");
        if (trial) {
            md.add("> **TRIAL RUN, not the benchmark's result.** " + rounds + " measured round(s) (the issue asks for "
                    + "at least " + FULL_ROUNDS + ") on a shared 2-core machine while other engineers ran Docker "
                    + "tests on the same engine. These figures only prove that the harness works; the full run on "
                    + "a quiet machine replaces them.");
            md.add("");
        }
        md.add("Produced by `" + command + "` (see [the harness](../src/test/java/dev/sidecar/benchmark/)). "
                + "Machine: [machine.md](machine.md). Raw data: [results.csv](results.csv), "
                + "[concurrent.csv](concurrent.csv), [suite.csv](suite.csv). Docker calls of one start, traced: "
                + "[profile.md](profile.md).");
        md.add("");
        md.add("## What is measured");
        md.add("");
        md.add("The pod: an infrastructure container from the pause image (`" + Workload.PAUSE + "`) owning the "
                + "network, PID and IPC namespaces and publishing port " + Workload.PORT + "; 1, 3 or 10 sidecars "
                + "(`" + Workload.BUSYBOX + "`, `" + String.join(" ", Workload.SIDECAR_COMMAND) + "`, which exits "
                + "on SIGTERM) and main (`" + String.join(" ", Workload.MAIN_COMMAND) + "`, not PID 1 in the shared "
                + "PID namespace, so SIGTERM ends it), both joined with `container:<infra>` modes. Ready means a TCP "
                + "connection to the pod's bridge address on port " + Workload.PORT + " is accepted.");
        md.add("");
        descriptions.forEach((name, description) -> md.add("- **" + name + "**: " + description));
        md.add("");
        md.add("Each round starts and closes every approach once per size, interleaved (A B C D …, then the next "
                + "size, then the next round); round 0 is a warm-up and is discarded. *start* is from the call to "
                + "ready; *close* until everything is removed. *÷ floor* divides by the floor measured in the same "
                + "round and size (*÷ same-order floor* by the floor that also keeps the approach's start and stop "
                + "order: " + FLOOR_ORDERED + " for the ordered approaches, " + FLOOR_PARALLEL + " for the "
                + "others), then takes median (min–max) over rounds, because absolute times drift. *heap* is the "
                + "JVM heap in use after a full GC while the pod runs; *threads* the live JVM threads while "
                + "it runs, and in brackets how many more than just before the start. The non-library approaches "
                + "check readiness every " + Workload.READY_POLL.toMillis() + " ms; the library uses its own probe "
                + "with its default settings. After every run the harness lists the containers, volumes and "
                + "networks this JVM made (by label, and the Compose project's network) and fails the run if "
                + "anything is left.");
        md.add("");
        md.add("![start to ready against sidecars](start-time.png)");
        md.add("");
        for (int size : sizes) {
            md.addAll(sizeTable(measured, size));
        }
        md.addAll(targets(measured, sizes));
        md.addAll(ConcurrentSection.render(concurrent));
        md.addAll(SuiteSection.render(out));
        md.addAll(leaks(all));
        md.add("");
        String kept = kept().orElse("## Profile findings\n\n(none yet)");
        md.add(KEEP_MARKER);
        md.add("");
        md.add(kept);
        Files.createDirectories(out);
        Files.write(out.resolve("results.md"), md, StandardCharsets.UTF_8);

        Map<String, Map<Integer, Stats>> series = new LinkedHashMap<>();
        for (String approach : descriptions.keySet()) {
            Map<Integer, Stats> points = new TreeMap<>();
            for (int size : sizes) {
                points.put(size, Stats.of(values(measured, approach, size, Sample::startMs)));
            }
            series.put(approach, points);
        }
        if (!sizes.isEmpty()) {
            Chart.draw(out.resolve("start-time.png"), "Pod start to ready" + (trial ? " (TRIAL: " + rounds
                    + " rounds on a busy machine)" : " (" + rounds + " rounds)"), series);
        }
    }

    private List<String> sizeTable(List<Sample> measured, int size) {
        List<String> md = new ArrayList<>();
        md.add("### 1 main + " + size + " sidecar" + (size == 1 ? "" : "s"));
        md.add("");
        boolean paired = Stream.of(FLOOR_PARALLEL, FLOOR_ORDERED).anyMatch(f -> ran(measured, f));
        md.add("| approach | start ms | start ÷ floor |" + (paired ? " start ÷ same-order floor |" : "")
                + " close ms | close ÷ floor |" + (paired ? " close ÷ same-order floor |" : "")
                + " heap MB | threads (added) | failed runs |");
        md.add("| --- | ---: | ---: |" + (paired ? " ---: |" : "") + " ---: | ---: |" + (paired ? " ---: |" : "")
                + " ---: | ---: | ---: |");
        for (String approach : descriptions.keySet()) {
            List<Sample> runs = measured.stream().filter(s -> s.approach().equals(approach) && s.sidecars() == size)
                    .toList();
            if (runs.isEmpty()) {
                continue;
            }
            long failed = runs.stream().filter(s -> !s.ok()).count();
            Stats threads = Stats.of(values(measured, approach, size, s -> s.threads()));
            Stats added = Stats.of(values(measured, approach, size, s -> s.threads() - s.threadsBefore()));
            md.add("| " + approach
                    + " | " + Stats.of(values(measured, approach, size, Sample::startMs)).format(0)
                    + " | " + ratios(measured, approach, FLOOR, size, Sample::startMs).format(2)
                    + (paired ? " | " + ratios(measured, approach, sameOrderFloor(approach), size, Sample::startMs)
                    .format(2) : "")
                    + " | " + Stats.of(values(measured, approach, size, Sample::closeMs)).format(0)
                    + " | " + ratios(measured, approach, FLOOR, size, Sample::closeMs).format(2)
                    + (paired ? " | " + ratios(measured, approach, sameOrderFloor(approach), size, Sample::closeMs)
                    .format(2) : "")
                    + " | " + Stats.of(values(measured, approach, size, Sample::heapMb)).format(1)
                    + " | " + (threads.empty() ? "–" : String.format(Locale.ROOT, "%.0f (%+.0f)", threads.median(),
                    added.median()))
                    + " | " + failed + " of " + runs.size() + " |");
        }
        md.add("");
        return md;
    }

    private List<String> targets(List<Sample> measured, TreeSet<Integer> sizes) {
        List<String> md = new ArrayList<>();
        String lib = "library-parallel";
        if (!ran(measured, lib)) {
            return md;
        }
        md.add("## The issue's targets, as this run measured them");
        md.add("");
        for (int size : sizes) {
            if (size < 3) {
                continue;
            }
            for (String floor : List.of(FLOOR, FLOOR_PARALLEL)) {
                if (ran(measured, floor)) {
                    md.add("- 1 + " + size + ", library parallel start ÷ " + floor + ": "
                            + againstTarget(ratios(measured, lib, floor, size, Sample::startMs)));
                }
            }
        }
        for (int size : sizes) {
            double libMs = Stats.of(values(measured, lib, size, Sample::startMs)).median();
            for (String other : List.of("compose", "testcontainers")) {
                double o = Stats.of(values(measured, other, size, Sample::startMs)).median();
                if (!Double.isNaN(o)) {
                    md.add("- 1 + " + size + ", library parallel start below " + other + ": " + (Double.isNaN(libMs)
                            ? NO_RUN : fmt0(libMs) + " ms vs " + fmt0(o) + " ms: " + verdict(libMs < o)));
                }
            }
        }
        List<Integer> measuredSizes = sizes.stream()
                .filter(size -> !Stats.of(values(measured, lib, size, Sample::startMs)).empty()).toList();
        if (measuredSizes.size() >= 2) {
            int lo = measuredSizes.get(0);
            int hi = measuredSizes.get(measuredSizes.size() - 1);
            double a = Stats.of(values(measured, lib, lo, Sample::startMs)).median();
            double b = Stats.of(values(measured, lib, hi, Sample::startMs)).median();
            double fa = Stats.of(values(measured, FLOOR, lo, Sample::startMs)).median();
            double fb = Stats.of(values(measured, FLOOR, hi, Sample::startMs)).median();
            double containers = (hi + 2.0) / (lo + 2.0);
            md.add("- growth, library parallel, 1 + " + lo + " to 1 + " + hi + " (the sizes with successful runs): ×"
                    + fmt(b / a) + " the start time for ×" + fmt(containers) + " the containers, infrastructure "
                    + "included (" + fmt0((b - a) / (hi - lo)) + " ms per added sidecar; floor " + fmt0((fb - fa)
                    / (hi - lo)) + " ms): sub-linear " + verdict(b / a < containers));
        }
        // Graceful closes against the floors that close in the same order, the kill-at-once close against the
        // forced one.
        String[][] closes = {{"library-parallel", FLOOR_PARALLEL}, {"library-ordered", FLOOR_ORDERED},
            {"library-parallel-grace0", FLOOR}};
        for (String[] close : closes) {
            if (!ran(measured, close[0]) || !ran(measured, close[1])) {
                continue;
            }
            for (int size : sizes) {
                md.add("- 1 + " + size + ", " + close[0] + " close ÷ " + close[1] + ": "
                        + againstTarget(ratios(measured, close[0], close[1], size, Sample::closeMs)));
            }
        }
        for (int size : sizes) {
            Stats r = ratios(measured, lib, FLOOR, size, Sample::closeMs);
            Stats f = ratios(measured, FLOOR_PARALLEL, FLOOR, size, Sample::closeMs);
            if (!r.empty() && !f.empty()) {
                md.add("- for reference, 1 + " + size + ", graceful against forced close: library-parallel ÷ floor "
                        + fmt(r.median()) + ", " + FLOOR_PARALLEL + " ÷ floor " + fmt(f.median()));
            }
        }
        md.add("");
        return md;
    }

    private static List<String> leaks(List<Sample> all) {
        List<String> md = new ArrayList<>();
        md.add("## Failures and leaks");
        md.add("");
        List<Sample> bad = all.stream().filter(s -> !s.ok()).toList();
        if (bad.isEmpty()) {
            md.add("None: every one of the " + all.size() + " runs (warm-up included) started, closed and left no "
                    + "container, volume or network behind.");
        } else {
            for (Sample s : bad) {
                md.add("- round " + s.round() + ", " + s.approach() + ", 1 + " + s.sidecars() + ": "
                        + (s.error().isEmpty() ? "" : "failed: " + s.error() + " ")
                        + (s.leaks().isEmpty() ? "" : "left (then swept): " + s.leaks()));
            }
        }
        md.add("");
        return md;
    }

    private Optional<String> kept() throws IOException {
        Path existing = out.resolve("results.md");
        if (!Files.exists(existing)) {
            return Optional.empty();
        }
        String text = Files.readString(existing, StandardCharsets.UTF_8);
        int at = text.indexOf(KEEP_MARKER);
        return at < 0 ? Optional.empty() : Optional.of(text.substring(at + KEEP_MARKER.length()).strip());
    }

    private static List<Double> values(List<Sample> measured, String approach, int size,
            ToDoubleFunction<Sample> metric) {
        return measured.stream().filter(s -> s.ok() && s.approach().equals(approach) && s.sidecars() == size)
                .map(metric::applyAsDouble).toList();
    }

    /** Whether {@code approach} has runs in {@code measured}, failed or not. */
    private static boolean ran(List<Sample> measured, String approach) {
        return measured.stream().anyMatch(s -> s.approach().equals(approach));
    }

    /** A ratio's median held against {@link #TARGET_RATIO}, with the verdict. */
    private static String againstTarget(Stats ratio) {
        return ratio.empty() ? NO_RUN : "median " + fmt(ratio.median()) + " (target ≤ " + TARGET_RATIO + "): "
                + verdict(ratio.median() <= TARGET_RATIO);
    }

    /** The floor that keeps the same start and stop order as {@code approach}. */
    private static String sameOrderFloor(String approach) {
        return approach.endsWith("-ordered") ? FLOOR_ORDERED : FLOOR_PARALLEL;
    }

    /** Per round, the approach's value over the reference's (a floor) in the same round and size. */
    private static Stats ratios(List<Sample> measured, String approach, String reference, int size,
            ToDoubleFunction<Sample> metric) {
        List<Double> ratios = new ArrayList<>();
        for (Sample s : measured) {
            if (!s.ok() || !s.approach().equals(approach) || s.sidecars() != size) {
                continue;
            }
            measured.stream().filter(f -> f.ok() && f.approach().equals(reference) && f.sidecars() == size
                    && f.round() == s.round()).findFirst()
                    .ifPresent(f -> ratios.add(metric.applyAsDouble(s) / metric.applyAsDouble(f)));
        }
        return Stats.of(ratios);
    }

    private static String verdict(boolean met) {
        return met ? "**met**" : "**not met**";
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String fmt0(double d) {
        return String.format(Locale.ROOT, "%.0f", d);
    }
}
