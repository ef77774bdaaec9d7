package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.PodSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where manifests come from: a class-path resource, a file, a directory, a URL, a string; several documents each. */
class LoadTest {

    private static final String POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: %s}\nspec:\n  containers:\n"
            + "    - {name: app, image: 'busybox:1.36'}\n";

    @Test
    void theJUnitOneLinerReadsAClassPathResource() {
        PodSpec web = KubernetesManifests.load("k8s/corpus/tls-proxy.yaml").workload("Deployment", "shop").toPodSpec();

        assertThat(web.name()).isEqualTo("shop");
    }

    @Test
    void aFileWithSeveralDocumentsKeepsOtherKindsAsideAndTheirOrder() {
        KubernetesManifests manifests = KubernetesManifests.load("k8s/corpus/tls-proxy.yaml");

        assertThat(manifests.workloads()).containsExactly("Deployment/shop");
        assertThat(manifests.resources()).extracting(r -> r.getKind()).containsExactly("Service", "Deployment");
    }

    @Test
    void aDirectoryIsEveryYamlFileInItInNameOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.yaml"), POD.formatted("b"));
        Files.writeString(dir.resolve("a.yml"), POD.formatted("a") + "---\n" + POD.formatted("c"));
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");

        assertThat(KubernetesManifests.load(dir).workloads()).containsExactly("Pod/a", "Pod/c", "Pod/b");
    }

    @Test
    void aUrlAndAStringReadTheSame(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pod.yaml"), POD.formatted("web"));

        assertThat(KubernetesManifests.load(file.toUri().toURL()).workload().toPodSpec())
                .isEqualTo(KubernetesManifests.parse(POD.formatted("web")).workload().toPodSpec());
    }

    @Test
    void configMapsGivenApartFillTheWorkloadsVolumes() {
        String workload = """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                    - name: app
                      image: busybox:1.36
                      volumeMounts: [{name: conf, mountPath: /etc/app}]
                  volumes:
                    - {name: conf, configMap: {name: app-config}}
                """;
        String config = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config}\ndata: {app.conf: 'x=1'}\n";

        assertThatThrownBy(() -> KubernetesManifests.parse(workload).workload().toPodSpec())
                .isInstanceOf(ManifestException.class).hasMessageContaining("no ConfigMap 'app-config'");
        PodSpec spec = KubernetesManifests.parse(workload).and(KubernetesManifests.parse(config)).workload()
                .toPodSpec();
        assertThat(spec.volumes().get(0)).isEqualTo(dev.sidecar.VolumeSpec.configMap("conf", "app-config"));
        assertThat(spec.findConfigMap("app-config").orElseThrow().text("app.conf")).contains("x=1");
    }

    @Test
    void resourcesAreCopiesThatChangeNothingHere() {
        KubernetesManifests manifests = KubernetesManifests.parse(POD.formatted("web"));
        manifests.resources().get(0).getMetadata().setName("changed");

        assertThat(manifests.workloads()).containsExactly("Pod/web");
    }

    @Test
    void overridesReplaceImagesEnvAndHostPathRoots(@TempDir Path root) {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: ghcr.io/acme/app:2
                          env: [{name: MODE, value: prod}]
                          volumeMounts: [{name: logs, mountPath: /logs}]
                        - name: proxy
                          image: envoyproxy/envoy:v1.31.2
                      volumes:
                        - {name: logs, hostPath: {path: /var/log/web, type: DirectoryOrCreate}}
                """;
        PodSpec spec = KubernetesManifests.parse(yaml).workload()
                .imagePrefix("ghcr.io/acme/", "local/")
                .image("envoyproxy/envoy:v1.31.2", "sidecar-test/debian:1")
                .env("app", "MODE", "test")
                .hostPathRoot(root)
                .replica(0)
                .lenient()
                .toPodSpec();

        assertThat(spec.name()).isEqualTo("web-0");
        assertThat(spec.container("proxy").image()).isEqualTo("sidecar-test/debian:1");
        assertThat(spec.container("app").image()).isEqualTo("local/app:2");
        assertThat(spec.container("app").env()).containsEntry("MODE", "test");
        assertThat(spec.volumes().get(0).hostPath()).isEqualTo(root.resolve("var/log/web").toString());
    }
}
