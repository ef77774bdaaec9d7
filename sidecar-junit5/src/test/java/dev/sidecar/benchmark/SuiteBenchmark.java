package dev.sidecar.benchmark;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.github.dockerjava.api.DockerClient;
import dev.sidecar.junit.SidecarPod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.testcontainers.DockerClientFactory;

/**
 * The suite part of the benchmark (issue 20): one JUnit class of {@value SuiteSection#TESTS} tests, each with its own
 * pod of 1 + 1, run through the JUnit Platform launcher once per approach and round, interleaved, with a baseline
 * class whose tests use one pod started outside the timing; then one traced run per library approach
 * ({@link SuiteTrace}). Writes {@code suite.csv}, {@code machine-suite.md} and {@code suite-trace.md}, and renders
 * {@code results.md} again with its section. Run it with {@code bash scripts/benchmark.sh} (or
 * {@code -Dbenchmark.parts=suite} for this part alone), which runs this class through the {@code benchmark} profile of
 * sidecar-junit5. Settings, as system properties:
 *
 * <ul>
 *   <li>{@code benchmark.parts}: this part runs when it holds {@code suite} (default
 *       {@code pods,concurrent,profile,suite});</li>
 *   <li>{@code benchmark.suiteRounds} measured rounds (default {@value #DEFAULT_ROUNDS}; fewer marks the results as a
 *       trial), after a warm-up round of three tests per class;</li>
 *   <li>{@code benchmark.suiteApproaches} which approaches (default: all but {@code floor-parallel}; {@code all}, or
 *       some of the names in {@link SuiteSection#DESCRIPTIONS}; the baseline always runs);</li>
 *   <li>{@code benchmark.suiteTrace} whether to trace (default {@code true});</li>
 *   <li>{@code benchmark.out} the results folder.</li>
 * </ul>
 */
public final class SuiteBenchmark {

    static final int DEFAULT_ROUNDS = 3;
    private static final String DEFAULT_PARTS = "pods,concurrent,profile,suite";
    private static final int WARMUP_TESTS = 3;
    private static final java.time.Duration PAUSE_BETWEEN_RUNS = java.time.Duration.ofMillis(300);

    private final Launcher launcher = LauncherFactory.create();
    private final LeakCheck leakCheck;
    private final Floor baselineFloor;
    private final Path out;

    private SuiteBenchmark(DockerClient docker, ExecutorService executor, Path out) {
        this.leakCheck = new LeakCheck(docker);
        // Its own mode, so that its pods' names never meet those of the floor classes' pods.
        this.baselineFloor = new Floor(docker, executor, Floor.Mode.ORDERED);
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        List<String> parts = Arrays.asList(System.getProperty("benchmark.parts", DEFAULT_PARTS).split(","));
        if (!parts.contains("suite")) {
            System.out.println("[benchmark] suite: not among benchmark.parts " + parts + "; nothing to do");
            return;
        }
        int rounds = Integer.getInteger("benchmark.suiteRounds", DEFAULT_ROUNDS);
        List<String> approaches = approaches(System.getProperty("benchmark.suiteApproaches", "default"));
        boolean trace = Boolean.parseBoolean(System.getProperty("benchmark.suiteTrace", "true"));
        Path out = Path.of(System.getProperty("benchmark.out", "benchmark-results")).toAbsolutePath();

        DockerClient docker = DockerClientFactory.instance().client();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "suite-baseline");
            t.setDaemon(true);
            return t;
        });
        SuiteBenchmark benchmark = new SuiteBenchmark(docker, executor, out);
        List<String> machine = new ArrayList<>(List.of("# The machine of the last suite benchmark run", ""));
        machine.addAll(Machine.describe(docker));
        machine.add("| command | `" + command(rounds, trace) + "` |");
        Files.createDirectories(out);
        Files.write(out.resolve("machine-suite.md"), machine, StandardCharsets.UTF_8);
        System.out.println("[benchmark] suite: results go to " + out + "; approaches " + approaches);

        long begin = System.nanoTime();
        List<SuiteSample> samples = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            for (String approach : approaches) {
                SuiteSample s = benchmark.measure(approach, round);
                samples.add(s);
                System.out.printf(Locale.ROOT, "[benchmark] suite round %d/%d %-24s %2d of %2d tests in %7.0f ms "
                                + "(CPU: machine %6.0f ms, this JVM %6.0f ms)%s%n", round, rounds, approach,
                        s.succeeded(), s.tests(), s.wallMs(), s.machineCpuMs(), s.jvmCpuMs(),
                        s.ok() ? "" : "  FAILED: " + s.error() + " " + s.leaks());
                Csv.write(out.resolve("suite.csv"), SuiteSample.CSV_HEADER,
                        samples.stream().map(SuiteSample::csv).toList());
            }
        }
        Benchmark.render(out);
        System.out.printf(Locale.ROOT, "[benchmark] suite: measured in %.0f s%n", (System.nanoTime() - begin) / 1e9);
        if (trace) {
            List<String> traced = List.of(SuiteSection.LIBRARY_SEQUENTIAL, SuiteSection.LIBRARY_START_AHEAD);
            new SuiteTrace(docker, benchmark.launcher, benchmark.leakCheck).write(out.resolve("suite-trace.md"),
                    traced.stream().map(a -> new SuiteTrace.Traced(a, fixture(a), configuration(a))).toList(),
                    rounds < SuiteSection.FULL_ROUNDS);
        }
        machine.add("| load average at end (1, 5, 15 min) | " + Machine.loadAverage() + " |");
        Files.write(out.resolve("machine-suite.md"), machine, StandardCharsets.UTF_8);
        Benchmark.render(out); // again, with the load at the end
        LeakCheck.Leaks left = benchmark.leakCheck.find();
        System.out.printf(Locale.ROOT, "[benchmark] suite: done in %.0f s; this JVM left %s on the engine%n",
                (System.nanoTime() - begin) / 1e9, left.none() ? "nothing" : left);
        System.exit(left.none() ? 0 : 1);
    }

    /** One run of the approach's class: all its tests, or in the warm-up round the first three. */
    private SuiteSample measure(String approach, int round) {
        Workload.sleep(PAUSE_BETWEEN_RUNS);
        Map<String, String> configuration = configuration(approach);
        Approach.Started baseline = null;
        String error = "";
        int tests = 0;
        int succeeded = 0;
        double wallMs = Double.NaN;
        CpuTime.Spent cpu = new CpuTime.Spent(Double.NaN, Double.NaN);
        try {
            if (approach.equals(SuiteSection.NO_POD)) {
                Approach.Reached reached = baselineFloor.startReached(1);
                baseline = reached.pod();
                configuration.put(SuiteClasses.BASELINE_POD, "http://" + reached.host() + ":" + reached.port());
            }
            Class<?> fixture = fixture(approach);
            List<DiscoverySelector> selectors = round == 0
                    ? IntStream.rangeClosed(1, WARMUP_TESTS).mapToObj(i -> (DiscoverySelector) selectMethod(fixture,
                    String.format(Locale.ROOT, "request%02d", i))).toList()
                    : List.of(selectClass(fixture));
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                    .configurationParameters(configuration).build();
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            CpuTime before = CpuTime.now();
            long t0 = System.nanoTime();
            launcher.execute(request, new TestExecutionListener[] {summary});
            wallMs = (System.nanoTime() - t0) / 1e6;
            cpu = before.spentSince();
            TestExecutionSummary s = summary.getSummary();
            tests = (int) s.getTestsFoundCount();
            succeeded = (int) s.getTestsSucceededCount();
            int expected = round == 0 ? WARMUP_TESTS : SuiteSection.TESTS;
            if (!s.getFailures().isEmpty()) {
                Throwable first = s.getFailures().get(0).getException();
                error = s.getFailures().get(0).getTestIdentifier().getDisplayName() + ": "
                        + ConcurrentPods.firstLine(first);
                first.printStackTrace(System.out);
            } else if (tests != expected || succeeded != tests) {
                error = succeeded + " of " + tests + " tests succeeded, " + expected + " expected";
            }
        } catch (RuntimeException e) {
            error = ConcurrentPods.firstLine(e);
            e.printStackTrace(System.out);
        } finally {
            if (baseline != null) {
                try {
                    baseline.close();
                } catch (Exception e) {
                    error = error.isEmpty() ? "closing the baseline's pod: " + ConcurrentPods.firstLine(e) : error;
                }
            }
        }
        LeakCheck.Leaks leaks = leakCheck.find();
        if (!leaks.none()) {
            leakCheck.sweep(leaks);
        }
        return new SuiteSample(round, approach, tests, succeeded, wallMs, cpu.machineMs(), cpu.jvmMs(),
                Runtime.getRuntime().availableProcessors(), error, leaks.none() ? "" : leaks.toString());
    }

    static Class<?> fixture(String approach) {
        return switch (approach) {
            case SuiteSection.NO_POD -> SuiteClasses.NoPod.class;
            case SuiteSection.FLOOR, SuiteSection.FLOOR_PARALLEL -> SuiteClasses.FloorPerTest.class;
            case SuiteSection.TESTCONTAINERS -> SuiteClasses.TestcontainersPerTest.class;
            case SuiteSection.LIBRARY_SEQUENTIAL, SuiteSection.LIBRARY_BACKGROUND_CLOSE,
                    SuiteSection.LIBRARY_START_AHEAD -> SuiteClasses.LibraryPerTest.class;
            case SuiteSection.LIBRARY_SHARED -> SuiteClasses.LibraryShared.class;
            default -> throw new IllegalArgumentException("no suite approach " + approach);
        };
    }

    /** The launcher's configuration parameters for the approach's class. */
    static Map<String, String> configuration(String approach) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(SuiteClasses.ENABLED, "true");
        switch (approach) {
            case SuiteSection.FLOOR -> c.put(SuiteClasses.FLOOR_MODE, Floor.Mode.WIRING.name());
            case SuiteSection.FLOOR_PARALLEL -> c.put(SuiteClasses.FLOOR_MODE, Floor.Mode.PARALLEL.name());
            case SuiteSection.LIBRARY_SEQUENTIAL -> flags(c, false, false);
            case SuiteSection.LIBRARY_BACKGROUND_CLOSE -> flags(c, true, false);
            case SuiteSection.LIBRARY_START_AHEAD -> flags(c, true, true);
            default -> {
                // the extension's defaults
            }
        }
        return c;
    }

    private static void flags(Map<String, String> c, boolean closeInBackground, boolean startAhead) {
        c.put(SidecarPod.CLOSE_IN_BACKGROUND_PARAMETER, Boolean.toString(closeInBackground));
        c.put(SidecarPod.START_AHEAD_PARAMETER, Boolean.toString(startAhead));
    }

    /** The approaches to run: the baseline first, then the others in the table's order. */
    private static List<String> approaches(String setting) {
        List<String> wanted = switch (setting.strip()) {
            case "default" -> SuiteSection.DEFAULT_APPROACHES;
            case "all" -> List.copyOf(SuiteSection.DESCRIPTIONS.keySet());
            default -> Arrays.stream(setting.split(",")).map(String::strip).toList();
        };
        wanted.stream().filter(a -> !SuiteSection.DESCRIPTIONS.containsKey(a)).findFirst().ifPresent(a -> {
            throw new IllegalArgumentException("benchmark.suiteApproaches: no approach '" + a + "'; there are "
                    + SuiteSection.DESCRIPTIONS.keySet());
        });
        List<String> ordered = new ArrayList<>();
        ordered.add(SuiteSection.NO_POD);
        SuiteSection.DESCRIPTIONS.keySet().stream().filter(a -> !a.equals(SuiteSection.NO_POD) && wanted.contains(a))
                .forEach(ordered::add);
        return ordered;
    }

    private static String command(int rounds, boolean trace) {
        StringBuilder command = new StringBuilder("bash scripts/benchmark.sh -Dbenchmark.parts=suite");
        if (rounds != DEFAULT_ROUNDS) {
            command.append(" -Dbenchmark.suiteRounds=").append(rounds);
        }
        String setting = System.getProperty("benchmark.suiteApproaches", "default");
        if (!setting.equals("default")) {
            command.append(" -Dbenchmark.suiteApproaches=").append(setting);
        }
        if (!trace) {
            command.append(" -Dbenchmark.suiteTrace=false");
        }
        return command.toString();
    }
}
