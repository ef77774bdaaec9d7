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

    /** Runs but never becomes ready. */
    record NeverReady() implements Behaviour {
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

    private final KubernetesClient client;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
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
            allReady &= !(b instanceof NeverReady);
        }
        setCondition(ns, name, "Initialized", "True");
        for (Container c : created.getSpec().getContainers()) {
            Behaviour b = behaviours.getOrDefault(c.getName(), new Runs());
            if (!step(ns, name, c.getName(), b, false, created.getSpec().getRestartPolicy())) {
                return;
            }
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
