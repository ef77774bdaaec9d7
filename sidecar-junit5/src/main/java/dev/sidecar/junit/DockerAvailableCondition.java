package dev.sidecar.junit;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import dev.sidecar.docker.DockerPodRuntime;

/** The condition behind {@link DisabledWithoutDocker}. */
final class DockerAvailableCondition implements ExecutionCondition {

    /** Asks the engine the way the runtime finds it; the answer is remembered, so this costs one look per run. */
    private static final BooleanSupplier ENGINE = DockerPodRuntime::isDockerAvailable;

    private final BooleanSupplier dockerAnswers;

    DockerAvailableCondition() {
        this(ENGINE);
    }

    /** A condition with its own way to tell whether an engine answers, for tests. */
    DockerAvailableCondition(BooleanSupplier dockerAnswers) {
        this.dockerAnswers = dockerAnswers;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!AnnotationSupport.isAnnotated(context.getElement(), DisabledWithoutDocker.class)) {
            return ConditionEvaluationResult.enabled("not annotated with @DisabledWithoutDocker");
        }
        if (dockerAnswers.getAsBoolean()) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        return ConditionEvaluationResult.disabled("@DisabledWithoutDocker: no Docker engine answers (start one so "
                + "that 'docker info' works, or point DOCKER_HOST at one, to run these tests)");
    }
}
