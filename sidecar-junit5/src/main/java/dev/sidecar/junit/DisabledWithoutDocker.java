package dev.sidecar.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Skips (disables) the annotated test class or method when no Docker engine answers, instead of failing its pods'
 * start; as {@code @Testcontainers(disabledWithoutDocker = true)} does. Opt-in: without it, a missing engine fails
 * the tests, which is what a CI build should see.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DockerAvailableCondition.class)
public @interface DisabledWithoutDocker {
}
