package dev.sidecar.kubernetes.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the kubelet's part for the mock API server, which stores Pods but runs nothing: it takes up each new Pod and
 * moves its status as a kubelet would, one status write per step (Pending and scheduled, each init container running
 * then terminated in order, each native sidecar started and ready, then the containers running and the Ready
 * condition), or stops at the failure a test asks for (an image that cannot be pulled, a crash loop, an init container
 * exiting non-zero, a config error, a pod the scheduler cannot place). It holds each Pod with a finalizer, as a node
 * does in effect, and on deletion marks the containers terminated before letting the Pod go.
 *
 * <p>It also serves the containers' logs ({@code pods/log}, through {@link MockCluster}'s dispatcher, for requests no
 * expectation answers): each run of a container writes what {@link #output} gave for it, and a log request is
 * answered as the kubelet would, with the current run's output, or the previous run's, its last lines, or a refusal
 * for a container that has not run. The mock server answers in one piece, so a follow gets what the run wrote and
 * then ends, where on a real node it would stay open until the run ends.
 */
final class KubeletSimulator implements AutoCloseable {

    static final String FINALIZER = "tests.sidecar.dev/kubelet";
    private static final Logger LOG = LoggerFactory.getLogger(KubeletSimulator.class);

    /** What one container does. */
    sealed interface Behaviour {
    }

    /** Starts and is ready (an init container runs to exit code 0). */
    record Runs() implements Behaviour {
    }

    /**
     * Runs but never becomes ready; with a {@code probeFailure}, the kubelet records it as an {@code Unhealthy}
     * event, "Readiness probe failed: " and the failure.
     */
    record NeverReady(String probeFailure) implements Behaviour {
        NeverReady() {
            this(null);
        }
    }

    /**
     * Its image cannot be pulled: the kubelet reports {@code reason} ({@code ErrImagePull}, or
     * {@code ImagePullBackOff} as a watch that began after the first attempt sees it).
     */
    record PullFails(String reason, String message) implements Behaviour {
    }

    /** Runs, exits with {@code exitCode}, and waits to be restarted ({@code CrashLoopBackOff}). */
    record CrashLoops(int exitCode) implements Behaviour {
    }

    /** Runs and exits with {@code exitCode} (for an init container). */
    record Exits(int exitCode) implements Behaviour {
    }

    /** Cannot be created ({@code CreateContainerConfigError}), as when a Secret it reads is missing. */
    record ConfigError(String message) implements Behaviour {
    }

    /** How the kubelet answers a log request: an HTTP code, the body, and whether the answer is held back. */
    record LogAnswer(int code, String body, boolean held) {
    }

    private final KubernetesClient client;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, List<String>> outputs = new ConcurrentHashMap<>();
    /** What each run of a container wrote, by namespace/pod/container, run by run (the index is restartCount). */
    private final Map<String, List<String>> runs = new ConcurrentHashMap<>();
    private final List<String> follows = new ArrayList<>();
    private volatile boolean holdFollows;
    private final List<Pod> heldDeletions = new ArrayList<>();
    private boolean holdDeletions;
    private final Set<String> terminating = ConcurrentHashMap.newKeySet();
    private final ExecutorService steps = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kubelet-simulator");
        t.setDaemon(true);
        return t;
    });
    private final SharedIndexInformer<Pod> informer;
    private volatile String unschedulable;
    private volatile Consumer<Pod> onNewPod = p -> { };
    private volatile boolean closed;

    KubeletSimulator(KubernetesClient client) {
        this.client = client;
        this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                steps.execute(() -> guarded(pod, () -> run(pod)));
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                if (pod.getMetadata().getDeletionTimestamp() != null
                        && terminating.add(pod.getMetadata().getUid())) {
                    synchronized (heldDeletions) {
                        if (holdDeletions) {
                            heldDeletions.add(pod);
                            return;
                        }
                    }
                    steps.execute(() -> guarded(pod, () -> terminate(pod)));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
            }
        });
    }

    /** Container {@code name} (of any pod) behaves so. */
    KubeletSimulator container(String name, Behaviour behaviour) {
        behaviours.put(name, behaviour);
        return this;
    }

    /** No node fits any new pod: the scheduler says {@code message}. */
    KubeletSimulator unschedulable(String message) {
        this.unschedulable = message;
        return this;
    }

    /**
     * Container {@code name} (of any pod) writes {@code perRun[i]} in its run {@code i} (its first run is 0, each
     * restart adds one); a run past the last given writes nothing.
     */
    KubeletSimulator output(String name, String... perRun) {
        outputs.put(name, List.of(perRun));
        return this;
    }

    /** Answers every log follow from now on only after minutes, as a stream that is open and silent. */
    KubeletSimulator holdFollows() {
        this.holdFollows = true;
        return this;
    }

    /**
     * Leaves every Pod deleted from now on terminating (its containers running, its finalizer in place) until
     * {@link #releaseDeletions()}, as a node whose containers take their time to stop.
     */
    KubeletSimulator holdDeletions() {
        synchronized (heldDeletions) {
            holdDeletions = true;
        }
        return this;
    }

    /** Lets the Pods held by {@link #holdDeletions()} go, and those deleted from now on at once. */
    void releaseDeletions() {
        synchronized (heldDeletions) {
            holdDeletions = false;
            heldDeletions.forEach(pod -> steps.execute(() -> guarded(pod, () -> terminate(pod))));
            heldDeletions.clear();
        }
    }

    /**
     * The container's process ends with exit code 1 and the kubelet starts it again at once: its state goes to
     * terminated, then to running with {@code restartCount} one higher (a new run, with the output given for it).
     */
    void restart(String namespace, String pod, String container) {
        steps.execute(() -> {
            String now = Instant.now().toString();
            int[] restarts = new int[1];
            status(namespace, pod, s -> all(s).stream().filter(c -> c.getName().equals(container)).forEach(c -> {
                restarts[0] = c.getRestartCount();
                c.setState(terminated(1, "Error", now));
                c.setReady(false);
                c.setStarted(false);
            }));
            state(namespace, pod, container, running(now), terminated(1, "Error", now), restarts[0] + 1, true);
        });
    }

    /**
     * The kubelet's answer to a log request for container {@code container} of Pod {@code pod}: the current run's
     * output (or with {@code previous}, the run's before), its last {@code tailLines} lines when given.
     */
    LogAnswer log(String namespace, String pod, String container, boolean previous, Integer tailLines,
            boolean follow) {
        if (follow) {
            synchronized (follows) {
                follows.add(pod + "/" + container);
                follows.notifyAll();
            }
        }
        List<String> written = runs.get(namespace + "/" + pod + "/" + container);
        if (written == null || written.isEmpty()) {
            return new LogAnswer(400, statusJson(400, "BadRequest", "container \"" + container + "\" in pod \"" + pod
                    + "\" is waiting to start: PodInitializing"), false);
        }
        String text;
        synchronized (written) {
            int run = written.size() - 1 - (previous ? 1 : 0);
            if (run < 0) {
                return new LogAnswer(400, statusJson(400, "BadRequest", "previous terminated container \"" + container
                        + "\" in pod \"" + pod + "\" not found"), false);
            }
            text = written.get(run);
        }
        if (tailLines != null) {
            List<String> lines = text.lines().toList();
            text = lines.subList(Math.max(0, lines.size() - tailLines), lines.size()).stream()
                    .map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
        }
        return new LogAnswer(200, text, follow && holdFollows);
    }

    /** Waits until the kubelet has been asked for {@code count} log follows in all, and answers which, in order. */
    List<String> awaitFollows(int count, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (follows) {
            while (follows.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("asked for " + follows.size() + " log follow(s) within " + timeout
                            + ", not " + count + ": " + follows);
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(follows, left);
            }
            return List.copyOf(follows);
        }
    }

    private static String statusJson(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    /** Called with each new pod before the simulator takes it up (to set expectations for its name). */
    KubeletSimulator onNewPod(Consumer<Pod> hook) {
        this.onNewPod = hook;
        return this;
    }

    private void guarded(Pod pod, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            LOG.warn("kubelet simulator on pod {}: {}", pod.getMetadata().getName(), e.toString(), e);
        }
    }

    private void run(Pod created) {
        String ns = created.getMetadata().getNamespace();
        String name = created.getMetadata().getName();
        onNewPod.accept(created);
        client.pods().inNamespace(ns).withName(name).edit(p -> {
            p.getMetadata().getFinalizers().add(FINALIZER);
            return p;
        });
        if (unschedulable != null) {
            status(ns, name, s -> {
                s.setPhase("Pending");
                s.setConditions(List.of(condition("PodScheduled", "False", "Unschedulable", unschedulable)));
            });
            return;
        }
        status(ns, name, s -> {
            s.setPhase("Pending");
            s.setConditions(new ArrayList<>(List.of(condition("PodScheduled", "True", null, null),
                    condition("Initialized", "False", "ContainersNotInitialized", null),
                    condition("ContainersReady", "False", "ContainersNotReady", null),
                    condition("Ready", "False", "ContainersNotReady", null))));
            s.setInitContainerStatuses(statuses(created.getSpec().getInitContainers()));
            s.setContainerStatuses(statuses(created.getSpec().getContainers()));
        });
        boolean allReady = true;
        for (Container c : created.getSpec().getInitContainers()) {
            boolean sidecar = "Always".equals(c.getRestartPolicy());
            Behaviour b = behaviours.getOrDefault(c.getName(), new Runs());
            if (!step(ns, name, c.getName(), b, !sidecar, created.getSpec().getRestartPolicy())) {
                return;
            }
            unhealthy(created, "spec.initContainers{" + c.getName() + "}", b);
            allReady &= !(b instanceof NeverReady);
        }
        setCondition(ns, name, "Initialized", "True");
        for (Container c : created.getSpec().getContainers()) {
            Behaviour b = behaviours.getOrDefault(c.getName(), new Runs());
            if (!step(ns, name, c.getName(), b, false, created.getSpec().getRestartPolicy())) {
                return;
            }
            unhealthy(created, "spec.containers{" + c.getName() + "}", b);
            allReady &= !(b instanceof NeverReady);
        }
        boolean ready = allReady;
        status(ns, name, s -> {
            s.setPhase("Running");
            if (ready) {
                s.getConditions().stream().filter(c -> c.getType().endsWith("Ready")).forEach(c -> {
                    c.setStatus("True");
                    c.setReason(null);
                });
            }
        });
    }

    /** For a container that never becomes ready and says why: the kubelet's event of its failing readiness probe. */
    private void unhealthy(Pod pod, String fieldPath, Behaviour b) {
        if (!(b instanceof NeverReady n) || n.probeFailure() == null) {
            return;
        }
        String ns = pod.getMetadata().getNamespace();
        client.v1().events().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName() + "." + System.nanoTime()).withNamespace(ns)
                .endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace(ns).withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).withFieldPath(fieldPath).endInvolvedObject()
                .withReason("Unhealthy").withType("Warning").withMessage("Readiness probe failed: " + n.probeFailure())
                .withLastTimestamp(Instant.now().toString()).withCount(1)
                .build()).create();
    }

    /** One container's part; answers whether the pod goes on. */
    private boolean step(String ns, String name, String container, Behaviour b, boolean runsToCompletion,
            String podRestartPolicy) {
        String now = Instant.now().toString();
        if (b instanceof PullFails f) {
            state(ns, name, container, waiting(f.reason(), f.message()), null, 0, false);
            return false;
        } else if (b instanceof ConfigError e) {
            state(ns, name, container, waiting("CreateContainerConfigError", e.message()), null, 0, false);
            return false;
        } else if (b instanceof CrashLoops c) {
            state(ns, name, container, running(now), null, 0, false);
            ContainerState ended = terminated(c.exitCode(), "Error", now);
            state(ns, name, container, ended, null, 0, false);
            state(ns, name, container, waiting("CrashLoopBackOff", "back-off 10s restarting failed container="
                    + container), ended, 1, false);
            return false;
        } else if (b instanceof Exits e) {
            state(ns, name, container, running(now), null, 0, false);
            state(ns, name, container, terminated(e.exitCode(), e.exitCode() == 0 ? "Completed" : "Error", now),
                    null, 0, false);
            if (e.exitCode() != 0 && "Never".equals(podRestartPolicy)) {
                status(ns, name, s -> s.setPhase("Failed"));
            }
            return e.exitCode() == 0;
        } else if (b instanceof NeverReady) {
            state(ns, name, container, running(now), null, 0, false);
            return true;
        }
        state(ns, name, container, running(now), null, 0, !runsToCompletion);
        if (runsToCompletion) {
            state(ns, name, container, terminated(0, "Completed", now), null, 0, false);
        }
        return true;
    }

    private void terminate(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String now = Instant.now().toString();
        status(ns, name, s -> {
            for (ContainerStatus c : all(s)) {
                if (c.getState() != null && c.getState().getRunning() != null) {
                    c.setState(terminated(0, "Completed", now));
                    c.setReady(false);
                    c.setStarted(false);
                }
            }
        });
        client.pods().inNamespace(ns).withName(name).edit(p -> {
            p.getMetadata().getFinalizers().remove(FINALIZER);
            return p;
        });
        // A real API server removes a Pod whose deletion was asked once its last finalizer goes. The mock may not:
        // a status update read before the deletion and written after it replaces the whole Pod in the mock's store,
        // deletionTimestamp included. So the simulator finishes the deletion itself, as the API server would.
        client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
    }

    private void state(String ns, String name, String container, ContainerState state, ContainerState last,
            int restarts, boolean ready) {
        if (state.getRunning() != null) {
            // The run writes its output before anyone can see it running.
            List<String> given = outputs.getOrDefault(container, List.of());
            List<String> written = runs.computeIfAbsent(ns + "/" + name + "/" + container,
                    k -> java.util.Collections.synchronizedList(new ArrayList<>()));
            synchronized (written) {
                while (written.size() <= restarts) {
                    int run = written.size();
                    written.add(run < given.size() ? given.get(run) : "");
                }
            }
        }
        status(ns, name, s -> {
            for (ContainerStatus c : all(s)) {
                if (c.getName().equals(container)) {
                    c.setState(state);
                    c.setLastState(last == null ? new ContainerState() : last);
                    c.setRestartCount(restarts);
                    c.setReady(ready);
                    c.setStarted(state.getRunning() != null);
                    c.setContainerID("containerd://" + name + "-" + container);
                }
            }
        });
    }

    private void setCondition(String ns, String name, String type, String value) {
        status(ns, name, s -> s.getConditions().stream().filter(c -> c.getType().equals(type))
                .forEach(c -> {
                    c.setStatus(value);
                    c.setReason(null);
                }));
    }

    private void status(String ns, String name, Consumer<PodStatus> change) {
        Pod p = client.pods().inNamespace(ns).withName(name).get();
        if (p == null) {
            return;
        }
        if (p.getStatus() == null) {
            p.setStatus(new PodStatus());
        }
        change.accept(p.getStatus());
        client.pods().inNamespace(ns).resource(p).updateStatus();
    }

    private static List<ContainerStatus> all(PodStatus s) {
        List<ContainerStatus> all = new ArrayList<>();
        if (s.getInitContainerStatuses() != null) {
            all.addAll(s.getInitContainerStatuses());
        }
        if (s.getContainerStatuses() != null) {
            all.addAll(s.getContainerStatuses());
        }
        return all;
    }

    private static List<ContainerStatus> statuses(List<Container> containers) {
        List<ContainerStatus> list = new ArrayList<>();
        for (Container c : containers) {
            ContainerStatus s = new ContainerStatus();
            s.setName(c.getName());
            s.setImage(c.getImage());
            s.setReady(false);
            s.setStarted(false);
            s.setRestartCount(0);
            s.setState(waiting("PodInitializing", null));
            list.add(s);
        }
        return list;
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .build();
    }

    private static ContainerState running(String since) {
        return new ContainerStateBuilder().withNewRunning().withStartedAt(since).endRunning().build();
    }

    private static ContainerState terminated(int exitCode, String reason, String at) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(reason)
                .withStartedAt(at).withFinishedAt(at).endTerminated().build();
    }

    private static PodCondition condition(String type, String status, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .build();
    }

    @Override
    public void close() {
        closed = true;
        informer.close();
        steps.shutdownNow();
    }
}
