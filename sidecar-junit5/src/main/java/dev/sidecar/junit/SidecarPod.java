package dev.sidecar.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a pod around the tests of a class: put it on a field holding a {@link dev.sidecar.PodSpec}. A {@code static}
 * field gives one pod for the class (started before all its tests, closed after them, visible to its {@code @Nested}
 * classes); an instance field gives a fresh pod for every test method (for the class under
 * {@code @TestInstance(PER_CLASS)}). The pod is the running counterpart of the spec, as a Kubernetes pod is of its
 * manifest; receive it, one of its containers or an endpoint as a parameter of a constructor, lifecycle or test
 * method ({@link PodRef}, {@link ContainerRef}, {@link ContainerPort}).
 *
 * <pre>{@code
 * class WebIT {
 *     @SidecarPod
 *     static final PodSpec WEB = PodSpec.builder("web")
 *             .main(ContainerSpec.builder("app", "busybox").command("httpd", "-f", "-p", "8080")
 *                     .port(8080).readyWhen(Probe.tcp(8080)).build())
 *             .build();
 *
 *     @Test
 *     void answers(@ContainerPort(8080) Endpoint app) { ... }
 * }
 * }</pre>
 *
 * <p>Several fields, fields of base classes and fields of enclosing classes all start their own pods, in declaration
 * order: static fields (when the class starts) before instance fields (when each test starts), base class before
 * subclass, each class's fields in source order, so a pod may use one declared before it as it starts. Pods close
 * when JUnit closes the context they belong to, even when a test or another extension failed (they are
 * {@code AutoCloseable} values of its store, so leave {@code junit.jupiter.extensions.store.close.autocloseable.enabled}
 * at its default, {@code true}); each pod is independent of the others, so classes and methods may run in parallel.
 *
 * <p>When a class (with its base and {@code @Nested} classes) declares more than one field, its pods meet on one
 * Docker network made for the class and removed after it, each known there by its pod name and {@link #aliases()}:
 * {@code http://orders:8080} from one pod reaches the pod named {@code orders}. A pod of an instance field leaves the
 * network when its test ends, so no pod of it starts ahead (two would answer one name); a {@link #shared()} pod is
 * connected to the network for the class and disconnected after it. A class with one field gets no network.
 * A pod that fails to start fails the tests that need it with the runtime's own exception (a
 * {@link dev.sidecar.PodStartException} naming the container to blame, with its last log lines), and leaves nothing
 * behind.
 *
 * <p>Pods start on the runtime the run is configured for, not one the test names: the configuration parameter (or
 * system property, or environment variable {@code SIDECAR_RUNTIME}) {@value #RUNTIME_PARAMETER} is {@code docker}
 * (the default) or {@code kubernetes} (with {@code dev.sidecar:sidecar-kubernetes} on the test class path, and
 * {@code sidecar.kubernetes.namespace} and {@code sidecar.kubernetes.context} to choose where), so one test class runs
 * on either; {@link DisabledWithoutRuntime} skips it where the chosen runtime cannot run pods. A class network (more
 * than one field) is Docker's alone: on another runtime such a class fails, saying so.
 *
 * <p>When a test fails, the status and last {@link #failureLogLines()} log lines of each container are published as
 * report entries, logged at WARN and attached to the failure (shown as a suppressed exception); secret environment
 * values are masked.
 */
@Target({ElementType.FIELD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(SidecarPodFieldExtension.class)
public @interface SidecarPod {

    /** How many log lines per container a failed test reports unless configured otherwise. */
    int DEFAULT_FAILURE_LOG_LINES = 50;

    /**
     * The JUnit configuration parameter that sets the number of log lines per container a failed test reports
     * (default {@value #DEFAULT_FAILURE_LOG_LINES}), for example in {@code junit-platform.properties}.
     */
    String FAILURE_LOG_LINES_PARAMETER = "sidecar.junit.failure-log-lines";

    /**
     * The JUnit configuration parameter (or system property) that names the runtime every pod of the run starts on:
     * {@code docker} (the default) or {@code kubernetes}; see {@link dev.sidecar.spi.RuntimeSettings}.
     */
    String RUNTIME_PARAMETER = dev.sidecar.spi.RuntimeSettings.RUNTIME;

    /**
     * The JUnit configuration parameter that sets how long a pod may take to start, from its first object to every
     * container ready (an ISO-8601 duration such as {@code PT5M}, or a number of seconds; default the runtime's,
     * {@code DockerPodRuntime.DEFAULT_STARTUP_TIMEOUT} or {@code KubernetesPodRuntime.DEFAULT_STARTUP_TIMEOUT}, both
     * 2 minutes), for every pod of the run.
     */
    String STARTUP_TIMEOUT_PARAMETER = "sidecar.junit.startup-timeout";

    /**
     * The JUnit configuration parameter that says whether pods are closed in the background while the next test
     * proceeds ({@code true}, the default; the run still waits for every close before it ends) or before it.
     */
    String CLOSE_IN_BACKGROUND_PARAMETER = "sidecar.junit.close-in-background";

    /**
     * The JUnit configuration parameter that allows ({@code true}, the default) or forbids starting pods of instance
     * fields ahead for the next test (see {@link #startAhead()}).
     */
    String START_AHEAD_PARAMETER = "sidecar.junit.start-ahead";

    /**
     * How many of each container's last log lines a failed test reports; 0 reports the status only. Negative (the
     * default) means: the configuration parameter {@value #FAILURE_LOG_LINES_PARAMETER}, else
     * {@value #DEFAULT_FAILURE_LOG_LINES}.
     */
    int failureLogLines() default -1;

    /**
     * Whether a pod that fails to start aborts (skips) the tests that need it instead of failing them. Off by
     * default: a pod that does not start is usually a broken image or spec, which should fail the build.
     */
    boolean abortOnStartFailure() default false;

    /**
     * Whether, for a pod of an instance field (a fresh pod per test), the next test's pod may start in the background
     * while the current test runs, and the next test take it instead of starting its own (when its spec is equal).
     * A pod started ahead that no test takes is closed with the class. On unless turned off here or by the
     * configuration parameter {@value #START_AHEAD_PARAMETER}, and off for pods on a class network (the class has
     * several pod fields), where the pod started ahead would answer the current test's pod's name.
     */
    boolean startAhead() default true;

    /**
     * Whether one pod of this spec serves every test class of the run that asks for an equal spec (the "singleton
     * container" pattern): started by the first, closed when the run ends. Tests share it, possibly at once: they may
     * read it, call it and exec in it, but must not change what others rely on (stop or signal its containers, write
     * files others read) unless they restore it. Off by default.
     */
    boolean shared() default false;

    /**
     * More names the pod has on its class's network, besides its pod name (DNS-1123 labels). A class that declares more
     * than one {@code @SidecarPod} field (its base classes and {@code @Nested} classes included) puts every pod of it
     * on one network, where the pods reach each other by these names: a pod named {@code orders} with
     * {@code aliases = "api"} answers at {@code orders:8080} and {@code api:8080}.
     */
    String[] aliases() default {};
}
