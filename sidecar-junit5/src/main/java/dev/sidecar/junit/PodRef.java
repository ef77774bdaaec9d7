package dev.sidecar.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Chooses which pod a parameter comes from when a test sees several: the name of its {@link SidecarPod} field or
 * the pod's name ({@link dev.sidecar.PodSpec#name()}). Goes on a {@link dev.sidecar.Pod} parameter, and on a
 * {@link dev.sidecar.PodContainer} or {@link dev.sidecar.Endpoint} parameter whose container name or port alone
 * does not tell the pods apart.
 *
 * <pre>{@code
 * @Test
 * void appTalksToDb(@PodRef("web") Pod web, @PodRef("db") @ContainerPort(5432) Endpoint db) { ... }
 * }</pre>
 */
@Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PodRef {

    /** The field's name or the pod's name. */
    String value();
}
