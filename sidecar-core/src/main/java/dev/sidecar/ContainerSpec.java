package dev.sidecar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One container of a pod: Kubernetes' {@code Container}. Whether it is a main container, a sidecar or an init
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

    /** The pod fields an environment variable may take ({@code fieldRef}), besides one label or annotation. */
    static final Set<String> ENV_FIELDS = Set.of("metadata.name", "metadata.namespace", "metadata.uid",
            "spec.nodeName", "spec.serviceAccountName", "status.podIP", "status.hostIP", "status.podIPs",
            "status.hostIPs");
    /** The resources an environment variable or a downward API file may take ({@code resourceFieldRef}). */
    static final Set<String> RESOURCES = Set.of("limits.cpu", "limits.memory", "requests.cpu", "requests.memory");

    private final String name;
    private final String image;
    private final List<String> command;
    private final List<String> args;
    private final Map<String, String> env;
    private final Set<String> secretEnv;
    private final Map<String, EnvVarSource> envSources;
    private final List<EnvFromSource> envFrom;
    private final List<ContainerPort> ports;
    private final List<VolumeMount> mounts;
    private final Probe readinessProbe;
    private final Probe startupProbe;
    private final Probe livenessProbe;
    private final Hook postStart;
    private final Hook preStop;
    private final String memoryLimit;
    private final long memoryLimitBytes;
    private final String cpuLimit;
    private final long cpuLimitMillis;
    private final String memoryRequest;
    private final long memoryRequestBytes;
    private final String cpuRequest;
    private final long cpuRequestMillis;
    private final String user;
    private final Long runAsUser;
    private final Long runAsGroup;
    private final Boolean runAsNonRoot;
    private final boolean readOnlyRootFilesystem;
    private final Boolean allowPrivilegeEscalation;
    private final String workingDir;
    private final RestartPolicy restartPolicy;
    private final Signal stopSignal;
    private final boolean privileged;
    private final List<String> addedCapabilities;
    private final List<String> droppedCapabilities;
    private final ImagePullPolicy imagePullPolicy;
    private final boolean stdin;
    private final boolean tty;

    private ContainerSpec(Builder b, Quantities q, Signal stopSignal) {
        this.name = b.name;
        this.image = b.image;
        this.command = List.copyOf(b.command);
        this.args = List.copyOf(b.args);
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.secretEnv = Collections.unmodifiableSet(new LinkedHashSet<>(b.secretEnv));
        this.envSources = Collections.unmodifiableMap(new LinkedHashMap<>(b.envSources));
        this.envFrom = List.copyOf(b.envFrom);
        this.ports = List.copyOf(b.ports);
        this.mounts = List.copyOf(b.mounts);
        this.readinessProbe = b.readinessProbe;
        this.startupProbe = b.startupProbe;
        this.livenessProbe = b.livenessProbe;
        this.postStart = b.postStart;
        this.preStop = b.preStop;
        this.memoryLimit = b.memoryLimit;
        this.memoryLimitBytes = q.memoryLimit;
        this.cpuLimit = b.cpuLimit;
        this.cpuLimitMillis = q.cpuLimit;
        this.memoryRequest = b.memoryRequest;
        this.memoryRequestBytes = q.memoryRequest;
        this.cpuRequest = b.cpuRequest;
        this.cpuRequestMillis = q.cpuRequest;
        this.user = b.user;
        this.runAsUser = b.runAsUser;
        this.runAsGroup = b.runAsGroup;
        this.runAsNonRoot = b.runAsNonRoot;
        this.readOnlyRootFilesystem = b.readOnlyRootFilesystem;
        this.allowPrivilegeEscalation = b.allowPrivilegeEscalation;
        this.workingDir = b.workingDir;
        this.restartPolicy = b.restartPolicy;
        this.stopSignal = stopSignal;
        this.privileged = b.privileged;
        this.addedCapabilities = b.addedCapabilities.stream().map(Checks::capabilityKey).distinct().toList();
        this.droppedCapabilities = b.droppedCapabilities.stream().map(Checks::capabilityKey).distinct().toList();
        this.imagePullPolicy = b.imagePullPolicy;
        this.stdin = b.stdin;
        this.tty = b.tty;
    }

    /** The quantities a build parsed. */
    private record Quantities(long memoryLimit, long cpuLimit, long memoryRequest, long cpuRequest) {
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
        b.envSources.putAll(envSources);
        b.envFrom.addAll(envFrom);
        b.ports.addAll(ports);
        b.mounts.addAll(mounts);
        b.readinessProbe = readinessProbe;
        b.startupProbe = startupProbe;
        b.livenessProbe = livenessProbe;
        b.postStart = postStart;
        b.preStop = preStop;
        b.memoryLimit = memoryLimit;
        b.cpuLimit = cpuLimit;
        b.memoryRequest = memoryRequest;
        b.cpuRequest = cpuRequest;
        b.user = user;
        b.runAsUser = runAsUser;
        b.runAsGroup = runAsGroup;
        b.runAsNonRoot = runAsNonRoot;
        b.readOnlyRootFilesystem = readOnlyRootFilesystem;
        b.allowPrivilegeEscalation = allowPrivilegeEscalation;
        b.workingDir = workingDir;
        b.restartPolicy = restartPolicy;
        b.stopSignal = stopSignal.name();
        b.privileged = privileged;
        b.addedCapabilities.addAll(addedCapabilities);
        b.droppedCapabilities.addAll(droppedCapabilities);
        b.imagePullPolicy = imagePullPolicy;
        b.stdin = stdin;
        b.tty = tty;
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

    /** When the image is pulled ({@code imagePullPolicy}); {@link ImagePullPolicy#IF_NOT_PRESENT} unless given. */
    public ImagePullPolicy imagePullPolicy() {
        return imagePullPolicy;
    }

    /** Replaces the image's entrypoint when not empty (Kubernetes {@code command}). */
    public List<String> command() {
        return command;
    }

    /** Replaces the image's default arguments when not empty (Kubernetes {@code args}). */
    public List<String> args() {
        return args;
    }

    /** Environment variables given as values, in declared order, secret ones included; never print this map. */
    public Map<String, String> env() {
        return env;
    }

    /** The names of the environment variables whose values are secret and never printed. */
    public Set<String> secretEnvNames() {
        return secretEnv;
    }

    /** Environment variables whose value comes from elsewhere ({@code valueFrom}), in declared order. */
    public Map<String, EnvVarSource> envSources() {
        return envSources;
    }

    /** ConfigMaps and Secrets whose every key becomes a variable ({@code envFrom}), in declared order. */
    public List<EnvFromSource> envFrom() {
        return envFrom;
    }

    /** The ports it listens on ({@code ports}); the pod publishes each one. */
    public List<ContainerPort> containerPorts() {
        return ports;
    }

    /** The numbers of its TCP ports, in declared order. */
    public List<Integer> ports() {
        return ports.stream().filter(p -> p.protocol() == ContainerPort.Protocol.TCP)
                .map(ContainerPort::containerPort).toList();
    }

    /** The number of its port named {@code portName}, if it declares one. */
    public Optional<Integer> portNamed(String portName) {
        return ports.stream().filter(p -> Checks.notNull(portName, "portName").equals(p.name()))
                .map(ContainerPort::containerPort).findFirst();
    }

    /** The pod volumes mounted into this container ({@code volumeMounts}). */
    public List<VolumeMount> mounts() {
        return mounts;
    }

    /** When the container counts as ready ({@code readinessProbe}); without one, as soon as it has started. */
    public Optional<Probe> readinessProbe() {
        return Optional.ofNullable(readinessProbe);
    }

    /**
     * When the container counts as started ({@code startupProbe}); without one, as soon as it runs. Until it has
     * started, neither readiness nor liveness is probed, and for a sidecar the next container does not start.
     */
    public Optional<Probe> startupProbe() {
        return Optional.ofNullable(startupProbe);
    }

    /** When the container counts as alive ({@code livenessProbe}); one that fails it is killed and restarted. */
    public Optional<Probe> livenessProbe() {
        return Optional.ofNullable(livenessProbe);
    }

    /** What runs right after the container starts ({@code lifecycle.postStart}). */
    public Optional<Hook> postStart() {
        return Optional.ofNullable(postStart);
    }

    /** What runs before the container gets its stop signal ({@code lifecycle.preStop}). */
    public Optional<Hook> preStop() {
        return Optional.ofNullable(preStop);
    }

    /** The memory limit in bytes ({@code resources.limits.memory}), 0 for none. */
    public long memoryLimitBytes() {
        return memoryLimitBytes;
    }

    /** The CPU limit in millicores ({@code resources.limits.cpu}), 0 for none. */
    public long cpuLimitMillis() {
        return cpuLimitMillis;
    }

    /** The memory it asks for in bytes ({@code resources.requests.memory}), 0 for none. */
    public long memoryRequestBytes() {
        return memoryRequestBytes;
    }

    /** The CPU it asks for in millicores ({@code resources.requests.cpu}), 0 for none. */
    public long cpuRequestMillis() {
        return cpuRequestMillis;
    }

    /** The user by name or {@code uid[:gid]}, an extension of {@link #runAsUser()}; if not the image's. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The user id it runs as ({@code securityContext.runAsUser}), if given; the pod's, else the image's. */
    public OptionalLong runAsUser() {
        return runAsUser == null ? OptionalLong.empty() : OptionalLong.of(runAsUser);
    }

    /** The group id it runs as ({@code securityContext.runAsGroup}), if given. */
    public OptionalLong runAsGroup() {
        return runAsGroup == null ? OptionalLong.empty() : OptionalLong.of(runAsGroup);
    }

    /** Whether it must not run as root ({@code securityContext.runAsNonRoot}), if given. */
    public Optional<Boolean> runAsNonRoot() {
        return Optional.ofNullable(runAsNonRoot);
    }

    /** Whether its root filesystem is read-only ({@code securityContext.readOnlyRootFilesystem}). */
    public boolean readOnlyRootFilesystem() {
        return readOnlyRootFilesystem;
    }

    /** Whether its processes may gain privileges ({@code securityContext.allowPrivilegeEscalation}), if given. */
    public Optional<Boolean> allowPrivilegeEscalation() {
        return Optional.ofNullable(allowPrivilegeEscalation);
    }

    /** The working directory, if not the image's. */
    public Optional<String> workingDir() {
        return Optional.ofNullable(workingDir);
    }

    /**
     * The restart policy given to this container, if one was; the pod resolves the policy in force in
     * {@link PodSpec#restartPolicyOf(String)}.
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

    /** Linux capabilities taken away ({@code securityContext.capabilities.drop}), such as {@code ALL}. */
    public List<String> droppedCapabilities() {
        return droppedCapabilities;
    }

    /** Whether its standard input stays open ({@code stdin}). */
    public boolean stdin() {
        return stdin;
    }

    /** Whether it gets a terminal ({@code tty}). */
    public boolean tty() {
        return tty;
    }

    /** The environment given as values, with every secret value replaced by {@code *****}, safe to print. */
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
                && secretEnv.equals(c.secretEnv) && envSources.equals(c.envSources) && envFrom.equals(c.envFrom)
                && ports.equals(c.ports) && mounts.equals(c.mounts)
                && Objects.equals(readinessProbe, c.readinessProbe) && Objects.equals(startupProbe, c.startupProbe)
                && Objects.equals(livenessProbe, c.livenessProbe) && Objects.equals(postStart, c.postStart)
                && Objects.equals(preStop, c.preStop) && memoryLimitBytes == c.memoryLimitBytes
                && cpuLimitMillis == c.cpuLimitMillis && memoryRequestBytes == c.memoryRequestBytes
                && cpuRequestMillis == c.cpuRequestMillis && Objects.equals(user, c.user)
                && Objects.equals(runAsUser, c.runAsUser) && Objects.equals(runAsGroup, c.runAsGroup)
                && Objects.equals(runAsNonRoot, c.runAsNonRoot) && readOnlyRootFilesystem == c.readOnlyRootFilesystem
                && Objects.equals(allowPrivilegeEscalation, c.allowPrivilegeEscalation)
                && Objects.equals(workingDir, c.workingDir) && restartPolicy == c.restartPolicy
                && stopSignal.equals(c.stopSignal) && privileged == c.privileged
                && addedCapabilities.equals(c.addedCapabilities) && droppedCapabilities.equals(c.droppedCapabilities)
                && imagePullPolicy == c.imagePullPolicy && stdin == c.stdin && tty == c.tty;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, image, command, args, env, secretEnv, envSources, envFrom, ports, mounts,
                readinessProbe, startupProbe, livenessProbe, postStart, preStop, memoryLimitBytes, cpuLimitMillis,
                memoryRequestBytes, cpuRequestMillis, user, runAsUser, runAsGroup, runAsNonRoot,
                readOnlyRootFilesystem, allowPrivilegeEscalation, workingDir, restartPolicy, stopSignal, privileged,
                addedCapabilities, droppedCapabilities, imagePullPolicy, stdin, tty);
    }

    /** A readable description of what differs from the defaults; secret values are masked wherever they appear. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ContainerSpec{").append(name).append(", image=").append(image);
        field(s, "imagePullPolicy", imagePullPolicy == ImagePullPolicy.IF_NOT_PRESENT ? null : imagePullPolicy);
        field(s, "command", command.isEmpty() ? null : command);
        field(s, "args", args.isEmpty() ? null : args);
        field(s, "env", env.isEmpty() ? null : maskedEnv());
        field(s, "valueFrom", envSources.isEmpty() ? null : envSources);
        field(s, "envFrom", envFrom.isEmpty() ? null : envFrom);
        field(s, "ports", ports.isEmpty() ? null : ports);
        field(s, "mounts", mounts.isEmpty() ? null : mounts);
        field(s, "readinessProbe", readinessProbe);
        field(s, "startupProbe", startupProbe);
        field(s, "livenessProbe", livenessProbe);
        field(s, "postStart", postStart);
        field(s, "preStop", preStop);
        field(s, "memoryLimit", memoryLimit);
        field(s, "cpuLimit", cpuLimit);
        field(s, "memoryRequest", memoryRequest);
        field(s, "cpuRequest", cpuRequest);
        field(s, "user", user);
        field(s, "runAsUser", runAsUser);
        field(s, "runAsGroup", runAsGroup);
        field(s, "runAsNonRoot", runAsNonRoot);
        field(s, "readOnlyRootFilesystem", readOnlyRootFilesystem ? true : null);
        field(s, "allowPrivilegeEscalation", allowPrivilegeEscalation);
        field(s, "workingDir", workingDir);
        field(s, "restartPolicy", restartPolicy);
        field(s, "stopSignal", DEFAULT_STOP_SIGNAL.equals(stopSignal) ? null : stopSignal);
        field(s, "privileged", privileged ? true : null);
        field(s, "capabilities.add", addedCapabilities.isEmpty() ? null : addedCapabilities);
        field(s, "capabilities.drop", droppedCapabilities.isEmpty() ? null : droppedCapabilities);
        field(s, "stdin", stdin ? true : null);
        field(s, "tty", tty ? true : null);
        return Secrets.mask(s.append('}').toString(), secretValues());
    }

    private static void field(StringBuilder s, String name, Object value) {
        if (value != null) {
            s.append(", ").append(name).append('=').append(value);
        }
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
        private final Map<String, EnvVarSource> envSources = new LinkedHashMap<>();
        private final List<EnvFromSource> envFrom = new ArrayList<>();
        private final List<ContainerPort> ports = new ArrayList<>();
        private final List<VolumeMount> mounts = new ArrayList<>();
        private Probe readinessProbe;
        private Probe startupProbe;
        private Probe livenessProbe;
        private Hook postStart;
        private Hook preStop;
        private String memoryLimit;
        private String cpuLimit;
        private String memoryRequest;
        private String cpuRequest;
        private String user;
        private Long runAsUser;
        private Long runAsGroup;
        private Boolean runAsNonRoot;
        private boolean readOnlyRootFilesystem;
        private Boolean allowPrivilegeEscalation;
        private String workingDir;
        private RestartPolicy restartPolicy;
        private String stopSignal = DEFAULT_STOP_SIGNAL.name();
        private boolean privileged;
        private final List<String> addedCapabilities = new ArrayList<>();
        private final List<String> droppedCapabilities = new ArrayList<>();
        private ImagePullPolicy imagePullPolicy = ImagePullPolicy.IF_NOT_PRESENT;
        private boolean stdin;
        private boolean tty;

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

        /** When the image is pulled (default {@link ImagePullPolicy#IF_NOT_PRESENT}). */
        public Builder imagePullPolicy(ImagePullPolicy policy) {
            this.imagePullPolicy = Checks.notNull(policy, "imagePullPolicy");
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
            removeEnv(name);
            env.put(name, Checks.notNull(value, "value of env " + name));
            return this;
        }

        /** Sets an environment variable whose value is never printed: not by {@code toString}, logs or reports. */
        public Builder secretEnv(String name, String value) {
            env(name, value);
            secretEnv.add(name);
            return this;
        }

        /** Sets an environment variable from a ConfigMap or Secret key, a pod field or a resource ({@code valueFrom}). */
        public Builder env(String name, EnvVarSource source) {
            removeEnv(name);
            envSources.put(name, Checks.notNull(source, "source of env " + name));
            return this;
        }

        /** Makes every key of a ConfigMap or Secret a variable ({@code envFrom}); variables set with env win. */
        public Builder envFrom(EnvFromSource source) {
            envFrom.add(Checks.notNull(source, "source"));
            return this;
        }

        /** Removes the environment variable {@code name}, however it was set. */
        public Builder removeEnv(String name) {
            Checks.notNull(name, "name");
            env.remove(name);
            secretEnv.remove(name);
            envSources.remove(name);
            return this;
        }

        /** Declares a TCP port the container listens on ({@code containerPort}); the pod publishes it on the host. */
        public Builder port(int port) {
            return port(ContainerPort.tcp(port));
        }

        /** Declares a named TCP port, which probes may name instead of its number. */
        public Builder port(String name, int port) {
            return port(new ContainerPort(Checks.notNull(name, "name"), port, ContainerPort.Protocol.TCP));
        }

        /** Declares a port. */
        public Builder port(ContainerPort port) {
            ports.add(Checks.notNull(port, "port"));
            return this;
        }

        /** Removes the declared port {@code port} (of either protocol), if declared. */
        public Builder removePort(int port) {
            ports.removeIf(p -> p.containerPort() == port);
            return this;
        }

        /** Mounts the pod's volume {@code volume} at {@code mountPath}, writable. */
        public Builder mount(String volume, String mountPath) {
            return mount(new VolumeMount(volume, mountPath, false));
        }

        /** Mounts the pod's volume {@code volume} at {@code mountPath}, read-only. */
        public Builder mountReadOnly(String volume, String mountPath) {
            return mount(new VolumeMount(volume, mountPath, true));
        }

        /** Mounts a volume as {@code mount} says, for example one file of it ({@code subPath}). */
        public Builder mount(VolumeMount mount) {
            mounts.add(Checks.notNull(mount, "mount"));
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

        /** Removes the readiness probe: the container is ready as soon as it has started. */
        public Builder removeReadinessProbe() {
            this.readinessProbe = null;
            return this;
        }

        /** Declares when the container has started (Kubernetes {@code startupProbe}). */
        public Builder startupProbe(Probe probe) {
            this.startupProbe = Checks.notNull(probe, "probe");
            return this;
        }

        /** Removes the startup probe: the container has started as soon as it runs. */
        public Builder removeStartupProbe() {
            this.startupProbe = null;
            return this;
        }

        /** Declares when the container is alive (Kubernetes {@code livenessProbe}); failing it restarts it. */
        public Builder livenessProbe(Probe probe) {
            this.livenessProbe = Checks.notNull(probe, "probe");
            return this;
        }

        /** Removes the liveness probe. */
        public Builder removeLivenessProbe() {
            this.livenessProbe = null;
            return this;
        }

        /** Runs {@code hook} right after the container starts ({@code lifecycle.postStart}). */
        public Builder postStart(Hook hook) {
            this.postStart = Checks.notNull(hook, "hook");
            return this;
        }

        /** Runs {@code hook} before the container gets its stop signal ({@code lifecycle.preStop}). */
        public Builder preStop(Hook hook) {
            this.preStop = Checks.notNull(hook, "hook");
            return this;
        }

        /** Removes both lifecycle hooks. */
        public Builder removeHooks() {
            this.postStart = null;
            this.preStop = null;
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

        /** Asks for memory, a Kubernetes quantity ({@code resources.requests.memory}). */
        public Builder memoryRequest(String quantity) {
            this.memoryRequest = Checks.notNull(quantity, "memoryRequest");
            return this;
        }

        /** Asks for CPU, a Kubernetes quantity ({@code resources.requests.cpu}). */
        public Builder cpuRequest(String quantity) {
            this.cpuRequest = Checks.notNull(quantity, "cpuRequest");
            return this;
        }

        /** Runs the process as {@code user}, a name known to the image or {@code uid[:gid]} (an extension). */
        public Builder user(String user) {
            this.user = Checks.notNull(user, "user");
            return this;
        }

        /** Runs the process as user id {@code uid} ({@code securityContext.runAsUser}). */
        public Builder runAsUser(long uid) {
            this.runAsUser = uid;
            return this;
        }

        /** Runs the process with group id {@code gid} ({@code securityContext.runAsGroup}). */
        public Builder runAsGroup(long gid) {
            this.runAsGroup = gid;
            return this;
        }

        /** Refuses to start it as root ({@code securityContext.runAsNonRoot}), checked against the image's user. */
        public Builder runAsNonRoot(boolean nonRoot) {
            this.runAsNonRoot = nonRoot;
            return this;
        }

        /** Makes its root filesystem read-only ({@code securityContext.readOnlyRootFilesystem}). */
        public Builder readOnlyRootFilesystem(boolean readOnly) {
            this.readOnlyRootFilesystem = readOnly;
            return this;
        }

        /** Whether its processes may gain privileges ({@code securityContext.allowPrivilegeEscalation}). */
        public Builder allowPrivilegeEscalation(boolean allow) {
            this.allowPrivilegeEscalation = allow;
            return this;
        }

        /** Sets the working directory, an absolute path. */
        public Builder workingDir(String workingDir) {
            this.workingDir = Checks.notNull(workingDir, "workingDir");
            return this;
        }

        /**
         * Sets what happens when the process exits while the pod runs; without it, the pod decides
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

        /** Takes a Linux capability away, or {@code ALL} of them ({@code securityContext.capabilities.drop}). */
        public Builder dropCapability(String capability) {
            droppedCapabilities.add(Checks.notNull(capability, "capability"));
            return this;
        }

        /** Keeps its standard input open ({@code stdin}). */
        public Builder stdin(boolean stdin) {
            this.stdin = stdin;
            return this;
        }

        /** Gives it a terminal ({@code tty}). */
        public Builder tty(boolean tty) {
            this.tty = tty;
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
            envSources.forEach((k, source) -> {
                checks.envName("env name" + of, k);
                envSourceProblems(checks, "env " + k + of, source);
            });
            for (EnvFromSource from : envFrom) {
                checks.dnsSubdomain("envFrom" + of, from.name());
                checks.require(from.prefix().isEmpty() || from.prefix().matches("[-._a-zA-Z][-._a-zA-Z0-9]*"),
                        "envFrom prefix" + of + " '" + from.prefix() + "' cannot start a variable name");
            }
            Set<String> seenPorts = new HashSet<>();
            Set<String> portNames = new HashSet<>();
            for (ContainerPort port : ports) {
                checks.port("port" + of, port.containerPort());
                checks.require(seenPorts.add(port.containerPort() + "/" + port.protocol()), "port "
                        + port.containerPort() + (port.protocol() == ContainerPort.Protocol.UDP ? "/udp" : "") + of
                        + " is declared twice");
                if (port.name() != null) {
                    checks.portName("port name" + of, port.name());
                    checks.require(portNames.add(port.name()), "port name '" + port.name() + "'" + of
                            + " is used twice");
                }
            }
            Set<String> seenPaths = new HashSet<>();
            for (VolumeMount m : mounts) {
                checks.require(m.subPath() == null || !m.subPath().isBlank() && !m.subPath().startsWith("/")
                        && !List.of(m.subPath().split("/")).contains(".."), "subPath '" + m.subPath()
                        + "' of volume '" + m.volume() + "' in container '" + name + "' must be a relative path "
                        + "without '..'");
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
            probe(checks, "readiness probe" + of, readinessProbe, false);
            probe(checks, "startup probe" + of, startupProbe, true);
            probe(checks, "liveness probe" + of, livenessProbe, true);
            hook(checks, "postStart hook" + of, postStart);
            hook(checks, "preStop hook" + of, preStop);
            long memory = memoryLimit == null ? 0 : checks.bytes("memoryLimit" + of, memoryLimit);
            long cpu = cpuLimit == null ? 0 : checks.cpuMillis("cpuLimit" + of, cpuLimit);
            long memoryAsked = memoryRequest == null ? 0 : checks.bytes("memoryRequest" + of, memoryRequest);
            long cpuAsked = cpuRequest == null ? 0 : checks.cpuMillis("cpuRequest" + of, cpuRequest);
            checks.require(memory == 0 || memoryAsked <= memory, "memoryRequest" + of + " '" + memoryRequest
                    + "' is more than its memoryLimit '" + memoryLimit + "'");
            checks.require(cpu == 0 || cpuAsked <= cpu, "cpuRequest" + of + " '" + cpuRequest
                    + "' is more than its cpuLimit '" + cpuLimit + "'");
            Signal signal = Signal.parse(stopSignal).orElse(null);
            checks.require(signal != null, "stopSignal" + of + " '" + stopSignal + "' is not a Linux signal name "
                    + "such as SIGTERM or SIGRTMIN+3, nor a number from 1 to 64");
            checks.require(user == null || !user.isBlank(), "user" + of + " is blank");
            if (user != null) {
                checks.noNul("user" + of, user);
            }
            checks.require(runAsUser == null || runAsUser >= 0, "runAsUser" + of + " " + runAsUser
                    + " is not a user id (0 or more)");
            checks.require(runAsGroup == null || runAsGroup >= 0, "runAsGroup" + of + " " + runAsGroup
                    + " is not a group id (0 or more)");
            checks.require(!(Boolean.TRUE.equals(runAsNonRoot) && runAsUser != null && runAsUser == 0),
                    "container '" + name + "' has runAsNonRoot and runAsUser 0 (root)");
            checks.require(!(privileged && Boolean.FALSE.equals(allowPrivilegeEscalation)), "container '" + name
                    + "' is privileged and has allowPrivilegeEscalation false, which Kubernetes refuses");
            if (workingDir != null) {
                checks.absolutePath("workingDir" + of, workingDir);
                checks.noNul("workingDir" + of, workingDir);
            }
            addedCapabilities.forEach(cap -> checks.capability("capability" + of, cap));
            droppedCapabilities.forEach(cap -> checks.capability("dropped capability" + of, cap));
            checks.throwIfAny();
            return new ContainerSpec(this, new Quantities(memory, cpu, memoryAsked, cpuAsked), signal);
        }

        /** A probe's own rules, and where it may point: a port this container declares, by number or name. */
        private void probe(Checks checks, String what, Probe probe, boolean onePass) {
            if (probe == null) {
                return;
            }
            probe.port().ifPresent(port -> checks.require(ports.stream().anyMatch(p -> p.containerPort() == port
                    && p.protocol() == ContainerPort.Protocol.TCP), what + " checks port " + port
                    + ", which the container does not declare as a TCP port (declared: " + ports + ")"));
            probe.portName().ifPresent(portName -> checks.require(ports.stream()
                    .anyMatch(p -> portName.equals(p.name())), what + " checks the port named '" + portName
                    + "', which the container does not declare (declared: " + ports + ")"));
            checks.require(!onePass || probe.successThreshold() == 1, what + " has successThreshold "
                    + probe.successThreshold() + ": startup and liveness probes pass once (Kubernetes requires 1)");
        }

        private static void hook(Checks checks, String what, Hook hook) {
            if (hook instanceof Hook.Sleep sleep) {
                checks.notNegative(what + " sleep", sleep.duration());
            } else if (hook != null) {
                checks.include(Probe.Builder.problems((Probe.Action) hook).stream().map(p -> what + ": " + p)
                        .toList());
            }
        }

        private static void envSourceProblems(Checks checks, String what, EnvVarSource source) {
            if (source instanceof EnvVarSource.ConfigMapKeyRef ref) {
                checks.dnsSubdomain("configMap of " + what, ref.configMap());
            } else if (source instanceof EnvVarSource.SecretKeyRef ref) {
                checks.dnsSubdomain("secret of " + what, ref.secret());
            } else if (source instanceof EnvVarSource.FieldRef ref) {
                checks.require(ENV_FIELDS.contains(ref.fieldPath())
                        || ref.fieldPath().matches("metadata\\.(labels|annotations)\\['[^']+'\\]"), "field '"
                        + ref.fieldPath() + "' of " + what + " is not a pod field an environment variable can take "
                        + "(" + new java.util.TreeSet<>(ENV_FIELDS) + ", or one label or annotation)");
            } else if (source instanceof EnvVarSource.ResourceFieldRef ref) {
                checks.require(RESOURCES.contains(ref.resource()), "resource '" + ref.resource() + "' of " + what
                        + " is not one of " + new java.util.TreeSet<>(RESOURCES));
                checks.require(ref.divisor().matches("[0-9]+(m|k|M|G|T|Ki|Mi|Gi|Ti)?") && !ref.divisor().matches(
                        "0+[a-zA-Z]*"), "divisor '" + ref.divisor() + "' of " + what + " is not a positive quantity");
            }
        }
    }

    /** The time a {@link Hook.Sleep} takes, for runtimes. */
    static Duration sleepOf(Hook hook) {
        return hook instanceof Hook.Sleep s ? s.duration() : Duration.ZERO;
    }
}
