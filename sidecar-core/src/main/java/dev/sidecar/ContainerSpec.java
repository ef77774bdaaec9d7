package dev.sidecar;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One container of a pod: Kubernetes' {@code Container}. Whether it is the main container, a sidecar or an init
 * container is decided by where the {@link PodSpec} puts it. Immutable; build one with {@link #builder} and derive a
 * changed copy with {@link #toBuilder()}.
 *
 * <pre>{@code
 * ContainerSpec.builder("app", "my/app:1")
 *         .env("MODE", "test")
 *         .port(8080)
 *         .readyWhen(Probe.http(8080, "/health"))
 *         .build();
 * }</pre>
 */
public final class ContainerSpec {

    /** The stop signal a container gets unless {@link Builder#stopSignal} says otherwise, as Docker's default. */
    public static final Signal DEFAULT_STOP_SIGNAL = Signal.SIGTERM;

    private final String name;
    private final String image;
    private final List<String> command;
    private final List<String> args;
    private final Map<String, String> env;
    private final Set<String> secretEnv;
    private final List<Integer> ports;
    private final List<VolumeMount> mounts;
    private final Probe readinessProbe;
    private final String memoryLimit;
    private final long memoryLimitBytes;
    private final String cpuLimit;
    private final long cpuLimitMillis;
    private final String user;
    private final String workingDir;
    private final RestartPolicy restartPolicy;
    private final Signal stopSignal;
    private final boolean privileged;
    private final List<String> addedCapabilities;

    private ContainerSpec(Builder b, long memoryLimitBytes, long cpuLimitMillis, Signal stopSignal) {
        this.name = b.name;
        this.image = b.image;
        this.command = List.copyOf(b.command);
        this.args = List.copyOf(b.args);
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.secretEnv = Collections.unmodifiableSet(new LinkedHashSet<>(b.secretEnv));
        this.ports = List.copyOf(b.ports);
        this.mounts = List.copyOf(b.mounts);
        this.readinessProbe = b.readinessProbe;
        this.memoryLimit = b.memoryLimit;
        this.memoryLimitBytes = memoryLimitBytes;
        this.cpuLimit = b.cpuLimit;
        this.cpuLimitMillis = cpuLimitMillis;
        this.user = b.user;
        this.workingDir = b.workingDir;
        this.restartPolicy = b.restartPolicy;
        this.stopSignal = stopSignal;
        this.privileged = b.privileged;
        this.addedCapabilities = b.addedCapabilities.stream().map(Checks::capabilityKey).distinct().toList();
    }

    /** Starts a container named {@code name} (a DNS-1123 label) running {@code image}. */
    public static Builder builder(String name, String image) {
        return new Builder(Checks.notNull(name, "name"), Checks.notNull(image, "image"));
    }

    /** A builder holding this spec's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name, image);
        b.command.addAll(command);
        b.args.addAll(args);
        b.env.putAll(env);
        b.secretEnv.addAll(secretEnv);
        b.ports.addAll(ports);
        b.mounts.addAll(mounts);
        b.readinessProbe = readinessProbe;
        b.memoryLimit = memoryLimit;
        b.cpuLimit = cpuLimit;
        b.user = user;
        b.workingDir = workingDir;
        b.restartPolicy = restartPolicy;
        b.stopSignal = stopSignal.name();
        b.privileged = privileged;
        b.addedCapabilities.addAll(addedCapabilities);
        return b;
    }

    /** The container's name, unique in its pod. */
    public String name() {
        return name;
    }

    /** The image reference. */
    public String image() {
        return image;
    }

    /** Replaces the image's entrypoint when not empty (Kubernetes {@code command}). */
    public List<String> command() {
        return command;
    }

    /** Replaces the image's default arguments when not empty (Kubernetes {@code args}). */
    public List<String> args() {
        return args;
    }

    /** Environment variables in declared order, secret ones included; never print this map. */
    public Map<String, String> env() {
        return env;
    }

    /** The names of the environment variables whose values are secret and never printed. */
    public Set<String> secretEnvNames() {
        return secretEnv;
    }

    /** The TCP ports the container listens on ({@code containerPort}); the pod publishes each one. */
    public List<Integer> ports() {
        return ports;
    }

    /** The pod volumes mounted into this container ({@code volumeMounts}). */
    public List<VolumeMount> mounts() {
        return mounts;
    }

    /** When the container counts as ready ({@code readinessProbe}); without one, as soon as it runs. */
    public Optional<Probe> readinessProbe() {
        return Optional.ofNullable(readinessProbe);
    }

    /** The memory limit in bytes ({@code resources.limits.memory}), 0 for none. */
    public long memoryLimitBytes() {
        return memoryLimitBytes;
    }

    /** The CPU limit in millicores ({@code resources.limits.cpu}), 0 for none. */
    public long cpuLimitMillis() {
        return cpuLimitMillis;
    }

    /** The user ({@code uid[:gid]} or a name) the process runs as, if not the image's. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The working directory, if not the image's. */
    public Optional<String> workingDir() {
        return Optional.ofNullable(workingDir);
    }

    /**
     * The restart policy given to this container, if one was; the pod resolves the policy in force, with its role's
     * default, in {@link PodSpec#restartPolicyOf(String)}.
     */
    public Optional<RestartPolicy> restartPolicy() {
        return Optional.ofNullable(restartPolicy);
    }

    /** The signal that asks it to stop ({@code lifecycle.stopSignal}); {@link #DEFAULT_STOP_SIGNAL} unless given. */
    public Signal stopSignal() {
        return stopSignal;
    }

    /** Whether it runs privileged: only when asked, and then logged at WARN. */
    public boolean privileged() {
        return privileged;
    }

    /**
     * Linux capabilities added to the engine's default set ({@code securityContext.capabilities.add}), without the
     * {@code CAP_} prefix: none unless asked, and then logged at WARN.
     */
    public List<String> addedCapabilities() {
        return addedCapabilities;
    }

    /** The environment with every secret value replaced by {@code *****}, safe to print. */
    public Map<String, String> maskedEnv() {
        Map<String, String> masked = new LinkedHashMap<>();
        env.forEach((k, v) -> masked.put(k, secretEnv.contains(k) ? Secrets.MASK : v));
        return Collections.unmodifiableMap(masked);
    }

    /** The values of the secret environment variables, for masking. */
    List<String> secretValues() {
        return secretEnv.stream().map(env::get).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContainerSpec c && name.equals(c.name) && image.equals(c.image)
                && command.equals(c.command) && args.equals(c.args) && env.equals(c.env)
                && secretEnv.equals(c.secretEnv) && ports.equals(c.ports) && mounts.equals(c.mounts)
                && Objects.equals(readinessProbe, c.readinessProbe) && memoryLimitBytes == c.memoryLimitBytes
                && cpuLimitMillis == c.cpuLimitMillis && Objects.equals(user, c.user)
                && Objects.equals(workingDir, c.workingDir) && restartPolicy == c.restartPolicy
                && stopSignal.equals(c.stopSignal) && privileged == c.privileged
                && addedCapabilities.equals(c.addedCapabilities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, image, command, args, env, secretEnv, ports, mounts, readinessProbe,
                memoryLimitBytes, cpuLimitMillis, user, workingDir, restartPolicy, stopSignal, privileged,
                addedCapabilities);
    }

    /** A readable description; secret values are masked wherever they appear (in args, say). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ContainerSpec{").append(name).append(", image=").append(image);
        if (!command.isEmpty()) {
            s.append(", command=").append(command);
        }
        if (!args.isEmpty()) {
            s.append(", args=").append(args);
        }
        if (!env.isEmpty()) {
            s.append(", env=").append(maskedEnv());
        }
        if (!ports.isEmpty()) {
            s.append(", ports=").append(ports);
        }
        if (!mounts.isEmpty()) {
            s.append(", mounts=").append(mounts);
        }
        if (readinessProbe != null) {
            s.append(", readinessProbe=").append(readinessProbe);
        }
        if (memoryLimit != null) {
            s.append(", memoryLimit=").append(memoryLimit);
        }
        if (cpuLimit != null) {
            s.append(", cpuLimit=").append(cpuLimit);
        }
        if (user != null) {
            s.append(", user=").append(user);
        }
        if (workingDir != null) {
            s.append(", workingDir=").append(workingDir);
        }
        if (restartPolicy != null) {
            s.append(", restartPolicy=").append(restartPolicy);
        }
        if (!DEFAULT_STOP_SIGNAL.equals(stopSignal)) {
            s.append(", stopSignal=").append(stopSignal);
        }
        if (privileged) {
            s.append(", privileged");
        }
        if (!addedCapabilities.isEmpty()) {
            s.append(", capabilities.add=").append(addedCapabilities);
        }
        return Secrets.mask(s.append('}').toString(), secretValues());
    }

    /**
     * Builds a {@link ContainerSpec}. Setters only store (a null argument fails at once, naming it);
     * {@link #build()} checks every rule and reports all problems in one {@link InvalidSpecException}.
     */
    public static final class Builder {
        private String name;
        private String image;
        private final List<String> command = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Set<String> secretEnv = new LinkedHashSet<>();
        private final List<Integer> ports = new ArrayList<>();
        private final List<VolumeMount> mounts = new ArrayList<>();
        private Probe readinessProbe;
        private String memoryLimit;
        private String cpuLimit;
        private String user;
        private String workingDir;
        private RestartPolicy restartPolicy;
        private String stopSignal = DEFAULT_STOP_SIGNAL.name();
        private boolean privileged;
        private final List<String> addedCapabilities = new ArrayList<>();

        private Builder(String name, String image) {
            this.name = name;
            this.image = image;
        }

        /** Renames the container. */
        public Builder name(String name) {
            this.name = Checks.notNull(name, "name");
            return this;
        }

        /** Changes the image. */
        public Builder image(String image) {
            this.image = Checks.notNull(image, "image");
            return this;
        }

        /** Replaces the image's entrypoint (Kubernetes {@code command}); no arguments keeps the image's. */
        public Builder command(String... command) {
            List<String> given = Checks.elements(command, "command");
            this.command.clear();
            this.command.addAll(given);
            return this;
        }

        /** Replaces the image's default arguments (Kubernetes {@code args}); no arguments keeps the image's. */
        public Builder args(String... args) {
            List<String> given = Checks.elements(args, "args");
            this.args.clear();
            this.args.addAll(given);
            return this;
        }

        /** Sets an environment variable, replacing one of the same name. */
        public Builder env(String name, String value) {
            env.put(Checks.notNull(name, "name"), Checks.notNull(value, "value of env " + name));
            secretEnv.remove(name);
            return this;
        }

        /** Sets an environment variable whose value is never printed: not by {@code toString}, logs or reports. */
        public Builder secretEnv(String name, String value) {
            env.put(Checks.notNull(name, "name"), Checks.notNull(value, "value of env " + name));
            secretEnv.add(name);
            return this;
        }

        /** Removes the environment variable {@code name}, if set. */
        public Builder removeEnv(String name) {
            env.remove(Checks.notNull(name, "name"));
            secretEnv.remove(name);
            return this;
        }

        /** Declares a TCP port the container listens on ({@code containerPort}); the pod publishes it on the host. */
        public Builder port(int port) {
            ports.add(port);
            return this;
        }

        /** Removes the declared port {@code port}, if declared. */
        public Builder removePort(int port) {
            ports.removeIf(p -> p == port);
            return this;
        }

        /** Mounts the pod's volume {@code volume} at {@code mountPath}, writable. */
        public Builder mount(String volume, String mountPath) {
            mounts.add(new VolumeMount(volume, mountPath, false));
            return this;
        }

        /** Mounts the pod's volume {@code volume} at {@code mountPath}, read-only. */
        public Builder mountReadOnly(String volume, String mountPath) {
            mounts.add(new VolumeMount(volume, mountPath, true));
            return this;
        }

        /** Removes the mount at {@code mountPath}, if there is one. */
        public Builder removeMount(String mountPath) {
            mounts.removeIf(m -> m.mountPath().equals(Checks.notNull(mountPath, "mountPath")));
            return this;
        }

        /** Declares when the container is ready (Kubernetes {@code readinessProbe}). */
        public Builder readyWhen(Probe probe) {
            this.readinessProbe = Checks.notNull(probe, "probe");
            return this;
        }

        /** Removes the readiness probe: the container is ready as soon as it runs. */
        public Builder removeReadinessProbe() {
            this.readinessProbe = null;
            return this;
        }

        /** Limits memory to a Kubernetes quantity such as {@code 64Mi} ({@code resources.limits.memory}). */
        public Builder memoryLimit(String quantity) {
            this.memoryLimit = Checks.notNull(quantity, "memoryLimit");
            return this;
        }

        /** Limits CPU to a Kubernetes quantity such as {@code 500m} or {@code 1.5} ({@code resources.limits.cpu}). */
        public Builder cpuLimit(String quantity) {
            this.cpuLimit = Checks.notNull(quantity, "cpuLimit");
            return this;
        }

        /** Runs the process as {@code user} ({@code uid[:gid]} or a name known to the image). */
        public Builder user(String user) {
            this.user = Checks.notNull(user, "user");
            return this;
        }

        /** Sets the working directory, an absolute path. */
        public Builder workingDir(String workingDir) {
            this.workingDir = Checks.notNull(workingDir, "workingDir");
            return this;
        }

        /**
         * Sets what happens when the process exits while the pod runs; without it, the container's role decides
         * ({@link PodSpec#restartPolicyOf(String)}).
         */
        public Builder restartPolicy(RestartPolicy restartPolicy) {
            this.restartPolicy = Checks.notNull(restartPolicy, "restartPolicy");
            return this;
        }

        /** Sets the signal that asks it to stop, such as {@code SIGQUIT} for nginx ({@code lifecycle.stopSignal}). */
        public Builder stopSignal(String signal) {
            this.stopSignal = Checks.notNull(signal, "stopSignal");
            return this;
        }

        /** Sets the signal that asks it to stop ({@code lifecycle.stopSignal}). */
        public Builder stopSignal(Signal signal) {
            return stopSignal(Checks.notNull(signal, "stopSignal").name());
        }

        /** Runs it privileged. Never the default; logged at WARN when the pod starts. */
        public Builder privileged(boolean privileged) {
            this.privileged = privileged;
            return this;
        }

        /** Adds a Linux capability such as {@code NET_ADMIN}. Logged at WARN when the pod starts. */
        public Builder addCapability(String capability) {
            addedCapabilities.add(Checks.notNull(capability, "capability"));
            return this;
        }

        /**
         * Checks every rule and builds the spec.
         *
         * @throws InvalidSpecException listing every problem found
         */
        public ContainerSpec build() {
            String of = " of container '" + name + "'";
            Checks checks = new Checks("container '" + name + "'");
            checks.dnsLabel("container name", name, 63);
            checks.image("image" + of, image);
            for (int i = 0; i < command.size(); i++) {
                checks.noNul("command[" + i + "]" + of, command.get(i));
            }
            for (int i = 0; i < args.size(); i++) {
                checks.noNul("args[" + i + "]" + of, args.get(i));
            }
            env.forEach((k, v) -> {
                checks.envName("env name" + of, k);
                checks.noNul("value of env " + k + of, v);
            });
            Set<Integer> seenPorts = new HashSet<>();
            for (int port : ports) {
                checks.port("port" + of, port);
                checks.require(seenPorts.add(port), "port " + port + of + " is declared twice");
            }
            Set<String> seenPaths = new HashSet<>();
            for (VolumeMount m : mounts) {
                String field = "mountPath of volume '" + m.volume() + "' in container '" + name + "'";
                checks.absolutePath(field, m.mountPath());
                checks.noNul(field, m.mountPath());
                // The engine compares mount points cleaned, and mounts nothing over the root.
                String cleaned = Checks.cleanPath(m.mountPath());
                checks.require(!cleaned.equals("/"), field + " '" + m.mountPath() + "' is the container's root "
                        + "directory, where no volume can be mounted");
                checks.require(seenPaths.add(cleaned), "mountPath '" + m.mountPath() + "'" + of
                        + " is used by two mounts" + (cleaned.equals(m.mountPath()) ? "" : " (both at '" + cleaned
                        + "')"));
            }
            if (readinessProbe != null) {
                readinessProbe.port().ifPresent(port -> checks.require(ports.contains(port), "readiness probe" + of
                        + " checks port " + port + ", which the container does not declare (declared: " + ports
                        + ")"));
            }
            long memory = memoryLimit == null ? 0 : checks.bytes("memoryLimit" + of, memoryLimit);
            long cpu = cpuLimit == null ? 0 : checks.cpuMillis("cpuLimit" + of, cpuLimit);
            Signal signal = Signal.parse(stopSignal).orElse(null);
            checks.require(signal != null, "stopSignal" + of + " '" + stopSignal + "' is not a Linux signal name "
                    + "such as SIGTERM or SIGRTMIN+3, nor a number from 1 to 64");
            checks.require(user == null || !user.isBlank(), "user" + of + " is blank");
            if (user != null) {
                checks.noNul("user" + of, user);
            }
            if (workingDir != null) {
                checks.absolutePath("workingDir" + of, workingDir);
                checks.noNul("workingDir" + of, workingDir);
            }
            addedCapabilities.forEach(cap -> checks.capability("capability" + of, cap));
            checks.throwIfAny();
            return new ContainerSpec(this, memory, cpu, signal);
        }
    }
}
