package dev.sidecar.junit;

import dev.sidecar.Pod;
import dev.sidecar.PodRuntime;
import dev.sidecar.PodSpec;
import dev.sidecar.docker.DockerPodRuntime;
import dev.sidecar.docker.PodNetwork;
import dev.sidecar.spi.PodRuntimeProvider;
import dev.sidecar.spi.RuntimeSettings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a whole test run shares, kept in the root context's store: the runtime pods start on (the one
 * {@value RuntimeSettings#RUNTIME} names, see {@link RuntimeChoice}), the pods closing in the background, and the
 * pods shared by every class ({@code @SidecarPod(shared = true)}). JUnit closes it when the run ends: it waits
 * (bounded) for every close still under way, closes the shared pods, then the runtime, whose own close removes
 * whatever might be left.
 */
final class RunResources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunResources.class);
    /** The longest the end of a run waits for the closes under way, past each pod's own grace period. */
    private static final Duration CLOSE_MARGIN = Duration.ofMinutes(2);

    private final PodRuntime runtime;
    private final String runtimeName;
    private final boolean closeInBackground;
    private final boolean startAhead;
    private final ExecutorService background;
    /** Work under way in the background (closes, pods started ahead and their closes): the run waits for all. */
    private final List<CompletableFuture<?>> pending = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<PodSpec, CompletableFuture<Pod>> shared = new ConcurrentHashMap<>();
    private volatile Duration longestGrace = Duration.ZERO;

    private RunResources(PodRuntime runtime, String runtimeName, boolean closeInBackground, boolean startAhead) {
        this.runtime = runtime;
        this.runtimeName = runtimeName;
        this.closeInBackground = closeInBackground;
        this.startAhead = startAhead;
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "sidecar-junit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.background = pool;
    }

    /**
     * The run's resources, made on first use. Classes running in parallel ask at once, and the store's atomic
     * {@code computeIfAbsent} is JUnit 6-only, so the check and put hold the root context's monitor: one runtime, and
     * so one image cache, one engine connection and one set of threads, per run.
     */
    static RunResources of(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        Store store = root.getStore(PodScope.NAMESPACE);
        synchronized (root) {
            RunResources resources = store.get(RunResources.class, RunResources.class);
            if (resources == null) {
                PodRuntimeProvider provider = RuntimeChoice.provider(root);
                RuntimeSettings settings = RuntimeChoice.settings(root);
                settings = root.getConfigurationParameter(SidecarPod.STARTUP_TIMEOUT_PARAMETER)
                        .map(RunResources::duration).map(settings::withStartupTimeout).orElse(settings);
                PodRuntime runtime;
                try {
                    runtime = provider.create(settings);
                } catch (IllegalArgumentException e) {
                    throw new ExtensionConfigurationException("the " + provider.name() + " runtime ("
                            + RuntimeSettings.RUNTIME + "=" + provider.name() + "): " + e.getMessage(), e);
                }
                resources = new RunResources(runtime, provider.name(), flag(root,
                        SidecarPod.CLOSE_IN_BACKGROUND_PARAMETER), flag(root, SidecarPod.START_AHEAD_PARAMETER));
                store.put(RunResources.class, resources);
            }
            return resources;
        }
    }

    /** Starts {@code spec} on the run's runtime, joined to {@code networks} (which only Docker has). */
    Pod start(PodSpec spec, List<PodNetwork> networks) {
        return networks.isEmpty() ? runtime.start(spec) : docker("joining a class network").start(spec, networks);
    }

    /**
     * The run's runtime as the Docker runtime, for what only Docker does ({@code what}).
     *
     * @throws ExtensionConfigurationException when the run uses another runtime, saying what needs Docker
     */
    DockerPodRuntime docker(String what) {
        if (runtime instanceof DockerPodRuntime docker) {
            return docker;
        }
        throw new ExtensionConfigurationException(what + " needs the Docker runtime, and this run uses "
                + RuntimeSettings.RUNTIME + "=" + runtimeName);
    }

    /** Whether pods of instance fields may be started ahead for the next test (the configuration's say). */
    boolean startAhead() {
        return startAhead;
    }

    /**
     * Closes {@code pod}: in the background when so configured (the default), so that the next test need not wait
     * for it; the run waits for every such close before it ends.
     */
    void close(Pod pod) {
        if (!closeInBackground) {
            pod.close();
            return;
        }
        noteGrace(pod.spec());
        pending.add(CompletableFuture.runAsync(() -> {
            try {
                pod.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} in the background failed: {}", pod, e.getMessage());
                throw e;
            }
        }, background));
    }

    /**
     * Runs {@code then} once every one of {@code pods} has closed: in the background when pods close there (the run
     * waits for it), else at once. A pod that another thread is closing is waited for; one that is still open is
     * closed.
     */
    void whenClosed(List<Pod> pods, Runnable then) {
        Runnable task = () -> {
            pods.forEach(pod -> {
                try {
                    pod.close();
                } catch (RuntimeException e) {
                    LOG.debug("{} closed with a problem: {}", pod, e.getMessage());
                }
            });
            then.run();
        };
        if (!closeInBackground) {
            task.run();
            return;
        }
        pending.add(CompletableFuture.runAsync(task, background));
    }

    /** Starts {@code spec} on a background thread, for a pod that a later test will want. */
    CompletableFuture<Pod> startInBackground(PodSpec spec) {
        noteGrace(spec);
        CompletableFuture<Pod> start = CompletableFuture.supplyAsync(() -> runtime.start(spec), background);
        // A failed start ahead is no failure of the run: the test that wanted the pod started its own.
        pending.add(start.handle((pod, failure) -> null));
        return start;
    }

    /** Closes the pod that {@code start} gives, once it has started, unless its start failed; the run waits for it. */
    void closeWhenStarted(CompletableFuture<Pod> start) {
        pending.add(start.handle((pod, failure) -> pod).thenAccept(pod -> {
            if (pod != null) {
                close(pod);
            }
        }));
    }

    /** The pod of {@code spec} that every class of the run shares, started by the first that asks. */
    Pod shared(PodSpec spec, Supplier<Pod> start) {
        CompletableFuture<Pod> mine = new CompletableFuture<>();
        CompletableFuture<Pod> existing = shared.putIfAbsent(spec, mine);
        if (existing == null) {
            try {
                noteGrace(spec);
                mine.complete(start.get());
            } catch (RuntimeException e) {
                shared.remove(spec, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while another class started shared pod '" + spec.name()
                    + "'", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void noteGrace(PodSpec spec) {
        synchronized (this) {
            if (spec.terminationGracePeriod().compareTo(longestGrace) > 0) {
                longestGrace = spec.terminationGracePeriod();
            }
        }
    }

    /** Waits for the closes under way, then closes the shared pods and the runtime. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        Duration bound = longestGrace.plus(CLOSE_MARGIN);
        long deadline = System.nanoTime() + bound.toNanos();
        // Waiting for one piece may add another (a pod started ahead, then closed): go on until none is left.
        for (int i = 0; i < pending.size(); i++) {
            try {
                pending.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                failures.add(e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e));
            } catch (TimeoutException e) {
                failures.add(new IllegalStateException("background work on the run's pods did not end within "
                        + bound + "; the runtime's close removes what is left"));
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        shared.values().forEach(f -> f.thenAccept(pod -> {
            try {
                pod.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }));
        background.shutdown();
        try {
            runtime.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing the run's pods left " + failures.size()
                    + " problem(s); first: " + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    private static boolean flag(ExtensionContext root, String parameter) {
        return root.getConfigurationParameter(parameter).map(v -> switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ExtensionConfigurationException("configuration parameter " + parameter + "='" + v
                    + "' is neither true nor false");
        }).orElse(true);
    }

    /** An ISO-8601 duration ({@code PT30S}) or a number of seconds. */
    private static Duration duration(String value) {
        String v = value.strip();
        try {
            Duration d = v.matches("[0-9]+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // reported below
        }
        throw new ExtensionConfigurationException("configuration parameter " + SidecarPod.STARTUP_TIMEOUT_PARAMETER
                + "='" + value + "' is not a positive duration (for example PT2M, or 120 for seconds)");
    }
}
