package dev.sidecar.junit;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The programmatic form of {@link SidecarPod}, for a pod whose spec is built from values known only at run time:
 * register it with {@code @RegisterExtension}. In a {@code static} field it runs one pod for the class, in an
 * instance field a fresh pod per test method; {@link #pod()} returns the running pod, and parameters are injected
 * as for {@link SidecarPod} fields.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SidecarPodExtension WEB = SidecarPodExtension.forPod(() -> PodSpec.builder("web")
 *         .main(ContainerSpec.builder("app", System.getProperty("app.image")).port(8080).build())
 *         .build());
 *
 * @Test
 * void answers() {
 *     URI uri = WEB.pod().endpoint("app", 8080).http("/");
 * }
 * }</pre>
 *
 * <p>Immutable configuration; the pods themselves live in JUnit's extension context store, which closes them.
 */
public final class SidecarPodExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback, ParameterResolver {

    private final Supplier<PodSpec> spec;
    private final PodSettings settings;
    /** A view of the pods this extension runs now, by context; filled and emptied as the store starts and closes. */
    private final Map<String, Pod> running = new ConcurrentHashMap<>();

    private SidecarPodExtension(Supplier<PodSpec> spec, PodSettings settings) {
        this.spec = spec;
        this.settings = settings;
    }

    /** An extension that runs a pod of {@code spec}. */
    public static SidecarPodExtension forPod(PodSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return new SidecarPodExtension(() -> spec, PodSettings.DEFAULTS);
    }

    /** An extension that runs a pod of the spec {@code spec} returns when the pod is about to start. */
    public static SidecarPodExtension forPod(Supplier<PodSpec> spec) {
        return new SidecarPodExtension(Objects.requireNonNull(spec, "spec"), PodSettings.DEFAULTS);
    }

    /**
     * A copy that reports {@code lines} log lines per container when a test fails (0: status only), instead of the
     * configuration parameter {@value SidecarPod#FAILURE_LOG_LINES_PARAMETER} or
     * {@value SidecarPod#DEFAULT_FAILURE_LOG_LINES}.
     */
    public SidecarPodExtension failureLogLines(int lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("failureLogLines must be 0 or more, was " + lines);
        }
        return new SidecarPodExtension(spec, new PodSettings(lines, settings.abortOnStartFailure(),
                settings.startAhead(), settings.shared()));
    }

    /** A copy that aborts (skips) the tests that need the pod when it fails to start, instead of failing them. */
    public SidecarPodExtension abortOnStartFailure() {
        return new SidecarPodExtension(spec, new PodSettings(settings.failureLogLines(), true, settings.startAhead(),
                settings.shared()));
    }

    /**
     * The running pod: from {@code @BeforeAll} to {@code @AfterAll} for a static field, from {@code @BeforeEach} to
     * {@code @AfterEach} for an instance field.
     *
     * @throws IllegalStateException when no pod runs, or when several do at once (a static extension of a base
     *     class serving test classes that run in parallel): then receive the {@link Pod} as a parameter instead
     */
    public Pod pod() {
        var pods = running.values().stream().toList();
        if (pods.size() == 1) {
            return pods.get(0);
        }
        if (pods.isEmpty()) {
            throw new IllegalStateException("no pod of this SidecarPodExtension is running: pod() works from "
                    + "@BeforeAll to @AfterAll when the extension is in a static field, and from @BeforeEach to "
                    + "@AfterEach when it is in an instance field");
        }
        throw new IllegalStateException(pods.size() + " pods of this SidecarPodExtension run at once "
                + pods.stream().map(p -> p.name() + " [" + p.instanceId() + "]").toList()
                + ", for test classes running in parallel: receive the Pod as a test method parameter instead");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        FailureReport.publishIfFailed(context, this);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        FailureReport.publishIfFailed(context, this);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return PodParameters.isPodParameter(parameter)
                && PodParameters.resolve(parameter, context, null).owner() == this;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return PodParameters.resolve(parameter, context, null).value().get();
    }

    /** Starts the pod unless this context or an enclosing one (the class, for a static field) already runs it. */
    private void start(ExtensionContext context) {
        PodScope.startIfAbsent(context, new ExtensionKey(this), () -> {
            PodSpec podSpec = spec.get();
            if (podSpec == null) {
                throw new ExtensionConfigurationException("the spec supplier of a SidecarPodExtension returned null");
            }
            String id = context.getUniqueId();
            RunningPod pod = PodLauncher.start(context, podSpec.name(), podSpec, settings, this,
                    () -> running.remove(id));
            running.put(id, pod.pod());
            return pod;
        });
    }

    @Override
    public String toString() {
        return "SidecarPodExtension" + running.values().stream().map(p -> p.name() + " [" + p.instanceId() + "]")
                .toList();
    }

    /** The store key of this extension's pod: the extension itself, by identity. */
    private record ExtensionKey(SidecarPodExtension extension) {
    }
}
