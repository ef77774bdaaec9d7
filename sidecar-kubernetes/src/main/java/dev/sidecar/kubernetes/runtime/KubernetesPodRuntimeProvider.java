package dev.sidecar.kubernetes.runtime;

import dev.sidecar.PodRuntime;
import dev.sidecar.spi.PodRuntimeProvider;
import dev.sidecar.spi.RuntimeSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@link PodRuntimeProvider} named {@value #NAME}: a {@link KubernetesPodRuntime} on the cluster of the
 * kubeconfig (fabric8's discovery: {@code KUBECONFIG}, {@code -Dkubeconfig}, {@code ~/.kube/config}, or inside a pod
 * its service account), configured by the keys {@value #NAMESPACE}, {@value #CONTEXT} and {@value #KUBECONFIG}.
 */
public final class KubernetesPodRuntimeProvider implements PodRuntimeProvider {

    /** This provider's name, the value of {@value RuntimeSettings#RUNTIME} that chooses it. */
    public static final String NAME = "kubernetes";
    /**
     * The key naming the namespace pods run in, which must exist; unset, the runtime creates {@code sidecar-<random>}
     * and deletes it at the end (which needs rights on namespaces).
     */
    public static final String NAMESPACE = "sidecar.kubernetes.namespace";
    /** The key naming the kubeconfig context to use; unset, the kubeconfig's current context. */
    public static final String CONTEXT = "sidecar.kubernetes.context";
    /** The key naming a kubeconfig file to use instead of fabric8's discovery. */
    public static final String KUBECONFIG = "sidecar.kubernetes.kubeconfig";
    /** How long {@link #unavailableReason} waits for the API server's answer. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    /** For {@link java.util.ServiceLoader}. */
    public KubernetesPodRuntimeProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Empty when a cluster is configured and its API server answers {@code GET /version} within
     * {@link #CHECK_TIMEOUT}; else why not.
     */
    @Override
    public Optional<String> unavailableReason(RuntimeSettings settings) {
        Config config;
        try {
            config = config(settings);
        } catch (RuntimeException e) {
            return Optional.of("the kubeconfig could not be read: " + e.getMessage());
        }
        if (config.getFile() == null && Config.DEFAULT_MASTER_URL.equals(stripSlash(config.getMasterUrl()))) {
            return Optional.of("no cluster is configured: no kubeconfig (set KUBECONFIG, -Dkubeconfig or " + KUBECONFIG
                    + ", or create ~/.kube/config, for example with 'kind create cluster'), no -Dkubernetes.master, "
                    + "and not inside a pod");
        }
        int millis = (int) CHECK_TIMEOUT.toMillis();
        Config bounded = new ConfigBuilder(config).withConnectionTimeout(millis).withRequestTimeout(millis)
                .withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(bounded).build()) {
            client.getKubernetesVersion();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("the API server at " + config.getMasterUrl() + " did not answer within " + CHECK_TIMEOUT
                    .toSeconds() + " s: " + describe(e));
        }
    }

    /**
     * A runtime on the configured cluster and namespace.
     *
     * @throws IllegalArgumentException naming the key and value of a setting the runtime refuses
     */
    @Override
    public PodRuntime create(RuntimeSettings settings) {
        KubernetesPodRuntime.Builder builder = KubernetesPodRuntime.builder().config(config(settings));
        settings.value(NAMESPACE).ifPresent(builder::namespace);
        settings.startupTimeout().ifPresent(builder::startupTimeout);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NAMESPACE + "='" + settings.value(NAMESPACE).orElse("") + "': "
                    + e.getMessage(), e);
        }
    }

    /** The client's configuration: the given kubeconfig or fabric8's discovery, with the given context. */
    private static Config config(RuntimeSettings settings) {
        String context = settings.value(CONTEXT).orElse(null);
        Optional<String> kubeconfig = settings.value(KUBECONFIG);
        return kubeconfig.isPresent() ? Config.fromKubeconfig(context, new File(kubeconfig.get()))
                : Config.autoConfigure(context);
    }

    /** The exception's message with its root cause's, which fabric8's generic "An error has occurred." hides. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage())
                : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private static String stripSlash(String url) {
        return url == null ? "" : url.replaceAll("/+$", "");
    }
}
