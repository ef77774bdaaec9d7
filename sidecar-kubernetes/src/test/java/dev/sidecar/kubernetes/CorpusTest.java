package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.time.Duration;
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
                .volume(VolumeSpec.emptyDir("data"))
                .sidecar(ContainerSpec.builder("logshipper", "alpine:latest")
                        .command("sh", "-c", "tail -F /opt/logs.txt").mount("data", "/opt").build())
                .main(ContainerSpec.builder("myapp", "alpine:latest")
                        .command("sh", "-c", "while true; do echo \"logging\" >> /opt/logs.txt; sleep 1; done")
                        .mount("data", "/opt").restartPolicy(RestartPolicy.ALWAYS).build())
                .build();

        assertGolden("docs-log-shipper", expected, Map.of(
                "metadata", Verdict.IGNORED,
                "spec.replicas", Verdict.IGNORED,
                "spec.selector", Verdict.IGNORED,
                "spec.template.metadata.labels", Verdict.IGNORED));
    }

    @Test
    void tlsProxyStartsAfterTheCertificateAndGatesTheApp() {
        PodSpec expected = PodSpec.builder("shop")
                .terminationGracePeriod(Duration.ofSeconds(20))
                .volume(VolumeSpec.emptyDirInMemory("tls", "1Mi"))
                .initContainer(ContainerSpec.builder("make-cert", "ghcr.io/acme/self-signed-cert:1")
                        .env("COMMON_NAME", "shop.acme.test").mount("tls", "/etc/tls").build())
                .sidecar(ContainerSpec.builder("tls-proxy", "ghcr.io/acme/tls-proxy:1")
                        .env("UPSTREAM_PORT", "8080").port(8443).mountReadOnly("tls", "/etc/tls")
                        .readyWhen(Probe.tcp(8443).toBuilder().period(Duration.ofSeconds(1)).failureThreshold(30)
                                .build())
                        .memoryLimit("128Mi").cpuLimit("500m").build())
                .main(ContainerSpec.builder("app", "ghcr.io/acme/legacy-app:1")
                        .readyWhen(Probe.builder(new Probe.Exec(List.of("wget", "-q", "-O", "/dev/null",
                                "http://127.0.0.1:8080/"))).period(Duration.ofSeconds(2)).build())
                        .memoryLimit("64Mi").restartPolicy(RestartPolicy.ALWAYS).build())
                .build();

        Map<String, Verdict> report = new LinkedHashMap<>();
        report.put("metadata", Verdict.IGNORED);
        report.put("spec.replicas", Verdict.IGNORED);
        report.put("spec.revisionHistoryLimit", Verdict.IGNORED);
        report.put("spec.selector", Verdict.IGNORED);
        report.put("spec.strategy", Verdict.IGNORED);
        report.put("spec.template.metadata.labels", Verdict.IGNORED);
        report.put("spec.template.spec.containers[0].imagePullPolicy", Verdict.IGNORED);
        report.put("spec.template.spec.initContainers[1].resources.requests", Verdict.IGNORED);
        report.put("spec.template.spec.serviceAccountName", Verdict.IGNORED);
        assertGolden("tls-proxy", expected, report);
    }

    @Test
    void envoyGetsItsConfigMapAndTlsSecretAsReadOnlyFiles() {
        KubernetesManifests manifests = KubernetesManifests.load(CORPUS + "envoy-sidecar.yaml");
        Map<String, String> envoyConfig = ((ConfigMap) resource(manifests, "ConfigMap")).getData();
        Map<String, String> tls = ((Secret) resource(manifests, "Secret")).getStringData();
        PodSpec expected = PodSpec.builder("api")
                .volume(VolumeSpec.emptyDir("envoy-config").toBuilder()
                        .file("envoy.yaml", envoyConfig.get("envoy.yaml")).build())
                .volume(VolumeSpec.emptyDir("tls").toBuilder()
                        .file("tls.crt", tls.get("tls.crt")).file("tls.key", tls.get("tls.key")).build())
                .sidecar(ContainerSpec.builder("envoy", "envoyproxy/envoy:v1.31.2")
                        .args("-c", "/etc/envoy/envoy.yaml", "--log-level", "warn")
                        .port(8443).port(9901)
                        .mountReadOnly("envoy-config", "/etc/envoy").mountReadOnly("tls", "/etc/tls")
                        .readyWhen(Probe.http(9901, "/ready")).build())
                .main(ContainerSpec.builder("api", "registry.example.com/team/api:2.3.1")
                        .env("LISTEN_ADDR", "127.0.0.1:8080").port(8080).readyWhen(Probe.http(8080, "/healthz"))
                        .restartPolicy(RestartPolicy.ALWAYS).build())
                .build();

        assertGolden("envoy-sidecar", expected, Map.of(
                "spec.template.spec.volumes[0].configMap", Verdict.DIFFERENT,
                "spec.template.spec.volumes[1].secret", Verdict.DIFFERENT,
                "spec.template.spec.initContainers[0].startupProbe.httpGet.port", Verdict.DIFFERENT,
                "spec.replicas", Verdict.IGNORED,
                "spec.selector", Verdict.IGNORED,
                "spec.template.metadata.labels", Verdict.IGNORED));
    }

    @Test
    void fluentBitReadsItsConfigurationFromTheConfigMapOfItsNamespace() {
        KubernetesManifests manifests = KubernetesManifests.load(CORPUS + "fluent-bit.yaml");
        Map<String, String> config = ((ConfigMap) resource(manifests, "ConfigMap")).getData();
        PodSpec expected = PodSpec.builder("orders")
                .volume(VolumeSpec.emptyDir("fluent-bit-config").toBuilder()
                        .file("fluent-bit.conf", config.get("fluent-bit.conf"))
                        .file("parsers.conf", config.get("parsers.conf")).build())
                .volume(VolumeSpec.emptyDir("app-logs"))
                .sidecar(ContainerSpec.builder("fluent-bit", "fluent/fluent-bit:3.1.9")
                        .memoryLimit("50Mi").cpuLimit("100m")
                        .mountReadOnly("fluent-bit-config", "/fluent-bit/etc/")
                        .mountReadOnly("app-logs", "/var/log/app").build())
                .main(ContainerSpec.builder("orders", "registry.example.com/shop/orders:5.2.0")
                        .args("--log-file=/var/log/app/orders.log").port(8080).mount("app-logs", "/var/log/app")
                        .restartPolicy(RestartPolicy.ALWAYS).build())
                .build();

        Map<String, Verdict> report = new LinkedHashMap<>();
        report.put("spec.template.spec.volumes[0].configMap", Verdict.DIFFERENT);
        report.put("metadata", Verdict.IGNORED);
        report.put("spec.replicas", Verdict.IGNORED);
        report.put("spec.selector", Verdict.IGNORED);
        report.put("spec.template.metadata.labels", Verdict.IGNORED);
        report.put("spec.template.spec.initContainers[0].imagePullPolicy", Verdict.IGNORED);
        report.put("spec.template.spec.nodeSelector", Verdict.IGNORED);
        report.put("spec.template.spec.priorityClassName", Verdict.IGNORED);
        report.put("spec.template.spec.tolerations", Verdict.IGNORED);
        assertGolden("fluent-bit", expected, report);
    }

    @Test
    void gitSyncServesTheRepositoryOfTheHostPath() {
        PodSpec expected = PodSpec.builder("site")
                .volume(VolumeSpec.hostPath("repo", Path.of("/srv/git/site.git")).toBuilder()
                        .hostPathType(VolumeSpec.HostPathType.DIRECTORY).build())
                .volume(VolumeSpec.emptyDir("site"))
                .sidecar(ContainerSpec.builder("git-sync", "ghcr.io/acme/git-sync:1")
                        .env("REPO", "/repos/site.git").env("BRANCH", "main").env("DEST", "/git/site")
                        .env("PERIOD_SECONDS", "2")
                        .readyWhen(Probe.exec("test", "-f", "/git/site/index.html").toBuilder()
                                .period(Duration.ofSeconds(1)).failureThreshold(60).build())
                        .mountReadOnly("repo", "/repos/site.git").mount("site", "/git/site").build())
                .main(ContainerSpec.builder("web", "ghcr.io/acme/legacy-app:1")
                        .env("WWW_ROOT", "/var/www/site").port(8080).readyWhen(Probe.http(8080, "/"))
                        .mountReadOnly("site", "/var/www/site").restartPolicy(RestartPolicy.ALWAYS).build())
                .build();

        assertGolden("git-sync", expected, Map.of(
                "spec.replicas", Verdict.IGNORED,
                "spec.selector", Verdict.IGNORED,
                "spec.template.metadata.labels", Verdict.IGNORED));
    }

    @Test
    void jobsMainRunsOnceBesideItsLogForwarder() {
        PodSpec expected = PodSpec.builder("nightly-report")
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
    void statefulSetReplicaGetsItsOrdinalAndTheSecretsAsSecretEnv() {
        PodSpec expected = PodSpec.builder("ledger-0")
                .volume(VolumeSpec.emptyDir("data"))
                .sidecar(ContainerSpec.builder("cloud-sql-proxy", "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1")
                        .args("--port=5432", "--health-check", "--http-address=0.0.0.0",
                                "acme-prod:europe-west1:ledger-db")
                        .port(9090)
                        .readyWhen(Probe.http(9090, "/startup").toBuilder().period(Duration.ofSeconds(1))
                                .timeout(Duration.ofSeconds(5)).failureThreshold(20).build())
                        .build())
                .main(ContainerSpec.builder("ledger", "registry.example.com/fin/ledger:7.0.4")
                        .env("POD_NAME", "ledger-0").env("DB_HOST", "127.0.0.1")
                        .secretEnv("DB_USER", "orders").secretEnv("DB_PASSWORD", "s3cr3t-pass")
                        .port(8080).mount("data", "/var/lib/ledger").restartPolicy(RestartPolicy.ALWAYS).build())
                .build();

        Map<String, Verdict> report = new LinkedHashMap<>();
        report.put("spec.volumeClaimTemplates[0]", Verdict.DIFFERENT);
        report.put("spec.podManagementPolicy", Verdict.IGNORED);
        report.put("spec.replicas", Verdict.IGNORED);
        report.put("spec.selector", Verdict.IGNORED);
        report.put("spec.serviceName", Verdict.IGNORED);
        report.put("spec.template.metadata.labels", Verdict.IGNORED);
        report.put("spec.template.spec.initContainers[0].resources.requests", Verdict.IGNORED);
        report.put("spec.template.spec.initContainers[0].securityContext.runAsNonRoot", Verdict.UNSUPPORTED);
        report.put("spec.template.spec.serviceAccountName", Verdict.IGNORED);
        assertGolden("statefulset-sql-proxy", expected, report);

        Workload ledger = KubernetesManifests.load(CORPUS + "statefulset-sql-proxy.yaml").workload("StatefulSet",
                "ledger").lenient();
        assertThat(ledger.replica(2).toPodSpec().name()).isEqualTo("ledger-2");
        assertThat(ledger.replica(2).toPodSpec().main().env()).containsEntry("POD_NAME", "ledger-2");
        assertThatThrownBy(() -> ledger.replica(3).toPodSpec()).isInstanceOf(ManifestException.class)
                .hasMessageContaining("spec.replicas '3'").hasMessageContaining("replica(3)");
    }

    @Test
    void everyProbeKindHookAndSecurityFieldIsMappedOrReported() {
        PodSpec expected = PodSpec.builder("payments")
                .terminationGracePeriod(Duration.ofSeconds(45))
                .sidecar(ContainerSpec.builder("metrics", "registry.example.com/pay/metrics-exporter:1.2")
                        .port(9100).readyWhen(Probe.tcp(9100)).user("10001:10001").build())
                .main(ContainerSpec.builder("payments", "registry.example.com/pay/payments:3.8.0")
                        .port(8080).port(9000)
                        .readyWhen(Probe.builder(new Probe.HttpGet(8080, "/ready", Probe.Scheme.HTTPS,
                                        Map.of("X-Probe", "readiness")))
                                .initialDelay(Duration.ofSeconds(5)).period(Duration.ofSeconds(5))
                                .timeout(Duration.ofSeconds(2)).successThreshold(2).failureThreshold(4).build())
                        .stopSignal("SIGQUIT").user("10001:10001").addCapability("NET_BIND_SERVICE")
                        .restartPolicy(RestartPolicy.ALWAYS).build())
                .build();

        Map<String, Verdict> report = new LinkedHashMap<>();
        String c0 = "spec.template.spec.containers[0].";
        report.put("spec.template.spec.containers[1]", Verdict.DIFFERENT);
        report.put(c0 + "startupProbe", Verdict.UNSUPPORTED);
        report.put("spec.replicas", Verdict.IGNORED);
        report.put("spec.selector", Verdict.IGNORED);
        report.put("spec.template.metadata.labels", Verdict.IGNORED);
        report.put(c0 + "lifecycle.postStart", Verdict.UNSUPPORTED);
        report.put(c0 + "lifecycle.preStop", Verdict.UNSUPPORTED);
        report.put(c0 + "livenessProbe", Verdict.UNSUPPORTED);
        report.put(c0 + "securityContext.allowPrivilegeEscalation", Verdict.UNSUPPORTED);
        report.put(c0 + "securityContext.capabilities.drop", Verdict.UNSUPPORTED);
        report.put(c0 + "securityContext.readOnlyRootFilesystem", Verdict.UNSUPPORTED);
        report.put("spec.template.spec.containers[1].livenessProbe", Verdict.UNSUPPORTED);
        report.put("spec.template.spec.securityContext.fsGroup", Verdict.UNSUPPORTED);
        assertGolden("every-probe", expected, report);
    }

    @Test
    void strictModeRefusesEveryUnsupportedFieldAtOnceNamingEach() {
        Workload payments = KubernetesManifests.load(CORPUS + "every-probe.yaml").workload();

        assertThatThrownBy(payments::toPodSpec).isInstanceOfSatisfying(ManifestException.class, e -> {
            assertThat(e.problems()).extracting(ManifestException.Problem::path).containsExactlyInAnyOrder(
                    "spec.template.spec.containers[0].startupProbe",
                    "spec.template.spec.containers[0].lifecycle.postStart",
                    "spec.template.spec.containers[0].lifecycle.preStop",
                    "spec.template.spec.containers[0].livenessProbe",
                    "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation",
                    "spec.template.spec.containers[0].securityContext.capabilities.drop",
                    "spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem",
                    "spec.template.spec.containers[1].livenessProbe",
                    "spec.template.spec.securityContext.fsGroup");
            assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isPositive());
            assertThat(e.problems()).filteredOn(p -> p.path().endsWith("readOnlyRootFilesystem"))
                    .singleElement().satisfies(p -> assertThat(p.value()).isEqualTo("true"));
            assertThat(e.report().entry("spec.replicas")).map(ManifestReport.Entry::verdict)
                    .contains(Verdict.IGNORED);
        });
    }

    @Test
    void strictModeAcceptsWhatOnlyAClusterNeeds() {
        for (String manifest : List.of("docs-log-shipper", "tls-proxy", "envoy-sidecar", "git-sync",
                "job-with-sidecar")) {
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
