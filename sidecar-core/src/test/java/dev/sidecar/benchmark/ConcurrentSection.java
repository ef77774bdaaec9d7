package dev.sidecar.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/** The section of results.md on pods started at once, from concurrent.csv: the library against the floors. */
final class ConcurrentSection {

    private ConcurrentSection() {
    }

    static List<String> render(List<ConcurrentPods.Result> results) {
        List<String> md = new ArrayList<>();
        if (results.isEmpty()) {
            return md;
        }
        boolean floors = results.stream().anyMatch(r -> r.approach().equals(Report.FLOOR));
        md.add("## Pods of 1 + " + ConcurrentPods.SIDECARS + " started at once" + (floors ? ": the library against the "
                + "floor at the same concurrency" : " (library, parallel sidecar start)"));
        md.add("");
        md.add("Each pod started from its own thread at the same instant, then all closed at once, each from its own "
                + "thread. **" + ConcurrentPods.LIBRARY + "**: one runtime for all (as a suite running classes in "
                + "parallel has), parallel sidecar start, graceful close. **" + Report.FLOOR + "** and **"
                + Report.FLOOR_PARALLEL + "**: the floors above, each pod's calls made at once on an unbounded pool. "
                + "In each run the floors and the library take turns at every level; *÷ floor* is the library's time "
                + "over the floor's of the same run and level, median (min–max) over runs. *CPU while starting* is "
                + "the busy time of the whole machine (engine and kernel included) from the go until all were "
                + "ready, per pod, and in brackets how many cores were busy on average (the machine's time over the "
                + "wall time). *left* counts what this JVM's runs left labelled on the engine.");
        md.add("");
        md.add("| pods at once | approach | runs | all ready, ms | start ÷ floor | start ÷ floor-parallel "
                + "| CPU while starting, ms per pod (cores busy) | all closed, ms | close ÷ floor-parallel "
                + "| failures | left: containers, volumes |");
        md.add("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        TreeSet<Integer> levels = new TreeSet<>();
        results.forEach(r -> levels.add(r.pods()));
        for (int pods : levels) {
            for (String approach : ConcurrentPods.APPROACHES) {
                List<ConcurrentPods.Result> runs = results.stream()
                        .filter(r -> r.pods() == pods && r.approach().equals(approach)).toList();
                if (runs.isEmpty()) {
                    continue;
                }
                List<ConcurrentPods.Result> ok = runs.stream().filter(ConcurrentPods.Result::ok).toList();
                Stats cpu = Stats.of(ok.stream().filter(r -> !Double.isNaN(r.machineCpuMs()))
                        .map(r -> r.machineCpuMs() / r.pods()).toList());
                Stats busy = Stats.of(ok.stream().filter(r -> !Double.isNaN(r.machineCpuMs()))
                        .map(r -> r.machineCpuMs() / r.startWallMs()).toList());
                md.add("| " + pods + " | " + approach + " | " + runs.size()
                        + " | " + Stats.of(ok.stream().map(ConcurrentPods.Result::startWallMs).toList()).format(0)
                        + " | " + ratios(results, approach, Report.FLOOR, pods, ConcurrentPods.Result::startWallMs)
                        .format(2)
                        + " | " + ratios(results, approach, Report.FLOOR_PARALLEL, pods,
                        ConcurrentPods.Result::startWallMs).format(2)
                        + " | " + (cpu.empty() ? "–" : String.format(Locale.ROOT, "%.0f (%.1f)", cpu.median(),
                        busy.median()))
                        + " | " + Stats.of(ok.stream().map(ConcurrentPods.Result::closeWallMs).toList()).format(0)
                        + " | " + ratios(results, approach, Report.FLOOR_PARALLEL, pods,
                        ConcurrentPods.Result::closeWallMs).format(2)
                        + " | " + runs.stream().mapToInt(ConcurrentPods.Result::failures).sum()
                        + " | " + runs.stream().mapToInt(ConcurrentPods.Result::leakedContainers).sum() + ", "
                        + runs.stream().mapToInt(ConcurrentPods.Result::leakedVolumes).sum() + " |");
            }
        }
        md.add("");
        if (floors) {
            for (int pods : levels) {
                for (String floor : List.of(Report.FLOOR, Report.FLOOR_PARALLEL)) {
                    Stats r = ratios(results, ConcurrentPods.LIBRARY, floor, pods,
                            ConcurrentPods.Result::startWallMs);
                    String median = r.empty() ? "" : "median " + String.format(Locale.ROOT, "%.2f", r.median());
                    md.add("- " + pods + " pod" + (pods == 1 ? "" : "s") + " at once, library start ÷ " + floor + ": "
                            + (r.empty() ? "no successful pair of runs" + (pods == 1 ? "" : ": **not met**")
                            : pods == 1 ? median + " (for reference)" : median + " (target ≤ " + Report.TARGET_RATIO
                            + "): " + (r.median() <= Report.TARGET_RATIO ? "**met**" : "**not met**")));
                }
            }
            md.add("");
        }
        results.stream().filter(r -> !r.firstError().isEmpty()).forEach(r -> md.add("Run " + r.run() + ", "
                + r.approach() + ", " + r.pods() + " pods: " + r.firstError() + "\n"));
        return md;
    }

    /** Per run, the approach's value over the reference's of the same run and level. */
    private static Stats ratios(List<ConcurrentPods.Result> results, String approach, String reference, int pods,
            ToDoubleFunction<ConcurrentPods.Result> metric) {
        List<Double> ratios = new ArrayList<>();
        for (ConcurrentPods.Result r : results) {
            if (!r.ok() || r.pods() != pods || !r.approach().equals(approach)) {
                continue;
            }
            results.stream().filter(f -> f.ok() && f.pods() == pods && f.run() == r.run()
                    && f.approach().equals(reference)).findFirst()
                    .ifPresent(f -> ratios.add(metric.applyAsDouble(r) / metric.applyAsDouble(f)));
        }
        return Stats.of(ratios);
    }
}
