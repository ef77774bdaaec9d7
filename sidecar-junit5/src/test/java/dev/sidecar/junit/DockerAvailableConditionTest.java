package dev.sidecar.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

/** {@link DisabledWithoutDocker}'s condition, fed a made-up answer instead of asking an engine. */
class DockerAvailableConditionTest {

    @Test
    void disablesAnnotatedTestsWhenNoEngineAnswers() {
        ConditionEvaluationResult result = new DockerAvailableCondition(() -> false)
                .evaluateExecutionCondition(contextOf(Annotated.class));

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValueSatisfying(r -> assertThat(r).contains("no Docker engine answers"));
    }

    @Test
    void enablesAnnotatedTestsWhenAnEngineAnswers() {
        ConditionEvaluationResult result = new DockerAvailableCondition(() -> true)
                .evaluateExecutionCondition(contextOf(Annotated.class));

        assertThat(result.isDisabled()).isFalse();
    }

    @Test
    void leavesTestsWithoutTheAnnotationAloneWithoutAskingTheEngine() {
        ConditionEvaluationResult result = new DockerAvailableCondition(() -> {
            throw new AssertionError("asked the engine");
        }).evaluateExecutionCondition(contextOf(NotAnnotated.class));

        assertThat(result.isDisabled()).isFalse();
    }

    @Test
    void subclassesInheritTheAnnotation() {
        ConditionEvaluationResult result = new DockerAvailableCondition(() -> false)
                .evaluateExecutionCondition(contextOf(Inheriting.class));

        assertThat(result.isDisabled()).isTrue();
    }

    /** An extension context that knows only its element, which is all the condition may ask. */
    private static ExtensionContext contextOf(AnnotatedElement element) {
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getElement")) {
                        return Optional.of(element);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @DisabledWithoutDocker
    static class Annotated {
    }

    static class Inheriting extends Annotated {
    }

    static class NotAnnotated {
    }
}
