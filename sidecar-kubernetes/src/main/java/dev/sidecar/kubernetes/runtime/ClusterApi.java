package dev.sidecar.kubernetes.runtime;

import dev.sidecar.PodSpec;
import dev.sidecar.SidecarException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one class that talks to the Kubernetes API server, through fabric8's client, with {@link ContainerCalls} for the
 * calls to one container: every request of the runtime is in these two, so the Role of the README's "Running on
 * Kubernetes" can be checked against them. Waits are watches on one object, opened before the change they wait for
 * and each bounded by a deadline; transport and authorization errors become a
 * {@link KubernetesUnavailableException} that says what to check.
 */
final class ClusterApi {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterApi.class);

    /** What a start's watch saw last when it ended without the pod being ready. */
    static final class StartFailed extends RuntimeException {
        final transient Optional<StartVerdict.Failure> failure;
        final transient Pod last;

        StartFailed(Optional<StartVerdict.Failure> failure, Pod last) {
            super(null, null, false, false);
            this.failure = failure;
            this.last = last;
        }
    }

    /**
     * The API server refused an object the runtime sent (admission: Pod Security, a quota, a webhook; or validation),
     * not the runtime's rights to send it.
     */
    static final class Refused extends SidecarException {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KubernetesClient client;
    private final ContainerCalls containers = new ContainerCalls(this);

    /** The calls to one container of a pod: exec, logs, files, port-forward. */
    ContainerCalls containers() {
        return containers;
    }

    KubernetesClient client() {
        return client;
    }

    ClusterApi(KubernetesClient client) {
        this.client = client;
    }

    /** The API server's address, for messages. */
    String server() {
        return client.getConfiguration().getMasterUrl();
    }

    void createNamespace(String name) {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName(name).withLabels(ObjectLabels.forNamespace())
                .endMetadata().build();
        call("create namespace " + name, () -> client.namespaces().resource(ns).create());
    }

    /**
     * Waits until the namespace's {@code default} service account exists: the API server refuses pods in a new
     * namespace until the controller manager has created it ("serviceaccount \"default\" not found").
     *
     * @return whether it existed within {@code timeout}
     */
    boolean awaitDefaultServiceAccount(String namespace, Duration timeout) {
        String what = "watch ServiceAccount " + namespace + "/default";
        CompletableFuture<Void> there = new CompletableFuture<>();
        Watcher<io.fabric8.kubernetes.api.model.ServiceAccount> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, io.fabric8.kubernetes.api.model.ServiceAccount account) {
                if (action != Action.DELETED) {
                    there.complete(null);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                there.completeExceptionally(cause);
            }
        };
        var account = client.serviceAccounts().inNamespace(namespace).withName("default");
        try (Watch watch = call(what, () -> account.watch(watcher))) {
            if (call("get ServiceAccount " + namespace + "/default", account::get) != null) {
                return true;
            }
            there.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SidecarException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw translate(what, e.getCause());
        }
    }

    void deleteNamespace(String name) {
        call("delete namespace " + name, () -> client.namespaces().withName(name).delete());
    }

    /** Creates {@code object} in {@code namespace} (a create, never an apply: an existing object is an error). */
    <T extends HasMetadata> T create(String namespace, T object) {
        LOG.debug("create {} {}/{}", object.getKind(), namespace, object.getMetadata().getName());
        return call("create " + object.getKind() + " " + namespace + "/" + object.getMetadata().getName(),
                () -> client.resource(object).inNamespace(namespace).create());
    }

    void deleteConfigMap(String namespace, String name) {
        call("delete ConfigMap " + namespace + "/" + name,
                () -> client.configMaps().inNamespace(namespace).withName(name).delete());
    }

    void deleteSecret(String namespace, String name) {
        call("delete Secret " + namespace + "/" + name,
                () -> client.secrets().inNamespace(namespace).withName(name).delete());
    }

    /** The Pods, ConfigMaps and Secrets in {@code namespace} with the library's label and owner host {@code host}. */
    List<HasMetadata> labelled(String namespace, String host) {
        Map<String, String> selector = Map.of(ObjectLabels.LIBRARY, "true", ObjectLabels.OWNER_HOST, host);
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(call("list Pods in " + namespace, () -> client.pods().inNamespace(namespace).withLabels(selector)
                .list().getItems()));
        all.addAll(call("list ConfigMaps in " + namespace, () -> client.configMaps().inNamespace(namespace)
                .withLabels(selector).list().getItems()));
        all.addAll(call("list Secrets in " + namespace, () -> client.secrets().inNamespace(namespace)
                .withLabels(selector).list().getItems()));
        return all;
    }

    /** The namespaces with the library's label and owner host {@code host}. */
    List<Namespace> labelledNamespaces(String host) {
        return call("list namespaces", () -> client.namespaces().withLabel(ObjectLabels.LIBRARY, "true")
                .withLabel(ObjectLabels.OWNER_HOST, host).list().getItems());
    }

    /** Deletes {@code object} from {@code namespace}, not waiting for it to be gone. */
    void delete(String namespace, HasMetadata object) {
        call("delete " + object.getKind() + " " + namespace + "/" + object.getMetadata().getName(),
                () -> client.resource(object).inNamespace(namespace).delete());
    }

    /** The pod as the server has it now, or {@code null} when it is gone. */
    Pod getPod(String namespace, String name) {
        return call("get Pod " + namespace + "/" + name, () -> pod(namespace, name).get());
    }

    /**
     * Creates the Pod and watches it until it is ready or its status says it cannot start. The watch is open before
     * the Pod is created, so no status the kubelet writes is missed.
     *
     * @return the ready pod
     * @throws StartFailed with the failure, or with none when {@code timeout} passed first, and the last pod seen
     */
    Pod createAndAwaitStart(String namespace, Pod pod, PodSpec spec, Duration timeout) {
        String name = pod.getMetadata().getName();
        AtomicReference<Pod> last = new AtomicReference<>();
        AtomicReference<StartVerdict.Failure> failed = new AtomicReference<>();
        Predicate<Pod> settled = p -> {
            if (p == null) {
                return false;
            }
            last.set(p);
            Optional<StartVerdict.Failure> f = StartVerdict.failure(p, spec);
            f.ifPresent(failed::set);
            return f.isPresent() || StartVerdict.ready(p);
        };
        awaitPod(namespace, name, settled, timeout, () -> create(namespace, pod));
        if (failed.get() != null || last.get() == null || !StartVerdict.ready(last.get())) {
            throw new StartFailed(Optional.ofNullable(failed.get()), last.get());
        }
        return last.get();
    }

    /**
     * Deletes the pod with {@code gracePeriod} (as {@code kubectl delete pod --grace-period} does) and watches it
     * until it is gone: the kubelet has confirmed its containers stopped.
     *
     * @return whether it was gone within {@code timeout}
     */
    boolean deletePodAndAwaitGone(String namespace, String name, Duration gracePeriod, Duration timeout) {
        LOG.debug("delete Pod {}/{} (grace period {} s)", namespace, name, gracePeriod.toSeconds());
        return awaitPod(namespace, name, java.util.Objects::isNull, timeout, () -> call("delete Pod " + namespace
                + "/" + name, () -> pod(namespace, name).withGracePeriod(gracePeriod.toSeconds()).delete()));
    }

    /**
     * Watches the pod until {@code condition} holds for it ({@code null} once it is gone): opens the watch, runs
     * {@code action} (which may be nothing), reads the pod once, then takes each event the watch delivers. Opening the
     * watch first means no change after {@code action} is missed, on a real API server and on the mock alike.
     *
     * @return whether it held within {@code timeout}
     */
    boolean awaitPod(String namespace, String name, Predicate<Pod> condition, Duration timeout, Runnable action) {
        String what = "watch Pod " + namespace + "/" + name;
        CompletableFuture<Void> met = new CompletableFuture<>();
        Watcher<Pod> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                test(action == Action.DELETED ? null : pod);
            }

            @Override
            public void onClose(WatcherException cause) {
                met.completeExceptionally(cause);
            }

            private void test(Pod pod) {
                try {
                    if (!met.isDone() && condition.test(pod)) {
                        met.complete(null);
                    }
                } catch (RuntimeException e) {
                    met.completeExceptionally(e);
                }
            }
        };
        try (Watch watch = call(what, () -> pod(namespace, name).watch(watcher))) {
            action.run();
            Pod now = getPod(namespace, name);
            watcher.eventReceived(now == null ? Watcher.Action.DELETED : Watcher.Action.MODIFIED, now);
            met.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SidecarException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw translate(what, e.getCause());
        }
    }

    /**
     * The kubelet's probe failures of Pod {@code namespace/pod} (events of reason {@code Unhealthy}), latest last.
     * Listed in the namespace and picked here: a field selector on the involved object is not served by every API
     * server alike, and a test's namespace holds few events.
     */
    List<io.fabric8.kubernetes.api.model.Event> probeFailures(String namespace, String pod) {
        var events = call("list the events of Pod " + namespace + "/" + pod,
                () -> client.v1().events().inNamespace(namespace).list());
        return events.getItems().stream()
                .filter(e -> "Unhealthy".equals(e.getReason()) && e.getInvolvedObject() != null
                        && "Pod".equals(e.getInvolvedObject().getKind())
                        && pod.equals(e.getInvolvedObject().getName()))
                .sorted(java.util.Comparator.comparing(ClusterApi::when))
                .toList();
    }

    /** When an event last happened, for ordering; events that say nothing of it come first. */
    private static String when(io.fabric8.kubernetes.api.model.Event e) {
        String last = e.getLastTimestamp() != null ? e.getLastTimestamp()
                : e.getEventTime() != null ? e.getEventTime().getTime() : null;
        return last == null ? "" : last;
    }

    /**
     * Hands {@code onChange} every state of the pod the API server reports, from now until the returned informer is
     * closed (an informer, not a bare watch: it lists again when its watch expires). Started in the background: this
     * call does not wait for the API server.
     */
    SharedIndexInformer<Pod> informPod(String namespace, String name, java.util.function.Consumer<Pod> onChange) {
        String what = "watch Pod " + namespace + "/" + name;
        SharedIndexInformer<Pod> informer = call(what, () -> pod(namespace, name).runnableInformer(0));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                onChange.accept(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                onChange.accept(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
            }
        });
        informer.start().whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("could not {}: {}", what, e.toString());
            }
        });
        return informer;
    }

    PodResource pod(String namespace, String name) {
        return client.pods().inNamespace(namespace).withName(name);
    }

    <T> T call(String what, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw translate(what, e);
        }
    }

    RuntimeException translate(String what, Throwable e) {
        if (e instanceof KubernetesClientException k) {
            int code = k.getCode();
            // RBAC says "<user> cannot <verb> resource ..."; admission (Pod Security, quotas, webhooks) refuses the
            // object itself with 403 too, and validation with 422: those are no matter of rights.
            boolean rbac = code == 401 || (code == 403 && String.valueOf(k.getMessage()).contains(" cannot "));
            if ((code == 403 || code == 422) && !rbac) {
                return new Refused("the API server " + server() + " refused to " + what + " (HTTP " + code + "): "
                        + statusMessage(k), k);
            }
            if (rbac) {
                return new KubernetesUnavailableException("the API server " + server() + " refused to " + what
                        + " (HTTP " + code + "): check the kubeconfig's credentials and that the runtime's service "
                        + "account has the Role in the README, Running on Kubernetes: " + k.getMessage(), k);
            }
            if (code == 0 && hasIoCause(k)) {
                return new KubernetesUnavailableException("the API server " + server() + " did not answer to "
                        + what + ": check the kubeconfig's current context (or the KUBECONFIG variable): "
                        + k.getMessage(), k);
            }
            return new SidecarException("could not " + what + ": " + k.getMessage(), k);
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new SidecarException("could not " + what + ": " + e, e);
    }

    private static String statusMessage(KubernetesClientException k) {
        return k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage()
                : k.getMessage();
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
