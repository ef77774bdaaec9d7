package dev.sidecar.junit;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.docker.PodNetwork;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The extension behind {@link SidecarPod} fields: starts the pods of static fields for their class and those of
 * instance fields for each test (or for the class under {@code PER_CLASS}), reports them when a test fails and
 * injects them. JUnit registers one instance per class hierarchy however many fields carry the annotation.
 */
final class SidecarPodFieldExtension implements TestInstancePreConstructCallback, BeforeAllCallback,
        BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

    /**
     * Under {@code PER_CLASS} the test instance is made before {@link #beforeAll}, so the static pods start here,
     * where its constructor can receive them.
     */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factory, ExtensionContext context) {
        if (context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) == Lifecycle.PER_CLASS
                && context.getTestMethod().isEmpty() && context.getTestClass().orElse(null) == factory.getTestClass()) {
            startStaticPods(context, factory.getTestClass());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        podFields(testClass, true).forEach(SidecarPodFieldExtension::checkType);
        podFields(testClass, false).forEach(SidecarPodFieldExtension::checkType);
        startStaticPods(context, testClass);
        if (context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) == Lifecycle.PER_CLASS) {
            startInstancePods(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startInstancePods(context);
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
                && PodParameters.resolve(parameter, context, this).owner() == this;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return PodParameters.resolve(parameter, context, this).value().get();
    }

    private void startStaticPods(ExtensionContext context, Class<?> testClass) {
        for (Field field : podFields(testClass, true)) {
            start(context, field, null, -1);
        }
    }

    /** Starts the pods of the instance fields of the test instance and of its enclosing instances. */
    private void startInstancePods(ExtensionContext context) {
        List<Object> instances = context.getRequiredTestInstances().getAllInstances();
        for (int depth = 0; depth < instances.size(); depth++) {
            Object instance = instances.get(depth);
            for (Field field : podFields(instance.getClass(), false)) {
                start(context, field, instance, depth);
            }
        }
    }

    private void start(ExtensionContext context, Field field, Object instance, int depth) {
        FieldKey key = new FieldKey(field, depth);
        PodScope.startIfAbsent(context, key, () -> {
            PodSettings settings = PodSettings.of(AnnotationSupport.findAnnotation(field, SidecarPod.class)
                    .orElseThrow());
            PodSpec spec = spec(field, instance);
            // More than one pod field in the class: its pods meet on one network (none is made for a single pod).
            ClassNetwork network = ClassNetwork.of(context).orElse(null);
            if (settings.shared()) {
                RunningPod shared = PodLauncher.shared(context, field.getName(), spec, settings, this);
                if (network != null) {
                    network.connectShared(field, shared.pod());
                }
                return shared;
            }
            if (network != null) {
                return startOn(network, context, field, spec, settings);
            }
            // A fresh pod per test: the next test's may start while this one runs (issue: suite speed).
            RunResources run = RunResources.of(context);
            boolean ahead = instance != null && context.getTestMethod().isPresent() && settings.startAhead()
                    && run.startAhead() && context.getParent().isPresent();
            Spares spares = ahead ? Spares.of(context.getParent().get(), run) : null;
            CompletableFuture<Pod> claimed = ahead ? spares.claim(key, spec) : null;
            if (claimed != null) {
                // Two starts under way at once: the next test's pod gains this one's wait as well as this test's run.
                spares.startAhead(key, spec);
            }
            Pod spare = claimed == null ? null : Spares.await(claimed, key);
            RunningPod pod = spare != null
                    ? PodLauncher.adopt(context, field.getName(), spare, settings, this, () -> { })
                    : PodLauncher.start(context, field.getName(), spec, settings, this, () -> { });
            if (ahead && claimed == null) {
                // The class's first test (or one after a change of spec): ahead only once its own pod started.
                spares.startAhead(key, spec);
            }
            return pod;
        });
    }

    /**
     * Starts a pod on its class's network. None starts ahead: the next test's pod of the field would answer the same
     * alias while this test runs. A pod of one test leaves the network when the test ends, before it closes.
     */
    private RunningPod startOn(ClassNetwork network, ExtensionContext context, Field field, PodSpec spec,
            PodSettings settings) {
        PodNetwork joining = network.joining(field, spec);
        RunningPod pod = PodLauncher.start(context, field.getName(), spec, List.of(joining), settings, this, () -> { });
        network.joined(field, pod.pod(), joining);
        return context.getTestMethod().isPresent() ? pod.closingAfter(network::leave) : pod;
    }

    /**
     * The pod fields of the class and its base classes, static or not, in the order pods start: base class first,
     * then each class's fields in declaration order (as the JVM reports them, which is the source's order on
     * OpenJDK). JUnit's own field order is a hash order, which would make the start order arbitrary.
     */
    private static List<Field> podFields(Class<?> testClass, boolean statics) {
        List<Field> fields = new ArrayList<>(ReflectionSupport.findFields(testClass,
                f -> ModifierSupport.isStatic(f) == statics && AnnotationSupport.isAnnotated(f, SidecarPod.class),
                HierarchyTraversalMode.TOP_DOWN));
        fields.sort(Comparator.comparingInt((Field f) -> depth(f.getDeclaringClass()))
                .thenComparingInt(SidecarPodFieldExtension::declarationIndex));
        return fields;
    }

    /** How many classes are above {@code type}: a base class's fields come first. */
    private static int depth(Class<?> type) {
        int depth = 0;
        for (Class<?> c = type.getSuperclass(); c != null; c = c.getSuperclass()) {
            depth++;
        }
        return depth;
    }

    private static int declarationIndex(Field field) {
        return Arrays.asList(field.getDeclaringClass().getDeclaredFields()).indexOf(field);
    }

    private static void checkType(Field field) {
        if (field.getType() != PodSpec.class) {
            throw new ExtensionConfigurationException("@SidecarPod field " + name(field) + " is of type "
                    + field.getType().getName() + ": it must be a PodSpec, for example @SidecarPod static final "
                    + "PodSpec " + field.getName() + " = PodSpec.builder(\"web\")...build()");
        }
    }

    private static PodSpec spec(Field field, Object instance) {
        checkType(field);
        Object value = ReflectionSupport.tryToReadFieldValue(field, instance).getOrThrow(e ->
                new ExtensionConfigurationException("cannot read @SidecarPod field " + name(field) + ": " + e, e));
        if (value == null) {
            throw new ExtensionConfigurationException("@SidecarPod field " + name(field) + " is null: assign it "
                    + "the PodSpec of the pod to start");
        }
        return (PodSpec) value;
    }

    private static String name(Field field) {
        return field.getDeclaringClass().getSimpleName() + "." + field.getName();
    }

    /**
     * The store key of a field's pod. {@code depth} is the position of the field's instance among the test's
     * instances (outermost first), or -1 for a static field: the same field of two enclosing instances gives two pods.
     */
    private record FieldKey(Field field, int depth) {
    }
}
