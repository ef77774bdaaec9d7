package dev.sidecar.assertj;

import dev.sidecar.ContainerStatus;
import dev.sidecar.PodStatus;
import dev.sidecar.PodStatus.Phase;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One thing an assertion expects of a pod's status, said once and checked three ways: on a snapshot
 * ({@link PodStatusAssert}), on a running pod ({@link PodAssert}) and awaited ({@link AwaitingPodAssert}).
 *
 * @param expected what is expected, to follow "Expecting pod 'web'" ({@code "to be in phase SUCCEEDED"})
 * @param test whether a status meets it
 * @param actual what a status that does not meet it was instead, to follow "but"
 * @param hopeless whether a status that does not meet it shows that no later one will: an awaiting assertion stops
 *     waiting there
 */
record PodExpectation(String expected, Predicate<PodStatus> test, Function<PodStatus, String> actual,
        Predicate<PodStatus> hopeless) {

    /**
     * The phases a pod leaves only by being closed: once in one of them, it never is (again) in another of
     * {@link #AWAITED}. (A pod whose main containers have ended does not run them again; a broken pod has lost its
     * namespaces.)
     */
    private static final Set<Phase> ENDED = EnumSet.of(Phase.SUCCEEDED, Phase.FAILED, Phase.BROKEN,
            Phase.TERMINATING, Phase.CLOSED);
    private static final Set<Phase> AWAITED = EnumSet.of(Phase.RUNNING, Phase.SUCCEEDED, Phase.FAILED);

    static PodExpectation phase(Phase phase) {
        Objects.requireNonNull(phase, "phase");
        return new PodExpectation("to be in phase " + phase, s -> s.phase() == phase,
                s -> "it was in phase " + phase(s),
                s -> s.phase() == Phase.CLOSED || (AWAITED.contains(phase) && ENDED.contains(s.phase())));
    }

    static PodExpectation ready() {
        return new PodExpectation("to be ready (running, every container running and ready)",
                s -> s.phase() == Phase.RUNNING && s.allReady(),
                s -> s.phase() != Phase.RUNNING ? "it was in phase " + phase(s)
                        : "not every container was: " + s.containers().stream()
                                .filter(c -> !(c.running() && c.ready()))
                                .map(PodExpectation::notReady).collect(Collectors.joining(", ")),
                s -> s.phase() != Phase.RUNNING);
    }

    private static String phase(PodStatus s) {
        return s.phase() + (s.reason() == null ? "" : " (" + s.reason() + ")");
    }

    private static String notReady(ContainerStatus c) {
        return "'" + c.name() + "' was " + (c.running() ? "not ready" : c.state().toString());
    }
}
