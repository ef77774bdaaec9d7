package dev.sidecar.kubernetes;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerPort;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvFromSource;
import dev.sidecar.EnvVarSource;
import dev.sidecar.Hook;
import dev.sidecar.ImagePullPolicy;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.SecretSpec;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Valid specs built from a seeded {@link Random}: every field the spec has, extensions included, within what a
 * manifest can give back. Three things a manifest cannot tell apart are left out: a mount that writes to a read-only
 * hostPath (Kubernetes marks every mount of it read-only), a sidecar's explicit {@code ALWAYS} (its role's default),
 * and ConfigMaps or Secrets nothing refers to (an import carries the ones the pod uses); a projection's sources are
 * named after the volume, as the import names them.
 */
final class RandomSpecs {

    private static final String[] SIGNALS = {"SIGTERM", "SIGQUIT", "SIGINT", "SIGUSR1", "SIGHUP", "SIGRTMIN+3"};
    private static final String[] TEXT = {"plain", "with space", "$HOME and $(HOME) and $$", "multi\nline",
        "quote ' and \"", "", "ünïcödé", "{\"json\": true}", "a: yaml"};
    private static final String[] FIELDS = {"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
        "spec.serviceAccountName", "status.podIP", "status.hostIP", "metadata.labels['app']",
        "metadata.annotations['example.com/team']"};
    private static final String[] RESOURCES = {"limits.cpu", "limits.memory", "requests.cpu", "requests.memory"};
    private static final String[] DIVISORS = {"1", "1m", "1Mi", "1Ki", "1k"};

    private final Random r;
    private int nextPort = 1000;
    private final List<ConfigMapSpec> configMaps = new ArrayList<>();
    private final List<SecretSpec> secrets = new ArrayList<>();
    private final Map<String, Boolean> used = new LinkedHashMap<>();

    RandomSpecs(Random r) {
        this.r = r;
    }

    PodSpec pod() {
        PodSpec.Builder b = PodSpec.builder("pod-" + r.nextInt(1000));
        metadata(b);
        dataSources();
        List<VolumeSpec> volumes = new ArrayList<>();
        int volumeCount = r.nextInt(5);
        for (int i = 0; i < volumeCount; i++) {
            volumes.add(volume("vol" + i));
        }
        volumes.forEach(b::volume);
        int entries = r.nextInt(5);
        for (int i = 0; i < entries; i++) {
            if (r.nextBoolean()) {
                b.initContainer(container("init" + i, volumes, ContainerRole.INIT));
            } else {
                b.sidecar(container("side" + i, volumes, ContainerRole.SIDECAR));
            }
        }
        int mains = 1 + (r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0);
        for (int i = 0; i < mains; i++) {
            b.container(container(i == 0 ? "main" : "main" + i, volumes, ContainerRole.MAIN));
        }
        podFields(b);
        configMaps.stream().filter(c -> used.containsKey("ConfigMap/" + c.name())).forEach(b::configMap);
        secrets.stream().filter(s -> used.containsKey("Secret/" + s.name())).forEach(b::secret);
        return b.build();
    }

    private enum ContainerRole {
        INIT, SIDECAR, MAIN
    }

    private void metadata(PodSpec.Builder b) {
        if (r.nextInt(3) == 0) {
            b.namespace("ns-" + r.nextInt(10));
        }
        if (r.nextBoolean()) {
            b.label("app", "web-" + r.nextInt(10));
        }
        if (r.nextInt(3) == 0) {
            b.label("example.com/tier", r.nextBoolean() ? "front" : "");
        }
        if (r.nextBoolean()) {
            b.annotation("example.com/team", TEXT[r.nextInt(TEXT.length)]);
        }
        if (r.nextInt(4) == 0) {
            b.hostname("host-" + r.nextInt(100));
        }
    }

    private void podFields(PodSpec.Builder b) {
        b.shareProcessNamespace(r.nextBoolean());
        b.shareIpcNamespace(r.nextInt(5) != 0);
        b.sidecarStartOrder(r.nextInt(4) == 0 ? SidecarStartOrder.PARALLEL : SidecarStartOrder.ORDERED);
        switch (r.nextInt(4)) {
            case 0 -> b.terminationGracePeriod(Duration.ZERO);
            case 1 -> b.terminationGracePeriod(Duration.ofSeconds(1 + r.nextInt(100)));
            case 2 -> b.terminationGracePeriod(Duration.ofMillis(1 + r.nextInt(5000)));
            default -> { }
        }
        b.restartPolicy(RestartPolicy.values()[r.nextInt(3)]);
        switch (r.nextInt(4)) {
            case 0 -> b.activeDeadline(Duration.ofSeconds(1 + r.nextInt(600)));
            case 1 -> b.activeDeadline(Duration.ofMillis(1 + r.nextInt(5000)));
            default -> { }
        }
        if (r.nextInt(3) == 0) {
            b.serviceAccountName("robot-" + r.nextInt(5));
        }
        if (r.nextInt(3) == 0) {
            b.runAsUser(1000 + r.nextInt(1000));
        }
        if (r.nextInt(3) == 0) {
            b.runAsGroup(r.nextInt(3000));
        }
        if (r.nextInt(4) == 0) {
            b.runAsNonRoot(r.nextBoolean());
        }
        if (r.nextInt(3) == 0) {
            b.fsGroup(2000 + r.nextInt(100));
        }
        if (r.nextInt(4) == 0) {
            b.supplementalGroup(3000 + r.nextInt(10)).supplementalGroup(4000);
        }
        if (r.nextInt(4) == 0) {
            b.sysctl("net.ipv4.ip_local_port_range", "1024 65000").sysctl("kernel.shm_rmid_forced", "1");
        }
        if (r.nextInt(4) == 0) {
            b.hostAlias("10.0.0." + r.nextInt(250), "db.local", "cache.local");
        }
        switch (r.nextInt(4)) {
            case 0 -> b.dnsPolicy(PodSpec.DnsPolicy.DEFAULT);
            case 1 -> b.dnsPolicy(PodSpec.DnsPolicy.NONE).dnsConfig(new PodSpec.DnsConfig(List.of("1.1.1.1"),
                    List.of("example.com"), Map.of("ndots", "2")));
            case 2 -> b.dnsConfig(new PodSpec.DnsConfig(List.of(), List.of("svc.example"), Map.of("edns0", "")));
            default -> { }
        }
    }

    private void dataSources() {
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            ConfigMapSpec.Builder c = ConfigMapSpec.builder("cm-" + i).data("mode", TEXT[r.nextInt(TEXT.length)])
                    .data("app.conf", "x=" + r.nextInt(100));
            if (r.nextBoolean()) {
                c.binaryData("blob.bin", new byte[] {(byte) 0xff, 0, (byte) 0xfe, 1});
            }
            configMaps.add(c.build());
        }
        int m = r.nextInt(3);
        for (int i = 0; i < m; i++) {
            SecretSpec.Builder s = SecretSpec.builder("sec-" + i).stringData("password", "pw-" + r.nextInt(1000))
                    .stringData("token", "t0k3n-" + i);
            if (r.nextBoolean()) {
                s.data("key.der", new byte[] {(byte) 0x30, (byte) 0x82, (byte) 0xff, 7});
            }
            secrets.add(s.build());
        }
    }

    private VolumeSpec volume(String name) {
        return switch (r.nextInt(8)) {
            case 0 -> VolumeSpec.emptyDir(name);
            case 1 -> VolumeSpec.emptyDirInMemory(name, (1 + r.nextInt(64)) + (r.nextBoolean() ? "Mi" : "Ki"));
            case 2 -> VolumeSpec.hostPath(name, Path.of("/srv/data/" + name)).toBuilder()
                    .hostPathType(VolumeSpec.HostPathType.values()[r.nextInt(VolumeSpec.HostPathType.values().length)])
                    .readOnly(r.nextBoolean()).build();
            case 3 -> {
                VolumeSpec.Builder files = (r.nextBoolean() ? VolumeSpec.emptyDir(name)
                        : VolumeSpec.emptyDirInMemory(name, "1Mi")).toBuilder();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    files.file((r.nextBoolean() ? "conf/" : "") + "file" + i + ".txt", TEXT[r.nextInt(TEXT.length)]);
                }
                yield files.build();
            }
            case 4, 5 -> keyed(name, r.nextBoolean(), false).orElseGet(() -> VolumeSpec.emptyDir(name));
            case 6 -> downwardApi(name);
            default -> {
                List<VolumeSpec> sources = new ArrayList<>();
                keyed(name, false, true).ifPresent(sources::add);
                keyed(name, true, true).ifPresent(sources::add);
                sources.add(downwardApi(name));
                VolumeSpec.Builder p = VolumeSpec.projected(name, sources.toArray(VolumeSpec[]::new)).toBuilder();
                if (r.nextBoolean()) {
                    p.defaultMode(0440);
                }
                yield p.build();
            }
        };
    }

    /** A configMap or secret volume, or a projection's source (which has no mode of its own). */
    private java.util.Optional<VolumeSpec> keyed(String name, boolean secret, boolean projected) {
        List<String> names = secret ? secrets.stream().map(SecretSpec::name).toList()
                : configMaps.stream().map(ConfigMapSpec::name).toList();
        boolean missing = names.isEmpty() || r.nextInt(5) == 0;
        if (missing && r.nextBoolean()) {
            return java.util.Optional.empty();
        }
        String source = missing ? "missing-" + r.nextInt(9) : names.get(r.nextInt(names.size()));
        if (!missing) {
            used.put((secret ? "Secret/" : "ConfigMap/") + source, true);
        }
        VolumeSpec.Builder b = (secret ? VolumeSpec.secret(name, source) : VolumeSpec.configMap(name, source))
                .toBuilder().optional(missing || r.nextInt(4) == 0);
        if (r.nextBoolean()) {
            String key = secret ? "password" : "mode";
            if (r.nextBoolean()) {
                b.item(key, "dir/" + key);
            } else {
                b.item(key, key + ".txt", 0400);
            }
        }
        switch (projected ? 2 : r.nextInt(3)) {
            case 0 -> b.defaultMode(0440);
            case 1 -> b.defaultMode(VolumeSpec.DEFAULT_MODE);
            default -> { }
        }
        return java.util.Optional.of(b.build());
    }

    private VolumeSpec downwardApi(String name) {
        VolumeSpec.Builder b = VolumeSpec.downwardApi(name).toBuilder().field("name", "metadata.name");
        if (r.nextBoolean()) {
            b.field("labels", "metadata.labels");
        }
        if (r.nextBoolean()) {
            b.field(new VolumeSpec.DownwardApiItem("cpu", new EnvVarSource.ResourceFieldRef("main", "limits.cpu",
                    DIVISORS[r.nextInt(2)]), r.nextBoolean() ? null : 0444));
        }
        return b.build();
    }

    private ContainerSpec container(String name, List<VolumeSpec> volumes, ContainerRole role) {
        ContainerSpec.Builder c = ContainerSpec.builder(name, switch (r.nextInt(4)) {
            case 0 -> "busybox:1.36";
            case 1 -> "registry.example.com:5000/team/app-" + name + ":1.2.3";
            case 2 -> "example/untagged-" + name;
            default -> "alpine:latest";
        });
        c.imagePullPolicy(ImagePullPolicy.values()[r.nextInt(3)]);
        if (r.nextBoolean()) {
            c.command("sh", "-c", TEXT[r.nextInt(TEXT.length)]);
        }
        if (r.nextBoolean()) {
            c.args("--flag=" + TEXT[r.nextInt(TEXT.length)], "$(NOT_EXPANDED)");
        }
        env(c);
        List<ContainerPort> ports = new ArrayList<>();
        int portCount = r.nextInt(3);
        for (int i = 0; i < portCount; i++) {
            ContainerPort port = new ContainerPort(r.nextBoolean() ? "port-" + i : null, nextPort++,
                    r.nextInt(4) == 0 ? ContainerPort.Protocol.UDP : ContainerPort.Protocol.TCP);
            ports.add(port);
            c.port(port);
        }
        for (VolumeSpec v : volumes) {
            if (r.nextBoolean()) {
                continue;
            }
            String at = "/mnt/" + v.name();
            boolean readOnly = v.kind() == VolumeSpec.Kind.HOST_PATH && v.readOnly() || r.nextInt(3) != 0;
            c.mount(new VolumeMount(v.name(), at, readOnly, r.nextInt(4) == 0 ? "sub/dir" : null));
        }
        if (role != ContainerRole.INIT) {
            if (r.nextInt(3) != 0) {
                c.readyWhen(probe(ports, false));
            }
            if (r.nextInt(3) == 0) {
                c.startupProbe(probe(ports, true));
            }
            if (r.nextInt(3) == 0) {
                c.livenessProbe(probe(ports, true));
            }
            if (r.nextInt(3) == 0) {
                c.postStart(hook(ports));
            }
            if (r.nextInt(3) == 0) {
                c.preStop(hook(ports));
            }
        }
        resources(c);
        security(c);
        if (r.nextInt(4) == 0) {
            c.workingDir("/work/" + name);
        }
        c.stopSignal(SIGNALS[r.nextInt(SIGNALS.length)]);
        c.stdin(r.nextInt(4) == 0).tty(r.nextInt(4) == 0);
        switch (role) {
            case INIT -> {
                if (r.nextInt(4) == 0) {
                    c.restartPolicy(RestartPolicy.NEVER);
                }
            }
            case SIDECAR -> {
                if (r.nextInt(5) == 0) {
                    c.restartPolicy(r.nextBoolean() ? RestartPolicy.NEVER : RestartPolicy.ON_FAILURE);
                }
            }
            default -> {
                if (r.nextInt(4) == 0) {
                    c.restartPolicy(RestartPolicy.values()[r.nextInt(3)]);
                }
            }
        }
        return c.build();
    }

    private void env(ContainerSpec.Builder c) {
        int env = r.nextInt(6);
        for (int i = 0; i < env; i++) {
            switch (r.nextInt(6)) {
                case 0 -> c.secretEnv("SECRET_" + i, "s3cr3t-" + r.nextInt(1000));
                case 1 -> c.env("FIELD_" + i, EnvVarSource.field(FIELDS[r.nextInt(FIELDS.length)]));
                case 2 -> c.env("RES_" + i, new EnvVarSource.ResourceFieldRef(r.nextBoolean() ? null : "main",
                        RESOURCES[r.nextInt(RESOURCES.length)], DIVISORS[r.nextInt(DIVISORS.length)]));
                case 3 -> {
                    if (!configMaps.isEmpty()) {
                        ConfigMapSpec cm = configMaps.get(r.nextInt(configMaps.size()));
                        used.put("ConfigMap/" + cm.name(), true);
                        c.env("CM_" + i, new EnvVarSource.ConfigMapKeyRef(cm.name(), r.nextBoolean() ? "mode"
                                : "app.conf", r.nextBoolean()));
                    } else {
                        c.env("CM_" + i, new EnvVarSource.ConfigMapKeyRef("absent", "key", true));
                    }
                }
                case 4 -> {
                    if (!secrets.isEmpty()) {
                        SecretSpec s = secrets.get(r.nextInt(secrets.size()));
                        used.put("Secret/" + s.name(), true);
                        c.env("SEC_" + i, EnvVarSource.secretKey(s.name(), "password"));
                    }
                }
                default -> c.env("VAR_" + i, TEXT[r.nextInt(TEXT.length)]);
            }
        }
        if (r.nextInt(4) == 0 && !configMaps.isEmpty()) {
            ConfigMapSpec cm = configMaps.get(r.nextInt(configMaps.size()));
            used.put("ConfigMap/" + cm.name(), true);
            c.envFrom(new EnvFromSource(EnvFromSource.Kind.CONFIG_MAP, cm.name(), r.nextBoolean() ? "CFG_" : "",
                    r.nextBoolean()));
        }
        if (r.nextInt(4) == 0 && !secrets.isEmpty()) {
            SecretSpec s = secrets.get(r.nextInt(secrets.size()));
            used.put("Secret/" + s.name(), true);
            c.envFrom(EnvFromSource.secret(s.name()));
        }
        if (r.nextInt(6) == 0) {
            c.envFrom(new EnvFromSource(EnvFromSource.Kind.SECRET, "not-there", "", true));
        }
    }

    private void resources(ContainerSpec.Builder c) {
        if (r.nextInt(3) == 0) {
            c.memoryLimit((64 + r.nextInt(512)) + (r.nextBoolean() ? "Mi" : "M"));
            if (r.nextBoolean()) {
                c.memoryRequest((8 + r.nextInt(56)) + "Mi");
            }
        }
        if (r.nextInt(3) == 0) {
            c.cpuLimit(r.nextBoolean() ? (1000 + r.nextInt(2000)) + "m" : String.valueOf(1 + r.nextInt(4)));
            if (r.nextBoolean()) {
                c.cpuRequest((10 + r.nextInt(900)) + "m");
            }
        }
    }

    private void security(ContainerSpec.Builder c) {
        boolean runAs = r.nextInt(4) == 0;
        if (runAs) {
            c.runAsUser(100 + r.nextInt(1000));
        }
        if (r.nextInt(5) == 0) {
            c.runAsGroup(r.nextInt(1000));
        }
        switch (r.nextInt(5)) {
            case 0 -> c.user(String.valueOf(r.nextInt(65536)));
            case 1 -> c.user(r.nextInt(65536) + ":" + r.nextInt(65536));
            case 2 -> c.user(r.nextBoolean() ? "nobody" : "www-data");
            default -> { }
        }
        if (r.nextInt(5) == 0) {
            c.runAsNonRoot(true);
            if (!runAs) {
                c.runAsUser(1000);
            }
        }
        c.readOnlyRootFilesystem(r.nextInt(4) == 0);
        boolean privileged = r.nextInt(6) == 0;
        c.privileged(privileged);
        if (!privileged && r.nextInt(4) == 0) {
            c.allowPrivilegeEscalation(false);
        }
        if (r.nextInt(4) == 0) {
            c.addCapability(r.nextBoolean() ? "NET_ADMIN" : "SYS_PTRACE");
        }
        if (r.nextInt(4) == 0) {
            c.dropCapability(r.nextBoolean() ? "ALL" : "NET_RAW");
        }
    }

    private Probe probe(List<ContainerPort> ports, boolean onePass) {
        List<ContainerPort> tcp = ports.stream().filter(p -> p.protocol() == ContainerPort.Protocol.TCP).toList();
        Probe.Action action = switch (tcp.isEmpty() ? r.nextInt(2) : r.nextInt(4)) {
            case 0 -> new Probe.Exec(List.of("test", "-f", "/tmp/ready"));
            case 1 -> new Probe.LogLine("ready( at \\d+)?");
            case 2 -> {
                ContainerPort p = tcp.get(r.nextInt(tcp.size()));
                yield p.name() != null && r.nextBoolean() ? new Probe.TcpSocket(0, p.name())
                        : new Probe.TcpSocket(p.containerPort());
            }
            default -> {
                ContainerPort p = tcp.get(r.nextInt(tcp.size()));
                boolean byName = p.name() != null && r.nextBoolean();
                yield new Probe.HttpGet(byName ? 0 : p.containerPort(), byName ? p.name() : null,
                        "/health?full=" + r.nextInt(9), r.nextBoolean() ? Probe.Scheme.HTTP : Probe.Scheme.HTTPS,
                        r.nextBoolean() ? Map.of() : Map.of("X-Probe", "yes"));
            }
        };
        Probe.Builder p = Probe.builder(action);
        if (r.nextBoolean()) {
            p.initialDelay(r.nextBoolean() ? Duration.ofSeconds(r.nextInt(30)) : Duration.ofMillis(r.nextInt(3000)));
        }
        if (r.nextBoolean()) {
            p.period(r.nextBoolean() ? Duration.ofSeconds(1 + r.nextInt(30)) : Duration.ofMillis(1 + r.nextInt(3000)));
        }
        if (r.nextBoolean()) {
            p.timeout(Duration.ofSeconds(1 + r.nextInt(5)));
        }
        if (!onePass && r.nextBoolean()) {
            p.successThreshold(1 + r.nextInt(3));
        }
        if (r.nextBoolean()) {
            p.failureThreshold(1 + r.nextInt(10));
        }
        return p.build();
    }

    private Hook hook(List<ContainerPort> ports) {
        List<ContainerPort> named = ports.stream().filter(p -> p.name() != null).toList();
        return switch (r.nextInt(4)) {
            case 0 -> Hook.exec("sh", "-c", TEXT[r.nextInt(TEXT.length)]);
            case 1 -> Hook.sleep(r.nextBoolean() ? Duration.ofSeconds(r.nextInt(10)) : Duration.ofMillis(1
                    + r.nextInt(3000)));
            case 2 -> named.isEmpty() ? Hook.httpGet(8000 + r.nextInt(100), "/drain")
                    : new Probe.HttpGet(0, named.get(0).name(), "/drain", Probe.Scheme.HTTP, Map.of());
            default -> new Probe.HttpGet(9000, null, "/hook?x=1", Probe.Scheme.HTTPS, Map.of("X-Hook", "yes"));
        };
    }
}
