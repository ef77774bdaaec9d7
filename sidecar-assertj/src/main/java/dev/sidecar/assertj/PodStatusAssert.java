package dev.sidecar.assertj;

import dev.sidecar.ContainerStatus;
import dev.sidecar.Pod;
import dev.sidecar.PodStatus;
import dev.sidecar.PodStatus.Phase;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a snapshot of a pod ({@link PodStatus}): the same as {@link PodAssert}'s, on a status taken before
 * (for instance the last one of a closed pod). A failure shows every container's status; a snapshot has no log
 * lines.
 *
 * <pre>{@code
 * pod.close();
 * assertThat(pod.status()).hasPhase(PodStatus.Phase.CLOSED).container("app").hasExitCode(0);
 * }</pre>
 */
public class PodStatusAssert extends AbstractAssert<PodStatusAssert, PodStatus> {

    /** Creates the assertion; {@link SidecarAssertions#assertThat(PodStatus)} is the usual way in. */
    public PodStatusAssert(PodStatus actual) {
        super(actual, PodStatusAssert.class);
    }

    /** The pod was in {@code phase}. */
    public PodStatusAssert hasPhase(Phase phase) {
        return check(PodExpectation.phase(phase));
    }

    /** The pod was in phase {@link Phase#RUNNING}. */
    public PodStatusAssert isRunning() {
        return hasPhase(Phase.RUNNING);
    }

    /** The pod was running and every container in it ran and was ready (Kubernetes' {@code Ready} condition). */
    public PodStatusAssert isReady() {
        return check(PodExpectation.ready());
    }

    /** Assertions on the status of the container named {@code name}; fails naming the containers there are. */
    public ContainerStatusAssert container(String name) {
        Objects.requireNonNull(name, "name");
        isNotNull();
        Optional<ContainerStatus> container = actual.findContainer(name);
        if (container.isEmpty()) {
            failWithMessage("%s", FailureText.expecting(FailureText.pod(actual.podName()), "to have a container '"
                    + name + "'", "it has " + actual.containers().stream().map(ContainerStatus::name).toList()));
        }
        return Navigation.carry(this, new ContainerStatusAssert(container.get(), actual.podName()));
    }

    private PodStatusAssert check(PodExpectation expectation) {
        isNotNull();
        if (!expectation.test().test(actual)) {
            failWithMessage("%s", FailureText.expecting(FailureText.pod(actual.podName()), expectation.expected(),
                    expectation.actual().apply(actual)) + FailureText.details(actual, (Pod) null));
        }
        return myself;
    }
}
