package dev.sidecar.junit;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.docker.PodNetwork;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a pod for an extension context, and turns a start failure into a failed or aborted test. */
final class PodLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(PodLauncher.class);

    private PodLauncher() {
    }

    /**
     * Starts {@code spec}. The runtime removes whatever it created before it throws, so a failure leaves nothing
     * behind. The runtime's exception is rethrown as it is, keeping its type and fields (the container to blame, its
     * last log lines), with the pod's field and the test attached as a suppressed {@link StartContext}; or, if the
     * settings say so, as the cause of an abort.
     */
    static RunningPod start(ExtensionContext context, String ref, PodSpec spec, PodSettings settings, Object owner,
            Runnable onClose) {
        return start(context, ref, spec, List.of(), settings, owner, onClose);
    }

    /**
     * Starts {@code spec} joined to {@code networks} (with the aliases each gives), as {@link #start(ExtensionContext,
     * String, PodSpec, PodSettings, Object, Runnable)} does.
     */
    static RunningPod start(ExtensionContext context, String ref, PodSpec spec, List<PodNetwork> networks,
            PodSettings settings, Object owner, Runnable onClose) {
        String what = "pod '" + spec.name() + "'" + (ref.equals(spec.name()) ? "" : " (field " + ref + ")");
        long begin = System.nanoTime();
        Pod pod;
        try {
            pod = RunResources.of(context).start(spec, networks);
        } catch (RuntimeException e) {
            String firstLine = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            if (settings.abortOnStartFailure()) {
                LOG.warn("{} did not start: {}; aborting {}", what, firstLine, context.getDisplayName());
                throw new TestAbortedException(what + " did not start: " + e.getMessage(), e);
            }
            LOG.warn("{} did not start: {}; failing {}", what, firstLine, context.getDisplayName());
            e.addSuppressed(new StartContext(what + " was started by @SidecarPod for "
                    + context.getDisplayName() + " and did not start"));
            throw e;
        }
        LOG.info("{} [{}] started for {} in {} ms", what, pod.instanceId(), context.getDisplayName(),
                (System.nanoTime() - begin) / 1_000_000);
        return new RunningPod(ref, owner, pod, settings, onClose, RunResources.of(context)::close);
    }

    /** A pod started ahead for {@code context}, now its own. */
    static RunningPod adopt(ExtensionContext context, String ref, Pod pod, PodSettings settings, Object owner,
            Runnable onClose) {
        LOG.info("{} [{}] started ahead, taken for {}", "pod '" + pod.name() + "'", pod.instanceId(),
                context.getDisplayName());
        return new RunningPod(ref, owner, pod, settings, onClose, RunResources.of(context)::close);
    }

    /** The pod of {@code spec} that every class of the run shares; the run closes it, not the context. */
    static RunningPod shared(ExtensionContext context, String ref, PodSpec spec, PodSettings settings,
            Object owner) {
        RunResources run = RunResources.of(context);
        Pod pod = run.shared(spec, () -> start(context, ref, spec, settings, owner, () -> { }).pod());
        return new RunningPod(ref, owner, pod, settings, () -> { }, closedByTheRun -> { });
    }
}
