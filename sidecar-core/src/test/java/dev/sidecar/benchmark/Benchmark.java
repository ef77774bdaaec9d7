package dev.sidecar.benchmark;

import com.github.dockerjava.api.DockerClient;
import dev.sidecar.SidecarStartOrder;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;

/**
 * The benchmark of issue 7: pod start-to-ready and close times of the floors (the wiring's order alone, and the
 * pod's two orders), Testcontainers wired by hand, Docker Compose and this library (ordered and parallel
 * sidecar start, and parallel with a grace period of zero), interleaved; then pods started at once, by the library
 * and by the floors at the same concurrency (issue 20); then a traced profile. Run it with {@code bash scripts/benchmark.sh}, which builds the project and runs this class through
 * the {@code benchmark} Maven profile of sidecar-core. Settings, as system properties:
 *
 * <ul>
 *   <li>{@code benchmark.runs} measured rounds (default 10; fewer marks the results as a trial),
 *       {@code benchmark.warmup} warm-up rounds (default 1, discarded);</li>
 *   <li>{@code benchmark.sizes} sidecar counts (default {@code 1,3,10});</li>
 *   <li>{@code benchmark.concurrency} pods at once (default {@code 1,4,16}), {@code benchmark.concurrentRuns}
 *       runs of each (default 3);</li>
 *   <li>{@code benchmark.profileRuns} traced runs per approach (default 5);</li>
 *   <li>{@code benchmark.parts} what to run (default {@code pods,concurrent,profile,suite}; {@code suite}, the
 *       suite-level part, is sidecar-junit5's SuiteBenchmark, which scripts/benchmark.sh runs after this class;
 *       {@code report} alone re-renders results.md and the chart from the CSV files), {@code benchmark.approaches}
 *       which approaches (default {@code all}, or some of
 *       {@code floor,floor-parallel,floor-ordered,testcontainers,compose,library-ordered,library-parallel,
 *       library-parallel-grace0});</li>
 *   <li>{@code benchmark.out} the results folder (default {@code benchmark-results}),
 *       {@code benchmark.work} scratch files (default {@code target/benchmark}).</li>
 * </ul>
 */
public final class Benchmark {

    private static final Duration PAUSE_BETWEEN_RUNS = Duration.ofMillis(300);
    private static final String COMMAND_ROW = "command";
    /** The settings and their defaults, as in the benchmark profile of sidecar-core/pom.xml. */
    private static final String[][] DEFAULTS = {{"benchmark.runs", "10"}, {"benchmark.warmup", "1"},
        {"benchmark.sizes", "1,3,10"}, {"benchmark.concurrency", "1,4,16"}, {"benchmark.concurrentRuns", "3"},
        {"benchmark.profileRuns", "5"}, {"benchmark.parts", "pods,concurrent,profile,suite"},
        {"benchmark.approaches", "all"}};

    private final DockerClient docker;
    private final Path out;
    private final Path work;
    private final LeakCheck leakCheck;
    private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads("floor-"));

    private Benchmark(DockerClient docker, Path out, Path work) {
        this.docker = docker;
        this.out = out;
        this.work = work;
        this.leakCheck = new LeakCheck(docker);
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("benchmark.runs", 10);
        int warmup = Integer.getInteger("benchmark.warmup", 1);
        List<Integer> sizes = ints(System.getProperty("benchmark.sizes", "1,3,10"));
        List<Integer> concurrency = ints(System.getProperty("benchmark.concurrency", "1,4,16"));
        int concurrentRuns = Integer.getInteger("benchmark.concurrentRuns", 3);
        int profileRuns = Integer.getInteger("benchmark.profileRuns", 5);
        List<String> parts = Arrays.asList(System.getProperty("benchmark.parts", "pods,concurrent,profile,suite")
                .split(","));
        Path out = Path.of(System.getProperty("benchmark.out", "benchmark-results")).toAbsolutePath();
        Path work = Path.of(System.getProperty("benchmark.work", "target/benchmark")).toAbsolutePath();

        DockerClient docker = DockerClientFactory.instance().client();
        Benchmark benchmark = new Benchmark(docker, out, work);
        List<String> only = Arrays.asList(System.getProperty("benchmark.approaches", "all").split(","));
        List<Approach> approaches = benchmark.approaches().stream()
                .filter(a -> only.contains("all") || only.contains(a.name())).toList();
        Map<String, String> descriptions = new LinkedHashMap<>();
        approaches.forEach(a -> descriptions.put(a.name(), a.description()));
        String command = command();
        if (parts.equals(List.of("report"))) {
            new Report(out, descriptions, previousCommand(out).orElse(command)).render();
            System.out.println("[benchmark] rendered " + out.resolve("results.md") + " from the CSV files");
            return;
        }
        Report report = new Report(out, descriptions, command);
        List<String> machine = new ArrayList<>(List.of("# The machine of the last benchmark run", ""));
        machine.addAll(Machine.describe(docker));
        machine.add("| " + COMMAND_ROW + " | `" + command + "` |");
        Files.createDirectories(out);
        Files.write(out.resolve("machine.md"), machine, StandardCharsets.UTF_8);
        System.out.println("[benchmark] results go to " + out + "; run id " + Workload.RUN_ID);

        if (parts.contains("pods")) {
            benchmark.pods(approaches, sizes, warmup, runs);
            report.render();
        }
        if (parts.contains("concurrent")) {
            benchmark.concurrent(concurrency, concurrentRuns);
            report.render();
        }
        if (parts.contains("profile")) {
            benchmark.profile(List.of(3, 10).stream().filter(sizes::contains).toList(), profileRuns);
        }
        machine.add("| load average at end (1, 5, 15 min) | " + Machine.loadAverage() + " |");
        Files.write(out.resolve("machine.md"), machine, StandardCharsets.UTF_8);
        LeakCheck.Leaks left = benchmark.leakCheck.find();
        System.out.println("[benchmark] done; this JVM left " + (left.none() ? "nothing" : left) + " on the engine; "
                + "labelled dev.sidecar by anyone: " + benchmark.leakCheck.libraryObjectsOnEngine());
        System.exit(left.none() ? 0 : 1);
    }

    /** The command that gives this run's settings: scripts/benchmark.sh with every setting not at its default. */
    private static String command() {
        StringBuilder command = new StringBuilder("bash scripts/benchmark.sh");
        for (String[] setting : DEFAULTS) {
            String value = System.getProperty(setting[0], setting[1]);
            if (!value.equals(setting[1])) {
                command.append(" -D").append(setting[0]).append('=').append(value);
            }
        }
        return command.toString();
    }

    /** The command of the run that wrote machine.md, to re-render its results. */
    private static java.util.Optional<String> previousCommand(Path out) throws java.io.IOException {
        Path machine = out.resolve("machine.md");
        if (!Files.exists(machine)) {
            return java.util.Optional.empty();
        }
        return Files.readAllLines(machine).stream().filter(l -> l.startsWith("| " + COMMAND_ROW + " |"))
                .map(l -> l.replaceAll("^\\| [^|]+ \\| `(.*)` \\|$", "$1")).findFirst();
    }

    private List<Approach> approaches() {
        return approaches(docker, executor, work);
    }

    private static List<Approach> approaches(DockerClient docker, ExecutorService executor, Path work) {
        return List.of(new Floor(docker, executor), new Floor(docker, executor, Floor.Mode.PARALLEL),
                new Floor(docker, executor, Floor.Mode.ORDERED),
                new HandWiredTestcontainers(), new Compose(docker, work.resolve("compose")),
                new Library(SidecarStartOrder.ORDERED), new Library(SidecarStartOrder.PARALLEL),
                new Library(SidecarStartOrder.PARALLEL, Duration.ZERO));
    }

    /**
     * Renders results.md again from the CSV files in {@code out}, under the command of the run that wrote
     * machine.md: for the suite part, which runs in a JVM of its own (sidecar-junit5's SuiteBenchmark).
     */
    static void render(Path out) throws java.io.IOException {
        java.util.Set<String> ran = new java.util.HashSet<>();
        Csv.read(out.resolve("results.csv"), Sample::parse).forEach(s -> ran.add(s.approach()));
        Map<String, String> descriptions = new LinkedHashMap<>();
        approaches(null, null, Path.of("unused")).stream().filter(a -> ran.contains(a.name()))
                .forEach(a -> descriptions.put(a.name(), a.description()));
        new Report(out, descriptions, previousCommand(out).orElse("bash scripts/benchmark.sh")).render();
    }

    /** Rounds of every approach and size, interleaved; results.csv is rewritten after every run. */
    private void pods(List<Approach> approaches, List<Integer> sizes, int warmup, int runs) throws Exception {
        List<Sample> samples = new ArrayList<>();
        int total = warmup + runs;
        for (int r = 0; r < total; r++) {
            int round = r < warmup ? 0 : r - warmup + 1;
            for (int size : sizes) {
                for (Approach a : approaches) {
                    Sample s = measure(a, size, round);
                    samples.add(s);
                    System.out.printf(Locale.ROOT, "[benchmark] round %d/%d %-17s 1+%-2d start %6.0f ms  close %6.0f "
                                    + "ms  heap %5.1f MB  threads %3d (%+d)%s%n", round, runs, a.name(), size,
                            s.startMs(), s.closeMs(), s.heapMb(), s.threads(), s.threads() - s.threadsBefore(),
                            s.ok() ? "" : "  FAILED: " + s.error() + " " + s.leaks());
                    Csv.write(out.resolve("results.csv"), Sample.CSV_HEADER,
                            samples.stream().map(Sample::csv).toList());
                }
            }
        }
    }

    private Sample measure(Approach approach, int size, int round) {
        Workload.sleep(PAUSE_BETWEEN_RUNS);
        var threadBean = ManagementFactory.getThreadMXBean();
        int threadsBefore = threadBean.getThreadCount();
        double startMs = Double.NaN;
        double closeMs = Double.NaN;
        double heapMb = Double.NaN;
        int threads = -1;
        String error = "";
        try {
            long t0 = System.nanoTime();
            Approach.Started started = approach.start(size);
            startMs = (System.nanoTime() - t0) / 1e6;
            threads = threadBean.getThreadCount();
            System.gc();
            heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
            long t1 = System.nanoTime();
            started.close();
            closeMs = (System.nanoTime() - t1) / 1e6;
        } catch (Exception e) {
            error = ConcurrentPods.firstLine(e);
            System.out.println("[benchmark] " + approach.name() + " 1+" + size + " failed:");
            e.printStackTrace(System.out);
        }
        LeakCheck.Leaks leaks = leakCheck.find();
        if (!leaks.none()) {
            leakCheck.sweep(leaks);
        }
        return new Sample(round, approach.name(), size, startMs, closeMs, heapMb, threads, threadsBefore, error,
                leaks.none() ? "" : leaks.toString());
    }

    /** Rounds of every level, each level running the floors and the library in turn. */
    private void concurrent(List<Integer> levels, int runs) throws Exception {
        ConcurrentPods pods = new ConcurrentPods(leakCheck, docker, executor);
        List<ConcurrentPods.Result> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            for (int level : levels) {
                for (String approach : ConcurrentPods.APPROACHES) {
                    Workload.sleep(PAUSE_BETWEEN_RUNS);
                    ConcurrentPods.Result r = pods.run(run, approach, level);
                    results.add(r);
                    System.out.printf(Locale.ROOT, "[benchmark] concurrent run %d/%d: %2d pods of 1+%d, %-16s ready "
                                    + "in %6.0f ms (CPU: machine %6.0f ms, this JVM %5.0f ms), closed in %6.0f ms, %d "
                                    + "failed, left %d containers %d volumes%n", run, runs, level,
                            ConcurrentPods.SIDECARS, approach, r.startWallMs(), r.machineCpuMs(), r.jvmCpuMs(),
                            r.closeWallMs(), r.failures(), r.leakedContainers(), r.leakedVolumes());
                    Csv.write(out.resolve("concurrent.csv"), ConcurrentPods.Result.CSV_HEADER,
                            results.stream().map(ConcurrentPods.Result::csv).toList());
                }
            }
        }
    }

    private void profile(List<Integer> sizes, int runs) throws Exception {
        Profile.create(docker, executor).run(out.resolve("profile.md"), sizes, runs, leakCheck);
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Integer::valueOf)
                .toList();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
