package dev.sidecar.benchmark;

import com.github.dockerjava.api.DockerClient;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.docker.DockerPodRuntime;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;

/**
 * A diagnostic, not part of the benchmark's results: what the library's runtime pool does to pods of 1 + 3 started at
 * once. Each round starts {@code pods} pods at once with floor-parallel, the floor, the library as it is (its
 * runtime's pool of {@code EngineThreads.POOL_SIZE} threads) and the library with that pool resized (by reflection,
 * the diagnostic's only way in) to {@code bigPool}, every Docker call traced. It prints, per run, the wall time until
 * all are ready, the calls by command with their mean duration, and the most calls in flight in each 100 ms; at the
 * end the wall times of every approach. Run it by hand:
 *
 * <pre>
 * mvn -pl sidecar-core -Pbenchmark test-compile exec:exec@concurrency-experiment -Dpods=16 -Drounds=4 -DbigPool=64
 * </pre>
 */
public final class ConcurrencyExperiment {

    private ConcurrencyExperiment() {
    }

    public static void main(String[] args) throws Exception {
        int pods = Integer.getInteger("pods", 16);
        int rounds = Integer.getInteger("rounds", 4);
        int bigPool = Integer.getInteger("bigPool", 64);
        DockerClient docker = DockerClientFactory.instance().client();
        CallTracer tracer = new CallTracer(docker);
        DockerClient traced = tracer.client();
        ExecutorService floorCalls = Executors.newCachedThreadPool();
        LeakCheck leakCheck = new LeakCheck(docker);
        PodSpec spec = Library.spec(ConcurrentPods.SIDECARS, SidecarStartOrder.PARALLEL);
        Map<String, List<Double>> walls = new TreeMap<>();
        for (int r = 1; r <= rounds; r++) {
            for (Floor.Mode mode : List.of(Floor.Mode.PARALLEL, Floor.Mode.WIRING)) {
                Floor floor = new Floor(traced, floorCalls, mode);
                walls.computeIfAbsent(floor.name(), k -> new ArrayList<>())
                        .add(run(floor.name(), pods, tracer, () -> floor.start(ConcurrentPods.SIDECARS), leakCheck));
            }
            for (int size : new int[] {0, bigPool}) {
                DockerPodRuntime runtime = DockerPodRuntime.builder().dockerClient(traced).build();
                String name = size == 0 ? "library" : "library-pool" + size;
                if (size > 0) {
                    resizePool(runtime, size);
                }
                walls.computeIfAbsent(name, k -> new ArrayList<>()).add(run(name, pods, tracer, () -> {
                    Pod pod = runtime.start(spec);
                    return pod::close;
                }, leakCheck));
                runtime.close();
            }
        }
        walls.forEach((k, v) -> System.out.printf(Locale.ROOT, "[experiment] %d pods at once, %-18s ready in %s ms%n",
                pods, k, v.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList()));
        System.exit(0);
    }

    /** Sets the core and maximum size of the runtime's pool (the diagnostic reaches in; the library offers no way). */
    private static void resizePool(DockerPodRuntime runtime, int size) throws ReflectiveOperationException {
        Field threads = DockerPodRuntime.class.getDeclaredField("threads");
        threads.setAccessible(true);
        Object engineThreads = threads.get(runtime);
        Field pool = engineThreads.getClass().getDeclaredField("pool");
        pool.setAccessible(true);
        ThreadPoolExecutor executor = (ThreadPoolExecutor) pool.get(engineThreads);
        executor.setMaximumPoolSize(size);
        executor.setCorePoolSize(size);
    }

    private static double run(String name, int pods, CallTracer tracer, Supplier<Approach.Started> start,
            LeakCheck leakCheck) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(pods);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Approach.Started>> starts = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                starts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return start.get();
                }, threads));
            }
            Thread.sleep(300);
            tracer.reset();
            long t0 = System.nanoTime();
            go.countDown();
            List<Approach.Started> started = starts.stream().map(CompletableFuture::join).toList();
            double wall = (System.nanoTime() - t0) / 1e6;
            report(name, pods, wall, tracer.calls());
            long t1 = System.nanoTime();
            started.stream().map(s -> CompletableFuture.runAsync(() -> {
                try {
                    s.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads)).toList().forEach(CompletableFuture::join);
            System.out.printf(Locale.ROOT, "[experiment] %s closed in %.0f ms%n", name, (System.nanoTime() - t1) / 1e6);
            LeakCheck.Leaks leaks = leakCheck.find();
            if (!leaks.none()) {
                System.out.println("[experiment] left " + leaks + "; sweeping");
                leakCheck.sweep(leaks);
            }
            Thread.sleep(500);
            return wall;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void report(String name, int pods, double wall, List<CallTracer.Call> calls) {
        List<CallTracer.Call> docker = calls.stream().filter(c -> !c.command().equals(CallTracer.PORT_OPEN)).toList();
        // Calls that return at once and stream on (events) do not occupy the pool; count those that do.
        List<CallTracer.Call> blocking = docker.stream().filter(c -> !c.command().equals("events")).toList();
        int[] inFlight = new int[(int) (wall / 100) + 1];
        for (int b = 0; b < inFlight.length; b++) {
            for (int ms = b * 100; ms < (b + 1) * 100; ms++) {
                int at = ms;
                int n = (int) blocking.stream().filter(c -> c.startMs() <= at && c.endMs() > at).count();
                inFlight[b] = Math.max(inFlight[b], n);
            }
        }
        Map<String, double[]> byCommand = new TreeMap<>();
        for (CallTracer.Call c : docker) {
            double[] sum = byCommand.computeIfAbsent(c.command(), k -> new double[2]);
            sum[0]++;
            sum[1] += c.ms();
        }
        System.out.printf(Locale.ROOT, "[experiment] %s: %d pods ready in %.0f ms; %d Docker calls%n", name, pods, wall,
                docker.size());
        byCommand.forEach((command, sum) -> System.out.printf(Locale.ROOT, "[experiment]   %-18s %4.0f calls, mean "
                + "%6.1f ms%n", command, sum[0], sum[1] / sum[0]));
        System.out.println("[experiment]   most calls in flight per 100 ms: " + Arrays.toString(inFlight));
    }
}
