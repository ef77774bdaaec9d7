package dev.sidecar.junit;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.docker.DockerPodRuntime;
import dev.sidecar.docker.PodNetwork;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Network;

/**
 * The network the pods of a test class meet on, when the class (with its base classes and {@code @Nested} classes)
 * declares more than one {@link SidecarPod} field: made by the run's runtime (labelled, swept if the JVM dies) before
 * the class's first pod starts, kept in the class's store, removed when the class ends. Every pod of the class joins
 * it known by its pod name and its field's {@link SidecarPod#aliases()}, as pods behind Kubernetes Services are. A
 * class with one pod field gets no network: its pod starts as it would alone.
 *
 * <p>A pod of an instance field (a fresh pod per test) leaves the network when its test ends, before it closes in the
 * background, so that the next test's pod of that field can take its alias. A shared pod
 * ({@code @SidecarPod(shared = true)}) is connected to the network for the class and disconnected when the class ends
 * (it serves other classes meanwhile, on their networks). The class's own pods keep the network while they close;
 * it is removed after them.
 */
final class ClassNetwork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClassNetwork.class);

    /** The class network's key in the top-level class's store. */
    private record Key(String uniqueId) {
    }

    /** Marks the top-level class's store once it was decided whether it needs a network. */
    private record Decided(String uniqueId) {
    }

    /** A pod on the network: its aliases, what it is (for messages), and how it leaves. */
    private record Member(Pod pod, List<String> aliases, String what, boolean shared) {
    }

    private final RunResources run;
    private final DockerPodRuntime runtime;
    private final Network network;
    private final String className;
    private final List<Member> members = new ArrayList<>();

    private ClassNetwork(RunResources run, DockerPodRuntime runtime, Network network, String className) {
        this.run = run;
        this.runtime = runtime;
        this.network = network;
        this.className = className;
    }

    /**
     * The network of the class {@code context} belongs to, made on first asking when the top-level class needs one;
     * empty when it does not.
     */
    static Optional<ClassNetwork> of(ExtensionContext context) {
        ExtensionContext top = topLevelClass(context);
        Store store = top.getStore(PodScope.NAMESPACE);
        // Nested classes may start in parallel: one decision per top-level class.
        synchronized (top) {
            if (store.get(new Decided(top.getUniqueId())) == null) {
                store.put(new Decided(top.getUniqueId()), Boolean.TRUE);
                Class<?> testClass = top.getRequiredTestClass();
                if (podFieldsOf(testClass) > 1) {
                    RunResources run = RunResources.of(top);
                    DockerPodRuntime runtime = run.docker(testClass.getName() + " declares more than one @SidecarPod "
                            + "field (with its base and @Nested classes), so its pods meet on a class network: that");
                    Network network = runtime.newNetwork(networkName(testClass));
                    store.put(new Key(top.getUniqueId()), new ClassNetwork(run, runtime, network,
                            testClass.getName()));
                }
            }
            return Optional.ofNullable(store.get(new Key(top.getUniqueId()), ClassNetwork.class));
        }
    }

    /**
     * What a pod of {@code field} joins: this network, known by the pod's name and the field's aliases.
     *
     * @throws ExtensionConfigurationException when an alias is not a DNS-1123 label, or another pod of the class holds
     *     it now
     */
    PodNetwork joining(Field field, PodSpec spec) {
        PodNetwork joining = withAliases(field, spec);
        synchronized (members) {
            for (Member m : members) {
                List<String> taken = joining.aliases().stream().filter(m.aliases()::contains).toList();
                if (!taken.isEmpty()) {
                    throw new ExtensionConfigurationException("@SidecarPod field " + describe(field)
                            + ": the alias(es) " + taken + " on the network of " + className + " belong to "
                            + m.what() + ", which runs now: give the pods different names or aliases (or, for tests "
                            + "run in parallel, do not run the tests of this class at once)");
                }
            }
        }
        return joining;
    }

    /** Records that {@code pod} of {@code field} joined the network as {@code joined}. */
    void joined(Field field, Pod pod, PodNetwork joined) {
        synchronized (members) {
            members.add(new Member(pod, joined.aliases(), "pod '" + pod.name() + "' of field " + describe(field),
                    false));
        }
    }

    /** Connects the shared pod of {@code field} to the network for the class, unless it is already. */
    void connectShared(Field field, Pod pod) {
        synchronized (members) {
            if (members.stream().anyMatch(m -> m.pod() == pod)) {
                return;
            }
            PodNetwork joining = joining(field, pod.spec());
            runtime.connect(pod, joining);
            members.add(new Member(pod, joining.aliases(), "shared pod '" + pod.name() + "' of field "
                    + describe(field), true));
        }
    }

    /** Takes {@code pod} off the network (its test ended), so that its aliases are free for the next test's. */
    void leave(Pod pod) {
        synchronized (members) {
            members.removeIf(m -> m.pod() == pod);
        }
        disconnect(pod);
    }

    /**
     * Takes {@code pod} off the network. A failure is logged, not thrown: a pod that has gone (its container crashed,
     * the engine removed it) has left already, and the network's removal reports what is still attached.
     */
    private void disconnect(Pod pod) {
        try {
            runtime.disconnect(pod, PodNetwork.of(network));
        } catch (RuntimeException e) {
            LOG.warn("taking {} off the network of {} failed: {}", pod, className, e.getMessage());
        }
    }

    /**
     * Disconnects the shared pods, then, once the class's own pods have closed (in the background, unless configured
     * otherwise), removes the network.
     */
    @Override
    public void close() {
        List<Member> left;
        synchronized (members) {
            left = List.copyOf(members);
            members.clear();
        }
        List<Pod> owned = new ArrayList<>();
        for (Member m : left) {
            if (m.shared()) {
                disconnect(m.pod());
            } else {
                owned.add(m.pod());
            }
        }
        run.whenClosed(owned, network::close);
    }

    /** This network, with the pod of {@code field} known there by its name and the field's aliases. */
    private PodNetwork withAliases(Field field, PodSpec spec) {
        SidecarPod annotation = AnnotationSupport.findAnnotation(field, SidecarPod.class).orElseThrow();
        List<String> aliases = new ArrayList<>(List.of(spec.name()));
        Arrays.stream(annotation.aliases()).filter(a -> !aliases.contains(a)).forEach(aliases::add);
        try {
            return PodNetwork.of(network, aliases.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@SidecarPod field " + describe(field) + ": " + e.getMessage(),
                    e);
        }
    }

    /** The number of pod fields of the class, its base classes and its {@code @Nested} classes, static or not. */
    static int podFieldsOf(Class<?> testClass) {
        int fields = ReflectionSupport.findFields(testClass, f -> AnnotationSupport.isAnnotated(f, SidecarPod.class),
                HierarchyTraversalMode.TOP_DOWN).size();
        for (Class<?> nested : ReflectionSupport.findNestedClasses(testClass,
                c -> AnnotationSupport.isAnnotated(c, Nested.class))) {
            fields += podFieldsOf(nested);
        }
        return fields;
    }

    private static ExtensionContext topLevelClass(ExtensionContext context) {
        ExtensionContext top = context;
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getTestClass().isPresent() && c.get().getTestMethod().isEmpty()) {
                top = c.get();
            }
        }
        return top;
    }

    /** A DNS-1123 label naming the class, for the network's Docker name. */
    private static String networkName(Class<?> testClass) {
        String name = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        name = name.length() > 30 ? name.substring(0, 30).replaceAll("-+$", "") : name;
        return name.isEmpty() ? "sidecar-class" : "sidecar-" + name;
    }

    private static String describe(Field field) {
        return field.getDeclaringClass().getSimpleName() + "." + field.getName();
    }

    @Override
    public String toString() {
        return "ClassNetwork{" + network + " of " + className + "}";
    }
}
