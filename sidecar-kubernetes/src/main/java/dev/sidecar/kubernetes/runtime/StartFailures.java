package dev.sidecar.kubernetes.runtime;

import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.kubernetes.ManifestException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a failed start says: which container, Kubernetes' reason and message, its last log lines, what to do. */
final class StartFailures {

    /** How many log lines of the container to blame a {@link PodStartException} carries. */
    static final int LOG_LINES = 20;

    private static final Logger LOG = LoggerFactory.getLogger(StartFailures.class);
    /** How an event names the container it is about: {@code spec.containers{app}}, {@code spec.initContainers{x}}. */
    private static final java.util.regex.Pattern CONTAINER_PATH =
            java.util.regex.Pattern.compile("spec\\.(?:initC|c)ontainers\\{(.+)}");

    private StartFailures() {
    }

    /**
     * The objects of {@code spec}, or a {@link PodStartException} listing every field Kubernetes has no field for
     * (with the {@link ManifestException} as its cause, which has them as data).
     */
    static PodManifest manifest(PodSpec spec, String namespace, String instanceId) {
        try {
            return PodManifest.of(spec, namespace, instanceId);
        } catch (ManifestException e) {
            // The export's advice (its lenient mode) is for manifests; a runtime cannot run the nearest field instead.
            List<String> problems = e.problems().stream().map(p -> p.path() + ": "
                    + p.message().replaceFirst("\\s*\\(strict mode;.*?\\):", ":")).toList();
            throw new PodStartException("pod '" + spec.name() + "' cannot start on Kubernetes; nothing was created:"
                    + "\n  - " + String.join("\n  - ", problems), e);
        }
    }

    /** The API server refused one of the pod's objects (admission, validation). */
    static PodStartException refused(PodSpec spec, String namespace, String objectName, ClusterApi.Refused r) {
        return new PodStartException(where(spec, namespace, objectName) + " could not start: "
                + spec.maskSecrets(r.getMessage()), r);
    }

    /** The watch saw the pod fail, or ran out of time; the blamed container's last lines are read from the API. */
    static PodStartException of(ClusterApi api, PodSpec spec, String namespace, String objectName,
            ClusterApi.StartFailed f, Duration startupTimeout) {
        String where = where(spec, namespace, objectName);
        if (f.failure.isEmpty()) {
            String pending = f.last == null ? "the watch saw no status" : StartVerdict.pending(f.last)
                    + probeFailures(api, namespace, objectName, spec);
            return new PodStartException(where + " was not ready within " + startupTimeout + ": " + pending
                    + " (raise the startup timeout with KubernetesPodRuntime.builder().startupTimeout(...) if the "
                    + "cluster pulls slowly)", null);
        }
        StartVerdict.Failure failure = f.failure.get();
        String message = spec.maskSecrets(failure.message());
        if (failure.container() == null) {
            return new PodStartException(where + " could not start: " + failure.reason() + ": " + message, null);
        }
        List<String> lines = failure.ran()
                ? lastLines(api, namespace, objectName, failure.container(), failure.previous(), spec) : List.of();
        return new PodStartException(where + " could not start: container '" + failure.container() + "' "
                + failure.reason() + ": " + message, failure.container(), lines, null);
    }

    /**
     * The kubelet's last probe failure of each container that has one, as its events say it ("Readiness probe
     * failed: ..."), or nothing when there is none or the runtime may not list events.
     */
    private static String probeFailures(ClusterApi api, String namespace, String objectName, PodSpec spec) {
        List<io.fabric8.kubernetes.api.model.Event> events;
        try {
            events = api.probeFailures(namespace, objectName);
        } catch (RuntimeException e) {
            LOG.debug("no events of {}/{}: {}", namespace, objectName, e.toString());
            return "";
        }
        java.util.Map<String, String> lastByContainer = new java.util.LinkedHashMap<>();
        for (var event : events) {
            String path = event.getInvolvedObject().getFieldPath();
            java.util.regex.Matcher m = path == null ? null : CONTAINER_PATH.matcher(path);
            if (m != null && m.matches()) {
                lastByContainer.remove(m.group(1));
                lastByContainer.put(m.group(1), spec.maskSecrets(String.valueOf(event.getMessage()).strip()));
            }
        }
        StringBuilder s = new StringBuilder();
        lastByContainer.forEach((container, message) -> s.append("; the kubelet's last probe failure of container '")
                .append(container).append("': ").append(message));
        return s.toString();
    }

    private static List<String> lastLines(ClusterApi api, String namespace, String objectName, String container,
            boolean previous, PodSpec spec) {
        try {
            String log = api.containers().log(namespace, objectName, container, LOG_LINES, previous);
            return log == null || log.isEmpty() ? List.of()
                    : List.of(spec.maskSecrets(log).split("\r?\n")).stream().filter(l -> !l.isEmpty()).toList();
        } catch (RuntimeException e) {
            LOG.debug("no log lines of container '{}' of {}/{}: {}", container, namespace, objectName, e.toString());
            return List.of();
        }
    }

    private static String where(PodSpec spec, String namespace, String objectName) {
        return "pod '" + spec.name() + "' (Pod " + namespace + "/" + objectName + ")";
    }
}
