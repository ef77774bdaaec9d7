package dev.sidecar.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects where the host reaches a declared port (Kubernetes' {@code containerPort}) into an
 * {@link dev.sidecar.Endpoint} parameter. The containers of a pod share one network namespace, so the port alone
 * names it; {@link #container()} may say which container declares it, to document or check that. When no container
 * declares the port, the test fails naming the declared ports.
 *
 * <pre>{@code
 * @Test
 * void servesIndex(@ContainerPort(8080) Endpoint app) {
 *     URI index = app.http("/index.html");
 * }
 * }</pre>
 */
@Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ContainerPort {

    /** The port the container declares. */
    int value();

    /** The container that declares it; empty (the default) for whichever does. */
    String container() default "";
}
