package dev.sidecar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A pod: one main container, the sidecars that help it, the init containers that prepare it, the volumes they share
 * and which namespaces they share (Kubernetes' {@code PodSpec}). Plain, runtime-neutral data: build it once in a
 * constant, derive variants with {@link #toBuilder()}, compare it with {@code equals} and print it (secrets masked).
 *
 * <pre>{@code
 * static final PodSpec WEB = PodSpec.builder("web")
 *         .main(ContainerSpec.builder("app", "my/app:1").port(8080).readyWhen(Probe.http(8080, "/health")).build())
 *         .sidecar(ContainerSpec.builder("proxy", "my/tls-proxy:1").port(8443).build())
 *         .build();
 * }</pre>
 *
 * <p>Every rule is checked by {@code build()}, which reports all broken rules at once in one
 * {@link InvalidSpecException}; builder setters only store (a null argument fails at once, naming it). The containers
 * and volumes given are already checked by their own {@code build()}.
 */
public final class PodSpec {

    /** The grace period for stopping the pod unless given ({@code terminationGracePeriodSeconds}: 30). */
    public static final Duration DEFAULT_TERMINATION_GRACE_PERIOD = Duration.ofSeconds(30);

    private final String name;
    private final String hostname;
    private final List<ContainerSpec> initContainers;
    private final List<ContainerSpec> sidecars;
    private final ContainerSpec main;
    private final List<VolumeSpec> volumes;
    private final boolean shareProcessNamespace;
    private final boolean shareIpcNamespace;
    private final Duration terminationGracePeriod;
    private final SidecarStartOrder sidecarStartOrder;
    private final Map<String, ContainerRole> roles;
    private final Map<String, RestartPolicy> restartPolicies;
    /** The secret env values of every container, longest first, so that one containing another is masked whole. */
    private final List<String> secretValues;

    private PodSpec(Builder b) {
        this.name = b.name;
        this.hostname = b.hostname == null ? b.name : b.hostname;
        this.initContainers = List.copyOf(b.initContainers.values());
        this.sidecars = List.copyOf(b.sidecars.values());
        this.main = b.main;
        this.volumes = List.copyOf(b.volumes.values());
        this.shareProcessNamespace = b.shareProcessNamespace;
        this.shareIpcNamespace = b.shareIpcNamespace;
        this.terminationGracePeriod = b.terminationGracePeriod;
        this.sidecarStartOrder = b.sidecarStartOrder;
        Map<String, ContainerRole> r = new LinkedHashMap<>();
        initContainers.forEach(c -> r.put(c.name(), ContainerRole.INIT));
        sidecars.forEach(c -> r.put(c.name(), ContainerRole.SIDECAR));
        r.put(main.name(), ContainerRole.MAIN);
        this.roles = java.util.Collections.unmodifiableMap(r);
        Map<String, RestartPolicy> policies = new HashMap<>();
        allContainers().forEach(c -> policies.put(c.name(), c.restartPolicy()
                .orElse(roles.get(c.name()) == ContainerRole.SIDECAR ? RestartPolicy.ALWAYS : RestartPolicy.NEVER)));
        this.restartPolicies = Map.copyOf(policies);
        this.secretValues = Secrets.ordered(allContainers().stream()
                .flatMap(c -> c.secretValues().stream()).toList());
    }

    /** Starts a pod named {@code name}, a DNS-1123 label that also names its Docker objects. */
    public static Builder builder(String name) {
        return new Builder(Checks.notNull(name, "name"));
    }

    /** A builder holding this spec's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.hostname = hostname.equals(name) ? null : hostname;
        initContainers.forEach(b::initContainer);
        sidecars.forEach(b::sidecar);
        b.main = main;
        volumes.forEach(b::volume);
        b.shareProcessNamespace = shareProcessNamespace;
        b.shareIpcNamespace = shareIpcNamespace;
        b.terminationGracePeriod = terminationGracePeriod;
        b.sidecarStartOrder = sidecarStartOrder;
        return b;
    }

    /** The pod's name. */
    public String name() {
        return name;
    }

    /** The hostname every container sees (Kubernetes {@code hostname}); the pod's name unless given. */
    public String hostname() {
        return hostname;
    }

    /** The init containers, run to completion one after the other before anything else starts. */
    public List<ContainerSpec> initContainers() {
        return initContainers;
    }

    /** The sidecars in declared order: started before main, stopped after it in reverse order. */
    public List<ContainerSpec> sidecars() {
        return sidecars;
    }

    /** The main (application) container. */
    public ContainerSpec main() {
        return main;
    }

    /** The long-running containers in start order: the sidecars, then main. */
    public List<ContainerSpec> containers() {
        return Stream.concat(sidecars.stream(), Stream.of(main)).toList();
    }

    /** Every container the pod declares, init containers first, then sidecars, then main. */
    public List<ContainerSpec> allContainers() {
        return Stream.concat(initContainers.stream(), containers().stream()).toList();
    }

    /**
     * The container named {@code name}, of any role.
     *
     * @throws NoSuchElementException naming the pod's containers when it has none of that name
     */
    public ContainerSpec container(String name) {
        return findContainer(name).orElseThrow(() -> new NoSuchElementException("pod '" + this.name
                + "' has no container '" + name + "' (has: " + roles.keySet() + ")"));
    }

    /** The container named {@code name}, of any role, if the pod has one. */
    public Optional<ContainerSpec> findContainer(String name) {
        Checks.notNull(name, "name");
        return allContainers().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The part the container named {@code containerName} plays in the pod.
     *
     * @throws NoSuchElementException when the pod has no such container
     */
    public ContainerRole role(String containerName) {
        Checks.notNull(containerName, "containerName");
        return Optional.ofNullable(roles.get(containerName)).orElseThrow(() -> new NoSuchElementException("pod '"
                + name + "' has no container '" + containerName + "' (has: " + roles.keySet() + ")"));
    }

    /**
     * The restart policy in force for the container named {@code containerName}: its own, else its role's default
     * ({@link RestartPolicy#ALWAYS} for sidecars, as Kubernetes' native sidecars; {@link RestartPolicy#NEVER} for
     * main and init containers).
     *
     * @throws NoSuchElementException when the pod has no such container
     */
    public RestartPolicy restartPolicyOf(String containerName) {
        role(containerName);
        return restartPolicies.get(containerName);
    }

    /** The volumes the containers may mount. */
    public List<VolumeSpec> volumes() {
        return volumes;
    }

    /** Whether the containers see each other's processes (Kubernetes {@code shareProcessNamespace}). */
    public boolean shareProcessNamespace() {
        return shareProcessNamespace;
    }

    /** Whether the containers share System V IPC and POSIX shared memory, as a Kubernetes pod's do. */
    public boolean shareIpcNamespace() {
        return shareIpcNamespace;
    }

    /**
     * How long stopping may take in all before what remains is killed ({@code terminationGracePeriodSeconds}); zero
     * means no graceful stop at all: every container is killed at once.
     */
    public Duration terminationGracePeriod() {
        return terminationGracePeriod;
    }

    /** Whether sidecars start one after the other or all at once. */
    public SidecarStartOrder sidecarStartOrder() {
        return sidecarStartOrder;
    }

    /**
     * {@code text} with every secret env value of every container replaced by {@code *****}. The library masks
     * everything it prints, logs, reports or returns from a container's output with this; use it for text of your
     * own about the pod.
     */
    public String maskSecrets(String text) {
        String masked = Checks.notNull(text, "text");
        for (String secret : secretValues) {
            masked = masked.replace(secret, Secrets.MASK);
        }
        return masked;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PodSpec p && name.equals(p.name) && hostname.equals(p.hostname)
                && initContainers.equals(p.initContainers) && sidecars.equals(p.sidecars) && main.equals(p.main)
                && volumes.equals(p.volumes) && shareProcessNamespace == p.shareProcessNamespace
                && shareIpcNamespace == p.shareIpcNamespace && terminationGracePeriod.equals(p.terminationGracePeriod)
                && sidecarStartOrder == p.sidecarStartOrder;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, hostname, initContainers, sidecars, main, volumes, shareProcessNamespace,
                shareIpcNamespace, terminationGracePeriod, sidecarStartOrder);
    }

    /** A readable description; every secret value is masked wherever it appears. */
    @Override
    public String toString() {
        return maskSecrets("PodSpec{" + name + (hostname.equals(name) ? "" : ", hostname=" + hostname)
                + (initContainers.isEmpty() ? "" : ", initContainers=" + initContainers)
                + (sidecars.isEmpty() ? "" : ", sidecars=" + sidecars) + ", main=" + main
                + (volumes.isEmpty() ? "" : ", volumes=" + volumes)
                + ", shareProcessNamespace=" + shareProcessNamespace + ", shareIpcNamespace=" + shareIpcNamespace
                + ", terminationGracePeriod=" + terminationGracePeriod + ", sidecarStartOrder=" + sidecarStartOrder
                + "}");
    }

    /**
     * Builds a {@link PodSpec}. Containers and volumes are kept by name, as Kubernetes merges them: giving one of a
     * name already there replaces it in place. Setters only store (a null argument fails at once);
     * {@link #build()} checks every rule and reports all problems in one {@link InvalidSpecException}.
     */
    public static final class Builder {
        private final String name;
        private String hostname;
        private final Map<String, ContainerSpec> initContainers = new LinkedHashMap<>();
        private final Map<String, ContainerSpec> sidecars = new LinkedHashMap<>();
        private ContainerSpec main;
        private final Map<String, VolumeSpec> volumes = new LinkedHashMap<>();
        private boolean shareProcessNamespace;
        private boolean shareIpcNamespace = true;
        private Duration terminationGracePeriod = DEFAULT_TERMINATION_GRACE_PERIOD;
        private SidecarStartOrder sidecarStartOrder = SidecarStartOrder.ORDERED;

        private Builder(String name) {
            this.name = name;
        }

        /** Sets the main (application) container, replacing the one set before. */
        public Builder main(ContainerSpec main) {
            this.main = Checks.notNull(main, "main");
            return this;
        }

        /**
         * Adds a sidecar after those added before, or replaces the sidecar of the same name in its place. Sidecars
         * start before main in this order and are restarted {@code ALWAYS} unless they say otherwise.
         */
        public Builder sidecar(ContainerSpec sidecar) {
            sidecars.put(Checks.notNull(sidecar, "sidecar").name(), sidecar);
            return this;
        }

        /**
         * Adds an init container after those added before, or replaces the one of the same name in its place. Init
         * containers run to completion, one after the other, before any sidecar starts ({@code initContainers}).
         */
        public Builder initContainer(ContainerSpec init) {
            initContainers.put(Checks.notNull(init, "initContainer").name(), init);
            return this;
        }

        /** Removes the container named {@code name}, whatever its role, if there is one. */
        public Builder removeContainer(String name) {
            Checks.notNull(name, "name");
            initContainers.remove(name);
            sidecars.remove(name);
            if (main != null && main.name().equals(name)) {
                main = null;
            }
            return this;
        }

        /** Declares a volume that containers may mount by its name, or replaces the one of the same name. */
        public Builder volume(VolumeSpec volume) {
            volumes.put(Checks.notNull(volume, "volume").name(), volume);
            return this;
        }

        /** Removes the volume named {@code name}, if there is one. */
        public Builder removeVolume(String name) {
            volumes.remove(Checks.notNull(name, "name"));
            return this;
        }

        /** Sets the hostname; the pod's name unless given. */
        public Builder hostname(String hostname) {
            this.hostname = Checks.notNull(hostname, "hostname");
            return this;
        }

        /** Shares one process namespace between the containers (off by default, as in Kubernetes). */
        public Builder shareProcessNamespace(boolean share) {
            this.shareProcessNamespace = share;
            return this;
        }

        /** Shares the IPC namespace between the containers (on by default, as in Kubernetes). */
        public Builder shareIpcNamespace(boolean share) {
            this.shareIpcNamespace = share;
            return this;
        }

        /**
         * Sets how long stopping the whole pod may take before what remains is killed (default 30 s). Zero, as
         * {@code terminationGracePeriodSeconds: 0} in Kubernetes, stops immediately: no stop signal, every container
         * killed and removed at once, which suits tests that need no graceful shutdown.
         */
        public Builder terminationGracePeriod(Duration gracePeriod) {
            this.terminationGracePeriod = Checks.notNull(gracePeriod, "terminationGracePeriod");
            return this;
        }

        /** Sets whether sidecars start one after the other (default) or all at once. */
        public Builder sidecarStartOrder(SidecarStartOrder order) {
            this.sidecarStartOrder = Checks.notNull(order, "sidecarStartOrder");
            return this;
        }

        /**
         * Checks every rule and builds the spec.
         *
         * @throws InvalidSpecException listing every problem found
         */
        public PodSpec build() {
            String pod = "pod '" + name + "'";
            Checks checks = new Checks(pod);
            checks.dnsLabel("pod name", name, 63);
            if (hostname != null) {
                checks.dnsLabel("hostname of " + pod, hostname, 63);
            }
            checks.require(main != null, pod + " has no main container: call main(...)");
            checks.notNegative("terminationGracePeriod of " + pod, terminationGracePeriod);

            List<Map.Entry<ContainerRole, ContainerSpec>> roles = new ArrayList<>();
            initContainers.values().forEach(c -> roles.add(Map.entry(ContainerRole.INIT, c)));
            sidecars.values().forEach(c -> roles.add(Map.entry(ContainerRole.SIDECAR, c)));
            if (main != null) {
                roles.add(Map.entry(ContainerRole.MAIN, main));
            }
            List<ContainerSpec> all = roles.stream().map(Map.Entry::getValue).toList();
            Map<String, List<ContainerRole>> uses = roles.stream().collect(Collectors.groupingBy(
                    e -> e.getValue().name(), LinkedHashMap::new,
                    Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
            uses.forEach((container, as) -> checks.require(as.size() == 1, "container name '" + container
                    + "' is used twice in " + pod + " (as " + as.stream().map(r -> r.name().toLowerCase(
                    java.util.Locale.ROOT)).collect(Collectors.joining(" and ")) + ")"));

            Map<Integer, String> portOwner = new HashMap<>();
            for (Map.Entry<ContainerRole, ContainerSpec> e : roles) {
                if (e.getKey() == ContainerRole.INIT) {
                    continue;
                }
                ContainerSpec c = e.getValue();
                for (int port : c.ports()) {
                    String other = portOwner.putIfAbsent(port, c.name());
                    checks.require(other == null, "port " + port + " is declared by both container '" + other
                            + "' and container '" + c.name() + "': they share one network namespace");
                }
            }
            Map<String, VolumeSpec> declared = volumes;
            for (ContainerSpec c : all) {
                for (VolumeMount m : c.mounts()) {
                    checks.require(declared.containsKey(m.volume()), "container '" + c.name() + "' mounts volume '"
                            + m.volume() + "', which " + pod + " does not declare (declared: "
                            + declared.keySet() + ")");
                }
            }
            for (ContainerSpec init : initContainers.values()) {
                checks.require(init.readinessProbe().isEmpty(), "init container '" + init.name()
                        + "' has a readiness probe (" + init.readinessProbe().map(Probe::toString).orElse("")
                        + "): init containers run to completion and are never probed");
                init.restartPolicy().filter(p -> p != RestartPolicy.NEVER).ifPresent(p -> checks.require(false,
                        "init container '" + init.name() + "' has restartPolicy " + p + ": an init container runs "
                        + "once and a failure fails the pod's start" + (p == RestartPolicy.ALWAYS
                        ? "; a container restarted ALWAYS is a sidecar: declare it with sidecar(...)" : "")));
            }
            checks.throwIfAny();
            return new PodSpec(this);
        }
    }
}
