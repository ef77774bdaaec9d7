package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import dev.sidecar.examples.ConfigSyncWithReload;
import dev.sidecar.examples.HttpsForLegacyApp;
import dev.sidecar.examples.LogShipping;
import dev.sidecar.examples.ProcessMonitoring;
import dev.sidecar.examples.QuickStartDemo;
import dev.sidecar.examples.SharedPidNamespace;
import dev.sidecar.examples.TinyPaas;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code spec → YAML → spec}: a spec exported (lenient, with secret values) and imported again (strict) is the spec
 * it was, for every example of {@code sidecar-examples} and for specs built at random from a seed.
 */
class RoundTripTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("QuickStartDemo", QuickStartDemo.spec("quickstart.sidecar.test")),
                Arguments.of("HttpsForLegacyApp", HttpsForLegacyApp.spec("legacy.sidecar.test")),
                Arguments.of("ConfigSyncWithReload", ConfigSyncWithReload.spec(URI.create("http://10.0.2.2:8000/c"))),
                Arguments.of("LogShipping", LogShipping.spec()),
                Arguments.of("LogShipping to a sink", LogShipping.spec(URI.create("http://10.0.2.2:9000/logs"))),
                Arguments.of("ProcessMonitoring", ProcessMonitoring.spec()),
                Arguments.of("TinyPaas", TinyPaas.spec(Path.of("/tmp/site.git"))),
                Arguments.of("SharedPidNamespace", SharedPidNamespace.spec()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleComesBackFromItsManifest(String example, PodSpec spec) {
        assertThat(roundTrip(spec)).isEqualTo(spec);
    }

    static IntStream seeds() {
        return IntStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRandomSpecComesBackFromItsManifest(int seed) {
        PodSpec spec = new RandomSpecs(new Random(seed)).pod();

        assertThat(roundTrip(spec)).as("seed %d:\n%s", seed, KubernetesExport.of(spec).lenient().withSecretValues()
                .toYaml()).isEqualTo(spec);
    }

    private static PodSpec roundTrip(PodSpec spec) {
        String yaml = KubernetesExport.of(spec).lenient().withSecretValues().toYaml();
        ImportResult imported = KubernetesManifests.parse(yaml).workload("Pod", spec.name()).importPod();
        assertThat(imported.report().hasUnsupported()).as(imported.report().toString()).isFalse();
        return imported.spec();
    }

    /** Valid specs built from a seeded {@link Random}: every field the spec has, extensions included. */
    static final class RandomSpecs {
        private static final String[] SIGNALS = {"SIGTERM", "SIGQUIT", "SIGINT", "SIGUSR1", "SIGHUP", "SIGRTMIN+3"};
        private static final String[] TEXT = {"plain", "with space", "$HOME and $(HOME) and $$", "multi\nline",
            "quote ' and \"", "", "ünïcödé", "{\"json\": true}", "a: yaml"};
        private final Random r;
        private int nextPort = 1000;

        RandomSpecs(Random r) {
            this.r = r;
        }

        PodSpec pod() {
            PodSpec.Builder b = PodSpec.builder("pod-" + r.nextInt(1000));
            if (r.nextInt(4) == 0) {
                b.hostname("host-" + r.nextInt(100));
            }
            List<VolumeSpec> volumes = new ArrayList<>();
            int volumeCount = r.nextInt(4);
            for (int i = 0; i < volumeCount; i++) {
                volumes.add(volume("vol" + i));
            }
            volumes.forEach(b::volume);
            int inits = r.nextInt(3);
            for (int i = 0; i < inits; i++) {
                b.initContainer(container("init" + i, volumes, false, null));
            }
            int sidecars = r.nextInt(4);
            for (int i = 0; i < sidecars; i++) {
                RestartPolicy policy = r.nextInt(5) == 0 ? (r.nextBoolean() ? RestartPolicy.NEVER
                        : RestartPolicy.ON_FAILURE) : null;
                b.sidecar(container("side" + i, volumes, true, policy));
            }
            RestartPolicy mainPolicy = switch (r.nextInt(3)) {
                case 0 -> RestartPolicy.ALWAYS;
                case 1 -> RestartPolicy.ON_FAILURE;
                default -> null;
            };
            b.main(container("main", volumes, true, mainPolicy));
            b.shareProcessNamespace(r.nextBoolean());
            b.shareIpcNamespace(r.nextInt(5) != 0);
            b.sidecarStartOrder(r.nextInt(4) == 0 ? SidecarStartOrder.PARALLEL : SidecarStartOrder.ORDERED);
            switch (r.nextInt(4)) {
                case 0 -> b.terminationGracePeriod(Duration.ZERO);
                case 1 -> b.terminationGracePeriod(Duration.ofSeconds(1 + r.nextInt(100)));
                case 2 -> b.terminationGracePeriod(Duration.ofMillis(1 + r.nextInt(5000)));
                default -> { }
            }
            return b.build();
        }

        private VolumeSpec volume(String name) {
            VolumeSpec base = switch (r.nextInt(4)) {
                case 0 -> VolumeSpec.emptyDir(name);
                case 1 -> VolumeSpec.emptyDirInMemory(name, (1 + r.nextInt(64)) + (r.nextBoolean() ? "Mi" : "Ki"));
                case 2 -> VolumeSpec.hostPath(name, Path.of("/srv/data/" + name)).toBuilder()
                        .hostPathType(VolumeSpec.HostPathType.values()[r.nextInt(VolumeSpec.HostPathType.values().length)])
                        .readOnly(r.nextBoolean()).build();
                default -> {
                    VolumeSpec.Builder files = (r.nextBoolean() ? VolumeSpec.emptyDir(name)
                            : VolumeSpec.emptyDirInMemory(name, "1Mi")).toBuilder();
                    int n = 1 + r.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        files.file((r.nextBoolean() ? "conf/" : "") + "file" + i + ".txt", TEXT[r.nextInt(TEXT.length)]);
                    }
                    yield files.build();
                }
            };
            return base;
        }

        private ContainerSpec container(String name, List<VolumeSpec> volumes, boolean probed, RestartPolicy policy) {
            ContainerSpec.Builder c = ContainerSpec.builder(name, r.nextBoolean() ? "busybox:1.36"
                    : "registry.example.com:5000/team/app-" + name + ":1.2.3");
            if (r.nextBoolean()) {
                c.command("sh", "-c", TEXT[r.nextInt(TEXT.length)]);
            }
            if (r.nextBoolean()) {
                c.args("--flag=" + TEXT[r.nextInt(TEXT.length)], "$(NOT_EXPANDED)");
            }
            int env = r.nextInt(4);
            for (int i = 0; i < env; i++) {
                if (r.nextInt(3) == 0) {
                    c.secretEnv("SECRET_" + i, "s3cr3t-" + r.nextInt(1000));
                } else {
                    c.env("VAR_" + i, TEXT[r.nextInt(TEXT.length)]);
                }
            }
            List<Integer> ports = new ArrayList<>();
            int portCount = r.nextInt(3);
            for (int i = 0; i < portCount; i++) {
                int port = nextPort++;
                ports.add(port);
                c.port(port);
            }
            for (VolumeSpec v : volumes) {
                if (r.nextBoolean()) {
                    continue;
                }
                String at = "/mnt/" + v.name();
                // A read-only host path is mounted read-only: Kubernetes says so on each mount.
                boolean readOnly = v.kind() == VolumeSpec.Kind.HOST_PATH && v.readOnly() || r.nextInt(3) != 0;
                if (readOnly) {
                    c.mountReadOnly(v.name(), at);
                } else {
                    c.mount(v.name(), at);
                }
            }
            if (probed && r.nextInt(3) != 0) {
                c.readyWhen(probe(ports));
            }
            if (r.nextInt(3) == 0) {
                c.memoryLimit((8 + r.nextInt(512)) + (r.nextBoolean() ? "Mi" : "M"));
            }
            if (r.nextInt(3) == 0) {
                c.cpuLimit(r.nextBoolean() ? (10 + r.nextInt(2000)) + "m" : String.valueOf(1 + r.nextInt(4)));
            }
            switch (r.nextInt(4)) {
                case 0 -> c.user(String.valueOf(r.nextInt(65536)));
                case 1 -> c.user(r.nextInt(65536) + ":" + r.nextInt(65536));
                case 2 -> c.user(r.nextBoolean() ? "nobody" : "www-data");
                default -> { }
            }
            if (r.nextInt(4) == 0) {
                c.workingDir("/work/" + name);
            }
            c.stopSignal(SIGNALS[r.nextInt(SIGNALS.length)]);
            if (r.nextInt(6) == 0) {
                c.privileged(true);
            }
            if (r.nextInt(4) == 0) {
                c.addCapability(r.nextBoolean() ? "NET_ADMIN" : "SYS_PTRACE");
            }
            if (policy != null) {
                c.restartPolicy(policy);
            }
            return c.build();
        }

        private Probe probe(List<Integer> ports) {
            Probe.Action action = switch (ports.isEmpty() ? r.nextInt(2) : r.nextInt(4)) {
                case 0 -> new Probe.Exec(List.of("test", "-f", "/tmp/ready"));
                case 1 -> new Probe.LogLine("ready( at \\d+)?");
                case 2 -> new Probe.TcpSocket(ports.get(r.nextInt(ports.size())));
                default -> new Probe.HttpGet(ports.get(r.nextInt(ports.size())), "/health?full=" + r.nextInt(9),
                        r.nextBoolean() ? Probe.Scheme.HTTP : Probe.Scheme.HTTPS,
                        r.nextBoolean() ? Map.of() : Map.of("X-Probe", "yes"));
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
            if (r.nextBoolean()) {
                p.successThreshold(1 + r.nextInt(3));
            }
            if (r.nextBoolean()) {
                p.failureThreshold(1 + r.nextInt(10));
            }
            return p.build();
        }
    }
}
