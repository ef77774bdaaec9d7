package dev.sidecar.test;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Specs as a test writes them, one value per builder call, so that a generated spec (and a shrunk counterexample)
 * prints as the calls that made it. {@code build()} makes each call in turn; the spec's own {@code build()} decides
 * whether the result is valid.
 */
public final class Recipes {

    private Recipes() {
    }

    /** A probe: its action and Kubernetes' timing fields. */
    public record ProbeRecipe(Probe.Action action, Duration initialDelay, Duration period, Duration timeout,
            int successThreshold, int failureThreshold) {

        public Probe.Builder builder() {
            return Probe.builder(action).initialDelay(initialDelay).period(period).timeout(timeout)
                    .successThreshold(successThreshold).failureThreshold(failureThreshold);
        }

        public Probe build() {
            return builder().build();
        }

        @Override
        public String toString() {
            return "Probe.builder(" + Recipes.action(action) + ").initialDelay(" + initialDelay + ").period(" + period
                    + ").timeout(" + timeout + ").successThreshold(" + successThreshold + ").failureThreshold("
                    + failureThreshold + ").build()";
        }
    }

    private static String action(Probe.Action a) {
        if (a instanceof Probe.TcpSocket t) {
            return "tcp(" + t.port() + ")";
        }
        if (a instanceof Probe.HttpGet h) {
            return "httpGet(" + h.port() + ", " + q(h.path()) + ", " + h.scheme() + ", " + strings(h.headers()) + ")";
        }
        if (a instanceof Probe.Exec e) {
            return "exec(" + strings(e.command()) + ")";
        }
        return "logLine(" + q(((Probe.LogLine) a).regex()) + ")";
    }

    /** An environment variable; a secret one is set with {@code secretEnv}. */
    public record EnvVar(String name, String value, boolean secret) {
    }

    /** A volume mount of a container. */
    public record MountRecipe(String volume, String path, boolean readOnly) {
    }

    /** A container; {@code null} for a setter not called. */
    public record ContainerRecipe(String name, String image, List<String> command, List<String> args, List<EnvVar> env,
            List<Integer> ports, List<MountRecipe> mounts, ProbeRecipe probe, String memoryLimit, String cpuLimit,
            String user, String workingDir, RestartPolicy restartPolicy, String stopSignal,
            List<String> capabilities) {

        public ContainerSpec.Builder builder() {
            ContainerSpec.Builder b = ContainerSpec.builder(name, image);
            if (!command.isEmpty()) {
                b.command(command.toArray(String[]::new));
            }
            if (!args.isEmpty()) {
                b.args(args.toArray(String[]::new));
            }
            env.forEach(e -> {
                if (e.secret()) {
                    b.secretEnv(e.name(), e.value());
                } else {
                    b.env(e.name(), e.value());
                }
            });
            ports.forEach(b::port);
            mounts.forEach(m -> {
                if (m.readOnly()) {
                    b.mountReadOnly(m.volume(), m.path());
                } else {
                    b.mount(m.volume(), m.path());
                }
            });
            if (probe != null) {
                b.readyWhen(probe.build());
            }
            if (memoryLimit != null) {
                b.memoryLimit(memoryLimit);
            }
            if (cpuLimit != null) {
                b.cpuLimit(cpuLimit);
            }
            if (user != null) {
                b.user(user);
            }
            if (workingDir != null) {
                b.workingDir(workingDir);
            }
            if (restartPolicy != null) {
                b.restartPolicy(restartPolicy);
            }
            if (stopSignal != null) {
                b.stopSignal(stopSignal);
            }
            capabilities.forEach(b::addCapability);
            return b;
        }

        public ContainerSpec build() {
            return builder().build();
        }

        /** The values of the secret environment variables. */
        public List<String> secretValues() {
            return env.stream().filter(EnvVar::secret).map(EnvVar::value).toList();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("ContainerSpec.builder(").append(q(name)).append(", ")
                    .append(q(image)).append(")");
            if (!command.isEmpty()) {
                s.append(".command(").append(strings(command)).append(")");
            }
            if (!args.isEmpty()) {
                s.append(".args(").append(strings(args)).append(")");
            }
            env.forEach(e -> s.append(e.secret() ? ".secretEnv(" : ".env(").append(q(e.name())).append(", ")
                    .append(q(e.value())).append(")"));
            ports.forEach(p -> s.append(".port(").append(p).append(")"));
            mounts.forEach(m -> s.append(m.readOnly() ? ".mountReadOnly(" : ".mount(").append(q(m.volume()))
                    .append(", ").append(q(m.path())).append(")"));
            if (probe != null) {
                s.append(".readyWhen(").append(probe).append(")");
            }
            optional(s, "memoryLimit", memoryLimit);
            optional(s, "cpuLimit", cpuLimit);
            optional(s, "user", user);
            optional(s, "workingDir", workingDir);
            if (restartPolicy != null) {
                s.append(".restartPolicy(").append(restartPolicy).append(")");
            }
            optional(s, "stopSignal", stopSignal);
            capabilities.forEach(c -> s.append(".addCapability(").append(q(c)).append(")"));
            return s.append(".build()").toString();
        }
    }

    private static void optional(StringBuilder s, String setter, String value) {
        if (value != null) {
            s.append('.').append(setter).append('(').append(q(value)).append(')');
        }
    }

    /** A file given to an {@code emptyDir}: text, or a class-path resource. */
    public record FileRecipe(String path, String textOrResource, boolean classpath) {
    }

    /** A volume of one of the three kinds; {@code null} for what the kind does not have. */
    public record VolumeRecipe(String name, VolumeSpec.Kind kind, String sizeLimit, String hostPath,
            VolumeSpec.HostPathType hostPathType, boolean readOnly, List<FileRecipe> files) {

        public VolumeSpec build() {
            VolumeSpec v = switch (kind) {
                case EMPTY_DIR -> VolumeSpec.emptyDir(name);
                case EMPTY_DIR_MEMORY -> VolumeSpec.emptyDirInMemory(name, sizeLimit);
                case HOST_PATH -> VolumeSpec.hostPath(name, Path.of(hostPath));
                default -> throw new IllegalStateException("not generated: " + kind);
            };
            if (kind != VolumeSpec.Kind.HOST_PATH && files.isEmpty()) {
                return v;
            }
            VolumeSpec.Builder b = v.toBuilder();
            if (kind == VolumeSpec.Kind.HOST_PATH) {
                b.hostPathType(hostPathType).readOnly(readOnly);
            }
            files.forEach(f -> {
                if (f.classpath()) {
                    b.classpathFile(f.path(), f.textOrResource());
                } else {
                    b.file(f.path(), f.textOrResource());
                }
            });
            return b.build();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(switch (kind) {
                case EMPTY_DIR -> "VolumeSpec.emptyDir(" + q(name) + ")";
                case EMPTY_DIR_MEMORY -> "VolumeSpec.emptyDirInMemory(" + q(name) + ", " + q(sizeLimit) + ")";
                case HOST_PATH -> "VolumeSpec.hostPath(" + q(name) + ", Path.of(" + q(hostPath) + "))"
                        + ".toBuilder().hostPathType(" + hostPathType + ").readOnly(" + readOnly + ")";
                default -> throw new IllegalStateException("not generated: " + kind);
            });
            files.forEach(f -> s.append(f.classpath() ? ".classpathFile(" : ".file(").append(q(f.path()))
                    .append(", ").append(q(f.textOrResource())).append(")"));
            return s.toString();
        }
    }

    /** A pod; {@code hostname} {@code null} when not set. */
    public record PodRecipe(String name, String hostname, List<ContainerRecipe> initContainers,
            List<ContainerRecipe> sidecars, ContainerRecipe main, List<VolumeRecipe> volumes,
            boolean shareProcessNamespace, boolean shareIpcNamespace, Duration terminationGracePeriod,
            SidecarStartOrder sidecarStartOrder) {

        public PodSpec build() {
            PodSpec.Builder b = PodSpec.builder(name);
            if (hostname != null) {
                b.hostname(hostname);
            }
            volumes.forEach(v -> b.volume(v.build()));
            initContainers.forEach(c -> b.initContainer(c.build()));
            sidecars.forEach(c -> b.sidecar(c.build()));
            return b.main(main.build())
                    .shareProcessNamespace(shareProcessNamespace)
                    .shareIpcNamespace(shareIpcNamespace)
                    .terminationGracePeriod(terminationGracePeriod)
                    .sidecarStartOrder(sidecarStartOrder)
                    .build();
        }

        /** Every container, init containers first, then sidecars, then main. */
        public List<ContainerRecipe> allContainers() {
            return Stream.of(initContainers.stream(), sidecars.stream(), Stream.of(main)).flatMap(s -> s).toList();
        }

        /** The secret values of every container. */
        public List<String> secretValues() {
            return allContainers().stream().flatMap(c -> c.secretValues().stream()).toList();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("PodSpec.builder(").append(q(name)).append(")");
            if (hostname != null) {
                s.append("\n    .hostname(").append(q(hostname)).append(")");
            }
            volumes.forEach(v -> s.append("\n    .volume(").append(v).append(")"));
            initContainers.forEach(c -> s.append("\n    .initContainer(").append(c).append(")"));
            sidecars.forEach(c -> s.append("\n    .sidecar(").append(c).append(")"));
            return s.append("\n    .main(").append(main).append(")\n    .shareProcessNamespace(")
                    .append(shareProcessNamespace).append(").shareIpcNamespace(").append(shareIpcNamespace)
                    .append(").terminationGracePeriod(").append(terminationGracePeriod).append(").sidecarStartOrder(")
                    .append(sidecarStartOrder).append(").build()").toString();
        }
    }

    /** Java string literals of {@code values}, comma-separated. */
    static String strings(java.util.Collection<String> values) {
        return String.join(", ", values.stream().map(Recipes::q).toList());
    }

    private static String strings(java.util.Map<String, String> values) {
        return "Map.of(" + String.join(", ", values.entrySet().stream()
                .map(e -> q(e.getKey()) + ", " + q(e.getValue())).toList()) + ")";
    }

    /** A Java string literal of {@code s}, with every character a reader could not see escaped. */
    public static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else if (ch < 0x20 || ch > 0x7e) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.append('"').toString();
    }
}
