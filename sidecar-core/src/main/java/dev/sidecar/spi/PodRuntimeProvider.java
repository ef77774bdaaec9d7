package dev.sidecar.spi;

import dev.sidecar.PodRuntime;
import java.util.Optional;

/**
 * Makes one kind of {@link PodRuntime} from configuration, for code that lets its user choose the runtime (the JUnit
 * extension): registered in {@code META-INF/services/dev.sidecar.spi.PodRuntimeProvider} and found with
 * {@link java.util.ServiceLoader}. Implementations have a public no-argument constructor and hold no state.
 */
public interface PodRuntimeProvider {

    /**
     * The name the key {@value RuntimeSettings#RUNTIME} gives to choose this provider: {@code docker},
     * {@code kubernetes}; lower case.
     */
    String name();

    /**
     * Why this runtime cannot run pods with {@code settings} now (no engine answers, no cluster is configured or
     * reachable), in a sentence that says what to do; empty when it can. May ask the engine or cluster, bounded by a
     * few seconds.
     */
    Optional<String> unavailableReason(RuntimeSettings settings);

    /**
     * A new runtime configured by {@code settings}; the caller closes it.
     *
     * @throws IllegalArgumentException when a setting is invalid, naming its key and value
     */
    PodRuntime create(RuntimeSettings settings);
}
