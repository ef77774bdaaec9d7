package dev.sidecar.assertj;

import java.util.function.Supplier;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;

/** Moving from one assertion to the next (pod to container, container to its logs) keeps the user's description. */
final class Navigation {

    private Navigation() {
    }

    /** {@code next}, with {@code from}'s description if it has one. */
    static <A extends AbstractAssert<A, ?>> A carry(AbstractAssert<?, ?> from, A next) {
        return from.info.hasDescription() ? next.describedAs(from.info.description()) : next;
    }

    /**
     * AssertJ's string assertion on {@code value}, described by {@code what} (after {@code from}'s description): the
     * description is only built when an assertion fails, so it may read the container's status then.
     */
    static AbstractStringAssert<?> text(AbstractAssert<?, ?> from, String value, Supplier<String> what) {
        return Assertions.assertThat(value)
                .as(() -> from.info.hasDescription() ? from.info.descriptionText() + ": " + what.get() : what.get());
    }
}
