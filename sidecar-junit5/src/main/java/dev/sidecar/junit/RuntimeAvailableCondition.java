package dev.sidecar.junit;

import dev.sidecar.spi.PodRuntimeProvider;
import dev.sidecar.spi.RuntimeSettings;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.platform.commons.support.AnnotationSupport;

/** The condition behind {@link DisabledWithoutRuntime}. */
final class RuntimeAvailableCondition implements ExecutionCondition {

    /** The answer of one runtime, kept in the root store so that the run asks once. */
    private record Answer(Optional<String> unavailableReason) {
    }

    /** The store key of a runtime's answer. */
    private record Key(String runtime) {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!AnnotationSupport.isAnnotated(context.getElement(), DisabledWithoutRuntime.class)) {
            return ConditionEvaluationResult.enabled("not annotated with @DisabledWithoutRuntime");
        }
        PodRuntimeProvider provider = RuntimeChoice.provider(context);
        Optional<String> reason = answer(context, provider).unavailableReason();
        String runtime = "the " + provider.name() + " runtime (" + RuntimeSettings.RUNTIME + "=" + provider.name()
                + ")";
        return reason.map(r -> ConditionEvaluationResult.disabled("@DisabledWithoutRuntime: " + runtime
                + " cannot run pods: " + r))
                .orElseGet(() -> ConditionEvaluationResult.enabled(runtime + " can run pods"));
    }

    private static Answer answer(ExtensionContext context, PodRuntimeProvider provider) {
        ExtensionContext root = context.getRoot();
        Store store = root.getStore(PodScope.NAMESPACE);
        // The store's atomic computeIfAbsent is JUnit 6-only: check and put under the root's monitor, as RunResources.
        synchronized (root) {
            Answer answer = store.get(new Key(provider.name()), Answer.class);
            if (answer == null) {
                answer = new Answer(provider.unavailableReason(RuntimeChoice.settings(context)));
                store.put(new Key(provider.name()), answer);
            }
            return answer;
        }
    }
}
