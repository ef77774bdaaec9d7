package dev.sidecar.kubernetes.runtime;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a pod's container output to SLF4J as the Docker runtime does: each line at INFO under
 * {@code dev.sidecar.pod.<pod>.<container>}, prefixed with the instance id, secret values masked, both streams
 * interleaved (the log API does not tell them apart). A container whose logger has INFO off is not followed.
 *
 * <p>Each run of each container is followed through the API server ({@link LogStream}) from its first line: an informer
 * on the Pod reports each container's runs, and a run not followed yet (a restart's, by its {@code restartCount}) gets
 * a stream of its own. No thread is held per container or per pod: streams and the informer are served by the HTTP
 * client's threads as data arrives. Init containers that have run are followed too (their stream ends at once). A run
 * that begins and ends between two statuses the informer reports is missed, and a stream whose connection breaks while
 * its run goes on is not resumed (logged at DEBUG): the next run of that container is followed again.
 */
final class LogForwarding {

    /**
     * How long closing waits, once the Pod is gone, for the open streams to deliver what the containers wrote as they
     * stopped (the kubelet ends each stream when its container ends).
     */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(LogForwarding.class);

    private final ClusterApi api;
    private final String namespace;
    private final String objectName;
    private final String instanceId;
    private final PodSpec spec;
    private final Map<String, Logger> targets;
    /** The last run followed, by container. */
    private final Map<String, Integer> followed = new HashMap<>();
    private final Set<LogStream> open = ConcurrentHashMap.newKeySet();
    /** Guards {@link #closed}: a lock of its own, so that forwarding a line never waits while a stream is opened. */
    private final Object forwarding = new Object();
    private SharedIndexInformer<Pod> informer;
    private boolean watching;
    private boolean closed;

    private LogForwarding(ClusterApi api, String namespace, String objectName, String instanceId, PodSpec spec) {
        this.api = api;
        this.namespace = namespace;
        this.objectName = objectName;
        this.instanceId = instanceId;
        this.spec = spec;
        Map<String, Logger> t = new LinkedHashMap<>();
        for (ContainerSpec c : spec.allContainers()) {
            Logger log = LoggerFactory.getLogger("dev.sidecar.pod." + spec.name() + "." + c.name());
            if (log.isInfoEnabled()) {
                t.put(c.name(), log);
            }
        }
        this.targets = Map.copyOf(t);
    }

    /**
     * Begins forwarding the output of Pod {@code objectName}, in the background: nothing here waits for the API
     * server, and a failure to begin is logged at DEBUG, never thrown (a start does not fail for its logs).
     */
    static LogForwarding start(ClusterApi api, String namespace, String objectName, String instanceId, PodSpec spec) {
        LogForwarding forwarding = new LogForwarding(api, namespace, objectName, instanceId, spec);
        if (!forwarding.targets.isEmpty()) {
            synchronized (forwarding) {
                forwarding.watching = true;
                try {
                    forwarding.informer = api.informPod(namespace, objectName, forwarding::onPod);
                } catch (RuntimeException e) {
                    LOG.debug("pod '{}': no output forwarded: {}", spec.name(), e.toString());
                }
            }
        }
        return forwarding;
    }

    private synchronized void onPod(Pod pod) {
        if (!watching) {
            return;
        }
        for (ContainerStatus s : StartVerdict.statuses(pod)) {
            Logger log = targets.get(s.getName());
            boolean ran = s.getState() != null
                    && (s.getState().getRunning() != null || s.getState().getTerminated() != null);
            if (log == null || !ran) {
                continue;
            }
            int run = s.getRestartCount() == null ? 0 : s.getRestartCount();
            Integer last = followed.get(s.getName());
            if (last == null || run > last) {
                followed.put(s.getName(), run);
                follow(s.getName(), run, log);
            }
        }
    }

    private void follow(String container, int run, Logger log) {
        try {
            LogStream stream = api.containers().streamLog(namespace, objectName, container, line -> forward(log, line));
            open.add(stream);
            stream.ended().whenComplete((v, e) -> {
                open.remove(stream);
                if (e != null) {
                    LOG.debug("pod '{}': output of run {} of container '{}' no longer forwarded: {}", spec.name(),
                            run, container, e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("pod '{}': output of run {} of container '{}' not forwarded: {}", spec.name(), run, container,
                    e.getMessage());
        }
    }

    private void forward(Logger log, String line) {
        synchronized (forwarding) {
            if (!closed) {
                log.info("[{}] {}", instanceId, spec.maskSecrets(line));
            }
        }
    }

    /** Follows no new run (the pod is being deleted); the streams open go on until {@link #close()}. */
    void stopWatching() {
        SharedIndexInformer<Pod> i;
        synchronized (this) {
            watching = false;
            i = informer;
            informer = null;
        }
        if (i != null) {
            i.close();
        }
    }

    /**
     * Waits at most {@link #DRAIN_TIMEOUT} for the open streams to end with their containers, then closes those that
     * did not: after this, nothing more is forwarded and no stream is open. Idempotent.
     */
    void close() {
        stopWatching();
        List<LogStream> streams = List.copyOf(open);
        if (!streams.isEmpty()) {
            try {
                CompletableFuture.allOf(streams.stream().map(s -> s.ended().exceptionally(e -> null))
                        .toArray(CompletableFuture[]::new)).get(DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.debug("pod '{}': {} container log stream(s) still open {} after the pod was deleted; closed",
                        spec.name(), open.size(), DRAIN_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // Each stream's failure was mapped to null above.
            }
        }
        synchronized (forwarding) {
            // Waits for a line being forwarded; none is after this.
            closed = true;
        }
        List.copyOf(open).forEach(LogStream::close);
        open.clear();
    }
}
