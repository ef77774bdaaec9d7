package dev.sidecar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A pod: its main containers, the sidecars that help them, the init containers that prepare them, the volumes,
 * ConfigMaps and Secrets they share, and which namespaces they share (Kubernetes' {@code Pod}, metadata and spec).
 * Plain, runtime-neutral data: build it once in a constant, derive variants with {@link #toBuilder()}, compare it with
 * {@code equals} and print it (secrets masked).
 *
 * <pre>{@code
 * static final PodSpec WEB = PodSpec.builder("web")
 *         .main(ContainerSpec.builder("app", "my/app:1").port(8080).readyWhen(Probe.http(8080, "/health")).build())
 *         .sidecar(ContainerSpec.builder("proxy", "my/tls-proxy:1").port(8443).build())
 *         .build();
 * }</pre>
 *
 * <p>Init containers and sidecars form one ordered list, as Kubernetes' {@code initContainers} does (a sidecar is an
 * init container with {@code restartPolicy: Always}): each init container runs to completion before the next entry
 * starts, each sidecar has started (its startup probe passed, or it runs) before the next entry starts, and the main
 * containers start after the whole list.
 *
 * <p>Every rule is checked by {@code build()}, which reports all broken rules at once in one
 * {@link InvalidSpecException}; builder setters only store (a null argument fails at once, naming it). The containers
 * and volumes given are already checked by their own {@code build()}; the pod checks what crosses them.
 */
public final class PodSpec {

    /** The grace period for stopping the pod unless given ({@code terminationGracePeriodSeconds}: 30). */
    public static final Duration DEFAULT_TERMINATION_GRACE_PERIOD = Duration.ofSeconds(30);
    /** The namespace unless given, as Kubernetes'. */
    public static final String DEFAULT_NAMESPACE = "default";

    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern SYSCTL = Pattern.compile("[a-z0-9]([-_a-z0-9]*[a-z0-9])?([./][a-z0-9]([-_a-z0-9]*"
            + "[a-z0-9])?)*");

    /** How the containers resolve names (Kubernetes {@code dnsPolicy}). */
    public enum DnsPolicy {
        /** The cluster's DNS first; on Docker, which has no cluster DNS, the same as {@link #DEFAULT}. */
        CLUSTER_FIRST,
        /** The node's resolver (on Docker, the engine's default). */
        DEFAULT,
        /** Only what the {@link DnsConfig} gives. */
        NONE
    }

    /**
     * Resolver settings added to (or, with {@link DnsPolicy#NONE}, replacing) the policy's (Kubernetes
     * {@code dnsConfig}).
     *
     * @param nameservers name server addresses
     * @param searches search domains
     * @param options resolver options, name to value (an empty value for a bare option)
     */
    public record DnsConfig(List<String> nameservers, List<String> searches, Map<String, String> options) {
        /** Copies the lists and the map. */
        public DnsConfig {
            nameservers = List.copyOf(Checks.notNull(nameservers, "nameservers"));
            searches = List.copyOf(Checks.notNull(searches, "searches"));
            options = Collections.unmodifiableMap(new LinkedHashMap<>(Checks.notNull(options, "options")));
        }
    }

    /**
     * Extra entries of every container's {@code /etc/hosts} (Kubernetes {@code hostAliases}).
     *
     * @param ip the address
     * @param hostnames the names it answers to
     */
    public record HostAlias(String ip, List<String> hostnames) {
        /** Copies the names. */
        public HostAlias {
            Checks.notNull(ip, "ip");
            hostnames = List.copyOf(Checks.notNull(hostnames, "hostnames"));
        }
    }

    /**
     * One entry of the ordered list of init containers and sidecars.
     *
     * @param role {@link ContainerRole#INIT} or {@link ContainerRole#SIDECAR}
     * @param container the container
     */
    private record InitEntry(ContainerRole role, ContainerSpec container) {
    }

    private final String name;
    private final String namespace;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final String hostname;
    private final List<InitEntry> initSequence;
    private final List<ContainerSpec> mains;
    private final List<VolumeSpec> volumes;
    private final List<ConfigMapSpec> configMaps;
    private final List<SecretSpec> secrets;
    private final boolean shareProcessNamespace;
    private final boolean shareIpcNamespace;
    private final Duration terminationGracePeriod;
    private final SidecarStartOrder sidecarStartOrder;
    private final RestartPolicy restartPolicy;
    private final Duration activeDeadline;
    private final String serviceAccountName;
    private final Long runAsUser;
    private final Long runAsGroup;
    private final Boolean runAsNonRoot;
    private final Long fsGroup;
    private final List<Long> supplementalGroups;
    private final Map<String, String> sysctls;
    private final List<HostAlias> hostAliases;
    private final DnsPolicy dnsPolicy;
    private final DnsConfig dnsConfig;
    private final Map<String, ContainerRole> roles;
    private final Map<String, RestartPolicy> restartPolicies;
    /** Every secret value (secretEnv and Secret data), longest first, so that one containing another is masked whole. */
    private final List<String> secretValues;

    private PodSpec(Builder b) {
        this.name = b.name;
        this.namespace = b.namespace;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(b.annotations));
        this.hostname = b.hostname == null ? b.name : b.hostname;
        this.initSequence = List.copyOf(b.initSequence.values());
        List<ContainerSpec> m = new ArrayList<>();
        m.add(b.main);
        m.addAll(b.moreMains.values());
        this.mains = List.copyOf(m);
        this.volumes = List.copyOf(b.volumes.values());
        this.configMaps = List.copyOf(b.configMaps.values());
        this.secrets = List.copyOf(b.secrets.values());
        this.shareProcessNamespace = b.shareProcessNamespace;
        this.shareIpcNamespace = b.shareIpcNamespace;
        this.terminationGracePeriod = b.terminationGracePeriod;
        this.sidecarStartOrder = b.sidecarStartOrder;
        this.restartPolicy = b.restartPolicy;
        this.activeDeadline = b.activeDeadline;
        this.serviceAccountName = b.serviceAccountName;
        this.runAsUser = b.runAsUser;
        this.runAsGroup = b.runAsGroup;
        this.runAsNonRoot = b.runAsNonRoot;
        this.fsGroup = b.fsGroup;
        this.supplementalGroups = List.copyOf(b.supplementalGroups);
        this.sysctls = Collections.unmodifiableMap(new LinkedHashMap<>(b.sysctls));
        this.hostAliases = List.copyOf(b.hostAliases);
        this.dnsPolicy = b.dnsPolicy;
        this.dnsConfig = b.dnsConfig;
        Map<String, ContainerRole> r = new LinkedHashMap<>();
        initSequence.forEach(e -> r.put(e.container().name(), e.role()));
        mains.forEach(c -> r.put(c.name(), ContainerRole.MAIN));
        this.roles = Collections.unmodifiableMap(r);
        Map<String, RestartPolicy> policies = new HashMap<>();
        allContainers().forEach(c -> policies.put(c.name(), c.restartPolicy().orElse(switch (roles.get(c.name())) {
            case SIDECAR -> RestartPolicy.ALWAYS;
            case INIT -> RestartPolicy.NEVER;
            case MAIN -> restartPolicy;
        })));
        this.restartPolicies = Map.copyOf(policies);
        List<String> secret = new ArrayList<>();
        allContainers().forEach(c -> secret.addAll(c.secretValues()));
        secrets.forEach(s -> secret.addAll(s.secretTexts()));
        this.secretValues = Secrets.ordered(secret);
    }

    /** Starts a pod named {@code name}, a DNS-1123 label that also names its Docker objects. */
    public static Builder builder(String name) {
        return new Builder(Checks.notNull(name, "name"));
    }

    /** A builder holding this spec's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.namespace = namespace;
        b.labels.putAll(labels);
        b.annotations.putAll(annotations);
        b.hostname = hostname.equals(name) ? null : hostname;
        initSequence.forEach(e -> b.initSequence.put(e.container().name(), e));
        b.main = mains.get(0);
        mains.stream().skip(1).forEach(c -> b.moreMains.put(c.name(), c));
        volumes.forEach(b::volume);
        configMaps.forEach(b::configMap);
        secrets.forEach(b::secret);
        b.shareProcessNamespace = shareProcessNamespace;
        b.shareIpcNamespace = shareIpcNamespace;
        b.terminationGracePeriod = terminationGracePeriod;
        b.sidecarStartOrder = sidecarStartOrder;
        b.restartPolicy = restartPolicy;
        b.activeDeadline = activeDeadline;
        b.serviceAccountName = serviceAccountName;
        b.runAsUser = runAsUser;
        b.runAsGroup = runAsGroup;
        b.runAsNonRoot = runAsNonRoot;
        b.fsGroup = fsGroup;
        b.supplementalGroups.addAll(supplementalGroups);
        b.sysctls.putAll(sysctls);
        b.hostAliases.addAll(hostAliases);
        b.dnsPolicy = dnsPolicy;
        b.dnsConfig = dnsConfig;
        return b;
    }

    /** The pod's name ({@code metadata.name}). */
    public String name() {
        return name;
    }

    /** Its namespace ({@code metadata.namespace}); {@value #DEFAULT_NAMESPACE} unless given. */
    public String namespace() {
        return namespace;
    }

    /** Its labels ({@code metadata.labels}). */
    public Map<String, String> labels() {
        return labels;
    }

    /** Its annotations ({@code metadata.annotations}). */
    public Map<String, String> annotations() {
        return annotations;
    }

    /** The hostname every container sees (Kubernetes {@code hostname}); the pod's name unless given. */
    public String hostname() {
        return hostname;
    }

    /** The init containers that run to completion, in their order (not the sidecars among them). */
    public List<ContainerSpec> initContainers() {
        return byRole(ContainerRole.INIT);
    }

    /** The sidecars in their order: started before the main containers, stopped after them in reverse order. */
    public List<ContainerSpec> sidecars() {
        return byRole(ContainerRole.SIDECAR);
    }

    /**
     * The init containers and sidecars in the order they start: Kubernetes' {@code initContainers} list, where a
     * sidecar is an init container with {@code restartPolicy: Always}.
     */
    public List<ContainerSpec> initSequence() {
        return initSequence.stream().map(InitEntry::container).toList();
    }

    /** The first main (application) container. */
    public ContainerSpec main() {
        return mains.get(0);
    }

    /** Every main container (Kubernetes {@code containers}), the first one first. */
    public List<ContainerSpec> mainContainers() {
        return mains;
    }

    /** The long-running containers in start order: the sidecars, then the main containers. */
    public List<ContainerSpec> containers() {
        return Stream.concat(sidecars().stream(), mains.stream()).toList();
    }

    /** Every container the pod declares, in start order: the init sequence, then the main containers. */
    public List<ContainerSpec> allContainers() {
        return Stream.concat(initSequence().stream(), mains.stream()).toList();
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
     * The restart policy in force for the container named {@code containerName}: its own, else its role's
     * ({@link RestartPolicy#ALWAYS} for sidecars, as Kubernetes' native sidecars; {@link RestartPolicy#NEVER} for init
     * containers; the pod's {@link #restartPolicy()} for main containers).
     *
     * @throws NoSuchElementException when the pod has no such container
     */
    public RestartPolicy restartPolicyOf(String containerName) {
        role(containerName);
        return restartPolicies.get(containerName);
    }

    /**
     * The pod's restart policy for its main containers ({@code restartPolicy}); {@link RestartPolicy#NEVER} unless
     * given, so that a crash fails a test at once (Kubernetes' default is {@code Always}). With {@code NEVER} or
     * {@code ON_FAILURE}, a pod whose main containers have all finished stops its sidecars and ends
     * {@code SUCCEEDED} or {@code FAILED}, as a Job's pod does.
     */
    public RestartPolicy restartPolicy() {
        return restartPolicy;
    }

    /** How long the pod may run before it is stopped and fails ({@code activeDeadlineSeconds}), if set. */
    public Optional<Duration> activeDeadline() {
        return Optional.ofNullable(activeDeadline);
    }

    /** The service account name the downward API reports ({@code serviceAccountName}); no token is mounted. */
    public Optional<String> serviceAccountName() {
        return Optional.ofNullable(serviceAccountName);
    }

    /** The volumes the containers may mount. */
    public List<VolumeSpec> volumes() {
        return volumes;
    }

    /** The ConfigMaps the pod carries, which volumes and variables refer to by name. */
    public List<ConfigMapSpec> configMaps() {
        return configMaps;
    }

    /** The Secrets the pod carries, which volumes and variables refer to by name; their values are masked. */
    public List<SecretSpec> secrets() {
        return secrets;
    }

    /** The ConfigMap named {@code name}, if the pod carries one. */
    public Optional<ConfigMapSpec> findConfigMap(String name) {
        return configMaps.stream().filter(c -> c.name().equals(Checks.notNull(name, "name"))).findFirst();
    }

    /** The Secret named {@code name}, if the pod carries one. */
    public Optional<SecretSpec> findSecret(String name) {
        return secrets.stream().filter(s -> s.name().equals(Checks.notNull(name, "name"))).findFirst();
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

    /** The user id every container runs as unless its own says otherwise ({@code securityContext.runAsUser}). */
    public OptionalLong runAsUser() {
        return runAsUser == null ? OptionalLong.empty() : OptionalLong.of(runAsUser);
    }

    /** The group id every container runs with unless its own says otherwise ({@code securityContext.runAsGroup}). */
    public OptionalLong runAsGroup() {
        return runAsGroup == null ? OptionalLong.empty() : OptionalLong.of(runAsGroup);
    }

    /** Whether no container may run as root unless its own says otherwise ({@code securityContext.runAsNonRoot}). */
    public Optional<Boolean> runAsNonRoot() {
        return Optional.ofNullable(runAsNonRoot);
    }

    /** The group that owns the pod's volumes and that every process belongs to ({@code securityContext.fsGroup}). */
    public OptionalLong fsGroup() {
        return fsGroup == null ? OptionalLong.empty() : OptionalLong.of(fsGroup);
    }

    /** More groups every process belongs to ({@code securityContext.supplementalGroups}). */
    public List<Long> supplementalGroups() {
        return supplementalGroups;
    }

    /** Kernel parameters of the pod's namespaces ({@code securityContext.sysctls}). */
    public Map<String, String> sysctls() {
        return sysctls;
    }

    /** Extra {@code /etc/hosts} entries ({@code hostAliases}). */
    public List<HostAlias> hostAliases() {
        return hostAliases;
    }

    /** How names are resolved ({@code dnsPolicy}); {@link DnsPolicy#CLUSTER_FIRST} unless given, as Kubernetes'. */
    public DnsPolicy dnsPolicy() {
        return dnsPolicy;
    }

    /** Resolver settings ({@code dnsConfig}), if given. */
    public Optional<DnsConfig> dnsConfig() {
        return Optional.ofNullable(dnsConfig);
    }

    /**
     * {@code text} with every secret value (of {@code secretEnv} and of the pod's Secrets) replaced by {@code *****}.
     * The library masks everything it prints, logs, reports or returns from a container's output with this; use it
     * for text of your own about the pod.
     */
    public String maskSecrets(String text) {
        String masked = Checks.notNull(text, "text");
        for (String secret : secretValues) {
            masked = masked.replace(secret, Secrets.MASK);
        }
        return masked;
    }

    private List<ContainerSpec> byRole(ContainerRole role) {
        return initSequence.stream().filter(e -> e.role() == role).map(InitEntry::container).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PodSpec p && name.equals(p.name) && namespace.equals(p.namespace)
                && labels.equals(p.labels) && annotations.equals(p.annotations) && hostname.equals(p.hostname)
                && initSequence.equals(p.initSequence) && mains.equals(p.mains) && volumes.equals(p.volumes)
                && configMaps.equals(p.configMaps) && secrets.equals(p.secrets)
                && shareProcessNamespace == p.shareProcessNamespace && shareIpcNamespace == p.shareIpcNamespace
                && terminationGracePeriod.equals(p.terminationGracePeriod) && sidecarStartOrder == p.sidecarStartOrder
                && restartPolicy == p.restartPolicy && Objects.equals(activeDeadline, p.activeDeadline)
                && Objects.equals(serviceAccountName, p.serviceAccountName) && Objects.equals(runAsUser, p.runAsUser)
                && Objects.equals(runAsGroup, p.runAsGroup) && Objects.equals(runAsNonRoot, p.runAsNonRoot)
                && Objects.equals(fsGroup, p.fsGroup) && supplementalGroups.equals(p.supplementalGroups)
                && sysctls.equals(p.sysctls) && hostAliases.equals(p.hostAliases) && dnsPolicy == p.dnsPolicy
                && Objects.equals(dnsConfig, p.dnsConfig);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, labels, annotations, hostname, initSequence, mains, volumes, configMaps,
                secrets, shareProcessNamespace, shareIpcNamespace, terminationGracePeriod, sidecarStartOrder,
                restartPolicy, activeDeadline, serviceAccountName, runAsUser, runAsGroup, runAsNonRoot, fsGroup,
                supplementalGroups, sysctls, hostAliases, dnsPolicy, dnsConfig);
    }

    /** A readable description; every secret value is masked wherever it appears. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("PodSpec{").append(name);
        field(s, "namespace", namespace.equals(DEFAULT_NAMESPACE) ? null : namespace);
        field(s, "labels", labels.isEmpty() ? null : labels);
        field(s, "annotations", annotations.isEmpty() ? null : annotations);
        field(s, "hostname", hostname.equals(name) ? null : hostname);
        field(s, "initContainers", initContainers().isEmpty() ? null : initContainers());
        field(s, "sidecars", sidecars().isEmpty() ? null : sidecars());
        s.append(mains.size() == 1 ? ", main=" + mains.get(0) : ", mainContainers=" + mains);
        field(s, "volumes", volumes.isEmpty() ? null : volumes);
        field(s, "configMaps", configMaps.isEmpty() ? null : configMaps);
        field(s, "secrets", secrets.isEmpty() ? null : secrets.stream().map(x -> x.name()).toList());
        s.append(", shareProcessNamespace=").append(shareProcessNamespace).append(", shareIpcNamespace=")
                .append(shareIpcNamespace).append(", terminationGracePeriod=").append(terminationGracePeriod)
                .append(", sidecarStartOrder=").append(sidecarStartOrder).append(", restartPolicy=")
                .append(restartPolicy);
        field(s, "activeDeadline", activeDeadline);
        field(s, "serviceAccountName", serviceAccountName);
        field(s, "runAsUser", runAsUser);
        field(s, "runAsGroup", runAsGroup);
        field(s, "runAsNonRoot", runAsNonRoot);
        field(s, "fsGroup", fsGroup);
        field(s, "supplementalGroups", supplementalGroups.isEmpty() ? null : supplementalGroups);
        field(s, "sysctls", sysctls.isEmpty() ? null : sysctls);
        field(s, "hostAliases", hostAliases.isEmpty() ? null : hostAliases);
        field(s, "dnsPolicy", dnsPolicy == DnsPolicy.CLUSTER_FIRST ? null : dnsPolicy);
        field(s, "dnsConfig", dnsConfig);
        return maskSecrets(s.append('}').toString());
    }

    private static void field(StringBuilder s, String name, Object value) {
        if (value != null) {
            s.append(", ").append(name).append('=').append(value);
        }
    }

    /**
     * Builds a {@link PodSpec}. Containers, volumes, ConfigMaps and Secrets are kept by name, as Kubernetes merges
     * them: giving one of a name already there replaces it in place. Setters only store (a null argument fails at
     * once); {@link #build()} checks every rule and reports all problems in one {@link InvalidSpecException}.
     */
    public static final class Builder {
        private final String name;
        private String namespace = DEFAULT_NAMESPACE;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private String hostname;
        private final Map<String, InitEntry> initSequence = new LinkedHashMap<>();
        private ContainerSpec main;
        private final Map<String, ContainerSpec> moreMains = new LinkedHashMap<>();
        private final Map<String, VolumeSpec> volumes = new LinkedHashMap<>();
        private final Map<String, ConfigMapSpec> configMaps = new LinkedHashMap<>();
        private final Map<String, SecretSpec> secrets = new LinkedHashMap<>();
        private boolean shareProcessNamespace;
        private boolean shareIpcNamespace = true;
        private Duration terminationGracePeriod = DEFAULT_TERMINATION_GRACE_PERIOD;
        private SidecarStartOrder sidecarStartOrder = SidecarStartOrder.ORDERED;
        private RestartPolicy restartPolicy = RestartPolicy.NEVER;
        private Duration activeDeadline;
        private String serviceAccountName;
        private Long runAsUser;
        private Long runAsGroup;
        private Boolean runAsNonRoot;
        private Long fsGroup;
        private final List<Long> supplementalGroups = new ArrayList<>();
        private final Map<String, String> sysctls = new LinkedHashMap<>();
        private final List<HostAlias> hostAliases = new ArrayList<>();
        private DnsPolicy dnsPolicy = DnsPolicy.CLUSTER_FIRST;
        private DnsConfig dnsConfig;
        /** Names given to two roles: reported by {@link #build()}, never silently replaced across roles. */
        private final Map<String, Set<ContainerRole>> clashes = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Sets the namespace ({@code metadata.namespace}; default {@value PodSpec#DEFAULT_NAMESPACE}). */
        public Builder namespace(String namespace) {
            this.namespace = Checks.notNull(namespace, "namespace");
            return this;
        }

        /** Sets a label ({@code metadata.labels}). */
        public Builder label(String key, String value) {
            labels.put(Checks.notNull(key, "key"), Checks.notNull(value, "value of label " + key));
            return this;
        }

        /** Sets an annotation ({@code metadata.annotations}). */
        public Builder annotation(String key, String value) {
            annotations.put(Checks.notNull(key, "key"), Checks.notNull(value, "value of annotation " + key));
            return this;
        }

        /**
         * Sets the main (application) container, replacing the first main container given before; more main
         * containers come with {@link #container(ContainerSpec)}.
         */
        public Builder main(ContainerSpec main) {
            Checks.notNull(main, "main");
            clash(main.name(), ContainerRole.MAIN);
            moreMains.remove(main.name());
            this.main = main;
            return this;
        }

        /**
         * Adds another main container after those given before (Kubernetes {@code containers} may hold several), or
         * replaces the main container of the same name in place. They start together, after the init sequence.
         */
        public Builder container(ContainerSpec container) {
            Checks.notNull(container, "container");
            clash(container.name(), ContainerRole.MAIN);
            if (main == null || main.name().equals(container.name())) {
                main = container;
            } else {
                moreMains.put(container.name(), container);
            }
            return this;
        }

        /**
         * Adds a sidecar at the end of the init sequence, or replaces the sidecar of the same name in its place.
         * Sidecars are restarted {@code ALWAYS} unless they say otherwise.
         */
        public Builder sidecar(ContainerSpec sidecar) {
            return init(Checks.notNull(sidecar, "sidecar"), ContainerRole.SIDECAR);
        }

        /**
         * Adds an init container at the end of the init sequence, or replaces the one of the same name in its place.
         * It runs to completion before the next entry starts ({@code initContainers}).
         */
        public Builder initContainer(ContainerSpec init) {
            return init(Checks.notNull(init, "initContainer"), ContainerRole.INIT);
        }

        private Builder init(ContainerSpec c, ContainerRole role) {
            clash(c.name(), role);
            initSequence.put(c.name(), new InitEntry(role, c));
            return this;
        }

        private void clash(String containerName, ContainerRole role) {
            ContainerRole before = initSequence.containsKey(containerName) ? initSequence.get(containerName).role()
                    : main != null && main.name().equals(containerName) || moreMains.containsKey(containerName)
                    ? ContainerRole.MAIN : null;
            if (before != null && before != role) {
                clashes.computeIfAbsent(containerName, k -> new LinkedHashSet<>()).addAll(List.of(before, role));
            }
        }

        /** Removes the container named {@code name}, whatever its role, if there is one. */
        public Builder removeContainer(String name) {
            Checks.notNull(name, "name");
            initSequence.remove(name);
            moreMains.remove(name);
            if (main != null && main.name().equals(name)) {
                main = moreMains.isEmpty() ? null : moreMains.remove(moreMains.keySet().iterator().next());
            }
            clashes.remove(name);
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

        /** Adds a ConfigMap the pod carries, or replaces the one of the same name. */
        public Builder configMap(ConfigMapSpec configMap) {
            configMaps.put(Checks.notNull(configMap, "configMap").name(), configMap);
            return this;
        }

        /** Adds a Secret the pod carries, or replaces the one of the same name. */
        public Builder secret(SecretSpec secret) {
            secrets.put(Checks.notNull(secret, "secret").name(), secret);
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

        /** Shares the IPC namespace between the containers (on by default, as in Kubernetes; off is an extension). */
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

        /** Sets whether sidecars start one after the other (default) or all at once (an extension). */
        public Builder sidecarStartOrder(SidecarStartOrder order) {
            this.sidecarStartOrder = Checks.notNull(order, "sidecarStartOrder");
            return this;
        }

        /** Sets the restart policy of the main containers ({@code restartPolicy}; default {@code NEVER}). */
        public Builder restartPolicy(RestartPolicy restartPolicy) {
            this.restartPolicy = Checks.notNull(restartPolicy, "restartPolicy");
            return this;
        }

        /** Stops the pod and fails it once it has run this long ({@code activeDeadlineSeconds}). */
        public Builder activeDeadline(Duration deadline) {
            this.activeDeadline = Checks.notNull(deadline, "activeDeadline");
            return this;
        }

        /** Names the pod's service account, for the downward API ({@code serviceAccountName}). */
        public Builder serviceAccountName(String serviceAccountName) {
            this.serviceAccountName = Checks.notNull(serviceAccountName, "serviceAccountName");
            return this;
        }

        /** Runs every container as user id {@code uid} unless it says otherwise ({@code securityContext.runAsUser}). */
        public Builder runAsUser(long uid) {
            this.runAsUser = uid;
            return this;
        }

        /** Runs every container with group id {@code gid} unless it says otherwise. */
        public Builder runAsGroup(long gid) {
            this.runAsGroup = gid;
            return this;
        }

        /** Refuses to start any container as root unless it says otherwise ({@code securityContext.runAsNonRoot}). */
        public Builder runAsNonRoot(boolean nonRoot) {
            this.runAsNonRoot = nonRoot;
            return this;
        }

        /** Makes group {@code gid} own the pod's volumes and every process a member of it ({@code fsGroup}). */
        public Builder fsGroup(long gid) {
            this.fsGroup = gid;
            return this;
        }

        /** Makes every process a member of group {@code gid} too ({@code supplementalGroups}). */
        public Builder supplementalGroup(long gid) {
            supplementalGroups.add(gid);
            return this;
        }

        /** Sets a kernel parameter of the pod's namespaces, such as {@code net.ipv4.ip_local_port_range}. */
        public Builder sysctl(String name, String value) {
            sysctls.put(Checks.notNull(name, "name"), Checks.notNull(value, "value of sysctl " + name));
            return this;
        }

        /** Adds {@code /etc/hosts} entries: {@code ip} answers to {@code hostnames} ({@code hostAliases}). */
        public Builder hostAlias(String ip, String... hostnames) {
            hostAliases.add(new HostAlias(ip, Checks.elements(hostnames, "hostnames")));
            return this;
        }

        /** Sets how names are resolved ({@code dnsPolicy}). */
        public Builder dnsPolicy(DnsPolicy policy) {
            this.dnsPolicy = Checks.notNull(policy, "dnsPolicy");
            return this;
        }

        /** Sets resolver settings ({@code dnsConfig}). */
        public Builder dnsConfig(DnsConfig config) {
            this.dnsConfig = Checks.notNull(config, "dnsConfig");
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
            checks.dnsLabel("namespace of " + pod, namespace, 63);
            labels.forEach((k, v) -> {
                labelKey(checks, "label key of " + pod, k);
                checks.require(v.length() <= 63 && LABEL_NAME.matcher(v).matches(), "value of label " + k + " of "
                        + pod + " '" + v + "' is not a label value (at most 63 letters, digits, '-', '_' and '.', "
                        + "starting and ending with a letter or digit)");
            });
            annotations.keySet().forEach(k -> labelKey(checks, "annotation key of " + pod, k));
            if (hostname != null) {
                checks.dnsLabel("hostname of " + pod, hostname, 63);
            }
            checks.require(main != null, pod + " has no main container: call main(...)");
            checks.notNegative("terminationGracePeriod of " + pod, terminationGracePeriod);
            if (activeDeadline != null) {
                checks.positive("activeDeadline of " + pod, activeDeadline);
            }
            clashes.forEach((container, as) -> checks.require(false, "container name '" + container
                    + "' is used twice in " + pod + " (as " + as.stream().map(r -> r.name().toLowerCase(
                    java.util.Locale.ROOT)).collect(Collectors.joining(" and ")) + ")"));

            List<ContainerSpec> mainList = new ArrayList<>();
            if (main != null) {
                mainList.add(main);
            }
            mainList.addAll(moreMains.values());
            List<ContainerSpec> all = new ArrayList<>(initSequence.values().stream().map(InitEntry::container)
                    .toList());
            all.addAll(mainList);

            Map<String, String> portOwner = new HashMap<>();
            // Init containers run before the others and alone: their ports clash with nobody's.
            List<ContainerSpec> serving = new ArrayList<>(initSequence.values().stream()
                    .filter(e -> e.role() != ContainerRole.INIT).map(InitEntry::container).toList());
            serving.addAll(mainList);
            for (ContainerSpec c : serving) {
                for (ContainerPort port : c.containerPorts()) {
                    String key = port.containerPort() + "/" + port.protocol();
                    String other = portOwner.putIfAbsent(key, c.name());
                    checks.require(other == null, "port " + port.containerPort()
                            + (port.protocol() == ContainerPort.Protocol.UDP ? "/udp" : "")
                            + " is declared by both container '" + other + "' and container '" + c.name()
                            + "': they share one network namespace");
                }
            }
            for (ContainerSpec c : all) {
                for (VolumeMount m : c.mounts()) {
                    checks.require(volumes.containsKey(m.volume()), "container '" + c.name() + "' mounts volume '"
                            + m.volume() + "', which " + pod + " does not declare (declared: " + volumes.keySet()
                            + ")");
                }
                references(checks, c);
                checks.require(!(Boolean.TRUE.equals(c.runAsNonRoot().orElse(runAsNonRoot))
                        && c.runAsUser().orElse(runAsUser == null ? -1 : runAsUser) == 0), "container '" + c.name()
                        + "' must not run as root (runAsNonRoot) but runs as user 0");
            }
            for (InitEntry e : initSequence.values()) {
                if (e.role() != ContainerRole.INIT) {
                    continue;
                }
                ContainerSpec init = e.container();
                init.readinessProbe().map(p -> "readiness probe (" + p + ")")
                        .or(() -> init.startupProbe().map(p -> "startup probe (" + p + ")"))
                        .or(() -> init.livenessProbe().map(p -> "liveness probe (" + p + ")"))
                        .ifPresent(probe -> checks.require(false, "init container '" + init.name() + "' has a "
                                + probe + ": init containers run to completion and are never probed (a sidecar may "
                                + "have probes)"));
                checks.require(init.postStart().isEmpty() && init.preStop().isEmpty(), "init container '"
                        + init.name() + "' has a lifecycle hook, which Kubernetes allows only on sidecars and main "
                        + "containers");
                init.restartPolicy().filter(p -> p != RestartPolicy.NEVER).ifPresent(p -> checks.require(false,
                        "init container '" + init.name() + "' has restartPolicy " + p + ": an init container runs "
                        + "once and a failure fails the pod's start" + (p == RestartPolicy.ALWAYS
                        ? "; a container restarted ALWAYS is a sidecar: declare it with sidecar(...)" : "")));
            }
            for (VolumeSpec v : volumes.values()) {
                volumeReferences(checks, v, v.name());
            }
            checks.require(runAsUser == null || runAsUser >= 0, "runAsUser of " + pod + " " + runAsUser
                    + " is not a user id");
            checks.require(runAsGroup == null || runAsGroup >= 0, "runAsGroup of " + pod + " " + runAsGroup
                    + " is not a group id");
            checks.require(fsGroup == null || fsGroup >= 0, "fsGroup of " + pod + " " + fsGroup + " is not a group id");
            supplementalGroups.forEach(g -> checks.require(g >= 0, "supplementalGroup of " + pod + " " + g
                    + " is not a group id"));
            sysctls.forEach((k, v) -> {
                checks.require(SYSCTL.matcher(k).matches() && k.length() <= 253, "sysctl name of " + pod + " '" + k
                        + "' is not a sysctl name");
                checks.noNul("value of sysctl " + k + " of " + pod, v);
            });
            for (HostAlias alias : hostAliases) {
                checks.require(isIp(alias.ip()), "hostAlias of " + pod + " '" + alias.ip() + "' is not an IP address");
                alias.hostnames().forEach(h -> checks.dnsSubdomain("hostname of hostAlias " + alias.ip() + " of "
                        + pod, h));
            }
            checks.require(dnsPolicy != DnsPolicy.NONE || dnsConfig != null && !dnsConfig.nameservers().isEmpty(),
                    pod + " has dnsPolicy NONE without dnsConfig nameservers: its containers could resolve nothing");
            if (dnsConfig != null) {
                dnsConfig.nameservers().forEach(ns -> checks.require(isIp(ns), "nameserver of " + pod + " '" + ns
                        + "' is not an IP address"));
                dnsConfig.searches().forEach(d -> checks.dnsSubdomain("search domain of " + pod, d));
                checks.require(dnsConfig.nameservers().size() <= 3, pod + " has " + dnsConfig.nameservers().size()
                        + " nameservers: at most 3 (the resolver reads no more)");
            }
            if (serviceAccountName != null) {
                checks.dnsSubdomain("serviceAccountName of " + pod, serviceAccountName);
            }
            checks.throwIfAny();
            return new PodSpec(this);
        }

        /** What a container refers to by name (ConfigMaps, Secrets, containers) must exist, unless optional. */
        private void references(Checks checks, ContainerSpec c) {
            String of = " of container '" + c.name() + "'";
            c.envSources().forEach((var, source) -> {
                if (source instanceof EnvVarSource.ConfigMapKeyRef ref && !ref.optional()) {
                    key(checks, "env " + var + of, "ConfigMap", ref.configMap(), ref.key(),
                            Optional.ofNullable(configMaps.get(ref.configMap())).map(ConfigMapSpec::keys));
                } else if (source instanceof EnvVarSource.SecretKeyRef ref && !ref.optional()) {
                    key(checks, "env " + var + of, "Secret", ref.secret(), ref.key(),
                            Optional.ofNullable(secrets.get(ref.secret())).map(SecretSpec::keys));
                } else if (source instanceof EnvVarSource.ResourceFieldRef ref && ref.containerName() != null) {
                    checks.require(initSequence.containsKey(ref.containerName())
                            || main != null && main.name().equals(ref.containerName())
                            || moreMains.containsKey(ref.containerName()), "env " + var + of + " takes a resource "
                            + "of container '" + ref.containerName() + "', which pod '" + name + "' does not have");
                }
            });
            for (EnvFromSource from : c.envFrom()) {
                boolean exists = from.kind() == EnvFromSource.Kind.CONFIG_MAP ? configMaps.containsKey(from.name())
                        : secrets.containsKey(from.name());
                checks.require(exists || from.optional(), "envFrom" + of + " takes "
                        + (from.kind() == EnvFromSource.Kind.CONFIG_MAP ? "ConfigMap" : "Secret") + " '"
                        + from.name() + "', which pod '" + name + "' does not carry");
            }
        }

        private void volumeReferences(Checks checks, VolumeSpec v, String volume) {
            String of = " of volume '" + volume + "'";
            if (v.kind() == VolumeSpec.Kind.CONFIG_MAP || v.kind() == VolumeSpec.Kind.SECRET) {
                boolean configMap = v.kind() == VolumeSpec.Kind.CONFIG_MAP;
                Optional<Set<String>> keys = configMap
                        ? Optional.ofNullable(configMaps.get(v.sourceName())).map(ConfigMapSpec::keys)
                        : Optional.ofNullable(secrets.get(v.sourceName())).map(SecretSpec::keys);
                if (!v.optional()) {
                    checks.require(keys.isPresent(), (configMap ? "ConfigMap '" : "Secret '") + v.sourceName() + "'"
                            + of + " is not one pod '" + name + "' carries (carries: " + (configMap
                            ? configMaps.keySet() : secrets.keySet()) + ")");
                    keys.ifPresent(k -> v.items().forEach(item -> checks.require(k.contains(item.key()), "key '"
                            + item.key() + "'" + of + " is not in " + (configMap ? "ConfigMap '" : "Secret '")
                            + v.sourceName() + "' (keys: " + k + ")")));
                }
            } else if (v.kind() == VolumeSpec.Kind.PROJECTED) {
                v.sources().forEach(source -> volumeReferences(checks, source, volume));
            } else if (v.kind() == VolumeSpec.Kind.DOWNWARD_API) {
                v.fields().stream().filter(f -> f.source() instanceof EnvVarSource.ResourceFieldRef).forEach(f -> {
                    String container = ((EnvVarSource.ResourceFieldRef) f.source()).containerName();
                    checks.require(container != null && (initSequence.containsKey(container)
                            || main != null && main.name().equals(container) || moreMains.containsKey(container)),
                            "'" + f.path() + "'" + of + " takes a resource of " + (container == null
                            ? "no container: a downwardAPI volume must name the container (containerName)"
                            : "container '" + container + "', which pod '" + name + "' does not have"));
                });
            }
        }

        private static void key(Checks checks, String what, String kind, String source, String key,
                Optional<Set<String>> keys) {
            checks.require(keys.isPresent(), what + " takes " + kind + " '" + source + "', which the pod does not "
                    + "carry");
            keys.ifPresent(k -> checks.require(k.contains(key), what + " takes key '" + key + "' of " + kind + " '"
                    + source + "', which has no such key (keys: " + k + ")"));
        }

        private static void labelKey(Checks checks, String field, String key) {
            int slash = key.indexOf('/');
            String prefix = slash < 0 ? null : key.substring(0, slash);
            String name = slash < 0 ? key : key.substring(slash + 1);
            boolean ok = !name.isEmpty() && name.length() <= 63 && LABEL_NAME.matcher(name).matches()
                    && (prefix == null || prefix.length() <= 253
                    && java.util.Arrays.stream(prefix.split("\\.", -1)).allMatch(l -> l.matches(
                    "[a-z0-9]([-a-z0-9]*[a-z0-9])?")));
            checks.require(ok, field + " '" + key + "' is not a label key (an optional DNS subdomain prefix and '/', "
                    + "then at most 63 letters, digits, '-', '_' and '.')");
        }

        private static boolean isIp(String ip) {
            return ip.matches("((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])")
                    || ip.contains(":") && ip.matches("[0-9a-fA-F:.]+");
        }
    }
}
