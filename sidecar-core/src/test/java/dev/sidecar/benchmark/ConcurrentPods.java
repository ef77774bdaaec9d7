package dev.sidecar.benchmark;

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

/**
 * Many pods of 1 main + 3 sidecars started at once with the library (parallel sidecar start), from one runtime as a
 * test suite running classes in parallel would: the wall time until all are ready, until all are closed, how many
 * failed, and what was left labelled {@code dev.sidecar} by this JVM afterwards.
 */
final class ConcurrentPods {

    static final int SIDECARS = 3;

    /** One run of {@code pods} pods at once. */
    record Result(int run, int pods, double startWallMs, double closeWallMs, int failures, int leakedContainers,
            int leakedVolumes, String firstError) {

        static final String CSV_HEADER = "run,pods,start_wall_ms,close_wall_ms,failures,leaked_containers,"
                + "leaked_volumes,first_error";

        String csv() {
            return String.join(",", Integer.toString(run), Integer.toString(pods), fmt(startWallMs),
                    fmt(closeWallMs), Integer.toString(failures), Integer.toString(leakedContainers),
                    Integer.toString(leakedVolumes), Csv.quote(firstError));
        }

        static Result parse(String line) {
            List<String> f = Csv.split(line);
            return new Result(Integer.parseInt(f.get(0)), Integer.parseInt(f.get(1)), Double.parseDouble(f.get(2)),
                    Double.parseDouble(f.get(3)), Integer.parseInt(f.get(4)), Integer.parseInt(f.get(5)),
                    Integer.parseInt(f.get(6)), f.get(7));
        }

        private static String fmt(double d) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
    }

    private final LeakCheck leakCheck;

    ConcurrentPods(LeakCheck leakCheck) {
        this.leakCheck = leakCheck;
    }

    Result run(int run, int pods) throws InterruptedException {
        PodSpec spec = Library.spec(SIDECARS, SidecarStartOrder.PARALLEL);
        DockerPodRuntime runtime = DockerPodRuntime.create();
        ExecutorService executor = Executors.newFixedThreadPool(pods);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Pod>> starts = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                starts.add(CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return runtime.start(spec);
                }, executor));
            }
            long t0 = System.nanoTime();
            go.countDown();
            List<Pod> started = new ArrayList<>();
            int failures = 0;
            String firstError = "";
            for (CompletableFuture<Pod> f : starts) {
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
            long t1 = System.nanoTime();
            List<CompletableFuture<Void>> closes = started.stream()
                    .map(p -> CompletableFuture.runAsync(p::close, executor)).toList();
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
            return new Result(run, pods, startWall, closeWall, failures, leaks.containers().size(),
                    leaks.volumes().size(), firstError);
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
