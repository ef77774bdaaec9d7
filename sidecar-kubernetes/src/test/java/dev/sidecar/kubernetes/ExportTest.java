package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvVarSource;
import dev.sidecar.ImagePullPolicy;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.SecretSpec;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export of a spec as a Pod manifest: what it writes, and what it refuses or reports. */
class ExportTest {

    private static final PodSpec WEB = PodSpec.builder("web")
            .volume(VolumeSpec.emptyDir("www").toBuilder().file("index.html", "<h1>hi</h1>")
                    .file("conf/site.conf", "listen 8080").build())
            .initContainer(ContainerSpec.builder("prepare", "busybox:1.36").command("true").build())
            .sidecar(ContainerSpec.builder("proxy", "my/proxy:1").port(8443)
                    .readyWhen(Probe.tcp(8443)).secretEnv("TOKEN", "t0ps3cret").build())
            .sidecar(ContainerSpec.builder("agent", "my/agent:1").build())
            .main(ContainerSpec.builder("app", "my/app:1").port(8080).mountReadOnly("www", "/www")
                    .env("GREETING", "$(NAME) costs $5").stopSignal("SIGQUIT").build())
            .build();

    @Test
    void sidecarsAreInitContainersRestartedAlwaysAfterTheInitContainersAndMainIsTheOnlyContainer() {
        Pod pod = KubernetesExport.of(WEB).pod();

        assertThat(pod.getSpec().getInitContainers()).extracting(Container::getName, Container::getRestartPolicy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prepare", null),
                        org.assertj.core.groups.Tuple.tuple("proxy", "Always"),
                        org.assertj.core.groups.Tuple.tuple("agent", "Always"));
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("app");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    }

    @Test
    void aSidecarsStartupProbeIsWhatHoldsBackTheNextContainerAndItsReadinessProbeStaysItsOwn() {
        PodSpec spec = WEB.toBuilder().sidecar(WEB.container("proxy").toBuilder().startupProbe(Probe.tcp(8443))
                .readyWhen(Probe.http(8443, "/ready")).build()).build();

        Container proxy = KubernetesExport.of(spec).pod().getSpec().getInitContainers().get(1);

        assertThat(proxy.getStartupProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8443);
        assertThat(proxy.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(KubernetesExport.of(WEB).pod().getSpec().getInitContainers().get(1).getStartupProbe()).isNull();
    }

    @Test
    void initContainersAndSidecarsKeepTheirOrderAndEveryMainContainerIsWritten() {
        PodSpec spec = WEB.toBuilder()
                .initContainer(ContainerSpec.builder("migrate", "busybox:1.36").command("true").build())
                .container(ContainerSpec.builder("metrics", "my/metrics:1").port(9100).build())
                .build();

        var pod = KubernetesExport.of(spec).pod().getSpec();

        assertThat(pod.getInitContainers()).extracting(Container::getName)
                .containsExactly("prepare", "proxy", "agent", "migrate");
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("app", "metrics");
    }

    @Test
    void theRestartPolicyIsAlwaysWrittenSinceTheSpecsDefaultIsNotKubernetes() {
        assertThat(KubernetesExport.of(WEB).pod().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(KubernetesExport.of(WEB.toBuilder().restartPolicy(RestartPolicy.ALWAYS).build()).pod().getSpec()
                .getRestartPolicy()).isEqualTo("Always");
    }

    @Test
    void aPullPolicyIsWrittenWhenItIsNotKubernetesDefaultForTheImage() {
        PodSpec spec = WEB.toBuilder()
                .container(ContainerSpec.builder("latest", "my/tool:latest").build())
                .container(ContainerSpec.builder("pinned", "my/tool:2").imagePullPolicy(ImagePullPolicy.ALWAYS)
                        .build())
                .build();

        assertThat(KubernetesExport.of(spec).pod().getSpec().getContainers()).extracting(Container::getName,
                Container::getImagePullPolicy).containsExactly(org.assertj.core.groups.Tuple.tuple("app", null),
                org.assertj.core.groups.Tuple.tuple("latest", "IfNotPresent"),
                org.assertj.core.groups.Tuple.tuple("pinned", "Always"));
    }

    @Test
    void metadataConfigMapsAndSecretsComeAlongInThePodsNamespace() {
        PodSpec spec = WEB.toBuilder().namespace("shop").label("app", "web").annotation("team", "a")
                .configMap(ConfigMapSpec.builder("settings").data("mode", "test").build())
                .secret(SecretSpec.builder("db").stringData("password", "pw").build())
                .main(WEB.main().toBuilder().env("MODE", EnvVarSource.configMapKey("settings", "mode"))
                        .env("PASSWORD", EnvVarSource.secretKey("db", "password")).build())
                .build();

        List<HasMetadata> resources = KubernetesExport.of(spec).withSecretValues().resources();

        assertThat(resources).extracting(r -> r.getKind() + "/" + r.getMetadata().getName() + "@"
                + r.getMetadata().getNamespace()).containsExactly("Pod/web@shop", "ConfigMap/settings@shop",
                "ConfigMap/web-www@shop", "Secret/db@shop", "Secret/web-env@shop");
        assertThat(resources.get(0).getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(resources.get(0).getMetadata().getAnnotations()).containsEntry("team", "a");
        assertThat(KubernetesExport.of(spec).resources()).noneMatch(r -> r instanceof Secret);
        assertThat(KubernetesExport.of(spec).report().entry("Secret/db")).map(ManifestReport.Entry::verdict)
                .contains(Verdict.DIFFERENT);
    }

    @Test
    void secretValuesAreASecretReferenceAndWrittenOnlyWhenAsked() {
        KubernetesExport export = KubernetesExport.of(WEB);

        assertThat(export.toYaml()).doesNotContain("t0ps3cret").contains("secretKeyRef");
        assertThat(export.resources()).noneMatch(r -> r instanceof Secret);
        assertThat(export.report().entry("Secret/web-env")).map(ManifestReport.Entry::verdict)
                .contains(Verdict.DIFFERENT);
        assertThat(export.withSecretValues().resources()).filteredOn(r -> r instanceof Secret).singleElement()
                .satisfies(s -> assertThat(((Secret) s).getStringData()).containsEntry("proxy.TOKEN", "t0ps3cret"));
    }

    @Test
    void filesGivenFromTheTestAreAConfigMapMountedAsItsVolume() {
        List<HasMetadata> resources = KubernetesExport.of(WEB).resources();

        ConfigMap files = (ConfigMap) resources.stream().filter(r -> r instanceof ConfigMap).findFirst().orElseThrow();
        assertThat(files.getMetadata().getName()).isEqualTo("web-www");
        assertThat(files.getData()).containsEntry("index.html", "<h1>hi</h1>")
                .containsEntry("conf_site.conf", "listen 8080");
        var volume = ((Pod) resources.get(0)).getSpec().getVolumes().get(0);
        assertThat(volume.getConfigMap().getName()).isEqualTo("web-www");
        assertThat(volume.getConfigMap().getItems()).extracting(i -> i.getKey() + "->" + i.getPath())
                .containsExactly("index.html->index.html", "conf_site.conf->conf/site.conf");
    }

    @Test
    void dollarSignsAreEscapedSoKubernetesPassesThemOnUnexpanded() {
        Container app = KubernetesExport.of(WEB).pod().getSpec().getContainers().get(0);

        assertThat(app.getEnv().get(0).getValue()).isEqualTo("$$(NAME) costs $5");
        assertThat(KubernetesManifests.parse(KubernetesExport.of(WEB).withSecretValues().toYaml()).workload()
                .toPodSpec().main().env()).containsEntry("GREETING", "$(NAME) costs $5");
    }

    @Test
    void aStopSignalComesWithTheOsKubernetesRequiresForIt() {
        assertThat(KubernetesExport.of(WEB).pod().getSpec().getOs().getName()).isEqualTo("linux");
    }

    @Test
    void libraryLabelsOnlyWhenAsked() {
        assertThat(KubernetesExport.of(WEB).resources()).allSatisfy(r -> assertThat(r.getMetadata().getLabels())
                .isNullOrEmpty());
        assertThat(KubernetesExport.of(WEB).withLibraryLabels().resources()).allSatisfy(r -> assertThat(
                r.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "sidecar")
                .containsEntry("app.kubernetes.io/name", "web"));
    }

    @Test
    void strictExportRefusesEveryLibraryExtensionAtOnce() {
        PodSpec extended = WEB.toBuilder()
                .sidecarStartOrder(SidecarStartOrder.PARALLEL)
                .shareIpcNamespace(false)
                .terminationGracePeriod(Duration.ofMillis(500))
                .sidecar(ContainerSpec.builder("proxy", "my/proxy:1").port(8443)
                        .readyWhen(Probe.logLine("listening")).restartPolicy(RestartPolicy.ON_FAILURE).build())
                .main(WEB.main().toBuilder().user("nobody").readyWhen(Probe.tcp(8080).toBuilder()
                        .period(Duration.ofMillis(200)).build()).mount("www", "/www-rw").build())
                .build();

        assertThatThrownBy(() -> KubernetesExport.of(extended).toYaml()).isInstanceOfSatisfying(
                ManifestException.class, e -> assertThat(e.problems()).extracting(ManifestException.Problem::path)
                        .containsExactlyInAnyOrder("spec", "spec.initContainers", "spec.terminationGracePeriodSeconds",
                                "spec.initContainers[1].readinessProbe", "spec.initContainers[1].restartPolicy",
                                "spec.containers[0].readinessProbe", "spec.containers[0].securityContext.runAsUser",
                                "spec.volumes[0].configMap"));

        KubernetesExport lenient = KubernetesExport.of(extended).lenient().withSecretValues();
        assertThat(lenient.report().entries(Verdict.UNSUPPORTED)).hasSize(8);
        assertThat(lenient.pod().getMetadata().getAnnotations()).containsKey(Extensions.ANNOTATION);
        assertThat(lenient.pod().getSpec().getContainers().get(0).getReadinessProbe().getPeriodSeconds()).isEqualTo(1);
        assertThat(KubernetesManifests.parse(lenient.toYaml()).workload().toPodSpec()).isEqualTo(extended);
    }

    @Test
    void writesTheYamlToAFile(@TempDir Path dir) throws Exception {
        Path file = KubernetesExport.of(WEB).writeTo(dir.resolve("k8s/web.yaml"));

        assertThat(Files.readString(file)).isEqualTo(KubernetesExport.of(WEB).toYaml()).startsWith("---\n");
        assertThat(KubernetesManifests.load(file).workloads()).containsExactly("Pod/web");
    }
}
