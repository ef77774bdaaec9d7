package dev.sidecar.benchmark;

import com.github.dockerjava.api.DockerClient;
import dev.sidecar.PodRuntime;
import dev.sidecar.PodSpec;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.docker.DockerPodRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Where the time of one start and one close goes: runs the three floors and the library (both orders) with a
 * {@link CallTracer} between them and the engine, interleaved, and writes {@code profile.md} with, for the run of
 * median start time, every Docker call on a timeline, the calls counted by command, and the gap between the last
 * call and ready (the readiness probe's share).
 *
 * <p>The library's runtimes get the traced client through {@code DockerPodRuntime.builder().dockerClient(…)} (see
 * {@link #tracedRuntimes}).
 */
final class Profile {

    private record Run(String approach, int sidecars, double startMs, double closeMs, List<CallTracer.Call> start,
            List<CallTracer.Call> close) {
    }

    private static final int BAR = 48;

    private final CallTracer tracer;
    private final List<Approach> approaches;

    private Profile(CallTracer tracer, List<Approach> approaches) {
        this.tracer = tracer;
        this.approaches = approaches;
    }

    /** A profile over the engine's client. */
    static Profile create(DockerClient docker, ExecutorService executor) {
        CallTracer tracer = new CallTracer(docker);
        DockerClient traced = tracer.client();
        Supplier<PodRuntime> runtimes = tracedRuntimes(traced);
        Duration grace = PodSpec.DEFAULT_TERMINATION_GRACE_PERIOD;
        return new Profile(tracer, List.of(new Floor(traced, executor),
                new Floor(traced, executor, Floor.Mode.PARALLEL),
                new Library(SidecarStartOrder.PARALLEL, grace, runtimes),
                new Floor(traced, executor, Floor.Mode.ORDERED),
                new Library(SidecarStartOrder.ORDERED, grace, runtimes)));
    }

    /**
     * A new runtime per pod, as users make them, whose engine is reached through {@code traced}: the builder's own
     * way of handing it a client. Its first start asks the engine's {@code info} once (to know whether the engine
     * runs here), which a runtime on the engine Testcontainers finds does not; the profile shows it as one more call.
     */
    private static Supplier<PodRuntime> tracedRuntimes(DockerClient traced) {
        return () -> DockerPodRuntime.builder().dockerClient(traced).build();
    }

    /** Writes {@code profile.md} after {@code runs} traced starts and closes of each approach per size. */
    void run(Path file, List<Integer> sizes, int runs, LeakCheck leakCheck) throws Exception {
        List<Run> all = new ArrayList<>();
        for (int round = 0; round <= runs; round++) {
            for (int size : sizes) {
                for (Approach a : approaches) {
                    tracer.reset();
                    long t0 = System.nanoTime();
                    Approach.Started started = a.start(size);
                    double startMs = (System.nanoTime() - t0) / 1e6;
                    List<CallTracer.Call> startCalls = awaitPortOpen();
                    tracer.reset();
                    long t1 = System.nanoTime();
                    started.close();
                    double closeMs = (System.nanoTime() - t1) / 1e6;
                    List<CallTracer.Call> closeCalls = tracer.calls();
                    LeakCheck.Leaks leaks = leakCheck.find();
                    if (!leaks.none()) {
                        leakCheck.sweep(leaks);
                        throw new IllegalStateException("profile run of " + a.name() + " left " + leaks);
                    }
                    System.out.printf(Locale.ROOT, "[benchmark] profile %d/%d %-17s 1+%-2d start %6.0f ms  close %6.0f "
                            + "ms  %d calls%n", round, runs, a.name(), size, startMs, closeMs, startCalls.size());
                    if (round > 0) {
                        all.add(new Run(a.name(), size, startMs, closeMs, startCalls, closeCalls));
                    }
                    Workload.sleep(java.time.Duration.ofMillis(300));
                }
            }
        }
        write(file, all, sizes, runs);
    }

    /** The calls of the start, once the port observer recorded its result (it polls every ms, so may be last). */
    private List<CallTracer.Call> awaitPortOpen() {
        long deadline = System.nanoTime() + java.time.Duration.ofMillis(200).toNanos();
        List<CallTracer.Call> calls = tracer.calls();
        while (portOpen(calls) == null && System.nanoTime() < deadline) {
            Workload.sleep(java.time.Duration.ofMillis(5));
            calls = tracer.calls();
        }
        return calls;
    }

    private static CallTracer.Call portOpen(List<CallTracer.Call> calls) {
        return calls.stream().filter(c -> c.command().equals(CallTracer.PORT_OPEN)).findFirst().orElse(null);
    }

    private void write(Path file, List<Run> all, List<Integer> sizes, int runs) throws IOException {
        List<String> md = new ArrayList<>();
        md.add("# Profile: where one pod start and close spend their time");
        md.add("");
        md.add("Written by the benchmark (`dev.sidecar.benchmark.Profile`) at " + Instant.now() + ", " + runs
                + " traced run(s) per approach and size after a warm-up, interleaved. Every docker-java command the "
                + "approach executes passes a recording proxy; below, for each approach and size, the run of median "
                + "start time. Times in ms from the call to `start` (or `close`). *after last call* is what passes "
                + "between the end of the last Docker call and the start returning: the readiness check, and for "
                + "the library anything it does in the JVM. Streaming commands (log follow, wait for exit) are "
                + "timed to the return of `exec`; they run on in a docker-java thread. "
                + "`" + CallTracer.PORT_OPEN + "` is not a Docker call: from the moment main's start returned, an "
                + "observer thread of the tracer connects to the pod's address every millisecond; it ends at the "
                + "first accepted connection, so what comes after it is the approach's own readiness check.");
        md.add("");
        for (int size : sizes) {
            md.add("## 1 main + " + size + " sidecars");
            md.add("");
            md.add("| approach | start ms (median of " + runs + ") | Docker calls in start | after the last call, "
                    + "ms | main's port accepts, ms after its start returned | ready, ms after the port accepts | "
                    + "close ms | Docker calls in close |");
            md.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (Approach a : approaches) {
                Run median = median(all, a.name(), size);
                if (median == null) {
                    continue;
                }
                CallTracer.Call open = portOpen(median.start());
                md.add(String.format(Locale.ROOT, "| %s | %.0f | %d | %.0f | %s | %s | %.0f | %d |", a.name(),
                        median.startMs(), dockerCalls(median.start()).size(),
                        median.startMs() - lastEnd(median.start()),
                        open == null ? "–" : String.format(Locale.ROOT, "%.0f", open.ms()),
                        open == null ? "–" : String.format(Locale.ROOT, "%.0f", median.startMs() - open.endMs()),
                        median.closeMs(), dockerCalls(median.close()).size()));
            }
            md.add("");
            md.add("Calls per start, by command:");
            md.add("");
            md.add("| command | " + String.join(" | ", approaches.stream().map(Approach::name).toList()) + " |");
            md.add("| --- |" + " ---: |".repeat(approaches.size()));
            Map<String, int[]> counts = new TreeMap<>();
            for (int i = 0; i < approaches.size(); i++) {
                Run median = median(all, approaches.get(i).name(), size);
                if (median != null) {
                    for (CallTracer.Call c : dockerCalls(median.start())) {
                        counts.computeIfAbsent(c.command(), k -> new int[approaches.size()])[i]++;
                    }
                }
            }
            counts.forEach((command, n) -> md.add("| " + command + " | " + String.join(" | ",
                    Arrays.stream(n).mapToObj(Integer::toString).toList()) + " |"));
            md.add("");
            for (Approach a : approaches) {
                Run median = median(all, a.name(), size);
                if (median == null) {
                    continue;
                }
                md.add("### " + a.name() + ", 1 + " + size + ": start " + Math.round(median.startMs()) + " ms");
                md.add("");
                md.addAll(timeline(median.start(), median.startMs()));
                md.add("");
                md.add("Close, " + Math.round(median.closeMs()) + " ms:");
                md.add("");
                md.addAll(timeline(median.close(), median.closeMs()));
                md.add("");
            }
        }
        Files.createDirectories(file.getParent());
        Files.write(file, md, StandardCharsets.UTF_8);
    }

    private static Run median(List<Run> all, String approach, int size) {
        List<Run> runs = all.stream().filter(r -> r.approach().equals(approach) && r.sidecars() == size)
                .sorted(Comparator.comparingDouble(Run::startMs)).toList();
        return runs.isEmpty() ? null : runs.get(runs.size() / 2);
    }

    private static double lastEnd(List<CallTracer.Call> calls) {
        return dockerCalls(calls).stream().mapToDouble(CallTracer.Call::endMs).max().orElse(0);
    }

    private static List<CallTracer.Call> dockerCalls(List<CallTracer.Call> calls) {
        return calls.stream().filter(c -> !c.command().equals(CallTracer.PORT_OPEN)).toList();
    }

    /** The calls as a text Gantt chart, one line per call in order of start. */
    private static List<String> timeline(List<CallTracer.Call> calls, double totalMs) {
        List<String> lines = new ArrayList<>();
        lines.add("```");
        lines.add(String.format(Locale.ROOT, "%7s %7s %6s  %-" + BAR + "s  %-20s %-18s %s", "from", "to", "ms",
                "0 ms" + " ".repeat(BAR - 4 - Long.toString(Math.round(totalMs)).length() - 3)
                        + Math.round(totalMs) + " ms", "thread", "command", "on"));
        double scale = BAR / Math.max(totalMs, 1);
        for (CallTracer.Call c : calls.stream().sorted(Comparator.comparingDouble(CallTracer.Call::startMs)).toList()) {
            int from = Math.min(BAR - 1, (int) (c.startMs() * scale));
            int to = Math.max(from + 1, Math.min(BAR, (int) Math.ceil(c.endMs() * scale)));
            String bar = " ".repeat(from) + "#".repeat(to - from) + " ".repeat(BAR - to);
            lines.add(String.format(Locale.ROOT, "%7.1f %7.1f %6.1f  %s  %-20s %-18s %s", c.startMs(), c.endMs(), c.ms(),
                    bar, shorten(c.thread(), 20), c.command(), c.target()));
        }
        lines.add(String.format(Locale.ROOT, "%7.1f %7s %6.1f  %s  (after the last call, until ready/closed)",
                lastEnd(calls), String.format(Locale.ROOT, "%.1f", totalMs), totalMs - lastEnd(calls),
                " ".repeat(BAR)));
        lines.add("```");
        return lines;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
