package dev.sidecar.junit;

import dev.sidecar.Pod;
import dev.sidecar.PodRuntime;
import dev.sidecar.PodSpec;
import dev.sidecar.spi.PodRuntimeProvider;
import dev.sidecar.spi.RuntimeSettings;
import java.util.Optional;

/**
 * A runtime named {@value #NAME} for the extension's unit tests of runtime choice: it is unavailable when
 * {@value #UNAVAILABLE} gives a reason, and refuses every start, so that a test sees which runtime the extension
 * chose without an engine.
 */
public final class FakeRuntimeProvider implements PodRuntimeProvider {

    static final String NAME = "fake";
    /** The setting whose value, when given, is the reason this runtime is unavailable. */
    static final String UNAVAILABLE = "sidecar.test.fake.unavailable";
    /** The message of every start. */
    static final String REFUSED = "the fake runtime starts no pods";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> unavailableReason(RuntimeSettings settings) {
        return settings.value(UNAVAILABLE);
    }

    @Override
    public PodRuntime create(RuntimeSettings settings) {
        return new PodRuntime() {
            @Override
            public Pod start(PodSpec spec) {
                throw new UnsupportedOperationException(REFUSED + " (" + spec.name() + ")");
            }

            @Override
            public void close() {
            }
        };
    }
}
