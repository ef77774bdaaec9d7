package dev.sidecar.junit;

import dev.sidecar.Pod;
import java.util.Objects;
import java.util.function.Consumer;
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
    private final Consumer<Pod> closer;

    /**
     * @param onClose told when the context closes the pod
     * @param closer what closes the pod (in the background, by default; not at all for a pod the run shares)
     */
    RunningPod(String ref, Object owner, Pod pod, PodSettings settings, Runnable onClose,
            Consumer<Pod> closer) {
        this.ref = Objects.requireNonNull(ref, "ref");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.pod = Objects.requireNonNull(pod, "pod");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
        this.closer = Objects.requireNonNull(closer, "closer");
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

    /**
     * This pod, with {@code first} told before its closer gets it: for work that must be done before the pod goes
     * (taking it off a network whose names the next test's pod will want).
     */
    RunningPod closingAfter(Consumer<Pod> first) {
        Objects.requireNonNull(first, "first");
        return new RunningPod(ref, owner, pod, settings, onClose, p -> {
            try {
                first.accept(p);
            } finally {
                closer.accept(p);
            }
        });
    }

    /**
     * Hands the pod to its closer: the run closes it in the background (the failure report of a failed test was taken
     * before), so that the next test need not wait.
     */
    @Override
    public void close() {
        try {
            closer.accept(pod);
        } finally {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return describe() + " [" + pod.instanceId() + "]";
    }
}
