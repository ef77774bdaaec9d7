package dev.sidecar.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Skips (disables) the annotated test class or method when the runtime the run is configured for cannot run pods,
 * with that runtime's reason: with {@code sidecar.runtime=docker} (the default) when no Docker engine answers, with
 * {@code sidecar.runtime=kubernetes} when no cluster is configured (no kubeconfig, not inside a pod) or its API server
 * does not answer. The counterpart of {@link DisabledWithoutDocker} for a test class meant to run unchanged on either
 * runtime; keep {@link DisabledWithoutDocker} for classes that only Docker can run (a class network).
 *
 * <p>Opt-in, as {@link DisabledWithoutDocker} is: without it, a missing engine or cluster fails the tests. A runtime
 * that is not configured right (an unknown name, its module missing from the class path) fails the annotated tests
 * too, never skips them. The answer is asked once per run and runtime.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RuntimeAvailableCondition.class)
public @interface DisabledWithoutRuntime {
}
