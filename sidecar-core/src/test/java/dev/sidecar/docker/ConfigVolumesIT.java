package dev.sidecar.docker;

import static dev.sidecar.docker.SecurityContextIT.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvVarSource;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.SecretSpec;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ConfigMap, Secret, downward API and projected volumes on a real engine, as the kubelet writes them: contents,
 * items, modes, optional sources, the {@code ..data} layout, fsGroup ownership, read-only mounts, Secrets in memory;
 * and subPath mounts of each kind of volume. Every pod of a test is gone after it, failures included.
 */
class ConfigVolumesIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.builder()
            .startupTimeout(Duration.ofSeconds(30)).build();
    private static final ConfigMapSpec CONFIG = ConfigMapSpec.builder("app-config")
            .data("app.conf", "mode=test\n")
            .data("log.level", "debug")
            .build();
    private static final SecretSpec SECRET = SecretSpec.builder("app-secret")
            .stringData("token", "s3cr3t")
            .stringData("user", "admin")
            .build();

    private final List<String> podNames = new ArrayList<>();

    @AfterEach
    void nothingIsLeftOnTheEngine() {
        for (String name : podNames) {
            assertThat(EngineObjects.containersOfPod(name)).as("containers of pod %s", name).isEmpty();
            assertThat(EngineObjects.volumesOfPod(name)).as("volumes of pod %s", name).isEmpty();
        }
    }

    @Test
    void configMapVolumeHoldsEveryKeyAsAReadOnlyFileLaidOutAsTheKubeletDoes() {
        PodSpec spec = pod("configmap")
                .configMap(CONFIG)
                .volume(VolumeSpec.configMap("config", "app-config"))
                .main(idle("app").mount("config", "/etc/app").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "cat /etc/app/app.conf /etc/app/log.level")).isEqualTo("mode=test\ndebug");
            assertThat(sh(pod, "app", "stat -L -c '%n %a' /etc/app/app.conf /etc/app/log.level"))
                    .isEqualTo("/etc/app/app.conf 644\n/etc/app/log.level 644\n");
            assertThat(sh(pod, "app", "readlink /etc/app/app.conf; readlink /etc/app/..data"))
                    .matches("\\.\\.data/app\\.conf\n\\.\\.\\d{4}_\\d\\d_\\d\\d_\\d\\d_\\d\\d_\\d\\d\\.\\d+\n");
            assertThat(pod.main().exec("touch", "/etc/app/new").stderr()).contains("Read-only file system");
            assertThat(new String(pod.main().copyFromContainer("/etc/app/app.conf"), StandardCharsets.UTF_8))
                    .as("copied out through the links").isEqualTo("mode=test\n");
        }
    }

    @Test
    void itemsChooseKeysPathsAndModes() {
        PodSpec spec = pod("items")
                .configMap(CONFIG)
                .secret(SECRET)
                .volume(VolumeSpec.configMap("config", "app-config").toBuilder()
                        .item("app.conf", "conf/app.conf").defaultMode(0440).build())
                .volume(VolumeSpec.secret("secret", "app-secret").toBuilder().item("token", "token", 0400).build())
                .main(idle("app").mount("config", "/etc/app").mount("secret", "/run/secret").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "ls /etc/app /run/secret")).isEqualTo("/etc/app:\nconf\n\n/run/secret:\n"
                    + "token\n");
            assertThat(sh(pod, "app", "cat /etc/app/conf/app.conf /run/secret/token")).isEqualTo("mode=test\ns3cr3t");
            assertThat(sh(pod, "app", "stat -L -c '%a' /etc/app/conf/app.conf /run/secret/token"))
                    .isEqualTo("440\n400\n");
        }
    }

    @Test
    void secretVolumeIsKeptInMemory() {
        PodSpec spec = pod("secret-tmpfs")
                .secret(SECRET)
                .volume(VolumeSpec.secret("secret", "app-secret"))
                .main(idle("app").mount("secret", "/run/secret").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "grep ' /run/secret ' /proc/mounts")).startsWith("tmpfs /run/secret tmpfs ro,");
            assertThat(sh(pod, "app", "cat /run/secret/user")).isEqualTo("admin");
        }
    }

    @Test
    void optionalSourceThatIsMissingLeavesTheVolumeEmptyAndAMissingKeyLeavesItsFileOut() {
        PodSpec spec = pod("optional")
                .configMap(CONFIG)
                .volume(VolumeSpec.secret("absent", "no-such-secret").toBuilder().optional(true).build())
                .volume(VolumeSpec.configMap("config", "app-config").toBuilder().optional(true)
                        .item("app.conf", "app.conf").item("no-such-key", "missing.conf").build())
                .main(idle("app").mount("absent", "/absent").mount("config", "/config").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "ls /absent | wc -l; ls /config")).isEqualTo("0\napp.conf\n");
        }
    }

    @Test
    void downwardApiVolumeHoldsThePodsFieldsAsTheKubeletFormatsThem() {
        PodSpec spec = pod("downward")
                .namespace("team-a")
                .label("tier", "web")
                .label("app", "shop")
                .annotation("note", "say \"hi\"")
                .volume(VolumeSpec.downwardApi("info").toBuilder()
                        .field("labels", "metadata.labels")
                        .field("annotations", "metadata.annotations")
                        .field("name", "metadata.name")
                        .field("namespace", "metadata.namespace")
                        .field("uid", "metadata.uid")
                        .field("tier", "metadata.labels['tier']")
                        .field(new VolumeSpec.DownwardApiItem("cpu_limit", new EnvVarSource.ResourceFieldRef("app",
                                "limits.cpu", "1m"), 0400))
                        .build())
                .main(idle("app").cpuLimit("250m").env("POD_UID", EnvVarSource.field("metadata.uid"))
                        .mount("info", "/etc/podinfo").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "cat /etc/podinfo/labels")).isEqualTo("app=\"shop\"\ntier=\"web\"");
            assertThat(sh(pod, "app", "cat /etc/podinfo/annotations")).isEqualTo("note=\"say \\\"hi\\\"\"");
            assertThat(sh(pod, "app", "cat /etc/podinfo/name; echo; cat /etc/podinfo/namespace; echo; "
                    + "cat /etc/podinfo/tier; echo; cat /etc/podinfo/cpu_limit"))
                    .isEqualTo(spec.name() + "\nteam-a\nweb\n250");
            assertThat(sh(pod, "app", "cat /etc/podinfo/uid")).as("the uid the environment has too")
                    .isEqualTo(sh(pod, "app", "printf %s \"$POD_UID\"")).matches("[0-9a-f-]{36}");
            assertThat(sh(pod, "app", "stat -L -c '%a' /etc/podinfo/labels /etc/podinfo/cpu_limit"))
                    .isEqualTo("644\n400\n");
            assertThat(sh(pod, "app", "grep ' /etc/podinfo ' /proc/mounts")).startsWith("tmpfs ");
        }
    }

    @Test
    void projectedVolumeCombinesConfigMapSecretAndDownwardApi() {
        PodSpec spec = pod("projected")
                .configMap(CONFIG)
                .secret(SECRET)
                .label("tier", "web")
                .volume(VolumeSpec.projected("all",
                        VolumeSpec.configMap("c", "app-config").toBuilder().item("app.conf", "config/app.conf")
                                .build(),
                        VolumeSpec.secret("s", "app-secret").toBuilder().item("token", "secret/token", 0400).build(),
                        VolumeSpec.downwardApi("d").toBuilder().field("labels", "metadata.labels").build())
                        .toBuilder().defaultMode(0440).build())
                .main(idle("app").mount("all", "/projected").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "cd /projected && cat config/app.conf secret/token; echo; cat labels"))
                    .isEqualTo("mode=test\ns3cr3t\ntier=\"web\"");
            assertThat(sh(pod, "app", "cd /projected && stat -L -c '%n %a' config/app.conf secret/token labels"))
                    .isEqualTo("config/app.conf 440\nsecret/token 400\nlabels 440\n");
        }
    }

    @Test
    void fsGroupOwnsProjectedFilesAndMakesThemGroupReadable() {
        PodSpec spec = pod("projected-fs-group")
                .fsGroup(2000)
                .secret(SECRET)
                .volume(VolumeSpec.secret("secret", "app-secret").toBuilder().defaultMode(0400).build())
                .main(idle("app").runAsUser(1000).mount("secret", "/run/secret").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "stat -L -c '%a %u:%g' /run/secret/token /run/secret"))
                    .as("0400 | 0440, as the kubelet makes it with an fsGroup").isEqualTo("440 0:2000\n2777 0:2000\n");
            assertThat(sh(pod, "app", "cat /run/secret/token")).as("readable through the group").isEqualTo("s3cr3t");
        }
    }

    @Test
    void subPathOfAConfigMapPutsOneFileBesideTheImagesOwn() {
        PodSpec spec = pod("subpath-configmap")
                .configMap(CONFIG)
                .volume(VolumeSpec.configMap("config", "app-config").toBuilder().defaultMode(0600).build())
                .main(idle("app").mount(new VolumeMount("config", "/etc/app.conf", true, "app.conf")).build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "cat /etc/app.conf; stat -c '%a %F' /etc/app.conf"))
                    .isEqualTo("mode=test\n600 regular file\n");
            assertThat(sh(pod, "app", "test -f /etc/passwd && echo kept")).as("the image's /etc").isEqualTo("kept\n");
        }
    }

    @Test
    void subPathOfAConfigMapInAReadOnlyRootFilesystemIsBound() {
        PodSpec spec = pod("subpath-read-only-root")
                .configMap(CONFIG)
                .volume(VolumeSpec.configMap("config", "app-config"))
                .main(idle("app").readOnlyRootFilesystem(true)
                        .mount(new VolumeMount("config", "/etc/app.conf", true, "app.conf")).build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "cat /etc/app.conf")).isEqualTo("mode=test\n");
            assertThat(pod.main().exec("sh", "-c", "echo x > /etc/app.conf").exitCode()).isNotZero();
        }
    }

    @Test
    void subPathOfAnEmptyDirIsSharedThroughTheVolume() {
        PodSpec spec = pod("subpath-emptydir")
                .fsGroup(2000)
                .volume(VolumeSpec.emptyDir("shared"))
                .sidecar(idle("writer").runAsUser(1000).mount("shared", "/shared").build())
                .main(idle("app").mount(new VolumeMount("shared", "/data", false, "app/data")).build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            sh(pod, "writer", "echo from-writer > /shared/app/data/file");

            assertThat(sh(pod, "app", "cat /data/file; stat -c '%a %g' /data")).isEqualTo("from-writer\n2777 2000\n");
        }
    }

    @Test
    void subPathOfAHostPathBindsThatPath(@TempDir Path host) throws Exception {
        Files.createDirectories(host.resolve("public"));
        Files.writeString(host.resolve("public/index.html"), "hello");
        Files.writeString(host.resolve("private.key"), "never mounted");
        PodSpec spec = pod("subpath-hostpath")
                .volume(VolumeSpec.hostPath("site", host))
                .main(idle("app").mount(new VolumeMount("site", "/www", true, "public")).build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "ls /www; cat /www/index.html")).isEqualTo("index.html\nhello");
        }
    }

    private PodSpec.Builder pod(String prefix) {
        String name = prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        podNames.add(name);
        return PodSpec.builder(name).terminationGracePeriod(Duration.ZERO);
    }

    private static ContainerSpec.Builder idle(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command(Scripts.idle());
    }
}
