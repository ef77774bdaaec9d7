package dev.sidecar.kubernetes.runtime;

import dev.sidecar.SidecarException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one pod instance created on the cluster, recorded as it is created, so that a failed start or a close
 * deletes exactly that: the Pod first (with its grace period, then waiting until it is gone, as the kubelet confirms
 * its containers stopped), then its ConfigMaps and Secrets, which a terminating pod may still read.
 */
final class CreatedObjects {

    private static final Logger LOG = LoggerFactory.getLogger(CreatedObjects.class);

    private final ClusterApi api;
    private final String namespace;
    private final List<String> configMaps = new CopyOnWriteArrayList<>();
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private volatile String pod;

    CreatedObjects(ClusterApi api, String namespace) {
        this.api = api;
        this.namespace = namespace;
    }

    void configMap(String name) {
        configMaps.add(name);
    }

    void secret(String name) {
        secrets.add(name);
    }

    /** Records the Pod before it is created: a create that failed half-way is deleted too (a 404 is no error). */
    void pod(String name) {
        pod = name;
    }

    /**
     * Deletes everything recorded, collecting what failed into {@code failures} instead of stopping at it.
     *
     * @param gracePeriod the pod's termination grace period, sent with the delete
     * @param goneWithin how long to wait for the pod to be gone (the grace period plus a margin)
     */
    void deleteAll(Duration gracePeriod, Duration goneWithin, List<RuntimeException> failures) {
        String name = pod;
        if (name != null) {
            try {
                if (!api.deletePodAndAwaitGone(namespace, name, gracePeriod, goneWithin)) {
                    failures.add(new SidecarException("Pod " + namespace + "/" + name + " was still there "
                            + goneWithin + " after it was deleted (is its node gone? `kubectl delete pod --force` "
                            + "removes it)"));
                }
                pod = null;
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        for (String cm : configMaps) {
            try {
                api.deleteConfigMap(namespace, cm);
                configMaps.remove(cm);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        for (String s : secrets) {
            try {
                api.deleteSecret(namespace, s);
                secrets.remove(s);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        LOG.debug("deleted the objects of Pod {}/{} ({} problem(s))", namespace, name, failures.size());
    }
}
