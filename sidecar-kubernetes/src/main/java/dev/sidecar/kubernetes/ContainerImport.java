package dev.sidecar.kubernetes;

import dev.sidecar.ContainerPort;
import dev.sidecar.ContainerSpec;
import dev.sidecar.ImagePullPolicy;
import dev.sidecar.RestartPolicy;
import dev.sidecar.VolumeMount;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Kubernetes container as a {@link ContainerSpec.Builder}, field by field: image and pull policy, command and
 * arguments ({@code $(VAR)} expanded), environment ({@link EnvImport}), ports, resources, probes, lifecycle hooks,
 * security context ({@link SecurityImport}), stdin and tty, its own restart policy. Its mounts need the pod's volumes,
 * so {@link MountImport} adds them.
 */
final class ContainerImport {

    /** What the pod around a container gives it: values for {@code fieldRef}, the data sources, the extensions. */
    record PodFacts(String podName, String namespace, Map<String, String> labels, Map<String, String> annotations,
            String serviceAccountName, DataSources data, Extensions ext) {
    }

    /** A mount as written, applied once the pod's volumes are known. */
    record Mount(VolumeMount mount, String path) {
    }

    /**
     * A container being imported.
     *
     * @param name its name
     * @param path its path in the document
     * @param source the fabric8 container
     * @param builder the spec so far
     * @param mounts its mounts as written
     * @param sidecar whether it is an init container with {@code restartPolicy: Always}: a native sidecar
     */
    record Imported(String name, String path, Container source, ContainerSpec.Builder builder, List<Mount> mounts,
            boolean sidecar) {
    }

    private ContainerImport() {
    }

    /**
     * The container at {@code path}, with {@code image} (the override's, or as written), or empty when it has no name
     * or image (a problem says so).
     *
     * @param init whether it is one of {@code initContainers}
     */
    static Optional<Imported> map(ImportContext ctx, Container c, String path, PodFacts pod, String image,
            boolean init) {
        if (c.getName() == null || c.getName().isBlank()) {
            ctx.problem(FieldPath.child(path, "name"), "", "every container needs a name");
            return Optional.empty();
        }
        if (image == null || image.isBlank()) {
            ctx.problem(FieldPath.child(path, "image"), "", "container '" + c.getName() + "' needs an image");
            return Optional.empty();
        }
        ctx.consume(FieldPath.child(path, "name"));
        ctx.consume(FieldPath.child(path, "image"));
        ContainerSpec.Builder b = ContainerSpec.builder(c.getName(), image);
        pullPolicy(ctx, c, path, image, b);
        if (c.getWorkingDir() != null) {
            b.workingDir(c.getWorkingDir());
            ctx.consume(FieldPath.child(path, "workingDir"));
        }
        List<io.fabric8.kubernetes.api.model.ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
        Set<Integer> declared = new HashSet<>();
        ports(ctx, ports, path, b, declared);
        Map<String, String> vars = EnvImport.map(ctx, c, path, pod, b);
        command(ctx, c.getCommand(), FieldPath.child(path, "command"), vars).ifPresent(b::command);
        command(ctx, c.getArgs(), FieldPath.child(path, "args"), vars).ifPresent(b::args);
        resources(ctx, c, path, b);
        Extensions.Container extra = pod.ext().container(c.getName());
        boolean sidecar = restartPolicy(ctx, c, path, init, b);
        if (init && !sidecar) {
            refuseOnInit(ctx, c, path);
        }
        ProbeImport.probes(ctx, c, path, ports, extra, b, declared);
        ProbeImport.lifecycle(ctx, c, path, ports, extra, b);
        SecurityImport.container(ctx, c.getSecurityContext(), FieldPath.child(path, "securityContext"), extra, b);
        if (extra.user() != null) {
            b.user(extra.user());
        }
        if (sidecar && extra.restartPolicy() != null) {
            b.restartPolicy(extra.restartPolicy());
        }
        terminal(ctx, c, path, b);
        return Optional.of(new Imported(c.getName(), path, c, b, mounts(ctx, c, path), sidecar));
    }

    /**
     * The pull policy as written; when not written, Kubernetes' default for the image that runs: {@code Always} for
     * the tag {@code latest} or no tag (and no digest), else {@code IfNotPresent}.
     */
    private static void pullPolicy(ImportContext ctx, Container c, String path, String image,
            ContainerSpec.Builder b) {
        String written = c.getImagePullPolicy();
        String at = FieldPath.child(path, "imagePullPolicy");
        if (written == null) {
            b.imagePullPolicy(kubernetesDefault(image));
            return;
        }
        ImagePullPolicy policy = switch (written) {
            case "Always" -> ImagePullPolicy.ALWAYS;
            case "IfNotPresent" -> ImagePullPolicy.IF_NOT_PRESENT;
            case "Never" -> ImagePullPolicy.NEVER;
            default -> null;
        };
        if (policy == null) {
            ctx.problem(at, written, "not an image pull policy (Always, IfNotPresent, Never)");
            return;
        }
        b.imagePullPolicy(policy);
        ctx.consume(at);
    }

    /** Kubernetes' pull policy for an image that gives none. */
    static ImagePullPolicy kubernetesDefault(String image) {
        String name = image;
        int at = name.indexOf('@');
        boolean digest = at >= 0;
        if (digest) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        String tag = colon > name.lastIndexOf('/') ? name.substring(colon + 1) : "";
        return tag.equals("latest") || tag.isEmpty() && !digest ? ImagePullPolicy.ALWAYS
                : ImagePullPolicy.IF_NOT_PRESENT;
    }

    private static void ports(ImportContext ctx, List<io.fabric8.kubernetes.api.model.ContainerPort> ports,
            String path, ContainerSpec.Builder b, Set<Integer> declaredTcp) {
        for (int i = 0; i < ports.size(); i++) {
            io.fabric8.kubernetes.api.model.ContainerPort p = ports.get(i);
            String at = FieldPath.index(FieldPath.child(path, "ports"), i);
            if (p.getContainerPort() == null) {
                ctx.problem(FieldPath.child(at, "containerPort"), "", "a port needs a containerPort");
                continue;
            }
            String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!protocol.equals("TCP") && !protocol.equals("UDP")) {
                ctx.report(FieldPath.child(at, "protocol"), Verdict.UNSUPPORTED, "a " + protocol + " port is not "
                        + "declared: only TCP and UDP ports are");
                ctx.consume(at);
                continue;
            }
            ctx.consume(FieldPath.child(at, "containerPort"));
            ctx.consume(FieldPath.child(at, "name"));
            ctx.consume(FieldPath.child(at, "protocol"));
            b.port(new ContainerPort(p.getName(), p.getContainerPort(), protocol.equals("TCP")
                    ? ContainerPort.Protocol.TCP : ContainerPort.Protocol.UDP));
            if (protocol.equals("TCP")) {
                declaredTcp.add(p.getContainerPort());
            }
        }
    }

    /** {@code command} or {@code args} with Kubernetes' {@code $(VAR)} expansion; empty when not written. */
    private static Optional<String[]> command(ImportContext ctx, List<String> written, String at,
            Map<String, String> vars) {
        ctx.consume(at);
        if (written == null || written.isEmpty()) {
            return Optional.empty();
        }
        String[] expanded = new String[written.size()];
        for (int i = 0; i < written.size(); i++) {
            String item = FieldPath.index(at, i);
            expanded[i] = Expansion.expand(written.get(i), vars, name -> EnvImport.runtimeReference(ctx, item, name));
        }
        return Optional.of(expanded);
    }

    private static void resources(ImportContext ctx, Container c, String path, ContainerSpec.Builder b) {
        if (c.getResources() == null) {
            return;
        }
        quantities(ctx, c.getResources().getLimits(), FieldPath.sub(path, "resources.limits"), b::memoryLimit,
                b::cpuLimit);
        quantities(ctx, c.getResources().getRequests(), FieldPath.sub(path, "resources.requests"), b::memoryRequest,
                b::cpuRequest);
    }

    private static void quantities(ImportContext ctx, Map<String, Quantity> written, String at,
            java.util.function.Function<String, ContainerSpec.Builder> memory,
            java.util.function.Function<String, ContainerSpec.Builder> cpu) {
        if (written == null) {
            return;
        }
        if (written.containsKey("memory")) {
            String field = FieldPath.child(at, "memory");
            String value = written.get("memory").toString();
            try {
                memory.apply(Long.toString(Quantities.parseBytes(value)));
                ctx.consume(field);
            } catch (IllegalArgumentException e) {
                ctx.problem(field, value, e.getMessage());
            }
        }
        if (written.containsKey("cpu")) {
            String field = FieldPath.child(at, "cpu");
            String value = written.get("cpu").toString();
            try {
                cpu.apply(Quantities.parseMillicores(value) + "m");
                ctx.consume(field);
            } catch (IllegalArgumentException e) {
                ctx.problem(field, value, e.getMessage());
            }
        }
        // Other resources (ephemeral-storage, hugepages, devices): the field rules report them.
    }

    /** The container's own restart policy; answers whether it makes an init container a native sidecar. */
    private static boolean restartPolicy(ImportContext ctx, Container c, String path, boolean init,
            ContainerSpec.Builder b) {
        String written = c.getRestartPolicy();
        if (written == null) {
            return false;
        }
        String at = FieldPath.child(path, "restartPolicy");
        RestartPolicy policy = switch (written) {
            case "Always" -> RestartPolicy.ALWAYS;
            case "OnFailure" -> RestartPolicy.ON_FAILURE;
            case "Never" -> RestartPolicy.NEVER;
            default -> null;
        };
        if (policy == null) {
            ctx.problem(at, written, "not a restart policy (Always, OnFailure, Never)");
            return false;
        }
        if (init && policy == RestartPolicy.ALWAYS) {
            ctx.consume(at);
            return true;
        }
        if (init && policy == RestartPolicy.ON_FAILURE) {
            ctx.report(at, Verdict.UNSUPPORTED, "an init container runs once here: one that fails fails the pod's "
                    + "start, it is not retried");
            return false;
        }
        b.restartPolicy(policy);
        ctx.consume(at);
        return false;
    }

    /** Kubernetes refuses probes and hooks on an init container that is not a sidecar. */
    private static void refuseOnInit(ImportContext ctx, Container c, String path) {
        List<String> given = new ArrayList<>();
        if (c.getReadinessProbe() != null) {
            given.add("readinessProbe");
        }
        if (c.getStartupProbe() != null) {
            given.add("startupProbe");
        }
        if (c.getLivenessProbe() != null) {
            given.add("livenessProbe");
        }
        if (c.getLifecycle() != null && c.getLifecycle().getPostStart() != null) {
            given.add("lifecycle.postStart");
        }
        if (c.getLifecycle() != null && c.getLifecycle().getPreStop() != null) {
            given.add("lifecycle.preStop");
        }
        for (String field : given) {
            ctx.problem(FieldPath.sub(path, field), "", "an init container that is not a sidecar (restartPolicy: "
                    + "Always) runs to completion and may not have a " + field + " (Kubernetes refuses it too)");
            ctx.consume(FieldPath.sub(path, field));
        }
    }

    private static void terminal(ImportContext ctx, Container c, String path, ContainerSpec.Builder b) {
        if (c.getStdin() != null) {
            b.stdin(c.getStdin());
            ctx.consume(FieldPath.child(path, "stdin"));
        }
        if (c.getTty() != null) {
            b.tty(c.getTty());
            ctx.consume(FieldPath.child(path, "tty"));
        }
        if (Boolean.FALSE.equals(c.getStdinOnce())) {
            ctx.consume(FieldPath.child(path, "stdinOnce"));
        }
    }

    private static List<Mount> mounts(ImportContext ctx, Container c, String path) {
        List<Mount> mounts = new ArrayList<>();
        List<io.fabric8.kubernetes.api.model.VolumeMount> written = c.getVolumeMounts() == null ? List.of()
                : c.getVolumeMounts();
        for (int i = 0; i < written.size(); i++) {
            io.fabric8.kubernetes.api.model.VolumeMount m = written.get(i);
            String at = FieldPath.index(FieldPath.child(path, "volumeMounts"), i);
            if (m.getName() == null || m.getMountPath() == null) {
                ctx.problem(at, "", "a volume mount needs a name and a mountPath");
                continue;
            }
            for (String field : List.of("name", "mountPath", "readOnly", "subPath")) {
                ctx.consume(FieldPath.child(at, field));
            }
            if ("None".equals(m.getMountPropagation())) {
                ctx.consume(FieldPath.child(at, "mountPropagation"));
            }
            if ("Disabled".equals(m.getRecursiveReadOnly())) {
                ctx.consume(FieldPath.child(at, "recursiveReadOnly"));
            } else if ("IfPossible".equals(m.getRecursiveReadOnly())) {
                ctx.report(FieldPath.child(at, "recursiveReadOnly"), Verdict.DIFFERENT, "not recursive: Docker 20.10 "
                        + "cannot make a mount's submounts read-only, and IfPossible then mounts it as readOnly says, "
                        + "as Kubernetes does on such a runtime");
            }
            String subPath = m.getSubPath() == null || m.getSubPath().isEmpty() ? null : m.getSubPath();
            mounts.add(new Mount(new VolumeMount(m.getName(), m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly()),
                    subPath), at));
        }
        return mounts;
    }

    /** The values of {@code fieldRef}s the import knows (by the Kubernetes field path); others exist at run time. */
    static Optional<String> knownField(PodFacts pod, String fieldPath) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("metadata\\.(labels|annotations)\\['([^']+)'\\]")
                .matcher(fieldPath);
        if (m.matches()) {
            return Optional.of((m.group(1).equals("labels") ? pod.labels() : pod.annotations())
                    .getOrDefault(m.group(2), ""));
        }
        Map<String, String> known = new LinkedHashMap<>();
        known.put("metadata.name", pod.podName());
        known.put("metadata.namespace", pod.namespace());
        known.put("spec.serviceAccountName", pod.serviceAccountName());
        return Optional.ofNullable(known.get(fieldPath));
    }
}
