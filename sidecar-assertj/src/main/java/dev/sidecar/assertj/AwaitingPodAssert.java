package dev.sidecar.assertj;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodStatus.Phase;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * {@link PodAssert}'s assertions, each waiting until its condition holds, all within the time given to
 * {@link PodAssert#eventually}. They wait with {@link Pod#awaitStatus}: no sleeping, and no wait past the deadline.
 * A condition that cannot come true any more (the pod has ended in another phase, or was closed) fails at once.
 * (The methods inherited from {@link AbstractAssert}, such as {@code isEqualTo}, check at once.)
 */
public class AwaitingPodAssert extends AbstractAssert<AwaitingPodAssert, Pod> {

    private final Deadline deadline;

    AwaitingPodAssert(Pod actual, Deadline deadline) {
        super(actual, AwaitingPodAssert.class);
        this.deadline = deadline;
    }

    /** The pod reaches {@code phase} in time. */
    public AwaitingPodAssert hasPhase(Phase phase) {
        return await(PodExpectation.phase(phase));
    }

    /** The pod is in phase {@link Phase#RUNNING} in time. */
    public AwaitingPodAssert isRunning() {
        return hasPhase(Phase.RUNNING);
    }

    /** The pod runs with every container running and ready, in time (Kubernetes' {@code Ready} condition). */
    public AwaitingPodAssert isReady() {
        return await(PodExpectation.ready());
    }

    /**
     * Awaiting assertions on the pod's container named {@code name} (a sidecar or main), within the same time; fails
     * at once naming the pod's containers when it has none of that name.
     */
    public AwaitingContainerAssert container(String name) {
        Objects.requireNonNull(name, "name");
        isNotNull();
        if (actual.spec().containers().stream().noneMatch(c -> c.name().equals(name))) {
            failWithMessage("%s", FailureText.expecting(FailureText.pod(actual.name()), "to have a container '" + name
                    + "'", "it has " + actual.spec().containers().stream().map(ContainerSpec::name).toList()));
        }
        return Navigation.carry(this, new AwaitingContainerAssert(actual, name, deadline));
    }

    /** Awaiting assertions on the pod's (first) main container, within the same time. */
    public AwaitingContainerAssert main() {
        isNotNull();
        return Navigation.carry(this, new AwaitingContainerAssert(actual, actual.spec().main().name(), deadline));
    }

    private AwaitingPodAssert await(PodExpectation expectation) {
        isNotNull();
        String failure = Awaits.failure(actual, deadline, expectation.test(), expectation.hopeless(),
                FailureText.pod(actual.name()), expectation.expected(), expectation.actual(),
                status -> FailureText.details(status, actual));
        if (failure != null) {
            failWithMessage("%s", failure);
        }
        return myself;
    }
}
