package dev.sidecar.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The suite part's names and descriptions (its runner, SuiteBenchmark, is in sidecar-junit5's test sources, beside the
 * extension it needs) and its section of results.md, rendered from {@code suite.csv}.
 */
final class SuiteSection {

    /** The tests in the suite's class. */
    static final int TESTS = 20;
    /** Runs with fewer measured rounds are marked as trials. */
    static final int FULL_ROUNDS = 3;
    static final double TARGET_PER_TEST = 0.6;
    static final double TARGET_SHARED = 0.1;

    static final String NO_POD = "no-pod";
    static final String FLOOR = "floor";
    static final String FLOOR_PARALLEL = "floor-parallel";
    static final String TESTCONTAINERS = "testcontainers";
    static final String LIBRARY_SEQUENTIAL = "library-sequential";
    static final String LIBRARY_BACKGROUND_CLOSE = "library-background-close";
    static final String LIBRARY_START_AHEAD = "library-start-ahead";
    static final String LIBRARY_SHARED = "library-shared";
    /** Every approach and what it does, in the order of the table. */
    static final Map<String, String> DESCRIPTIONS = descriptions();
    /** The approaches a run measures unless told otherwise: all but floor-parallel, to keep the part short. */
    static final List<String> DEFAULT_APPROACHES = List.of(NO_POD, FLOOR, TESTCONTAINERS, LIBRARY_SEQUENTIAL,
            LIBRARY_BACKGROUND_CLOSE, LIBRARY_START_AHEAD, LIBRARY_SHARED);

    private SuiteSection() {
    }

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(NO_POD, "the baseline: the same " + TESTS + " test bodies against one pod of 1 + 1 started before the "
                + "class and closed after it, outside the timing");
        d.put(FLOOR, "the sequential floor: `@BeforeEach` starts the pod with the fewest docker-java calls (the "
                + "floor of the tables above), `@AfterEach` removes it (all at once, forced)");
        d.put(FLOOR_PARALLEL, "the same with floor-parallel: sidecar before main, graceful close in the pod's order");
        d.put(TESTCONTAINERS, "`@BeforeEach` starts the pod as Testcontainers users wire it by hand (testcontainers "
                + "above), `@AfterEach` stops each container in reverse");
        d.put(LIBRARY_SEQUENTIAL, "`@SidecarPod` on an instance field as the library was before issue 20: "
                + "`sidecar.junit.close-in-background=false`, `sidecar.junit.start-ahead=false`; each test's pod "
                + "starts before it and closes after it, in line");
        d.put(LIBRARY_BACKGROUND_CLOSE, "the same with `sidecar.junit.close-in-background=true`: a finished test's "
                + "pod closes in the background while the next test's starts; the run waits for every close");
        d.put(LIBRARY_START_AHEAD, "the defaults (background close and start-ahead on): besides, the next test's pod "
                + "starts while a test runs; the pod started ahead for a 21st test is closed at the end, inside the "
                + "timing");
        d.put(LIBRARY_SHARED, "`@SidecarPod(shared = true)`: one pod for the whole run (here the class), started by "
                + "the first test and closed when the run ends, inside the timing");
        return d;
    }

    static List<String> render(Path out) throws IOException {
        List<SuiteSample> all = Csv.read(out.resolve("suite.csv"), SuiteSample::parse);
        List<String> md = new ArrayList<>();
        if (all.isEmpty()) {
            return md;
        }
        List<SuiteSample> measured = all.stream().filter(s -> s.round() > 0).toList();
        int rounds = (int) measured.stream().mapToInt(SuiteSample::round).distinct().count();
        int cores = all.get(0).cores();
        md.add("## Suite level: a class of " + TESTS + " tests, each with its own pod of 1 + 1");
        md.add("");
        if (rounds < FULL_ROUNDS) {
            md.add("> **TRIAL RUN, not the benchmark's result.** " + rounds + " measured round(s) (a full run has "
                    + FULL_ROUNDS + ") on a shared 2-core machine while other engineers ran Docker tests on the "
                    + "same engine. These figures only prove that the harness works.");
            md.add("");
        }
        md.add("Produced by `" + command(out) + "` ([the runner](../../sidecar-junit5/src/test/java/dev/sidecar/"
                + "benchmark/)). Machine: [machine-suite.md](machine-suite.md)" + loadAverages(out) + ". Raw data: "
                + "[suite.csv](suite.csv). One test's critical path, traced: [suite-trace.md](suite-trace.md).");
        md.add("");
        md.add("One JUnit Jupiter class of " + TESTS + " tests run through the JUnit Platform launcher, in this JVM, "
                + "once per approach and round, the approaches interleaved; round 0 is a warm-up of three tests per "
                + "class and is discarded. Each test's pod is the pod of the tables above with one sidecar (infra, "
                + "the sidecar, main serving HTTP on " + Workload.PORT + "); each test body makes three HTTP GETs to "
                + "main's published port and checks the answers. Each library class run is a JUnit run of its own: "
                + "the extension's runtime is made and closed inside the timing.");
        md.add("");
        DESCRIPTIONS.forEach((name, description) -> {
            if (ran(all, name)) {
                md.add("- **" + name + "**: " + description);
            }
        });
        md.add("");
        md.add("*per-test overhead* = (the class's wall time − the baseline's in the same round) ÷ " + TESTS + "; "
                + "*÷ floor* divides it by the floor's of the same round; median (min–max) over rounds. *machine CPU* "
                + "is the busy time of all " + cores + " cores (the engine and the kernel included) during the class, "
                + "less the baseline's, per test; divided by the " + cores + " cores it is the least time per test "
                + "any schedule of that work could take on this machine.");
        md.add("");
        md.add("| approach | class wall, s | per-test overhead, ms | ÷ floor | machine CPU per test, ms "
                + "| ÷ " + cores + " cores, ms | JVM CPU per test, ms | failed runs |");
        md.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String approach : DESCRIPTIONS.keySet()) {
            List<SuiteSample> runs = measured.stream().filter(s -> s.approach().equals(approach)).toList();
            if (runs.isEmpty()) {
                continue;
            }
            Stats cpu = perTest(measured, approach, SuiteSample::machineCpuMs);
            md.add("| " + approach
                    + " | " + Stats.of(runs.stream().filter(SuiteSample::ok).map(s -> s.wallMs() / 1000).toList())
                    .format(1)
                    + " | " + (approach.equals(NO_POD) ? "–" : perTest(measured, approach, SuiteSample::wallMs)
                    .format(0))
                    + " | " + (approach.equals(NO_POD) ? "–" : ratios(measured, approach).format(2))
                    + " | " + (approach.equals(NO_POD) ? "–" : cpu.format(0))
                    + " | " + (approach.equals(NO_POD) || cpu.empty() ? "–" : String.format(Locale.ROOT, "%.0f",
                    cpu.median() / cores))
                    + " | " + (approach.equals(NO_POD) ? "–" : perTest(measured, approach, SuiteSample::jvmCpuMs)
                    .format(0))
                    + " | " + runs.stream().filter(s -> !s.ok()).count() + " of " + runs.size() + " |");
        }
        md.add("");
        md.addAll(targets(measured));
        List<SuiteSample> bad = all.stream().filter(s -> !s.ok()).toList();
        if (!bad.isEmpty()) {
            md.add("Failed or leaking runs:");
            md.add("");
            bad.forEach(s -> md.add("- round " + s.round() + ", " + s.approach() + ": " + s.succeeded() + " of "
                    + s.tests() + " tests succeeded" + (s.error().isEmpty() ? "" : "; " + s.error())
                    + (s.leaks().isEmpty() ? "" : "; left (then swept): " + s.leaks())));
            md.add("");
        }
        return md;
    }

    private static List<String> targets(List<SuiteSample> measured) {
        List<String> md = new ArrayList<>();
        if (!ran(measured, FLOOR)) {
            return md;
        }
        md.add("The issue's targets, as this run measured them:");
        md.add("");
        for (String approach : List.of(LIBRARY_START_AHEAD, LIBRARY_BACKGROUND_CLOSE, LIBRARY_SHARED)) {
            if (!ran(measured, approach)) {
                continue;
            }
            double target = approach.equals(LIBRARY_SHARED) ? TARGET_SHARED : TARGET_PER_TEST;
            Stats r = ratios(measured, approach);
            md.add("- " + approach + " per-test overhead ÷ floor: " + (r.empty() ? "no successful run: **not met**"
                    : "median " + String.format(Locale.ROOT, "%.2f", r.median()) + " (target ≤ " + target + "): "
                    + (r.median() <= target ? "**met**" : "**not met**")));
        }
        md.add("");
        return md;
    }

    /** Per round, (the approach's value − the baseline's) ÷ {@link #TESTS}. */
    private static Stats perTest(List<SuiteSample> measured, String approach, ToDoubleFunction<SuiteSample> metric) {
        List<Double> values = new ArrayList<>();
        for (SuiteSample s : measured) {
            if (s.ok() && s.approach().equals(approach)) {
                baseline(measured, s.round()).ifPresent(b -> values.add((metric.applyAsDouble(s)
                        - metric.applyAsDouble(b)) / TESTS));
            }
        }
        return Stats.of(values.stream().filter(v -> !Double.isNaN(v)).toList());
    }

    /** Per round, the approach's per-test overhead over the floor's. */
    private static Stats ratios(List<SuiteSample> measured, String approach) {
        List<Double> ratios = new ArrayList<>();
        for (SuiteSample s : measured) {
            if (!s.ok() || !s.approach().equals(approach)) {
                continue;
            }
            var base = baseline(measured, s.round());
            var floor = measured.stream().filter(f -> f.ok() && f.round() == s.round() && f.approach().equals(FLOOR))
                    .findFirst();
            if (base.isPresent() && floor.isPresent()) {
                ratios.add((s.wallMs() - base.get().wallMs()) / (floor.get().wallMs() - base.get().wallMs()));
            }
        }
        return Stats.of(ratios);
    }

    private static java.util.Optional<SuiteSample> baseline(List<SuiteSample> measured, int round) {
        return measured.stream().filter(b -> b.ok() && b.round() == round && b.approach().equals(NO_POD)).findFirst();
    }

    private static boolean ran(List<SuiteSample> samples, String approach) {
        return samples.stream().anyMatch(s -> s.approach().equals(approach));
    }

    /** The load averages machine-suite.md gives, for the reader to judge how quiet the machine was. */
    private static String loadAverages(Path out) throws IOException {
        Path machine = out.resolve("machine-suite.md");
        if (!Files.exists(machine)) {
            return "";
        }
        List<String> loads = Files.readAllLines(machine).stream().filter(l -> l.startsWith("| load average at"))
                .map(l -> l.replaceAll("^\\| load average at (\\w+)[^|]*\\| ([^|]*) \\|$", "$2 at the $1"))
                .toList();
        return loads.isEmpty() ? "" : "; load averages (1, 5, 15 min) " + String.join(", and ", loads);
    }

    /** The command that wrote machine-suite.md. */
    private static String command(Path out) throws IOException {
        Path machine = out.resolve("machine-suite.md");
        if (!Files.exists(machine)) {
            return "bash scripts/benchmark.sh -Dbenchmark.parts=suite";
        }
        return Files.readAllLines(machine).stream().filter(l -> l.startsWith("| command |"))
                .map(l -> l.replaceAll("^\\| [^|]+ \\| `(.*)` \\|$", "$1")).findFirst()
                .orElse("bash scripts/benchmark.sh -Dbenchmark.parts=suite");
    }
}
