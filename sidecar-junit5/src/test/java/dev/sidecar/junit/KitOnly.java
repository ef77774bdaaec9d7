package dev.sidecar.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a fixture that only {@link Kit} runs. Maven never runs nested classes on their own, but an IDE running a
 * whole package would, and the fixtures that fail on purpose would then look like broken tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(KitOnly.Condition.class)
@interface KitOnly {

    /** The configuration parameter {@link Kit} sets. */
    String PARAMETER = "sidecar.junit.test.kit";

    /** Enables fixtures only when {@link Kit} runs them. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run by the test kit")
                    : ConditionEvaluationResult.disabled("a fixture, run only by the tests through the test kit");
        }
    }
}
