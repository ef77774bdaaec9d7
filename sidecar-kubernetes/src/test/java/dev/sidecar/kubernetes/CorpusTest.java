package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvVarSource;
import dev.sidecar.Hook;
import dev.sidecar.ImagePullPolicy;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.SecretSpec;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The golden corpus: manifests in the shapes users deploy ({@code src/test/resources/k8s/corpus}). Each imports to
 * the expected spec and report; its export equals, as fabric8 objects, the golden Pod manifest in
 * {@code corpus/expected}; and importing that export gives the same spec again.
 */
class CorpusTest {

    private static final String CORPUS = "k8s/corpus/";

    @Test
    void docsLogShipperIsANativeSidecarTailingTheAppsLog() {
        PodSpec expected = PodSpec.builder("myapp")
                .label("app", "myapp")
                .restartPolicy(RestartPolicy.ALWAYS)
                .volume(VolumeSpec.emptyDir("data"))
                .sidecar(ContainerSpec.builder("logshipper", "alpine:latest").imagePullPolicy(ImagePullPolicy.ALWAYS)
                        .command("sh", "-c", "tail -F /opt/logs.txt").mount("data", "/opt").build())
                .main(ContainerSpec.builder("myapp", "alpine:latest").imagePullPolicy(ImagePullPolicy.ALWAYS)
                        .command("sh", "-c", "while true; do echo \"logging\" >> /opt/logs.txt; sleep 1; done")
                        .mount("data", "/opt").build())
                .build();

        assertGolden("docs-log-shipper", expected, Map.of(
                "metadata", Verdict.IGNORED,
                "spec.replicas", Verdict.IGNORED,
                "spec.selector", Verdict.IGNORED));
    }

    @Test
    void tlsProxyStartsAfterTheCertificateAndGatesTheApp() {
        Probe https = Probe.tcp("https").toBuilder().period(Duration.ofSeconds(1)).failureThreshold(30).build();
        PodSpec expected = PodSpec.builder("shop")
                .namespace("shop")
                .label("app", "shop")
                .annotation("kubectl.kubernetes.io/default-container", "app")
                .serviceAccountName("shop")
                .restartPolicy(RestartPolicy.ALWAYS)
                .terminationGracePeriod(Duration.ofSeconds(20))
                .volume(VolumeSpec.emptyDirInMemory("tls", "1Mi"))
                .initContainer(ContainerSpec.builder("make-cert", "ghcr.io/acme/self-signed-cert:1")
                        .env("COMMON_NAME", "shop.acme.test").mount("tls", "/etc/tls").build())
                .sidecar(ContainerSpec.builder("tls-proxy", "ghcr.io/acme/tls-proxy:1")
                        .env("UPSTREAM_PORT", "8080").port("https", 8443).mountReadOnly("tls", "/etc/tls")
                        .startupProbe(https).readyWhen(https)
                        .memoryLimit("128Mi").cpuLimit("500m").memoryRequest("32Mi").cpuRequest("50m").build())
                .main(ContainerSpec.builder("app", "ghcr.io/acme/legacy-app:1")
                        .readyWhen(Probe.builder(new Probe.Exec(List.of("wget", "-q", "-O", "/dev/null",
                                "http://127.0.0.1:8080/"))).period(Duration.ofSeconds(2)).build())
                        .memoryLimit("64Mi").build())
                .build();

        Map<String, Verdict> report = new LinkedHashMap<>();
        report.put("metadata", Verdict.IGNORED);
        report.put("spec.replicas", Verdict.IGNORED);
        report.put("spec.revisionHistoryLimit", Verdict.IGNORED);
        report.put("spec.selector", Verdict.IGNORED);
        report.put("spec.strategy", Verdict.IGNORED);
        assertGolden("tls-proxy", expected, report);
    }

    @Test
    void envoyGetsItsConfigMapAndTlsSecretAsVolumesOfTheirOwn() {
        KubernetesManifests manifests = KubernetesManifests.load(CORPUS + "envoy-sidecar.yaml");
        Map<String, String> envoyConfig = ((ConfigMap) resource(manifests, "ConfigMap")).getData();
        Map<String, String> tls = ((Secret) resource(manifests, "Secret")).getStringData();
        PodSpec expected = PodSpec.builder("api")
                .label("app", "api")
                .restartPolicy(RestartPolicy.ALWAYS)
                .configMap(ConfigMapSpec.builder("envoy-config").data("envoy.yaml", envoyConfig.get("envoy.yaml"))
                        .build())
                .secret(SecretSpec.builder("api-tls").stringData("tls.crt", tls.get("tls.crt"))
                        .stringData("tls.key", tls.get("tls.key")).build())
                .volume(VolumeSpec.configMap("envoy-config", "envoy-config"))
                .volume(VolumeSpec.secret("tls", "api-tls"))
                .sidecar(ContainerSpec.builder("envoy", "envoyproxy/envoy:v1.31.2")
                        .args("-c", "/etc/envoy/envoy.yaml", "--log-level", "warn")
                        .port("https", 8443).port(9901)
                        .mount("envoy-config", "/etc/envoy").mount("tls", "/etc/tls")
                        .startupProbe(Probe.http(9901, "/ready")).build())
                .main(ContainerSpec.builder("api", "registry.example.com/team/api:2.3.1")
                        .env("LISTEN_ADDR", "127.0.0.1:8080").port("http", 8080)
                        .readyWhen(Probe.http("http", "/healthz")).build())
                .build();

        assertGolden("envoy-sidecar", expected, Map.of(
                "spec.template.spec.initContainers[0].startupProbe.httpGet.port", Verdict.DIFFERENT,
                "spec.replicas", Verdict.IGNORED,
                "spec.selector", Verdict.IGNORED));
    }

    @Test
    void fluentBitReadsItsConfigurationFromTheConfigMapOfItsNamespace() {
        KubernetesManifests manifests = KubernetesManifests.load(CORPUS + "fluent-bit.yaml");
        Map<String, String> config = ((ConfigMap) resource(manifests, "ConfigMap")).getData();
        PodSpec expected = PodSpec.builder("orders")
                .namespace("logging-demo")
                .label("app", "orders")
                .restartPolicy(RestartPolicy.ALWAYS)
                .configMap(ConfigMapSpec.builder("fluent-bit-config")
                        .data("fluent-bit.conf", config.get("fluent-bit.conf"))
                        .data("parsers.conf", config.get("parsers.conf")).build())
                .volume(VolumeSpec.configMap("fluent-bit-config", "fluent-bit-config"))
                .volume(VolumeSpec.emptyDir("app-logs"))
                .sidecar(ContainerSpec.builder("fluent-bit", "fluent/fluent-bit:3.1.9")
                        .memoryLimit("50Mi").cpuLimit("100m")
                        .mount("fluent-bit-config", "/fluent-bit/etc/")
                        .mountReadOnly("app-logs", "/var/log/app").build())
                .main(ContainerSpec.builder("orders", "registry.example.com/shop/orders:5.2.0")
                        .args("--log-file=/var/log/app/orders.log")
                        .env("LOG_LEVEL", new EnvVarSource.ConfigMapKeyRef("orders-settings", "log-level", true))
                        .port(8080).mount("app-logs", "/var/log/app").build())
                .build();

        Map<String, Verdict> report = new LinkedHashMap<>();
        report.put("spec.replicas", Verdict.IGNORED);
        report.put("spec.selector", Verdict.IGNORED);
        report.put("spec.template.spec.nodeSelector", Verdict.IGNORED);
        report.put("spec.template.spec.priorityClassName", Verdict.IGNORED);
        report.put("spec.template.spec.tolerations", Verdict.IGNORED);
        assertGolden("fluent-bit", expected, report);
    }

    @Test
    void gitSyncServesTheRepositoryOfTheHostPath() {
        PodSpec expected = PodSpec.builder("site")
                .label("app", "site")
                .restartPolicy(RestartPolicy.ALWAYS)
                .volume(VolumeSpec.hostPath("repo", Path.of("/srv/git/site.git")).toBuilder()
                        .hostPathType(VolumeSpec.HostPathType.DIRECTORY).build())
                .volume(VolumeSpec.emptyDir("site"))
                .sidecar(ContainerSpec.builder("git-sync", "ghcr.io/acme/git-sync:1")
                        .env("REPO", "/repos/site.git").env("BRANCH", "main").env("DEST", "/git/site")
                        .env("PERIOD_SECONDS", "2")
                        .startupProbe(Probe.exec("test", "-f", "/git/site/index.html").toBuilder()
                                .period(Duration.ofSeconds(1)).failureThreshold(60).build())
                        .mountReadOnly("repo", "/repos/site.git").mount("site", "/git/site").build())
                .main(ContainerSpec.builder("web", "ghcr.io/acme/legacy-app:1")
                        .env("WWW_ROOT", "/var/www/site").port("http", 8080).readyWhen(Probe.http("http", "/"))
                        .mountReadOnly("site", "/var/www/site").build())
                .build();

        assertGolden("git-sync", expected, Map.of(
                "spec.replicas", Verdict.IGNORED,
                "spec.selector", Verdict.IGNORED));
    }

    @Test
    void jobsMainRunsOnceBesideItsLogForwarder() {
        PodSpec expected = PodSpec.builder("nightly-report")
                .restartPolicy(RestartPolicy.NEVER)
                .volume(VolumeSpec.emptyDir("work"))
                .sidecar(ContainerSpec.builder("log-forwarder", "busybox:1.36")
                        .command("sh", "-c", "touch /work/report.log && exec tail -F /work/report.log")
                        .mount("work", "/work").build())
                .main(ContainerSpec.builder("report", "busybox:1.36")
                        .command("sh", "-c", "for i in 1 2 3 4 5; do echo \"report line $i\" >> /work/report.log; "
                                + "done\necho \"report done\" >> /work/report.log\n")
                        .env("REPORT_DATE", "2024-06-01").mount("work", "/work").build())
                .build();

        assertGolden("job-with-sidecar", expected, Map.of(
                "spec.activeDeadlineSeconds", Verdict.IGNORED,
                "spec.backoffLimit", Verdict.IGNORED,
                "spec.ttlSecondsAfterFinished", Verdict.IGNORED));
    }

    @Test
    void statefulSetReplicaRunsItsMigrationOnceTheProxyHasStarted() {
        KubernetesManifests manifests = KubernetesManifests.load(CORPUS + "statefulset-sql-proxy.yaml");
        Map<String, String> credentials = ((Secret) resource(manifests, "Secret")).getData();
        PodSpec expected = PodSpec.builder("ledger-0")
                .label("app", "ledger")
                .serviceAccountName("ledger-sa")
                .restartPolicy(RestartPolicy.ALWAYS)
                .secret(SecretSpec.builder("db-credentials")
                        .data("username", Base64.getDecoder().decode(credentials.get("username")))
                        .data("password", Base64.getDecoder().decode(credentials.get("password"))).build())
                .volume(VolumeSpec.emptyDir("data"))
                .sidecar(ContainerSpec.builder("cloud-sql-proxy", "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1")
                        .args("--port=5432", "--health-check", "--http-address=0.0.0.0",
                                "acme-prod:europe-west1:ledger-db")
                        .port("health", 9090)
                        .startupProbe(Probe.http("health", "/startup").toBuilder().period(Duration.ofSeconds(1))
                                .timeout(Duration.ofSeconds(5)).failureThreshold(20).build())
                        .memoryRequest("256Mi").cpuRequest("250m").runAsNonRoot(true).build())
                .initContainer(ContainerSpec.builder("migrate", "registry.example.com/fin/ledger:7.0.4")
                        .args("migrate", "--database=postgres://127.0.0.1:5432/ledger", "--lock-owner=ledger-0")
                        .env("POD_NAME", EnvVarSource.field("metadata.name"))
                        .env("DB_USER", EnvVarSource.secretKey("db-credentials", "username")).build())
                .main(ContainerSpec.builder("ledger", "registry.example.com/fin/ledger:7.0.4")
                        .env("POD_NAME", EnvVarSource.field("metadata.name")).env("DB_HOST", "127.0.0.1")
                        .env("DB_USER", EnvVarSource.secretKey("db-credentials", "username"))
                        .env("DB_PASSWORD", EnvVarSource.secretKey("db-credentials", "password"))
                        .port(8080).mount("data", "/var/lib/ledger").build())
                .build();

        Map<String, Verdict> report = new LinkedHashMap<>();
        report.put("spec.volumeClaimTemplates[0]", Verdict.DIFFERENT);
        report.put("spec.podManagementPolicy", Verdict.IGNORED);
        report.put("spec.replicas", Verdict.IGNORED);
        report.put("spec.selector", Verdict.IGNORED);
        report.put("spec.serviceName", Verdict.IGNORED);
        assertGolden("statefulset-sql-proxy", expected, report);

        Workload ledger = manifests.workload("StatefulSet", "ledger");
        assertThat(ledger.replica(2).toPodSpec().name()).isEqualTo("ledger-2");
        assertThat(ledger.replica(2).toPodSpec().container("migrate").args()).contains("--lock-owner=ledger-2");
        assertThatThrownBy(() -> ledger.replica(3).toPodSpec()).isInstanceOf(ManifestException.class)
                .hasMessageContaining("spec.replicas '3'").hasMessageContaining("replica(3)");
    }

    @Test
    void everyProbeKindHookAndSecurityFieldIsMapped() {
        Probe ready = Probe.builder(new Probe.HttpGet(0, "http", "/ready", Probe.Scheme.HTTPS,
                        Map.of("X-Probe", "readiness")))
                .initialDelay(Duration.ofSeconds(5)).period(Duration.ofSeconds(5))
                .timeout(Duration.ofSeconds(2)).successThreshold(2).failureThreshold(4).build();
        PodSpec expected = PodSpec.builder("payments")
                .label("app", "payments")
                .restartPolicy(RestartPolicy.ALWAYS)
                .terminationGracePeriod(Duration.ofSeconds(45))
                .runAsUser(10001).runAsGroup(10001).runAsNonRoot(true).fsGroup(10001)
                .volume(VolumeSpec.downwardApi("podinfo").toBuilder().field("labels", "metadata.labels")
                        .field(new VolumeSpec.DownwardApiItem("cpu-request", new EnvVarSource.ResourceFieldRef(
                                "payments", "requests.cpu", "1m"), null)).build())
                .main(ContainerSpec.builder("payments", "registry.example.com/pay/payments:3.8.0")
                        .port("http", 8080).port("grpc", 9000)
                        .env("POD_IP", EnvVarSource.field("status.podIP"))
                        .env("MEMORY_LIMIT_MI", new EnvVarSource.ResourceFieldRef(null, "limits.memory", "1Mi"))
                        .memoryLimit("256Mi").memoryRequest("128Mi").cpuRequest("250m")
                        .mountReadOnly("podinfo", "/etc/podinfo")
                        .startupProbe(Probe.http("http", "/startup").toBuilder().period(Duration.ofSeconds(2))
                                .failureThreshold(30).build())
                        .readyWhen(ready)
                        .postStart(Hook.exec("sh", "-c", "echo started > /tmp/started"))
                        .preStop(new Probe.HttpGet(0, "http", "/drain", Probe.Scheme.HTTP, Map.of()))
                        .stopSignal("SIGQUIT")
                        .allowPrivilegeEscalation(false).readOnlyRootFilesystem(true)
                        .addCapability("NET_BIND_SERVICE").dropCapability("ALL").build())
                .container(ContainerSpec.builder("metrics", "registry.example.com/pay/metrics-exporter:1.2")
                        .port(9100).readyWhen(Probe.tcp(9100)).livenessProbe(Probe.exec("/bin/healthcheck"))
                        .build())
                .build();

        Map<String, Verdict> report = new LinkedHashMap<>();
        report.put("spec.replicas", Verdict.IGNORED);
        report.put("spec.selector", Verdict.IGNORED);
        report.put("spec.template.spec.securityContext.seccompProfile", Verdict.DIFFERENT);
        report.put("spec.template.spec.containers[0].livenessProbe.grpc", Verdict.UNSUPPORTED);
        assertGolden("every-probe", expected, report);
    }

    @Test
    void strictModeRefusesEveryUnsupportedFieldAtOnceNamingEach() {
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  hostNetwork: true
                  containers:
                    - name: app
                      image: busybox:1.36
                      ports: [{containerPort: 9000, protocol: SCTP}]
                      livenessProbe:
                        grpc: {port: 9000}
                      volumeMounts: [{name: data, mountPath: /data, mountPropagation: Bidirectional}]
                  volumes:
                    - {name: data, nfs: {server: nfs.example, path: /exports}}
                """;

        assertThatThrownBy(() -> KubernetesManifests.parse(yaml).workload().toPodSpec())
                .isInstanceOfSatisfying(ManifestException.class, e -> {
                    assertThat(e.problems()).extracting(ManifestException.Problem::path).containsExactlyInAnyOrder(
                            "spec.hostNetwork", "spec.containers[0].ports[0].protocol",
                            "spec.containers[0].livenessProbe.grpc",
                            "spec.containers[0].volumeMounts[0].mountPropagation", "spec.volumes[0].nfs");
                    assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isPositive());
                    assertThat(e.problems()).filteredOn(p -> p.path().endsWith("mountPropagation"))
                            .singleElement().satisfies(p -> assertThat(p.value()).isEqualTo("Bidirectional"));
                });
        Workload payments = KubernetesManifests.load(CORPUS + "every-probe.yaml").workload();
        assertThatThrownBy(payments::toPodSpec).isInstanceOfSatisfying(ManifestException.class, e -> {
            assertThat(e.problems()).extracting(ManifestException.Problem::path)
                    .containsExactly("spec.template.spec.containers[0].livenessProbe.grpc");
            assertThat(e.report().entry("spec.replicas")).map(ManifestReport.Entry::verdict)
                    .contains(Verdict.IGNORED);
        });
    }

    @Test
    void strictModeAcceptsWhatOnlyAClusterNeeds() {
        for (String manifest : List.of("docs-log-shipper", "tls-proxy", "envoy-sidecar", "fluent-bit", "git-sync",
                "job-with-sidecar", "statefulset-sql-proxy")) {
            ImportResult strict = KubernetesManifests.load(CORPUS + manifest + ".yaml").workload().importPod();
            assertThat(strict.report().hasUnsupported()).as(manifest).isFalse();
        }
    }

    private static HasMetadata resource(KubernetesManifests manifests, String kind) {
        return manifests.resources().stream().filter(r -> r.getKind().equals(kind)).findFirst().orElseThrow();
    }

    private static void assertGolden(String name, PodSpec expected, Map<String, Verdict> expectedReport) {
        ImportResult imported = KubernetesManifests.load(CORPUS + name + ".yaml").workload().lenient().importPod();

        assertThat(imported.spec()).isEqualTo(expected);
        assertThat(imported.report().entries().stream().collect(Collectors.toMap(ManifestReport.Entry::path,
                ManifestReport.Entry::verdict))).as(imported.report().toString()).isEqualTo(expectedReport);

        KubernetesExport export = KubernetesExport.of(imported.spec()).withSecretValues();
        List<HasMetadata> golden = KubernetesManifests.load(CORPUS + "expected/" + name + ".yaml").resources();
        assertThat(export.resources()).as(export.toYaml()).isEqualTo(golden);
        assertThat(export.report().isEmpty()).as(export.report().toString()).isTrue();

        ImportResult again = KubernetesManifests.parse(export.toYaml()).workload().importPod();
        assertThat(again.spec()).isEqualTo(expected);
    }
}
