package dev.sidecar.kubernetes.runtime;

import dev.sidecar.Pod;
import dev.sidecar.PodRuntime;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.SidecarException;
import dev.sidecar.spi.PodClosers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pods on a Kubernetes cluster through its API server (fabric8's {@code kubernetes-client}): the same
 * {@link PodSpec} as on Docker becomes a v1 Pod with native sidecars ({@code initContainers} with
 * {@code restartPolicy: Always}), with ConfigMaps and Secrets for its files and secret environment.
 *
 * <pre>{@code
 * try (KubernetesPodRuntime runtime = KubernetesPodRuntime.builder().namespace("ci").build();
 *      Pod pod = runtime.start(spec)) { ... }
 * }</pre>
 *
 * <p>Without {@link Builder#client} or {@link Builder#config} the client is fabric8's default: the kubeconfig
 * ({@code KUBECONFIG} or {@code ~/.kube/config}, its current context) or, inside a pod, the service account. Without
 * {@link Builder#namespace} the runtime creates a namespace {@code sidecar-<random>} at its first start and deletes it
 * when closed. It needs only the rights of the Role in the README's "Running on Kubernetes".
 *
 * <p>A JVM shutdown hook closes the runtime (and so its pods) if the program does not. The first start deletes, in
 * the background, the Pods, ConfigMaps and Secrets (and namespaces, when the runtime creates its own) that JVMs on
 * this host left when they died, found by the labels {@code dev.sidecar.owner-host}, {@code dev.sidecar.owner-pid}
 * and {@code dev.sidecar.owner-started}; nothing without the library's labels, of a live JVM or of another host is
 * touched.
 */
public final class KubernetesPodRuntime implements PodRuntime {

    /**
     * How long a pod may take from its Pod object's creation to Ready (scheduling, image pulls, init containers
     * included) unless {@link Builder#startupTimeout} says otherwise.
     */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(2);
    /**
     * How much longer than its termination grace period a deleted pod may take to be gone (the kubelet confirming
     * that its containers stopped) unless {@link Builder#deleteMargin} says otherwise.
     */
    public static final Duration DEFAULT_DELETE_MARGIN = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesPodRuntime.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final ClusterApi api;
    private final String givenNamespace;
    private final Duration startupTimeout;
    private final Duration deleteMargin;
    private final Set<KubernetesPod> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private final java.util.concurrent.CompletableFuture<List<String>> swept =
            new java.util.concurrent.CompletableFuture<>();
    private final AtomicBoolean sweepStarted = new AtomicBoolean();
    private final String ownNamespace = "sidecar-" + newInstanceId();
    private String createdNamespace;

    private KubernetesPodRuntime(Builder b) {
        this.ownsClient = b.client == null;
        this.client = !ownsClient ? b.client : b.config == null ? new KubernetesClientBuilder().build()
                : new KubernetesClientBuilder().withConfig(b.config).build();
        this.api = new ClusterApi(client);
        this.givenNamespace = b.namespace;
        this.startupTimeout = b.startupTimeout;
        this.deleteMargin = b.deleteMargin;
        this.shutdownHook = new Thread(this::closeQuietly, "sidecar-kubernetes-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A runtime on fabric8's default client (kubeconfig or in-cluster) with a namespace of its own. */
    public static KubernetesPodRuntime create() {
        return builder().build();
    }

    /** A builder to change the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The namespace the pods run in: the one given, or the one the runtime created.
     *
     * @throws IllegalStateException when the runtime creates its own and has not started a pod yet
     */
    public synchronized String namespace() {
        if (givenNamespace != null) {
            return givenNamespace;
        }
        if (createdNamespace == null) {
            throw new IllegalStateException("this runtime creates its namespace at its first start; none yet");
        }
        return createdNamespace;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Creates the pod's ConfigMaps and Secrets, then the Pod (named {@code <pod>-<instance>}, labelled
     * {@code dev.sidecar}, {@code dev.sidecar.pod}, {@code dev.sidecar.pod-instance} and the owner's labels), and
     * watches it until its {@code Ready} condition holds, at most the startup timeout
     * ({@link #DEFAULT_STARTUP_TIMEOUT} unless configured). A container waiting with {@code ErrImagePull},
     * {@code ImagePullBackOff}, {@code CrashLoopBackOff} or {@code CreateContainerConfigError}, an init container
     * that exits non-zero or a pod the scheduler finds {@code Unschedulable} ends the start at once with a
     * {@link PodStartException} naming the container, Kubernetes' reason and message, and the container's last log
     * lines; everything created is deleted first. So does an object the API server refuses (Pod Security
     * admission, a quota), with the server's message.
     *
     * <p>Once the pod is ready, each container's output is forwarded to SLF4J as on Docker: line by line at INFO under
     * {@code dev.sidecar.pod.<pod>.<container>}, prefixed with the instance id, secret values masked; each run of a
     * container (a restart's too) is followed through the API server from its first line, in the background, until
     * the pod is closed. A container whose logger has INFO off is not followed.
     *
     * <p>What Kubernetes has no field for (a parallel sidecar start, a log-line probe, a duration under a second) is
     * refused before anything is created, with a {@link PodStartException} naming each field and why (its cause, a
     * {@link dev.sidecar.kubernetes.ManifestException}, has them as data).
     *
     * @throws KubernetesUnavailableException when the API server does not answer or refuses the runtime's rights
     */
    @Override
    public Pod start(PodSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (closed.get()) {
            throw new IllegalStateException("this KubernetesPodRuntime is closed: it starts no pods");
        }
        String instanceId = newInstanceId();
        // The spec is checked before any request: a pod Kubernetes cannot run costs the cluster nothing.
        PodManifest manifest = StartFailures.manifest(spec, namespaceName(), instanceId);
        String namespace = ensureNamespace();
        if (sweepStarted.compareAndSet(false, true)) {
            startSweep(namespace);
        }
        String objectName = manifest.pod().getMetadata().getName();
        CreatedObjects created = new CreatedObjects(api, namespace);
        long t0 = System.nanoTime();
        io.fabric8.kubernetes.api.model.Pod ready;
        try {
            for (ConfigMap cm : manifest.configMaps()) {
                api.create(namespace, cm);
                created.configMap(cm.getMetadata().getName());
            }
            for (Secret s : manifest.secrets()) {
                api.create(namespace, s);
                created.secret(s.getMetadata().getName());
            }
            created.pod(objectName);
            ready = api.createAndAwaitStart(namespace, manifest.pod(), spec, startupTimeout);
        } catch (ClusterApi.StartFailed f) {
            PodStartException e = StartFailures.of(api, spec, namespace, objectName, f, startupTimeout);
            deleteAfterFailure(spec, created, e);
            throw e;
        } catch (ClusterApi.Refused r) {
            PodStartException e = StartFailures.refused(spec, namespace, objectName, r);
            deleteAfterFailure(spec, created, e);
            throw e;
        } catch (RuntimeException e) {
            deleteAfterFailure(spec, created, e);
            throw e;
        }
        // As on Docker, forwarding begins once the pod is ready; each stream begins at its run's first line.
        LogForwarding forwarding = LogForwarding.start(api, namespace, objectName, instanceId, spec);
        KubernetesPod pod = new KubernetesPod(new KubernetesPod.Started(api, namespace, objectName, instanceId, spec,
                created, deleteMargin, forwarding), ready, open::remove);
        open.add(pod);
        // The pod's own logger, as on Docker: dev.sidecar.pod.<pod>.
        LoggerFactory.getLogger("dev.sidecar.pod." + spec.name()).info("pod '{}' (instance {}) ready in namespace {} "
                + "in {} ms", spec.name(), instanceId, namespace, (System.nanoTime() - t0) / 1_000_000);
        if (closed.get()) {
            pod.close();
            throw new IllegalStateException("this KubernetesPodRuntime was closed while pod '" + spec.name()
                    + "' started; the pod was deleted again");
        }
        return pod;
    }

    private void deleteAfterFailure(PodSpec spec, CreatedObjects created, RuntimeException cause) {
        List<RuntimeException> failures = new ArrayList<>();
        created.deleteAll(spec.terminationGracePeriod(), spec.terminationGracePeriod().plus(deleteMargin), failures);
        failures.forEach(cause::addSuppressed);
    }

    /**
     * Deletes, in the background, what pods of dead JVMs on this host left in {@code namespace} (and the namespaces
     * they created, when this runtime creates its own): it touches only objects of dead owners, so it need not hold up
     * this start.
     */
    private void startSweep(String namespace) {
        Thread sweeper = new Thread(() -> {
            try {
                swept.complete(new Sweeper(api).sweep(namespace, givenNamespace == null));
            } catch (RuntimeException e) {
                if (closed.get()) {
                    LOG.debug("sweep of namespace {} cut short by close: {}", namespace, e.toString());
                } else {
                    LOG.warn("could not sweep what dead JVMs left in namespace {}: {}", namespace, e.getMessage());
                }
                swept.completeExceptionally(e);
            }
        }, "sidecar-kubernetes-sweeper");
        sweeper.setDaemon(true);
        sweeper.start();
    }

    /** The first start's sweep, for tests: what it deleted, once it is done. */
    java.util.concurrent.CompletableFuture<List<String>> sweep() {
        return swept;
    }

    /** The namespace's name: the one given, or the one this runtime creates (named before it is created). */
    private String namespaceName() {
        return givenNamespace != null ? givenNamespace : ownNamespace;
    }

    private synchronized String ensureNamespace() {
        if (givenNamespace != null) {
            return givenNamespace;
        }
        if (createdNamespace == null) {
            String name = ownNamespace;
            api.createNamespace(name);
            createdNamespace = name;
            if (!api.awaitDefaultServiceAccount(name, startupTimeout)) {
                throw new PodStartException("namespace " + name + " got no default service account within "
                        + startupTimeout + " (the controller manager creates it; is it running?)", null);
            }
            LOG.info("created namespace {} on {} for this runtime's pods", name, api.server());
        }
        return createdNamespace;
    }

    /**
     * Deletes every pod still open (each with its grace period, at once), then the namespace the runtime created (not
     * waiting for Kubernetes to finish deleting it), and closes the client it built. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: this is the hook.
        }
        List<RuntimeException> failures = PodClosers.closeAtOnce(open);
        synchronized (this) {
            if (createdNamespace != null) {
                try {
                    api.deleteNamespace(createdNamespace);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        if (ownsClient) {
            client.close();
        }
        if (!failures.isEmpty()) {
            SidecarException e = new SidecarException("closing the runtime's open pods left " + failures.size()
                    + " problem(s); first: " + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("closing the Kubernetes runtime at JVM shutdown: {}", e.getMessage());
        }
    }

    private static String newInstanceId() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Configures a {@link KubernetesPodRuntime}; {@link #build()} checks the settings. */
    public static final class Builder {
        private KubernetesClient client;
        private Config config;
        private String namespace;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Duration deleteMargin = DEFAULT_DELETE_MARGIN;

        private Builder() {
        }

        /**
         * The client to use, configured as its owner wants (context, credentials, HTTP client); the runtime does not
         * close it. Without it the runtime builds fabric8's default client and closes it with itself.
         */
        public Builder client(KubernetesClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * The configuration of the client the runtime builds (and closes with itself), for example
         * {@code Config.autoConfigure("kind-ci")} for a context other than the kubeconfig's current one; ignored when
         * a {@link #client} is given.
         */
        public Builder config(Config config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * The namespace to run pods in, which must exist. Without it the runtime creates {@code sidecar-<random>} at
         * its first start and deletes it when closed (which needs the right to create and delete namespaces).
         */
        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        /** How long a pod may take to be ready; {@link #DEFAULT_STARTUP_TIMEOUT} unless set. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "startupTimeout");
            return this;
        }

        /**
         * How much longer than its grace period a deleted pod may take to be gone; {@link #DEFAULT_DELETE_MARGIN}
         * unless set.
         */
        public Builder deleteMargin(Duration margin) {
            this.deleteMargin = Objects.requireNonNull(margin, "deleteMargin");
            return this;
        }

        /**
         * The runtime.
         *
         * @throws IllegalArgumentException naming every setting out of range
         */
        public KubernetesPodRuntime build() {
            List<String> problems = new ArrayList<>();
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                problems.add("startupTimeout must be positive, was " + startupTimeout);
            }
            if (deleteMargin.isNegative()) {
                problems.add("deleteMargin must not be negative, was " + deleteMargin);
            }
            if (namespace != null && !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                problems.add("namespace must be a DNS-1123 label (lower case letters, digits and '-', at most 63), "
                        + "was '" + namespace + "'");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid KubernetesPodRuntime settings: "
                        + String.join("; ", problems));
            }
            return new KubernetesPodRuntime(this);
        }
    }
}
