package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.SecretSpec;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a volume holds before any container starts, as the kubelet lays it out, without an engine. */
class VolumeContentTest {

    private static final PodFacts FACTS = new PodFacts("0f0e0d0c-0000-4000-8000-000000000001",
            new DockerEngine.NodeInfo("node-1", 2, 1L << 30), Map.of(), List.of(), null, Map.of());
    private static final ConfigMapSpec CONFIG = ConfigMapSpec.builder("conf").data("app.conf", "mode=test")
            .data("extra", "more").build();

    @Test
    void configMapIsLaidOutAsTheKubeletsAtomicWriterDoes() {
        VolumeSpec v = VolumeSpec.configMap("config", "conf").toBuilder().item("app.conf", "etc/app.conf", 0400)
                .build();

        List<String> entries = describe(content(pod(v).build()).entries(v, "config", Set.of()));

        assertThat(entries).hasSize(6);
        assertThat(entries.get(0)).isEqualTo("DIRECTORY config 777 0");
        assertThat(entries.get(1)).matches("DIRECTORY config/\\.\\.\\d{4}(_\\d\\d){5}\\.\\d{9} 755 0");
        String data = entries.get(1).split(" ")[1].substring("config/".length());
        assertThat(entries.subList(2, 6)).containsExactly(
                "DIRECTORY config/" + data + "/etc 755 0",
                "FILE config/" + data + "/etc/app.conf 400 0 mode=test",
                "SYMLINK config/..data 777 0 -> " + data,
                "SYMLINK config/etc 777 0 -> ..data/etc");
    }

    @Test
    void fsGroupOwnsEverythingAndMakesItGroupReadableAndDirectoriesSetgid() {
        VolumeSpec v = VolumeSpec.configMap("config", "conf").toBuilder().defaultMode(0400).build();

        List<String> entries = describe(content(pod(v).fsGroup(2000).build()).entries(v, "config", Set.of()));

        assertThat(entries.get(0)).isEqualTo("DIRECTORY config 2777 2000");
        assertThat(entries.get(1)).endsWith(" 2755 2000");
        assertThat(entries).filteredOn(e -> e.startsWith("FILE")).allMatch(e -> e.contains(" 440 2000 "));
    }

    @Test
    void emptyDirGetsTheKubeletsModeItsFilesAndTheSubdirectoriesMountedWithSubPath() {
        VolumeSpec v = VolumeSpec.emptyDir("data").toBuilder().file("given/a.txt", "a").build();

        List<String> entries = describe(content(pod(v).fsGroup(2000).build()).entries(v, "data", Set.of("x/y")));

        assertThat(entries).containsExactly("DIRECTORY data 2777 2000", "DIRECTORY data/x 2777 2000",
                "DIRECTORY data/x/y 2777 2000", "DIRECTORY data/given 2777 2000",
                "FILE data/given/a.txt 664 2000 a");
    }

    @Test
    void optionalSourceThatIsMissingGivesAnEmptyVolume() {
        VolumeSpec v = VolumeSpec.secret("secret", "absent").toBuilder().optional(true).build();

        List<String> entries = describe(content(pod(v).build()).entries(v, "secret", Set.of()));

        assertThat(entries).hasSize(3).noneMatch(e -> e.startsWith("FILE"));
    }

    @Test
    void projectedVolumeTakesItsDefaultModeAndItsSourcesItems() {
        VolumeSpec v = VolumeSpec.projected("all",
                VolumeSpec.configMap("c", "conf").toBuilder().item("app.conf", "app.conf").build(),
                VolumeSpec.secret("s", "creds").toBuilder().item("token", "token", 0400).build(),
                VolumeSpec.downwardApi("d").toBuilder().field("name", "metadata.name").build())
                .toBuilder().defaultMode(0440).build();
        PodSpec spec = pod(v).secret(SecretSpec.builder("creds").stringData("token", "t").build()).build();

        List<String> files = describe(content(spec).entries(v, "all", Set.of())).stream()
                .filter(e -> e.startsWith("FILE")).map(e -> e.replaceAll("/\\.\\.[0-9_.]+/", "/")).toList();

        assertThat(files).containsExactly("FILE all/app.conf 440 0 mode=test", "FILE all/token 400 0 t",
                "FILE all/name 440 0 p");
    }

    @Test
    void subPathPutsTheFileOrTheDirectoryAtTheMountPath() {
        VolumeSpec v = VolumeSpec.configMap("config", "conf").toBuilder().item("app.conf", "etc/app.conf")
                .item("extra", "etc/more/extra").build();
        VolumeContent content = content(pod(v).build());

        assertThat(describe(content.subPathEntries(v, new VolumeMount("config", "/app.conf", true, "etc/app.conf"))))
                .containsExactly("FILE app.conf 644 0 mode=test");
        assertThat(describe(content.subPathEntries(v, new VolumeMount("config", "/opt/etc", true, "etc"))))
                .containsExactly("DIRECTORY opt/etc/more 755 0", "FILE opt/etc/app.conf 644 0 mode=test",
                        "FILE opt/etc/more/extra 644 0 more");
        assertThat(describe(content.subPathEntries(v, new VolumeMount("config", "/none", true, "missing"))))
                .as("a missing subPath: an empty directory, as the kubelet creates it")
                .containsExactly("DIRECTORY none 755 0");
    }

    private static VolumeContent content(PodSpec spec) {
        return new VolumeContent(spec, FACTS);
    }

    private static PodSpec.Builder pod(VolumeSpec v) {
        return PodSpec.builder("p").configMap(CONFIG).volume(v)
                .main(ContainerSpec.builder("app", "example/app:1").build());
    }

    private static List<String> describe(List<Tar.Entry> entries) {
        return entries.stream().map(e -> e.type() + " " + e.path() + " " + Integer.toOctalString(e.mode()) + " "
                + e.gid() + switch (e.type()) {
                    case FILE -> " " + new String(e.content(), StandardCharsets.UTF_8);
                    case SYMLINK -> " -> " + e.linkTarget();
                    case DIRECTORY -> "";
                }).toList();
    }
}
