package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerPort;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvVarSource;
import dev.sidecar.Hook;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The Compose export: the pod's wiring as services of an infra service, in the pod's start order. */
class ComposeExportTest {

    private static final PodSpec WEB = PodSpec.builder("web")
            .shareProcessNamespace(true)
            .volume(VolumeSpec.emptyDirInMemory("cache", "16Mi"))
            .volume(VolumeSpec.emptyDir("www").toBuilder().file("index.html", "<h1>hi</h1>").build())
            .initContainer(ContainerSpec.builder("prepare", "busybox:1.36").command("true").build())
            .initContainer(ContainerSpec.builder("migrate", "busybox:1.36").command("true").build())
            .sidecar(ContainerSpec.builder("proxy", "my/proxy:1").port(8443).startupProbe(Probe.tcp(8443)).build())
            .sidecar(ContainerSpec.builder("agent", "my/agent:1").secretEnv("TOKEN", "t0ps3cret")
                    .mount("cache", "/cache").build())
            .main(ContainerSpec.builder("app", "my/app:1").port(8080).mountReadOnly("www", "/www")
                    .readyWhen(Probe.http(8080, "/").toBuilder().period(Duration.ofMillis(500)).build())
                    .memoryLimit("64Mi").cpuLimit("1500m").stopSignal("SIGQUIT").build())
            .build();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services(String yaml) {
        return (Map<String, Object>) ((Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(yaml)).get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String yaml, String name) {
        return (Map<String, Object>) services(yaml).get(name);
    }

    @Test
    void infraOwnsTheNamespacesHostnameAndPortsAndEveryContainerJoinsIt() {
        String yaml = ComposeExport.of(WEB).infraImage("sidecar-test/pause:1").toYaml();

        assertThat(services(yaml)).containsOnlyKeys("infra", "prepare", "migrate", "proxy", "agent", "app");
        assertThat(service(yaml, "infra")).containsEntry("image", "sidecar-test/pause:1")
                .containsEntry("hostname", "web").containsEntry("ipc", "shareable")
                .containsEntry("ports", java.util.List.of("127.0.0.1::8443", "127.0.0.1::8080"));
        assertThat(service(yaml, "app")).containsEntry("network_mode", "service:infra")
                .containsEntry("ipc", "service:infra").containsEntry("pid", "service:infra");
    }

    @Test
    void dependsOnFollowsTheInitSequenceWithHealthConditions() {
        String yaml = ComposeExport.of(WEB).toYaml();

        assertThat(service(yaml, "migrate").get("depends_on")).isEqualTo(Map.of(
                "infra", Map.of("condition", "service_started"),
                "prepare", Map.of("condition", "service_completed_successfully")));
        assertThat(service(yaml, "proxy").get("depends_on")).isEqualTo(Map.of(
                "infra", Map.of("condition", "service_started"),
                "migrate", Map.of("condition", "service_completed_successfully")));
        assertThat(service(yaml, "agent").get("depends_on")).isEqualTo(Map.of(
                "infra", Map.of("condition", "service_started"),
                "proxy", Map.of("condition", "service_healthy")));
        assertThat(service(yaml, "app").get("depends_on")).isEqualTo(Map.of(
                "infra", Map.of("condition", "service_started"),
                "agent", Map.of("condition", "service_started")));
    }

    @Test
    void anInitContainerAfterASidecarWaitsForItAndParallelSidecarsStartTogether() {
        PodSpec spec = WEB.toBuilder()
                .initContainer(ContainerSpec.builder("seed", "busybox:1.36").command("true").build())
                .sidecarStartOrder(SidecarStartOrder.PARALLEL).build();

        String yaml = ComposeExport.of(spec).toYaml();

        Map<String, Object> afterMigrate = Map.of("infra", Map.of("condition", "service_started"),
                "migrate", Map.of("condition", "service_completed_successfully"));
        assertThat(service(yaml, "proxy").get("depends_on")).isEqualTo(afterMigrate);
        assertThat(service(yaml, "agent").get("depends_on")).isEqualTo(afterMigrate);
        assertThat(service(yaml, "seed").get("depends_on")).isEqualTo(Map.of(
                "infra", Map.of("condition", "service_started"),
                "proxy", Map.of("condition", "service_healthy"),
                "agent", Map.of("condition", "service_started")));
        assertThat(service(yaml, "app").get("depends_on")).isEqualTo(Map.of(
                "infra", Map.of("condition", "service_started"),
                "seed", Map.of("condition", "service_completed_successfully")));
    }

    @Test
    void theEnvironmentUserSecurityAndConfigMapVolumesAreResolvedForCompose(@TempDir Path dir) throws Exception {
        PodSpec spec = WEB.toBuilder()
                .runAsUser(1000).fsGroup(2000)
                .configMap(ConfigMapSpec.builder("settings").data("mode", "test").data("app.conf", "x=1").build())
                .volume(VolumeSpec.configMap("conf", "settings").toBuilder().item("app.conf", "app.conf", 0440)
                        .build())
                .container(ContainerSpec.builder("metrics", "my/metrics:1")
                        .port(new ContainerPort("stats", 8125, ContainerPort.Protocol.UDP))
                        .env("MODE", EnvVarSource.configMapKey("settings", "mode"))
                        .env("POD", EnvVarSource.field("metadata.name"))
                        .runAsGroup(3000).readOnlyRootFilesystem(true).allowPrivilegeEscalation(false)
                        .dropCapability("ALL").mountReadOnly("conf", "/etc/metrics").build())
                .build();

        String yaml = ComposeExport.of(spec).toYaml();

        assertThat(service(yaml, "infra").get("ports")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("127.0.0.1::8125/udp");
        assertThat(service(yaml, "metrics")).containsEntry("environment", Map.of("MODE", "test", "POD", "web"))
                .containsEntry("user", "1000:3000").containsEntry("group_add", java.util.List.of("2000"))
                .containsEntry("read_only", true).containsEntry("security_opt", java.util.List.of(
                        "no-new-privileges:true")).containsEntry("cap_drop", java.util.List.of("ALL"))
                .containsEntry("volumes", java.util.List.of("./files/conf:/etc/metrics:ro"));
        ComposeExport.of(spec).writeTo(dir);
        assertThat(Files.readString(dir.resolve("files/conf/app.conf"))).isEqualTo("x=1");
        assertThat(Files.getPosixFilePermissions(dir.resolve("files/conf/app.conf")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
    }

    @Test
    void whatComposeCannotDoIsRefusedInStrictModeNamingEach() {
        PodSpec spec = WEB.toBuilder().activeDeadline(Duration.ofMinutes(5))
                .main(WEB.main().toBuilder().livenessProbe(Probe.tcp(8080)).preStop(Hook.sleep(Duration.ofSeconds(5)))
                        .env("IP", EnvVarSource.field("status.podIP")).build())
                .build();

        assertThatThrownBy(() -> ComposeExport.of(spec).toYaml()).isInstanceOfSatisfying(ManifestException.class,
                e -> assertThat(e.problems()).extracting(ManifestException.Problem::path).containsExactlyInAnyOrder(
                        "services.app.liveness", "services.app.pre_stop", "services.app.environment.IP",
                        "activeDeadline"));
        assertThat(ComposeExport.of(spec).lenient().report().entries(Verdict.UNSUPPORTED)).hasSize(4);
    }

    @Test
    void probesAreHealthchecksAndLimitsSignalsAndVolumesCarryOver() {
        String yaml = ComposeExport.of(WEB).toYaml();

        assertThat(service(yaml, "app")).containsEntry("mem_limit", 67108864).containsEntry("cpus", "1.5")
                .containsEntry("stop_signal", "SIGQUIT").containsEntry("restart", "no")
                .containsEntry("volumes", java.util.List.of("./files/www:/www:ro"));
        assertThat(service(yaml, "app").get("healthcheck")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                .containsEntry("interval", "500ms").containsEntry("retries", 3);
        assertThat(service(yaml, "agent")).containsEntry("restart", "always")
                .containsEntry("volumes", java.util.List.of("cache:/cache"))
                .containsEntry("environment", Map.of("TOKEN", "${WEB_AGENT_TOKEN}"));
        assertThat(yaml).doesNotContain("t0ps3cret").contains("o: \"size=16777216\"");
        assertThat(ComposeExport.of(WEB).withSecretValues().toYaml()).contains("t0ps3cret");
    }

    @Test
    void writesTheFilesOfFileVolumesBesideTheComposeFile(@TempDir Path dir) throws Exception {
        Path file = ComposeExport.of(WEB).writeTo(dir);

        assertThat(file).isEqualTo(dir.resolve("compose.yaml"));
        assertThat(Files.readString(dir.resolve("files/www/index.html"))).isEqualTo("<h1>hi</h1>");
    }

    @Test
    void aLogLineProbeIsRefusedInStrictModeAndReportedInLenientMode() {
        PodSpec logLine = WEB.toBuilder().sidecar(ContainerSpec.builder("proxy", "my/proxy:1")
                .readyWhen(Probe.logLine("listening")).build()).build();

        assertThatThrownBy(() -> ComposeExport.of(logLine).toYaml()).isInstanceOf(ManifestException.class)
                .hasMessageContaining("services.proxy.healthcheck").hasMessageContaining("log-line probe");
        assertThat(ComposeExport.of(logLine).lenient().report().entry("services.proxy.healthcheck"))
                .map(ManifestReport.Entry::verdict).contains(Verdict.UNSUPPORTED);
        assertThat(service(ComposeExport.of(logLine).lenient().toYaml(), "agent").get("depends_on"))
                .isEqualTo(Map.of("infra", Map.of("condition", "service_started"),
                        "proxy", Map.of("condition", "service_started")));
    }
}
