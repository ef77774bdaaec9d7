package dev.sidecar.assertj;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodStatus;
import dev.sidecar.PodStatus.Phase;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a running {@link Pod}. Each one checks a fresh {@link Pod#status()} at once; {@link #eventually}
 * gives the same assertions waiting for their condition instead. A failure shows every container's status and last
 * log lines.
 *
 * <pre>{@code
 * assertThat(pod).isRunning().isReady();
 * assertThat(pod).container("envoy").isReady().hasRestartCount(0);
 * }</pre>
 */
public class PodAssert extends AbstractAssert<PodAssert, Pod> {

    /** Creates the assertion; {@link SidecarAssertions#assertThat(Pod)} is the usual way in. */
    public PodAssert(Pod actual) {
        super(actual, PodAssert.class);
    }

    /** The pod is in {@code phase} (Kubernetes' {@code status.phase}, plus this library's own phases). */
    public PodAssert hasPhase(Phase phase) {
        return check(PodExpectation.phase(phase));
    }

    /** The pod is in phase {@link Phase#RUNNING}. */
    public PodAssert isRunning() {
        return hasPhase(Phase.RUNNING);
    }

    /**
     * The pod is running and every container in it runs and is ready: Kubernetes' {@code Ready} condition (and
     * {@link PodStatus#allReady()}).
     */
    public PodAssert isReady() {
        return check(PodExpectation.ready());
    }

    /**
     * Assertions on the pod's container named {@code name} (a sidecar or main); fails naming the pod's containers
     * when it has none of that name.
     */
    public PodContainerAssert container(String name) {
        Objects.requireNonNull(name, "name");
        isNotNull();
        Optional<PodContainer> container = actual.findContainer(name);
        if (container.isEmpty()) {
            failWithMessage("%s", FailureText.expecting(FailureText.pod(actual.name()), "to have a container '" + name
                    + "'", "it has " + actual.spec().containers().stream().map(ContainerSpec::name).toList()));
        }
        return Navigation.carry(this, new PodContainerAssert(container.get(), actual.name()));
    }

    /** Assertions on the pod's (first) main container. */
    public PodContainerAssert main() {
        isNotNull();
        return Navigation.carry(this, new PodContainerAssert(actual.main(), actual.name()));
    }

    /**
     * The same assertions, each waiting until its condition holds, all of them within {@code timeout} from now: for
     * what becomes true while the pod runs (a phase, readiness, a restart, a log line), without sleeping. The waits
     * are {@link Pod#awaitStatus} and {@link PodContainer#awaitLog}; an assertion fails once the time is up, or at
     * once when the pod reached a phase from which its condition cannot come true (a pod that has ended, or closed),
     * with the pod's last status and its containers' last log lines.
     *
     * <pre>{@code
     * assertThat(pod).eventually(Duration.ofSeconds(10)).container("app").isReady().hasLogLineMatching("listening");
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    public AwaitingPodAssert eventually(Duration timeout) {
        Deadline deadline = Deadline.in(timeout);
        isNotNull();
        return Navigation.carry(this, new AwaitingPodAssert(actual, deadline));
    }

    private PodAssert check(PodExpectation expectation) {
        isNotNull();
        PodStatus status = actual.status();
        if (!expectation.test().test(status)) {
            failWithMessage("%s", FailureText.expecting(FailureText.pod(actual.name()), expectation.expected(),
                    expectation.actual().apply(status)) + FailureText.details(status, actual));
        }
        return myself;
    }
}
