package dev.sidecar.junit;

import dev.sidecar.Pod;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod started for one extension context, kept in that context's store: JUnit closes it when the context ends,
 * whatever failed before. Knows which extension started it, so that each extension reports and injects only its own.
 */
final class RunningPod implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningPod.class);

    private final String ref;
    private final Object owner;
    private final Pod pod;
    private final PodSettings settings;
    private final Runnable onClose;

    RunningPod(String ref, Object owner, Pod pod, PodSettings settings, Runnable onClose) {
        this.ref = Objects.requireNonNull(ref, "ref");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.pod = Objects.requireNonNull(pod, "pod");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
    }

    /** The name tests refer to it by besides the pod's name: its field's name, or the pod's name. */
    String ref() {
        return ref;
    }

    Object owner() {
        return owner;
    }

    Pod pod() {
        return pod;
    }

    PodSettings settings() {
        return settings;
    }

    /** Whether {@code name} is this pod's field name or pod name. */
    boolean answersTo(String name) {
        return ref.equals(name) || pod.name().equals(name);
    }

    /** For messages: {@code pod 'web' (field WEB)}. */
    String describe() {
        return "pod '" + pod.name() + "'" + (ref.equals(pod.name()) ? "" : " (field " + ref + ")");
    }

    @Override
    public void close() {
        long start = System.nanoTime();
        try {
            pod.close();
            LOG.debug("{} [{}] closed in {} ms", describe(), pod.instanceId(), (System.nanoTime() - start) / 1_000_000);
        } finally {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return describe() + " [" + pod.instanceId() + "]";
    }
}
