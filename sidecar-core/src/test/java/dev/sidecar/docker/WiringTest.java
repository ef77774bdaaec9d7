package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvFromSource;
import dev.sidecar.EnvVarSource;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.SecretSpec;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The translation of a spec into Docker's create commands, without an engine: every field of the spec reaches the
 * right Docker field. {@code imagePullPolicy}, {@code runAsNonRoot} and the content of volumes are not in the create
 * command: the runtime's pull and checks and {@link PodVolumes} carry them (their own tests).
 */
class WiringTest {

    private static final dev.sidecar.ContainerPort.Protocol UDP = dev.sidecar.ContainerPort.Protocol.UDP;

    private static final String INFRA_ID = "f00dfeed";
    private static final Map<String, String> POD_LABELS = Labels.forPod("web", "1a2b3c4d");

    private static final ContainerSpec APP = ContainerSpec.builder("app", "example/app:1")
            .command("/bin/app", "--serve")
            .args("--port", "8080")
            .env("MODE", "test")
            .secretEnv("TOKEN", "s3cr3t")
            .port(8080)
            .mount("www", "/www")
            .mountReadOnly("config", "/etc/app")
            .mount("repo", "/repo")
            .readyWhen(Probe.tcp(8080))
            .memoryLimit("64Mi")
            .cpuLimit("250m")
            .user("1000:1000")
            .workingDir("/srv")
            .stopSignal("SIGQUIT")
            .addCapability("cap_net_admin")
            .build();
    private static final ContainerSpec PROXY = ContainerSpec.builder("proxy", "example/proxy:1").port(8443)
            .privileged(true).build();
    private static final ContainerSpec SETUP = ContainerSpec.builder("setup", "example/setup:1").build();
    private static final PodSpec SPEC = PodSpec.builder("web")
            .hostname("web-host")
            .initContainer(SETUP)
            .sidecar(PROXY)
            .main(APP)
            .volume(VolumeSpec.emptyDir("www").toBuilder().file("index.html", "hi").build())
            .volume(VolumeSpec.emptyDirInMemory("config", "1Mi"))
            .volume(VolumeSpec.hostPath("repo", Path.of("/srv/repo")))
            .volume(VolumeSpec.emptyDir("scratch"))
            .shareProcessNamespace(true)
            .build();

    private static final DockerEngine.NodeInfo NODE = new DockerEngine.NodeInfo("node-1", 2, 4L << 30);
    private static final PodFacts FACTS = new PodFacts("0f0e0d0c-0000-4000-8000-000000000001", NODE,
            Map.of(), List.of(), null, Map.of());

    private final Wiring wiring = new Wiring(SPEC, "1a2b3c4d", POD_LABELS, "127.0.0.1", FACTS);

    @Test
    void infraOwnsTheNamespacesHostnameAndEveryPublishedPort() {
        ContainerConfig infra = wiring.infra("pause:1", java.util.List.of("/pause"));

        assertThat(infra.name()).isEqualTo("web-1a2b3c4d");
        assertThat(infra.image()).isEqualTo("pause:1");
        assertThat(infra.cmd()).containsExactly("/pause");
        assertThat(infra.hostname()).isEqualTo("web-host");
        assertThat(infra.exposedPorts()).containsExactlyInAnyOrder(ExposedPort.tcp(8443), ExposedPort.tcp(8080));
        HostConfig host = infra.hostConfig();
        assertThat(host.getPortBindings().getBindings()).containsOnlyKeys(ExposedPort.tcp(8443), ExposedPort.tcp(8080));
        assertThat(host.getPortBindings().getBindings().get(ExposedPort.tcp(8080))[0].getHostIp())
                .isEqualTo("127.0.0.1");
        assertThat(host.getIpcMode()).isEqualTo("shareable");
        assertThat(host.getRestartPolicy()).isEqualTo(RestartPolicy.noRestart());
        assertThat(infra.labels()).containsEntry(Labels.ROLE, "infra").containsEntry(Labels.POD, "web")
                .containsEntry(Labels.INSTANCE, "1a2b3c4d");
    }

    @Test
    void infraKeepsEveryPodVolumeButHostPathsMounted() {
        HostConfig host = wiring.infra("pause:1", java.util.List.of()).hostConfig();

        assertThat(Arrays.stream(host.getBinds()).map(b -> b.getPath() + "->" + b.getVolume().getPath()))
                .containsExactlyInAnyOrder("web-1a2b3c4d.www->/.sidecar/volumes/www",
                        "web-1a2b3c4d.config->/.sidecar/volumes/config",
                        "web-1a2b3c4d.scratch->/.sidecar/volumes/scratch");
    }

    @Test
    void everyFieldOfTheMainContainerReachesItsDockerField() {
        ContainerConfig app = wiring.member(APP, INFRA_ID);

        assertThat(app.name()).isEqualTo("web-1a2b3c4d.app");
        assertThat(app.image()).isEqualTo("example/app:1");
        assertThat(app.entrypoint()).containsExactly("/bin/app", "--serve");
        assertThat(app.cmd()).containsExactly("--port", "8080");
        assertThat(app.env()).containsExactly("MODE=test", "TOKEN=s3cr3t");
        assertThat(app.user()).isEqualTo("1000:1000");
        assertThat(app.workingDir()).isEqualTo("/srv");
        assertThat(app.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(app.hostname()).as("a joined container may not set one").isNull();
        assertThat(app.exposedPorts()).as("only infra publishes").isEmpty();
        assertThat(app.labels()).containsEntry(Labels.ROLE, "main").containsEntry(Labels.CONTAINER, "app");
        HostConfig host = app.hostConfig();
        assertThat(host.getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(host.getNanoCPUs()).isEqualTo(250_000_000L);
        assertThat(host.getCapAdd()).containsExactly(Capability.NET_ADMIN);
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getRestartPolicy()).as("main: NEVER unless given").isEqualTo(RestartPolicy.noRestart());
    }

    @Test
    void everyContainerJoinsInfrasNamespaces() {
        HostConfig host = wiring.member(APP, INFRA_ID).hostConfig();

        assertThat(host.getNetworkMode()).isEqualTo("container:" + INFRA_ID);
        assertThat(host.getIpcMode()).isEqualTo("container:" + INFRA_ID);
        assertThat(host.getPidMode()).isEqualTo("container:" + INFRA_ID);
    }

    @Test
    void namespacesThatThePodDoesNotShareStayPrivate() {
        PodSpec alone = SPEC.toBuilder().shareProcessNamespace(false).shareIpcNamespace(false).build();
        Wiring w = new Wiring(alone, "1a2b3c4d", POD_LABELS, "", FACTS);

        HostConfig host = w.member(APP, INFRA_ID).hostConfig();

        assertThat(host.getPidMode()).isNull();
        assertThat(host.getIpcMode()).isEqualTo("private");
        assertThat(w.infra("pause:1", java.util.List.of()).hostConfig().getIpcMode()).isEqualTo("private");
        assertThat(w.infra("pause:1", java.util.List.of()).hostConfig().getPortBindings().getBindings()
                .get(ExposedPort.tcp(8080))[0].getHostIp()).as("all addresses").isNullOrEmpty();
    }

    @Test
    void mountsKeepTheirModeAndAHostPathIsReadOnlyUnlessAsked() {
        Bind[] binds = wiring.member(APP, INFRA_ID).hostConfig().getBinds();

        assertThat(Arrays.stream(binds).map(b -> b.getPath() + "->" + b.getVolume().getPath() + ":"
                + b.getAccessMode())).containsExactly(
                "web-1a2b3c4d.www->/www:" + AccessMode.rw,
                "web-1a2b3c4d.config->/etc/app:" + AccessMode.ro,
                "/srv/repo->/repo:" + AccessMode.ro);
    }

    @Test
    void dockerRestartsNothingItself() {
        // The library restarts containers (PodSupervisor), with Kubernetes' back-off, hooks and probes.
        for (var c : SPEC.allContainers()) {
            assertThat(wiring.member(c, INFRA_ID).hostConfig().getRestartPolicy()).as(c.name())
                    .isEqualTo(RestartPolicy.noRestart());
        }
    }

    @Test
    void privilegesAndRolesReachTheirFields() {
        ContainerConfig proxy = wiring.member(PROXY, INFRA_ID);
        ContainerConfig setup = wiring.member(SETUP, INFRA_ID);

        assertThat(proxy.hostConfig().getPrivileged()).isTrue();
        assertThat(proxy.labels()).containsEntry(Labels.ROLE, "sidecar");
        assertThat(setup.labels()).containsEntry(Labels.ROLE, "init");
        assertThat(setup.entrypoint()).as("the image's").isEmpty();
        assertThat(setup.stopSignal()).isEqualTo("SIGTERM");
    }

    @Test
    void volumeNamesArePerPodInstanceAndHostPathsAreThemselves() {
        assertThat(wiring.volumeName(SPEC.volumes().get(3))).isEqualTo("web-1a2b3c4d.scratch");
        assertThat(wiring.volumeName(SPEC.volumes().get(2))).isEqualTo("/srv/repo");
    }

    // --- Kubernetes fields (issue 15): each, set, reaches the Docker create command ---

    private static final ContainerSpec PLAIN = ContainerSpec.builder("app", "example/app:1").build();
    private static final PodFacts KNOWN = new PodFacts("0f0e0d0c-0000-4000-8000-000000000001", NODE,
            Map.of("example/app:1", "nginx:nginx"), List.of("172.17.0.9", "fd00::9"), "172.17.0.1",
            Map.of("scratch", "/var/lib/docker/volumes/p-1a2b3c4d.scratch/_data", "conf",
                    "/var/lib/docker/volumes/p-1a2b3c4d.conf/_data"));

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubernetesFields")
    void everyKubernetesFieldReachesItsDockerField(String field, PodSpec spec, String container,
            Function<ContainerConfig, Object> dockerField, Object expected) {
        Wiring w = new Wiring(spec, "1a2b3c4d", Labels.forPod(spec.name(), "1a2b3c4d"), "", KNOWN);

        ContainerConfig config = container == null ? w.infra("pause:1", List.of())
                : w.member(spec.container(container), INFRA_ID);

        assertThat(dockerField.apply(config)).isEqualTo(expected);
    }

    static Stream<Arguments> kubernetesFields() {
        ConfigMapSpec config = ConfigMapSpec.builder("settings").data("mode", "test").data("level", "debug")
                .data("1st", "skipped").build();
        SecretSpec secret = SecretSpec.builder("creds").stringData("token", "s3cr3t").build();
        return Stream.of(
                // securityContext
                row("runAsUser", pod(app().runAsUser(1000)), "app", ContainerConfig::user, "1000"),
                row("runAsUser and runAsGroup", pod(app().runAsUser(1000).runAsGroup(3000)), "app",
                        ContainerConfig::user, "1000:3000"),
                row("pod runAsUser and runAsGroup", base(app()).runAsUser(2000).runAsGroup(4000).build(), "app",
                        ContainerConfig::user, "2000:4000"),
                row("container runAsUser wins over the pod's", base(app().runAsUser(1000)).runAsUser(2000).build(),
                        "app", ContainerConfig::user, "1000"),
                row("runAsGroup alone keeps the image's user", pod(app().runAsGroup(3000)), "app",
                        ContainerConfig::user, "nginx:3000"),
                row("user(...) extension wins over the pod's runAsUser", base(app().user("www")).runAsUser(2000)
                        .runAsGroup(4000).build(), "app", ContainerConfig::user, "www:4000"),
                row("runAsUser wins over user(...)", pod(app().user("www:www").runAsUser(1000)), "app",
                        ContainerConfig::user, "1000:www"),
                row("readOnlyRootFilesystem", pod(app().readOnlyRootFilesystem(true)), "app",
                        c -> c.hostConfig().getReadonlyRootfs(), true),
                row("allowPrivilegeEscalation false", pod(app().allowPrivilegeEscalation(false)), "app",
                        c -> c.hostConfig().getSecurityOpts(), List.of("no-new-privileges")),
                row("capabilities.drop", pod(app().dropCapability("ALL")), "app",
                        c -> List.of(c.hostConfig().getCapDrop()), List.of(Capability.ALL)),
                row("fsGroup and supplementalGroups", base(app()).fsGroup(2000).supplementalGroup(3000)
                        .supplementalGroup(2000).build(), "app", c -> c.hostConfig().getGroupAdd(),
                        List.of("2000", "3000")),
                row("sysctls: net.* on infra", base(app()).sysctl("net.ipv4.ip_local_port_range", "20000 30000")
                        .build(), null, c -> c.hostConfig().getSysctls(),
                        Map.of("net.ipv4.ip_local_port_range", "20000 30000")),
                row("sysctls: slash-separated names", base(app()).sysctl("net/ipv4/conf/eth0.100/rp_filter", "1")
                        .build(), null, c -> c.hostConfig().getSysctls(),
                        Map.of("net.ipv4.conf.eth0/100.rp_filter", "1")),
                row("sysctls: IPC ones on infra when the IPC namespace is shared",
                        base(app()).sysctl("kernel.shm_rmid_forced", "1").build(), null,
                        c -> c.hostConfig().getSysctls(), Map.of("kernel.shm_rmid_forced", "1")),
                row("sysctls: IPC ones on each container when it is not",
                        base(app()).shareIpcNamespace(false).sysctl("kernel.shm_rmid_forced", "1")
                                .sysctl("net.ipv4.tcp_syncookies", "1").build(), "app",
                        c -> c.hostConfig().getSysctls(), Map.of("kernel.shm_rmid_forced", "1")),
                // resources
                row("resources.requests.memory", pod(app().memoryRequest("32Mi")), "app",
                        c -> c.hostConfig().getMemoryReservation(), 32L << 20),
                row("resources.requests.cpu", pod(app().cpuRequest("250m")), "app",
                        c -> c.hostConfig().getCpuShares(), 256),
                row("resources.requests.cpu: at least 2 shares", pod(app().cpuRequest("1m")), "app",
                        c -> c.hostConfig().getCpuShares(), 2),
                // ports, stdin, tty
                row("UDP port", pod(app().port(new dev.sidecar.ContainerPort("dns", 53, UDP))), null,
                        c -> c.exposedPorts(), List.of(ExposedPort.udp(53))),
                row("UDP port published", pod(app().port(new dev.sidecar.ContainerPort("dns", 53, UDP))), null,
                        c -> c.hostConfig().getPortBindings().getBindings().keySet(), java.util.Set.of(
                        ExposedPort.udp(53))),
                row("stdin", pod(app().stdin(true)), "app", ContainerConfig::stdinOpen, true),
                row("tty", pod(app().tty(true)), "app", ContainerConfig::tty, true),
                // hostAliases, DNS
                row("hostAliases", base(app()).hostAlias("10.1.2.3", "db.local", "cache.local").build(), null,
                        c -> List.of(c.hostConfig().getExtraHosts()), List.of("db.local:10.1.2.3",
                        "cache.local:10.1.2.3")),
                row("dnsConfig.nameservers", base(app()).dnsConfig(dns()).build(), null,
                        c -> List.of(c.hostConfig().getDns()), List.of("10.9.9.9")),
                row("dnsConfig.searches", base(app()).dnsConfig(dns()).build(), null,
                        c -> List.of(c.hostConfig().getDnsSearch()), List.of("svc.example.test")),
                row("dnsConfig.options", base(app()).dnsConfig(dns()).build(), null,
                        c -> c.hostConfig().getDnsOptions(), List.of("ndots:2", "edns0")),
                row("dnsPolicy NONE without searches: none", base(app()).dnsPolicy(PodSpec.DnsPolicy.NONE)
                        .dnsConfig(new PodSpec.DnsConfig(List.of("10.9.9.9"), List.of(), Map.of())).build(), null,
                        c -> List.of(c.hostConfig().getDnsSearch()), List.of(".")),
                // environment
                row("envFrom ConfigMap with a prefix", base(app()
                        .envFrom(new EnvFromSource(EnvFromSource.Kind.CONFIG_MAP, "settings", "APP_", false)))
                        .configMap(config).build(), "app", ContainerConfig::env,
                        List.of("APP_mode=test", "APP_level=debug", "APP_1st=skipped")),
                row("envFrom ConfigMap: keys that are no variable names skipped", base(app()
                        .envFrom(EnvFromSource.configMap("settings"))).configMap(config).build(), "app",
                        ContainerConfig::env, List.of("mode=test", "level=debug")),
                row("envFrom Secret; env wins over envFrom; optional missing skipped", base(app()
                        .envFrom(EnvFromSource.secret("creds"))
                        .envFrom(new EnvFromSource(EnvFromSource.Kind.CONFIG_MAP, "absent", "", true))
                        .env("token", "given")).secret(secret).build(), "app", ContainerConfig::env,
                        List.of("token=given")),
                row("configMapKeyRef and secretKeyRef", base(app()
                        .env("MODE", EnvVarSource.configMapKey("settings", "mode"))
                        .env("TOKEN", EnvVarSource.secretKey("creds", "token"))
                        .env("GONE", new EnvVarSource.ConfigMapKeyRef("settings", "absent", true)))
                        .configMap(config).secret(secret).build(), "app", ContainerConfig::env,
                        List.of("MODE=test", "TOKEN=s3cr3t")),
                row("fieldRef metadata and spec", base(app()
                        .env("NAME", EnvVarSource.field("metadata.name"))
                        .env("NS", EnvVarSource.field("metadata.namespace"))
                        .env("UID", EnvVarSource.field("metadata.uid"))
                        .env("TIER", EnvVarSource.field("metadata.labels['tier']"))
                        .env("OWNER", EnvVarSource.field("metadata.annotations['owner']"))
                        .env("MISSING", EnvVarSource.field("metadata.labels['missing']"))
                        .env("NODE", EnvVarSource.field("spec.nodeName"))
                        .env("SA", EnvVarSource.field("spec.serviceAccountName")))
                        .namespace("team").label("tier", "web").annotation("owner", "me").build(), "app",
                        ContainerConfig::env, List.of("NAME=p", "NS=team", "UID=" + KNOWN.uid(), "TIER=web",
                        "OWNER=me", "MISSING=", "NODE=node-1", "SA=default")),
                row("fieldRef status", base(app()
                        .env("POD_IP", EnvVarSource.field("status.podIP"))
                        .env("POD_IPS", EnvVarSource.field("status.podIPs"))
                        .env("HOST_IP", EnvVarSource.field("status.hostIP"))).build(), "app",
                        ContainerConfig::env, List.of("POD_IP=172.17.0.9", "POD_IPS=172.17.0.9,fd00::9",
                        "HOST_IP=172.17.0.1")),
                row("resourceFieldRef: limits, requests, divisors, rounded up", base(app().cpuLimit("1500m")
                        .memoryLimit("64Mi").cpuRequest("250m")
                        .env("CPU", EnvVarSource.resource("limits.cpu"))
                        .env("CPU_M", new EnvVarSource.ResourceFieldRef(null, "limits.cpu", "1m"))
                        .env("MEM_MI", new EnvVarSource.ResourceFieldRef(null, "limits.memory", "1Mi"))
                        .env("REQ_CPU", EnvVarSource.resource("requests.cpu"))
                        .env("REQ_MEM", EnvVarSource.resource("requests.memory"))).build(), "app",
                        ContainerConfig::env, List.of("CPU=2", "CPU_M=1500", "MEM_MI=64", "REQ_CPU=1",
                        "REQ_MEM=" + (64 << 20))),
                row("resourceFieldRef: no limit gives the node's allocatable", base(app()
                        .env("CPU", EnvVarSource.resource("limits.cpu"))
                        .env("MEM", new EnvVarSource.ResourceFieldRef(null, "limits.memory", "1Gi"))).build(), "app",
                        ContainerConfig::env, List.of("CPU=2", "MEM=4")),
                // volumes
                row("volumes are mounted nocopy, as a Kubernetes volume starts empty",
                        base(app().mount("scratch", "/scratch")).volume(VolumeSpec.emptyDir("scratch")).build(),
                        "app", c -> Arrays.stream(c.hostConfig().getBinds()).map(Bind::toString).toList(),
                        List.of("p-1a2b3c4d.scratch:/scratch:rw,nocopy")),
                row("configMap volume mounted read-only", base(app().mount("conf", "/etc/app"))
                        .volume(VolumeSpec.configMap("conf", "settings")).configMap(config).build(), "app",
                        c -> Arrays.stream(c.hostConfig().getBinds()).map(Bind::toString).toList(),
                        List.of("p-1a2b3c4d.conf:/etc/app:ro,nocopy")),
                row("subPath of a hostPath", base(app().mount(new VolumeMount("repo", "/site", true, "public")))
                        .volume(VolumeSpec.hostPath("repo", Path.of("/srv/repo"))).build(), "app",
                        c -> Arrays.stream(c.hostConfig().getBinds()).map(Bind::toString).toList(),
                        List.of("/srv/repo/public:/site:ro")),
                row("subPath of an emptyDir binds its host directory", base(app()
                        .mount(new VolumeMount("scratch", "/cache", false, "a/b")))
                        .volume(VolumeSpec.emptyDir("scratch")).build(), "app",
                        c -> Arrays.stream(c.hostConfig().getBinds()).map(Bind::toString).toList(),
                        List.of("/var/lib/docker/volumes/p-1a2b3c4d.scratch/_data/a/b:/cache:rw")),
                row("subPath of a configMap is copied in, not bound", base(app()
                        .mount(new VolumeMount("conf", "/etc/app.conf", true, "mode")))
                        .volume(VolumeSpec.configMap("conf", "settings")).configMap(config).build(), "app",
                        c -> List.of(c.hostConfig().getBinds()), List.of()),
                row("subPath of a configMap with a read-only root filesystem binds its host directory",
                        base(app().readOnlyRootFilesystem(true)
                        .mount(new VolumeMount("conf", "/etc/app.conf", true, "mode")))
                        .volume(VolumeSpec.configMap("conf", "settings")).configMap(config).build(), "app",
                        c -> Arrays.stream(c.hostConfig().getBinds()).map(Bind::toString).toList(),
                        List.of("/var/lib/docker/volumes/p-1a2b3c4d.conf/_data/mode:/etc/app.conf:ro")));
    }

    private static Arguments row(String field, PodSpec spec, String container,
            Function<ContainerConfig, Object> dockerField, Object expected) {
        return Arguments.of(field, spec, container, dockerField, expected);
    }

    private static ContainerSpec.Builder app() {
        return PLAIN.toBuilder();
    }

    private static PodSpec.Builder base(ContainerSpec.Builder main) {
        return PodSpec.builder("p").main(main.build());
    }

    private static PodSpec pod(ContainerSpec.Builder main) {
        return base(main).build();
    }

    private static PodSpec.DnsConfig dns() {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("ndots", "2");
        options.put("edns0", "");
        return new PodSpec.DnsConfig(List.of("10.9.9.9"), List.of("svc.example.test"), options);
    }
}
