package dev.sidecar.benchmark;

import com.github.dockerjava.api.DockerClient;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.docker.DockerPodRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Many pods of 1 main + 3 sidecars started at once, each from its own thread at the same instant, then all closed at
 * once: with the library (parallel sidecar start, one runtime, as a test suite running classes in parallel would)
 * and with the floors at the same concurrency ({@link Floor}, the literal one and the one that keeps the parallel
 * order). Measured: the wall time until all are ready, until all are closed, how many failed, what was left
 * afterwards, and the CPU the machine and this JVM spent meanwhile.
 */
final class ConcurrentPods {

    static final int SIDECARS = 3;
    /** The library's approach: one runtime, parallel sidecar start. */
    static final String LIBRARY = "library-parallel";
    /** The approaches, in the order each level runs them. */
    static final List<String> APPROACHES = List.of(Report.FLOOR, Report.FLOOR_PARALLEL, LIBRARY);

    /** One run of {@code pods} pods at once of one approach. */
    record Result(int run, String approach, int pods, double startWallMs, double closeWallMs, int failures,
            int leakedContainers, int leakedVolumes, String firstError, double machineCpuMs, double jvmCpuMs) {

        static final String CSV_HEADER = "run,approach,pods,start_wall_ms,close_wall_ms,failures,leaked_containers,"
                + "leaked_volumes,first_error,machine_cpu_ms,jvm_cpu_ms";

        String csv() {
            return String.join(",", Integer.toString(run), approach, Integer.toString(pods), fmt(startWallMs),
                    fmt(closeWallMs), Integer.toString(failures), Integer.toString(leakedContainers),
                    Integer.toString(leakedVolumes), Csv.quote(firstError), fmt(machineCpuMs), fmt(jvmCpuMs));
        }

        /** A line of concurrent.csv; one of the library alone (before the floors were added) reads as such. */
        static Result parse(String line) {
            List<String> f = Csv.split(line);
            if (f.size() == 8) {
                return new Result(Integer.parseInt(f.get(0)), LIBRARY, Integer.parseInt(f.get(1)),
                        Double.parseDouble(f.get(2)), Double.parseDouble(f.get(3)), Integer.parseInt(f.get(4)),
                        Integer.parseInt(f.get(5)), Integer.parseInt(f.get(6)), f.get(7), Double.NaN, Double.NaN);
            }
            return new Result(Integer.parseInt(f.get(0)), f.get(1), Integer.parseInt(f.get(2)),
                    Double.parseDouble(f.get(3)), Double.parseDouble(f.get(4)), Integer.parseInt(f.get(5)),
                    Integer.parseInt(f.get(6)), Integer.parseInt(f.get(7)), f.get(8), Double.parseDouble(f.get(9)),
                    Double.parseDouble(f.get(10)));
        }

        boolean ok() {
            return failures == 0 && leakedContainers == 0 && leakedVolumes == 0;
        }

        private static String fmt(double d) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
    }

    private final LeakCheck leakCheck;
    private final DockerClient docker;
    private final ExecutorService floorExecutor;

    /** @param floorExecutor the floors' own threads for their concurrent calls (unbounded, as the floor's are) */
    ConcurrentPods(LeakCheck leakCheck, DockerClient docker, ExecutorService floorExecutor) {
        this.leakCheck = leakCheck;
        this.docker = docker;
        this.floorExecutor = floorExecutor;
    }

    Result run(int run, String approach, int pods) throws InterruptedException {
        return switch (approach) {
            case Report.FLOOR -> run(run, approach, pods, floorStarts(Floor.Mode.WIRING));
            case Report.FLOOR_PARALLEL -> run(run, approach, pods, floorStarts(Floor.Mode.PARALLEL));
            case LIBRARY -> {
                PodSpec spec = Library.spec(SIDECARS, SidecarStartOrder.PARALLEL);
                DockerPodRuntime runtime = DockerPodRuntime.create();
                try {
                    yield run(run, approach, pods, () -> {
                        Pod pod = runtime.start(spec);
                        return pod::close;
                    });
                } finally {
                    runtime.close();
                }
            }
            default -> throw new IllegalArgumentException("no concurrent approach " + approach);
        };
    }

    private Supplier<Approach.Started> floorStarts(Floor.Mode mode) {
        Floor floor = new Floor(docker, floorExecutor, mode);
        return () -> floor.start(SIDECARS);
    }

    private Result run(int run, String approach, int pods, Supplier<Approach.Started> start)
            throws InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(pods);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Approach.Started>> starts = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                starts.add(CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return start.get();
                }, executor));
            }
            CpuTime cpu = CpuTime.now();
            long t0 = System.nanoTime();
            go.countDown();
            List<Approach.Started> started = new ArrayList<>();
            int failures = 0;
            String firstError = "";
            for (CompletableFuture<Approach.Started> f : starts) {
                try {
                    started.add(f.join());
                } catch (RuntimeException e) {
                    failures++;
                    if (firstError.isEmpty()) {
                        firstError = firstLine(e.getCause() == null ? e : e.getCause());
                    }
                }
            }
            double startWall = (System.nanoTime() - t0) / 1e6;
            CpuTime.Spent startCpu = cpu.spentSince();
            long t1 = System.nanoTime();
            List<CompletableFuture<Void>> closes = started.stream()
                    .map(p -> CompletableFuture.runAsync(() -> {
                        try {
                            p.close();
                        } catch (Exception e) {
                            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                        }
                    }, executor)).toList();
            for (CompletableFuture<Void> f : closes) {
                try {
                    f.join();
                } catch (RuntimeException e) {
                    failures++;
                    if (firstError.isEmpty()) {
                        firstError = "close: " + firstLine(e.getCause() == null ? e : e.getCause());
                    }
                }
            }
            double closeWall = (System.nanoTime() - t1) / 1e6;
            LeakCheck.Leaks leaks = leakCheck.find();
            if (!leaks.none()) {
                System.out.println("[benchmark] concurrent run left " + leaks + "; sweeping");
                leakCheck.sweep(leaks);
            }
            return new Result(run, approach, pods, startWall, closeWall, failures, leaks.containers().size(),
                    leaks.volumes().size(), firstError, startCpu.machineMs(), startCpu.jvmMs());
        } finally {
            executor.shutdownNow();
        }
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String firstLine(Throwable e) {
        String m = e.getClass().getSimpleName() + ": " + e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
