package dev.sidecar.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the running container of that name (Kubernetes' container {@code name}, a sidecar or main) into a
 * {@link dev.sidecar.PodContainer} parameter. When the name is unknown, the test fails naming the pod's containers.
 *
 * <pre>{@code
 * @Test
 * void proxyReloadsOnHup(@ContainerRef("proxy") PodContainer proxy) {
 *     proxy.signal("SIGHUP");
 * }
 * }</pre>
 */
@Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ContainerRef {

    /** The container's name in its pod. */
    String value();
}
