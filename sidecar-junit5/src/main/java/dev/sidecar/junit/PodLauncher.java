package dev.sidecar.junit;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
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
     * behind. The failure is rethrown naming the pod and its field (which the runtime cannot know), with secret values
     * masked and the runtime's exception as its cause: as a {@link PodStartException} that fails the test, or, if the
     * settings say so, as an abort.
     */
    static RunningPod start(ExtensionContext context, String ref, PodSpec spec, PodSettings settings, Object owner,
            Runnable onClose) {
        String what = "pod '" + spec.name() + "'" + (ref.equals(spec.name()) ? "" : " (field " + ref + ")");
        long begin = System.nanoTime();
        Pod pod;
        try {
            pod = PodRuntimes.of(context).start(spec);
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            String message = what + " did not start: " + spec.maskSecrets(reason);
            String firstLine = message.lines().findFirst().orElse("");
            if (settings.abortOnStartFailure()) {
                LOG.warn("{}; aborting {}", firstLine, context.getDisplayName());
                throw new TestAbortedException(message, e);
            }
            LOG.warn("{}; failing {}", firstLine, context.getDisplayName());
            LOG.debug("start failure of {}", what, e);
            throw new PodStartException(message, e);
        }
        LOG.info("{} [{}] started for {} in {} ms", what, pod.instanceId(), context.getDisplayName(),
                (System.nanoTime() - begin) / 1_000_000);
        return new RunningPod(ref, owner, pod, settings, onClose);
    }
}
