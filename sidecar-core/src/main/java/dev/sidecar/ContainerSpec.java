package dev.sidecar;

import dev.sidecar.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One container of a pod: Kubernetes' {@code Container}. Whether it is the main container, a sidecar or an init
 * container is decided by where the {@link PodSpec} puts it. Immutable; build one with {@link #builder} and derive a
 * changed copy with {@link #toBuilder()}.
 */
public final class ContainerSpec {

    /** The stop signal a container gets unless {@link Builder#stopSignal} says otherwise, as Docker's default. */
    public static final String DEFAULT_STOP_SIGNAL = "SIGTERM";

    private static final Pattern SIGNAL = Pattern.compile("SIG[A-Z0-9]+(?:[+-][0-9]+)?|[0-9]{1,2}");
    private static final Pattern CPU = Pattern.compile("([0-9]+)m|([0-9]+(?:\\.[0-9]{1,3})?)");
    /** What a secret value is printed as. */
    static final String MASK = "*****";

    private final String name;
    private final String image;
    private final List<String> command;
    private final List<String> args;
    private final Map<String, String> env;
    private final Set<String> secretEnv;
    private final List<Integer> ports;
    private final List<VolumeMount> mounts;
    private final Probe readinessProbe;
    private final long memoryLimitBytes;
    private final long cpuLimitMillis;
    private final String user;
    private final String workingDir;
    private final RestartPolicy restartPolicy;
    private final String stopSignal;
    private final boolean privileged;
    private final List<String> addedCapabilities;

    private ContainerSpec(Builder b) {
        this.name = b.name;
        this.image = b.image;
        this.command = List.copyOf(b.command);
        this.args = List.copyOf(b.args);
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.secretEnv = Set.copyOf(b.secretEnv);
        this.ports = List.copyOf(b.ports);
        this.mounts = List.copyOf(b.mounts);
        this.readinessProbe = b.readinessProbe;
        this.memoryLimitBytes = b.memoryLimitBytes;
        this.cpuLimitMillis = b.cpuLimitMillis;
        this.user = b.user;
        this.workingDir = b.workingDir;
        this.restartPolicy = b.restartPolicy;
        this.stopSignal = b.stopSignal;
        this.privileged = b.privileged;
        this.addedCapabilities = List.copyOf(b.addedCapabilities);
    }

    /** Starts a container named {@code name} (a DNS-1123 label) running {@code image}. */
    public static Builder builder(String name, String image) {
        return new Builder(name, image);
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
        b.memoryLimitBytes = memoryLimitBytes;
        b.cpuLimitMillis = cpuLimitMillis;
        b.user = user;
        b.workingDir = workingDir;
        b.restartPolicy = restartPolicy;
        b.stopSignal = stopSignal;
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

    /** The pod volumes mounted into this container. */
    public List<VolumeMount> mounts() {
        return mounts;
    }

    /** When the container counts as ready; {@link Probe#started()} unless one was given. */
    public Probe readinessProbe() {
        return readinessProbe;
    }

    /** The memory limit in bytes ({@code resources.limits.memory}), 0 for none. */
    public long memoryLimitBytes() {
        return memoryLimitBytes;
    }

    /** The CPU limit in millicores ({@code resources.limits.cpu}), 0 for none. */
    public long cpuLimitMillis() {
        return cpuLimitMillis;
    }

    /** The user ({@code uid[:gid]} or a name) the process runs as, or {@code null} for the image's. */
    public String user() {
        return user;
    }

    /** The working directory, or {@code null} for the image's. */
    public String workingDir() {
        return workingDir;
    }

    /**
     * The restart policy given, or {@code null} to take its role's default: {@link RestartPolicy#ALWAYS} for
     * sidecars, {@link RestartPolicy#NEVER} for main and init containers.
     */
    public RestartPolicy restartPolicy() {
        return restartPolicy;
    }

    /** The signal that asks the container to stop; {@link #DEFAULT_STOP_SIGNAL} unless given. */
    public String stopSignal() {
        return stopSignal;
    }

    /** Whether it runs privileged: only when asked, and then logged at WARN. */
    public boolean privileged() {
        return privileged;
    }

    /** Linux capabilities added to the engine's default set: none unless asked, and then logged at WARN. */
    public List<String> addedCapabilities() {
        return addedCapabilities;
    }

    /** The environment with every secret value replaced by a mask, safe to print. */
    public Map<String, String> maskedEnv() {
        Map<String, String> masked = new LinkedHashMap<>();
        env.forEach((k, v) -> masked.put(k, secretEnv.contains(k) ? MASK : v));
        return masked;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContainerSpec c && name.equals(c.name) && image.equals(c.image)
                && command.equals(c.command) && args.equals(c.args) && env.equals(c.env)
                && secretEnv.equals(c.secretEnv) && ports.equals(c.ports) && mounts.equals(c.mounts)
                && readinessProbe.equals(c.readinessProbe) && memoryLimitBytes == c.memoryLimitBytes
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
        s.append(", ready=").append(readinessProbe);
        if (memoryLimitBytes > 0) {
            s.append(", memory=").append(memoryLimitBytes);
        }
        if (cpuLimitMillis > 0) {
            s.append(", cpu=").append(cpuLimitMillis).append('m');
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
            s.append(", capAdd=").append(addedCapabilities);
        }
        // A secret value may also stand in args or another variable: mask it wherever it appears.
        String text = s.append('}').toString();
        for (String secret : secretEnv.stream().map(env::get).filter(v -> !v.isEmpty())
                .sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList()) {
            text = text.replace(secret, MASK);
        }
        return text;
    }

    /** Builds a {@link ContainerSpec}; {@link #build()} checks every rule and reports all problems at once. */
    public static final class Builder {
        private String name;
        private String image;
        private final List<String> command = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Set<String> secretEnv = new LinkedHashSet<>();
        private final List<Integer> ports = new ArrayList<>();
        private final List<VolumeMount> mounts = new ArrayList<>();
        private Probe readinessProbe = Probe.started();
        private long memoryLimitBytes;
        private long cpuLimitMillis;
        private String user;
        private String workingDir;
        private RestartPolicy restartPolicy;
        private String stopSignal = DEFAULT_STOP_SIGNAL;
        private boolean privileged;
        private final List<String> addedCapabilities = new ArrayList<>();

        private Builder(String name, String image) {
            this.name = name;
            this.image = image;
        }

        /** Renames the container. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Changes the image. */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /** Replaces the image's entrypoint (Kubernetes {@code command}). */
        public Builder command(String... command) {
            this.command.clear();
            this.command.addAll(List.of(command));
            return this;
        }

        /** Replaces the image's default arguments (Kubernetes {@code args}). */
        public Builder args(String... args) {
            this.args.clear();
            this.args.addAll(List.of(args));
            return this;
        }

        /** Sets an environment variable. */
        public Builder env(String name, String value) {
            env.put(name, Objects.requireNonNull(value, "value of env " + name));
            secretEnv.remove(name);
            return this;
        }

        /** Sets an environment variable whose value is never printed: not by {@code toString}, logs or reports. */
        public Builder secretEnv(String name, String value) {
            env.put(name, Objects.requireNonNull(value, "value of env " + name));
            secretEnv.add(name);
            return this;
        }

        /** Declares a TCP port the container listens on; the pod publishes it on the host. */
        public Builder port(int port) {
            ports.add(port);
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

        /** Declares when the container is ready (Kubernetes {@code readinessProbe}). */
        public Builder readyWhen(Probe probe) {
            this.readinessProbe = Objects.requireNonNull(probe, "probe");
            return this;
        }

        /** Limits memory to a Kubernetes quantity such as {@code 64Mi} ({@code resources.limits.memory}). */
        public Builder memoryLimit(String quantity) {
            this.memoryLimitBytes = Checks.bytes("memoryLimit of container '" + name + "'", quantity);
            return this;
        }

        /** Limits CPU to a Kubernetes quantity such as {@code 500m} or {@code 1.5} ({@code resources.limits.cpu}). */
        public Builder cpuLimit(String quantity) {
            var m = quantity == null ? null : CPU.matcher(quantity.strip());
            if (m == null || !m.matches()) {
                throw new IllegalArgumentException("cpuLimit of container '" + name + "' '" + quantity
                        + "' is not a CPU quantity (for example '500m' or '1.5')");
            }
            long millis;
            try {
                millis = m.group(1) != null ? Long.parseLong(m.group(1))
                        : new java.math.BigDecimal(m.group(2)).movePointRight(3).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("cpuLimit of container '" + name + "' '" + quantity
                        + "' is too large", e);
            }
            if (millis <= 0) {
                throw new IllegalArgumentException("cpuLimit of container '" + name + "' '" + quantity
                        + "' must be more than zero");
            }
            this.cpuLimitMillis = millis;
            return this;
        }

        /** Runs the process as {@code user} ({@code uid[:gid]} or a name known to the image). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Sets the working directory. */
        public Builder workingDir(String workingDir) {
            this.workingDir = workingDir;
            return this;
        }

        /** Sets what happens when the process exits while the pod runs. */
        public Builder restartPolicy(RestartPolicy restartPolicy) {
            this.restartPolicy = Objects.requireNonNull(restartPolicy, "restartPolicy");
            return this;
        }

        /** Sets the signal that asks it to stop, such as {@code SIGQUIT} for nginx (Docker {@code StopSignal}). */
        public Builder stopSignal(String signal) {
            this.stopSignal = signal;
            return this;
        }

        /** Runs it privileged. Never the default; logged at WARN when the pod starts. */
        public Builder privileged(boolean privileged) {
            this.privileged = privileged;
            return this;
        }

        /** Adds a Linux capability such as {@code NET_ADMIN}. Logged at WARN when the pod starts. */
        public Builder addCapability(String capability) {
            addedCapabilities.add(Objects.requireNonNull(capability, "capability"));
            return this;
        }

        /**
         * Checks every rule and builds the spec.
         *
         * @throws InvalidSpecException listing every problem found
         */
        public ContainerSpec build() {
            Checks checks = new Checks("container '" + name + "'");
            checks.dnsLabel("container name", name, 63);
            checks.image("image of container '" + name + "'", image);
            env.keySet().forEach(k -> checks.envName("env name of container '" + name + "'", k));
            Set<Integer> seenPorts = new HashSet<>();
            for (int port : ports) {
                checks.port("port of container '" + name + "'", port);
                checks.require(seenPorts.add(port), "port " + port + " of container '" + name
                        + "' is declared twice");
            }
            Set<String> seenPaths = new HashSet<>();
            for (VolumeMount m : mounts) {
                checks.absolutePath("mountPath of volume '" + m.volume() + "' in container '" + name + "'",
                        m.mountPath());
                checks.require(seenPaths.add(m.mountPath()), "mountPath '" + m.mountPath() + "' of container '"
                        + name + "' is used by two mounts");
            }
            Probe p = readinessProbe;
            if (p.kind() == Probe.Kind.TCP || p.kind() == Probe.Kind.HTTP) {
                checks.require(ports.contains(p.port()), "readiness probe of container '" + name + "' checks port "
                        + p.port() + ", which the container does not declare (declared: " + ports + ")");
            }
            checks.require(stopSignal != null && SIGNAL.matcher(stopSignal).matches(), "stopSignal of container '"
                    + name + "' '" + stopSignal + "' is not a signal name such as SIGTERM or a number");
            checks.require(user == null || !user.isBlank(), "user of container '" + name + "' is blank");
            if (workingDir != null) {
                checks.absolutePath("workingDir of container '" + name + "'", workingDir);
            }
            checks.throwIfAny();
            return new ContainerSpec(this);
        }
    }
}
