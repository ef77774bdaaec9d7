package dev.sidecar.junit;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Endpoint;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Resolves {@link Pod}, {@link PodContainer} and {@link Endpoint} parameters against the pods visible to a test.
 *
 * <p>Several extensions may serve one test (the {@link SidecarPod} fields' and any number of
 * {@link SidecarPodExtension}s), and JUnit rejects a parameter that two resolvers claim. So each computes the same
 * {@link Resolution} and only its owner claims the parameter: the extension that started the chosen pod, or, for an
 * error, the one that started the first visible pod (so that the user sees our message, not JUnit's "no resolver").
 */
final class PodParameters {

    private PodParameters() {
    }

    /**
     * The answer for one parameter.
     *
     * @param owner the extension that answers it, or {@code null} for none
     * @param value produces the value, or throws the error
     */
    record Resolution(Object owner, Supplier<Object> value) {
    }

    /** Whether the parameter is of a type this library injects. */
    static boolean isPodParameter(ParameterContext parameter) {
        Class<?> type = parameter.getParameter().getType();
        return type == Pod.class || type == PodContainer.class || type == Endpoint.class;
    }

    /**
     * Resolves {@code parameter} in {@code context}.
     *
     * @param ownerWithoutPods who answers (with an error) when no pod is visible at all, or {@code null}
     */
    static Resolution resolve(ParameterContext parameter, ExtensionContext context, Object ownerWithoutPods) {
        List<RunningPod> visible = PodScope.visible(context);
        Object errorOwner = visible.isEmpty() ? ownerWithoutPods : visible.get(0).owner();
        String where = where(parameter);
        if (visible.isEmpty()) {
            return error(errorOwner, where + ": no pod is running here. Pods of static @SidecarPod fields reach "
                    + "constructors, @BeforeAll, test and @AfterAll methods; pods of instance fields start before "
                    + "each test and reach @BeforeEach, test and @AfterEach methods");
        }
        Optional<PodRef> podRef = parameter.findAnnotation(PodRef.class);
        List<RunningPod> candidates = podRef.map(ref -> visible.stream().filter(p -> p.answersTo(ref.value()))
                .toList()).orElse(visible);
        if (candidates.isEmpty()) {
            return error(errorOwner, where + ": no pod answers to @PodRef(\"" + podRef.get().value()
                    + "\") (a @SidecarPod field's name or a pod's name); running here: " + names(visible));
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == Pod.class) {
            return pod(candidates, where, errorOwner);
        }
        if (type == PodContainer.class) {
            return container(parameter, candidates, where, errorOwner);
        }
        return endpoint(parameter, candidates, where, errorOwner);
    }

    private static Resolution pod(List<RunningPod> candidates, String where, Object errorOwner) {
        if (candidates.size() > 1) {
            return error(errorOwner, where + ": several pods run here, " + names(candidates)
                    + "; choose one with @PodRef(\"<field or pod name>\")");
        }
        RunningPod chosen = candidates.get(0);
        return new Resolution(chosen.owner(), chosen::pod);
    }

    private static Resolution container(ParameterContext parameter, List<RunningPod> candidates, String where,
            Object errorOwner) {
        Optional<ContainerRef> ref = parameter.findAnnotation(ContainerRef.class);
        if (ref.isEmpty()) {
            return error(errorOwner, where + ": say which container with @ContainerRef(\"<name>\"); "
                    + containersOf(candidates));
        }
        String name = ref.get().value();
        List<RunningPod> matches = candidates.stream()
                .filter(p -> p.pod().spec().containers().stream().anyMatch(c -> c.name().equals(name)))
                .toList();
        if (matches.size() == 1) {
            RunningPod chosen = matches.get(0);
            return new Resolution(chosen.owner(), () -> chosen.pod().container(name));
        }
        if (matches.size() > 1) {
            return error(errorOwner, where + ": container '" + name + "' is in several pods, " + names(matches)
                    + "; choose one with @PodRef(\"<field or pod name>\")");
        }
        boolean init = candidates.stream().anyMatch(p -> p.pod().spec().initContainers().stream()
                .anyMatch(c -> c.name().equals(name)));
        return error(errorOwner, where + ": no running container is named '" + name + "'"
                + (init ? " ('" + name + "' is an init container, which ran to completion before the pod started)"
                        : "") + "; " + containersOf(candidates));
    }

    private static Resolution endpoint(ParameterContext parameter, List<RunningPod> candidates, String where,
            Object errorOwner) {
        Optional<ContainerPort> ref = parameter.findAnnotation(ContainerPort.class);
        if (ref.isEmpty()) {
            return error(errorOwner, where + ": say which port with @ContainerPort(<port>); " + portsOf(candidates));
        }
        int port = ref.get().value();
        String name = ref.get().container();
        List<RunningPod> matches = candidates.stream()
                .filter(p -> declaring(p, port).filter(c -> name.isEmpty() || c.name().equals(name)).isPresent())
                .toList();
        if (matches.size() == 1) {
            RunningPod chosen = matches.get(0);
            String containerName = declaring(chosen, port).orElseThrow().name();
            return new Resolution(chosen.owner(), () -> chosen.pod().endpoint(containerName, port));
        }
        if (matches.size() > 1) {
            return error(errorOwner, where + ": port " + port + " is declared in several pods, " + names(matches)
                    + "; choose one with @PodRef(\"<field or pod name>\")");
        }
        return error(errorOwner, where + ": no " + (name.isEmpty() ? "container" : "container named '" + name + "'")
                + " declares port " + port + "; " + portsOf(candidates));
    }

    /** For messages: {@code Pod parameter #0 of WebIT.answers()}. */
    private static String where(ParameterContext parameter) {
        Executable executable = parameter.getDeclaringExecutable();
        String owner = executable.getDeclaringClass().getSimpleName();
        return parameter.getParameter().getType().getSimpleName() + " parameter #" + parameter.getIndex()
                + (parameter.getParameter().isNamePresent() ? " '" + parameter.getParameter().getName() + "'" : "")
                + " of " + (executable instanceof Constructor ? "the constructor of " + owner
                        : owner + "." + executable.getName() + "()");
    }

    private static Optional<ContainerSpec> declaring(RunningPod pod, int port) {
        return pod.pod().spec().containers().stream().filter(c -> c.ports().contains(port)).findFirst();
    }

    private static Resolution error(Object owner, String message) {
        return new Resolution(owner, () -> {
            throw new ParameterResolutionException(message);
        });
    }

    private static String names(List<RunningPod> pods) {
        return pods.stream().map(RunningPod::describe).collect(Collectors.joining(", "));
    }

    private static String containersOf(List<RunningPod> pods) {
        return pods.stream().map(p -> p.describe() + " has containers " + p.pod().spec().containers().stream()
                .map(ContainerSpec::name).toList()).collect(Collectors.joining("; "));
    }

    private static String portsOf(List<RunningPod> pods) {
        return pods.stream().map(p -> p.describe() + " declares " + p.pod().spec().containers().stream()
                .map(c -> c.name() + " " + c.ports()).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }
}
