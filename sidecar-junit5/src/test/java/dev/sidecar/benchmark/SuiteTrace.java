package dev.sidecar.benchmark;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * Where the time of one test goes, at suite level: runs the class of a library approach once more while recording,
 * on one clock (the machine's wall clock, in ns), what JUnit did (each test's start and end, when it had its pod,
 * when its body ended) and what the engine did to this JVM's containers (its event stream: create, start, kill, die,
 * destroy). Writes, per approach, a table of every test and the full timeline of the median test, with what bounds
 * it.
 */
final class SuiteTrace {

    /** One approach to trace: its class and configuration. */
    record Traced(String approach, Class<?> fixture, Map<String, String> configuration) {
    }

    /** Something that happened, at {@code nanos} since the epoch. */
    private record Mark(long nanos, String source, String what) {
    }

    /** What the engine did to one container of a pod. */
    private record EngineEvent(long nanos, String action, String instance, String role, String container) {
    }

    /** One test of the traced run, times in ns since the epoch (0 when not seen). */
    private static final class TestRecord {
        final String name;
        final long started;
        String pod = "";
        long ready;
        long bodyDone;
        long finished;
        boolean ok;

        TestRecord(String name, long started) {
            this.name = name;
            this.started = started;
        }
    }

    /** The traced run. */
    private record Run(Traced traced, List<TestRecord> tests, List<EngineEvent> events, long begin, long end,
            CpuTime.Spent cpu) {
    }

    private static final String INSTANCE_LABEL = "dev.sidecar.pod-instance";
    private static final String ROLE_LABEL = "dev.sidecar.role";
    private static final String CONTAINER_LABEL = "dev.sidecar.container";

    private final DockerClient docker;
    private final Launcher launcher;
    private final LeakCheck leakCheck;

    SuiteTrace(DockerClient docker, Launcher launcher, LeakCheck leakCheck) {
        this.docker = docker;
        this.launcher = launcher;
        this.leakCheck = leakCheck;
    }

    /** @param trial whether the run is a trial (fewer rounds than a full run), to be marked as such */
    void write(Path file, List<Traced> approaches, boolean trial) throws IOException {
        List<String> md = new ArrayList<>();
        md.add("# Suite level: where one test's time goes");
        md.add("");
        if (trial) {
            md.add("> **TRIAL RUN**, traced after a trial of the suite part: the figures only prove that the trace "
                    + "works; see the load average below.");
            md.add("");
        }
        md.add("Written by the suite benchmark (`dev.sidecar.benchmark.SuiteTrace`, sidecar-junit5) at " + Instant.now()
                + ", after the measured rounds of [results.md](results.md#suite-level-a-class-of-20-tests-each-with-its-"
                + "own-pod-of-1--1): one more run of the class per approach, with the same configuration and one "
                + "addition, each test publishing when it has its pod and when its body ended. JUnit's side comes "
                + "from a launcher listener, the engine's from its event stream for this JVM's containers (the "
                + "engine stamps each event when it has done the step: `start` when the container runs, `destroy` "
                + "when it is removed), both on the machine's wall clock. Load average at the start: "
                + Machine.loadAverage() + ".");
        md.add("");
        for (Traced t : approaches) {
            Run run;
            try {
                run = trace(t);
            } catch (RuntimeException | InterruptedException e) {
                md.add("## " + t.approach());
                md.add("");
                md.add("The traced run failed: " + ConcurrentPods.firstLine(e));
                md.add("");
                continue;
            }
            md.addAll(render(run));
            System.out.printf(Locale.ROOT, "[benchmark] suite trace %-24s %d tests in %.0f ms%n", t.approach(),
                    run.tests().size(), (run.end() - run.begin()) / 1e6);
        }
        Files.createDirectories(file.getParent());
        Files.write(file, md, StandardCharsets.UTF_8);
    }

    private Run trace(Traced t) throws InterruptedException {
        List<EngineEvent> events = Collections.synchronizedList(new ArrayList<>());
        String since = String.format(Locale.ROOT, "%.3f", (System.currentTimeMillis() - 1000) / 1000.0);
        Map<String, TestRecord> tests = Collections.synchronizedMap(new LinkedHashMap<>());
        Closeable stream = docker.eventsCmd().withEventTypeFilter("container")
                .withLabelFilter(Map.of(Workload.LIBRARY_OWNER_PID_LABEL, Long.toString(ProcessHandle.current().pid())))
                .withSince(since)
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        Map<String, String> a = event.getActor() == null || event.getActor().getAttributes() == null
                                ? Map.of() : event.getActor().getAttributes();
                        if (event.getTimeNano() != null && a.containsKey(INSTANCE_LABEL)) {
                            events.add(new EngineEvent(event.getTimeNano(), String.valueOf(event.getAction()),
                                    a.get(INSTANCE_LABEL), a.getOrDefault(ROLE_LABEL, "?"),
                                    a.getOrDefault(CONTAINER_LABEL, a.getOrDefault(ROLE_LABEL, "?"))));
                        }
                    }
                });
        Map<String, String> configuration = new LinkedHashMap<>(t.configuration());
        configuration.put(SuiteClasses.TRACE, "true");
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) {
                    tests.put(id.getUniqueId(), new TestRecord(id.getDisplayName(), now()));
                }
            }

            @Override
            public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                TestRecord r = tests.get(id.getUniqueId());
                if (r == null) {
                    return;
                }
                long at = now();
                Map<String, String> kv = entry.getKeyValuePairs();
                if (kv.containsKey(SuiteClasses.POD_ENTRY)) {
                    r.pod = kv.get(SuiteClasses.POD_ENTRY);
                    r.ready = at;
                }
                if (kv.containsKey(SuiteClasses.BODY_DONE_ENTRY)) {
                    r.bodyDone = at;
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                TestRecord r = tests.get(id.getUniqueId());
                if (r != null) {
                    r.finished = now();
                    r.ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                }
            }
        };
        Workload.sleep(java.time.Duration.ofMillis(300));
        CpuTime cpu = CpuTime.now();
        long begin = now();
        try {
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(t.fixture()))
                    .configurationParameters(configuration).build(), listener);
        } finally {
            long end = now();
            CpuTime.Spent spent = cpu.spentSince();
            Thread.sleep(1000); // the last events reach the stream
            try {
                stream.close();
            } catch (IOException e) {
                System.out.println("[benchmark] closing the event stream: " + e);
            }
            LeakCheck.Leaks leaks = leakCheck.find();
            if (!leaks.none()) {
                leakCheck.sweep(leaks);
                throw new IllegalStateException("the traced run of " + t.approach() + " left " + leaks);
            }
            List<EngineEvent> sorted;
            synchronized (events) {
                sorted = events.stream().sorted(Comparator.comparingLong(EngineEvent::nanos)).toList();
            }
            List<TestRecord> records;
            synchronized (tests) {
                records = tests.values().stream().sorted(Comparator.comparingLong(r -> r.started)).toList();
            }
            return new Run(t, records, sorted, begin, end, spent);
        }
    }

    private static List<String> render(Run run) {
        List<String> md = new ArrayList<>();
        List<TestRecord> tests = run.tests();
        md.add("## " + run.traced().approach());
        md.add("");
        md.add(SuiteSection.DESCRIPTIONS.get(run.traced().approach()) + ". Configuration: `"
                + run.traced().configuration() + "`.");
        md.add("");
        if (tests.isEmpty() || tests.stream().anyMatch(r -> !r.ok || r.ready == 0)) {
            md.add("Not every test succeeded and reported its pod: " + tests.stream().filter(r -> !r.ok).count()
                    + " of " + tests.size() + " failed; no analysis.");
            md.add("");
            return md;
        }
        double classMs = (run.end() - run.begin()) / 1e6;
        double lastFinished = (tests.get(tests.size() - 1).finished - run.begin()) / 1e6;
        md.add(String.format(Locale.ROOT, "The class took %.0f ms: the first test started %.0f ms after the launcher "
                        + "was called, the last ended at %.0f ms, and the rest (%.0f ms) is the end of the run (the "
                        + "extension waits for every close still under way, then closes its runtime). Machine CPU "
                        + "meanwhile: %.0f ms, this JVM's %.0f ms.", classMs, (tests.get(0).started - run.begin()) / 1e6,
                lastFinished, classMs - lastFinished, run.cpu().machineMs(), run.cpu().jvmMs()));
        md.add("");
        md.add("Every test, in the order they ran; times in ms. *wait* is from the test's start until it has its pod "
                + "(the extension's `beforeEach`), *body* the three requests, *after* until the test has ended (the "
                + "extension hands the pod to its closer, or closes it). *its pod* is what the engine did for the "
                + "test's pod: when its first container was created, relative to the test's start (negative: started "
                + "ahead), how long from that create until main ran (the `start` event of main), and how long its "
                + "close took on the engine (first `kill` to last `destroy`), relative to the test's end.");
        md.add("");
        md.add("| test | wait | body | after | test in all | its pod: first create, from the test's start | "
                + "create → main runs | close: first kill, from the test's end | close: kill → last destroy |");
        md.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int i = 0; i < tests.size(); i++) {
            TestRecord r = tests.get(i);
            List<EngineEvent> pod = run.events().stream().filter(e -> e.instance().equals(r.pod)).toList();
            Optional<Long> created = first(pod, e -> e.action().equals("create"));
            Optional<Long> mainRuns = first(pod, e -> e.action().equals("start") && e.role().equals("main"));
            Optional<Long> killed = first(pod, e -> e.action().equals("kill") || e.action().equals("stop"));
            Optional<Long> destroyed = last(pod, e -> e.action().equals("destroy"));
            md.add(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.0f | %s | %s | %s | %s |", i + 1,
                    ms(r.ready - r.started), ms(r.bodyDone - r.ready), ms(r.finished - r.bodyDone),
                    ms(r.finished - r.started), created.map(c -> fmt(ms(c - r.started))).orElse("–"),
                    created.flatMap(c -> mainRuns.map(m -> fmt(ms(m - c)))).orElse("–"),
                    killed.map(k -> fmt(ms(k - r.finished))).orElse("–"),
                    killed.flatMap(k -> destroyed.map(d -> fmt(ms(d - k)))).orElse("–")));
        }
        md.add("");
        List<TestRecord> middle = tests.size() > 2 ? tests.subList(1, tests.size() - 1) : tests;
        Stats wait = Stats.of(middle.stream().map(r -> ms(r.ready - r.started)).toList());
        Stats total = Stats.of(middle.stream().map(r -> ms(r.finished - r.started)).toList());
        Stats between = Stats.of(middle.stream().map(r -> ms(r.started - previousFinished(tests, r))).toList());
        Stats podStart = Stats.of(tests.stream().map(r -> startMs(run, r)).filter(Objects::nonNull).toList());
        Stats podClose = Stats.of(tests.stream().map(r -> closeMs(run, r)).filter(Objects::nonNull).toList());
        int cores = Runtime.getRuntime().availableProcessors();
        double cpuPerTest = run.cpu().machineMs() / tests.size();
        md.add(String.format(Locale.ROOT, "Medians over tests 2 to %d: a test took %.0f ms, %.0f of them waiting for "
                        + "its pod, and %.0f ms passed between one test's end and the next one's start. On the "
                        + "engine, median over all pods, a pod took %.0f ms from its first create until main ran and "
                        + "%.0f ms from the first kill to the last destroy. The machine spent %.0f ms of CPU per test "
                        + "(engine, kernel and this JVM, all %d cores), so no schedule of the same work could take "
                        + "less than %.0f ms per test here; this run took %.0f.", tests.size() - 1, total.median(),
                wait.median(), between.median(), podStart.median(), podClose.median(), cpuPerTest, cores,
                cpuPerTest / cores, classMs / tests.size()));
        md.add("");
        md.addAll(timeline(run, middleTest(middle, total.median())));
        return md;
    }

    /** The test of median duration. */
    private static TestRecord middleTest(List<TestRecord> tests, double median) {
        return tests.stream().min(Comparator.comparingDouble(r -> Math.abs(ms(r.finished - r.started) - median)))
                .orElseThrow();
    }

    /**
     * The median test's critical path: every JUnit and engine event from the start of its own pod (or of the test
     * before, whichever is earlier) to its end, relative to its start.
     */
    private static List<String> timeline(Run run, TestRecord test) {
        List<TestRecord> tests = run.tests();
        int index = tests.indexOf(test);
        TestRecord before = index > 0 ? tests.get(index - 1) : null;
        long from = Math.min(before == null ? test.started : before.started,
                first(run.events().stream().filter(e -> e.instance().equals(test.pod)).toList(), e -> true)
                        .orElse(test.started));
        long to = test.finished;
        Map<String, String> owners = new LinkedHashMap<>();
        for (int i = 0; i < tests.size(); i++) {
            owners.put(tests.get(i).pod, "test " + (i + 1) + "'s pod");
        }
        List<Mark> marks = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            TestRecord r = tests.get(i);
            String t = "test " + (i + 1);
            marks.add(new Mark(r.started, "JUnit", t + " starts"));
            marks.add(new Mark(r.ready, "JUnit", t + " has its pod, its body begins"));
            marks.add(new Mark(r.bodyDone, "JUnit", t + "'s body has ended"));
            marks.add(new Mark(r.finished, "JUnit", t + " has ended"));
        }
        for (EngineEvent e : run.events()) {
            marks.add(new Mark(e.nanos(), "engine", owners.getOrDefault(e.instance(), "pod " + e.instance()
                    + " (started ahead, unused)") + ": " + e.action() + " " + e.container()));
        }
        List<String> md = new ArrayList<>();
        md.add("### The critical path of test " + (index + 1) + " (the median test)");
        md.add("");
        md.add("Every event from " + (before == null ? "its pod's first create" : "the start of test " + index
                + " or of test " + (index + 1) + "'s pod, whichever came first,") + " until test " + (index + 1)
                + " ended; ms from test " + (index + 1) + "'s start.");
        md.add("");
        md.add("```");
        marks.stream().filter(m -> m.nanos() >= from && m.nanos() <= to).sorted(Comparator.comparingLong(Mark::nanos))
                .forEach(m -> md.add(String.format(Locale.ROOT, "%9.1f  %-6s  %s", ms(m.nanos() - test.started),
                        m.source(), m.what())));
        md.add("```");
        md.add("");
        return md;
    }

    private static long previousFinished(List<TestRecord> tests, TestRecord r) {
        int i = tests.indexOf(r);
        return i == 0 ? r.started : tests.get(i - 1).finished;
    }

    private static Double startMs(Run run, TestRecord r) {
        List<EngineEvent> pod = run.events().stream().filter(e -> e.instance().equals(r.pod)).toList();
        Optional<Long> created = first(pod, e -> e.action().equals("create"));
        Optional<Long> mainRuns = first(pod, e -> e.action().equals("start") && e.role().equals("main"));
        return created.isPresent() && mainRuns.isPresent() ? ms(mainRuns.get() - created.get()) : null;
    }

    private static Double closeMs(Run run, TestRecord r) {
        List<EngineEvent> pod = run.events().stream().filter(e -> e.instance().equals(r.pod)).toList();
        Optional<Long> killed = first(pod, e -> e.action().equals("kill") || e.action().equals("stop"));
        Optional<Long> destroyed = last(pod, e -> e.action().equals("destroy"));
        return killed.isPresent() && destroyed.isPresent() ? ms(destroyed.get() - killed.get()) : null;
    }

    private static Optional<Long> first(List<EngineEvent> events, Predicate<EngineEvent> which) {
        return events.stream().filter(which).map(EngineEvent::nanos).min(Long::compare);
    }

    private static Optional<Long> last(List<EngineEvent> events, Predicate<EngineEvent> which) {
        return events.stream().filter(which).map(EngineEvent::nanos).max(Long::compare);
    }

    private static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.0f", ms);
    }
}
