package dev.sidecar;

import dev.sidecar.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    /** The secret env values of every container, longest first so that one containing another is masked whole. */
    private final List<String> secretValues;

    private PodSpec(Builder b) {
        this.name = b.name;
        this.hostname = b.hostname == null ? b.name : b.hostname;
        this.initContainers = List.copyOf(b.initContainers);
        this.sidecars = List.copyOf(b.sidecars);
        this.main = b.mains.get(0);
        this.volumes = List.copyOf(b.volumes);
        this.shareProcessNamespace = b.shareProcessNamespace;
        this.shareIpcNamespace = b.shareIpcNamespace;
        this.terminationGracePeriod = b.terminationGracePeriod;
        this.sidecarStartOrder = b.sidecarStartOrder;
        this.secretValues = allContainers().stream()
                .flatMap(c -> c.secretEnvNames().stream().map(n -> c.env().get(n)))
                .filter(v -> v != null && !v.isEmpty())
                .distinct()
                .sorted(java.util.Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** Starts a pod named {@code name}, a DNS-1123 label that also names its Docker objects. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this spec's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.hostname = hostname.equals(name) ? null : hostname;
        b.initContainers.addAll(initContainers);
        b.sidecars.addAll(sidecars);
        b.mains.add(main);
        b.volumes.addAll(volumes);
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

    /** The container named {@code name}, of any role. */
    public Optional<ContainerSpec> container(String name) {
        return allContainers().stream().filter(c -> c.name().equals(name)).findFirst();
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
     * {@code text} with every secret env value of every container replaced by {@code *****}: for anything about the
     * pod that is printed, logged or reported.
     */
    public String maskSecrets(String text) {
        String masked = text;
        for (String secret : secretValues) {
            masked = masked.replace(secret, ContainerSpec.MASK);
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

    /** Builds a {@link PodSpec}; {@link #build()} checks every rule and reports all problems at once. */
    public static final class Builder {
        private final String name;
        private String hostname;
        private final List<ContainerSpec> initContainers = new ArrayList<>();
        private final List<ContainerSpec> sidecars = new ArrayList<>();
        private final List<ContainerSpec> mains = new ArrayList<>();
        private final List<VolumeSpec> volumes = new ArrayList<>();
        private boolean shareProcessNamespace;
        private boolean shareIpcNamespace = true;
        private Duration terminationGracePeriod = DEFAULT_TERMINATION_GRACE_PERIOD;
        private SidecarStartOrder sidecarStartOrder = SidecarStartOrder.ORDERED;

        private Builder(String name) {
            this.name = name;
        }

        /** Sets the main (application) container; a pod has exactly one. */
        public Builder main(ContainerSpec main) {
            mains.add(Objects.requireNonNull(main, "main"));
            return this;
        }

        /** Adds a sidecar, started before main in declared order and restarted {@code ALWAYS} by default. */
        public Builder sidecar(ContainerSpec sidecar) {
            sidecars.add(Objects.requireNonNull(sidecar, "sidecar"));
            return this;
        }

        /** Adds an init container, run to completion before any sidecar starts (Kubernetes {@code initContainers}). */
        public Builder initContainer(ContainerSpec init) {
            initContainers.add(Objects.requireNonNull(init, "initContainer"));
            return this;
        }

        /** Declares a volume that containers may mount by its name. */
        public Builder volume(VolumeSpec volume) {
            volumes.add(Objects.requireNonNull(volume, "volume"));
            return this;
        }

        /** Sets the hostname; the pod's name unless given. */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
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
            this.terminationGracePeriod = Checks.notNegative("terminationGracePeriod of pod '" + name + "'",
                    gracePeriod);
            return this;
        }

        /** Sets whether sidecars start one after the other (default) or all at once. */
        public Builder sidecarStartOrder(SidecarStartOrder order) {
            this.sidecarStartOrder = Objects.requireNonNull(order, "sidecarStartOrder");
            return this;
        }

        /**
         * Checks every rule and builds the spec.
         *
         * @throws InvalidSpecException listing every problem found
         */
        public PodSpec build() {
            Checks checks = new Checks("pod '" + name + "'");
            checks.dnsLabel("pod name", name, 50);
            if (hostname != null) {
                checks.dnsLabel("hostname of pod '" + name + "'", hostname, 63);
            }
            checks.require(!mains.isEmpty(), "pod '" + name + "' has no main container: call main(...) once");
            checks.require(mains.size() <= 1, "pod '" + name + "' has " + mains.size() + " main containers ("
                    + mains.stream().map(ContainerSpec::name).collect(Collectors.joining(", "))
                    + "): a pod has exactly one; declare the others as sidecars");

            List<ContainerSpec> all = new ArrayList<>(initContainers);
            all.addAll(sidecars);
            all.addAll(mains);
            Set<String> names = new HashSet<>();
            for (ContainerSpec c : all) {
                checks.require(names.add(c.name()), "container name '" + c.name() + "' is used twice in pod '"
                        + name + "'");
            }

            Map<Integer, String> portOwner = new HashMap<>();
            for (ContainerSpec c : all) {
                if (initContainers.contains(c)) {
                    continue;
                }
                for (int port : c.ports()) {
                    String other = portOwner.putIfAbsent(port, c.name());
                    checks.require(other == null, "port " + port + " is declared by both container '" + other
                            + "' and container '" + c.name() + "': they share one network namespace");
                }
            }

            Set<String> volumeNames = new HashSet<>();
            for (VolumeSpec v : volumes) {
                checks.dnsLabel("volume name", v.name(), 63);
                checks.require(volumeNames.add(v.name()), "volume name '" + v.name() + "' is declared twice");
            }
            for (ContainerSpec c : all) {
                for (VolumeMount m : c.mounts()) {
                    checks.require(volumeNames.contains(m.volume()), "container '" + c.name() + "' mounts volume '"
                            + m.volume() + "', which pod '" + name + "' does not declare (declared: "
                            + volumes.stream().map(VolumeSpec::name).toList() + ")");
                }
            }

            for (ContainerSpec init : initContainers) {
                checks.require(init.readinessProbe().kind() == Probe.Kind.STARTED, "init container '"
                        + init.name() + "' has a readiness probe (" + init.readinessProbe()
                        + "): init containers run to completion and are never probed");
                checks.require(init.restartPolicy() == null || init.restartPolicy() != RestartPolicy.ALWAYS,
                        "init container '" + init.name() + "' has restartPolicy ALWAYS: declare it as a sidecar");
            }
            checks.throwIfAny();
            return new PodSpec(this);
        }
    }
}
