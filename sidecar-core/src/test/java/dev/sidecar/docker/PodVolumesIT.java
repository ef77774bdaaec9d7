package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ExecResult;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's volumes: {@code emptyDir} on disk and in memory shared between containers, files given from the test
 * before anything starts (as a {@code configMap} would be), read-only mounts, and {@code hostPath} directories.
 *
 * <p>One pod for the class. The sidecar {@code writer} starts first and mounts everything writable; main,
 * {@code reader}, mounts the disk volume read-only and the host directory that the spec leaves read-only.
 */
class PodVolumesIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final Duration READY = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;
    private static Path readOnlyHostDir;
    private static Path writableHostDir;
    private static Pod pod;

    @BeforeAll
    static void startPod() throws IOException {
        readOnlyHostDir = Files.createDirectory(tmp.resolve("read-only"));
        Files.writeString(readOnlyHostDir.resolve("from-host.txt"), "written by the test\n");
        writableHostDir = Files.createDirectory(tmp.resolve("writable"));
        Path hostFile = Files.writeString(tmp.resolve("host.txt"), "hello from a host file");

        PodSpec spec = PodSpec.builder("volumes")
                .volume(VolumeSpec.emptyDir("config").toBuilder()
                        .file("app/text.txt", "hello from a string")
                        .classpathFile("classpath.txt", "volumes/greeting.txt")
                        .hostFile("host.txt", hostFile)
                        .build())
                .volume(VolumeSpec.emptyDir("disk"))
                .volume(VolumeSpec.emptyDirInMemory("memory", "16Mi"))
                .volume(VolumeSpec.hostPath("host-default", readOnlyHostDir))
                .volume(VolumeSpec.hostPath("host-writable", writableHostDir).toBuilder().readOnly(false).build())
                .sidecar(ContainerSpec.builder("writer", TestImages.BUSYBOX)
                        .command(Scripts.thenIdle(printGivenFiles("writer")))
                        .mount("config", "/config")
                        .mount("disk", "/disk")
                        .mount("memory", "/memory")
                        .mount("host-writable", "/host")
                        .readyWhen(Probe.logLine("saw at start"))
                        .build())
                .main(ContainerSpec.builder("reader", TestImages.BUSYBOX)
                        .command(Scripts.thenIdle(printGivenFiles("reader")))
                        .mount("config", "/config")
                        .mountReadOnly("disk", "/disk")
                        .mount("memory", "/memory")
                        .mount("host-default", "/host")
                        .readyWhen(Probe.logLine("saw at start"))
                        .build())
                .build();
        pod = RUNTIME.start(spec);
    }

    @AfterAll
    static void closePod() {
        if (pod != null) {
            pod.close();
        }
    }

    @Test
    void fileWrittenToDiskEmptyDirByOneContainerIsReadByAnother() {
        sh("writer", "echo from writer > /disk/note.txt");

        assertThat(sh("reader", "cat /disk/note.txt").stdout()).isEqualTo("from writer\n");
    }

    @Test
    void readOnlyMountRefusesWrites() {
        ExecResult write = sh("reader", "echo from reader > /disk/refused.txt");

        assertThat(write.exitCode()).isNotZero();
        assertThat(write.stderr()).contains("Read-only file system");
    }

    @Test
    void memoryEmptyDirIsTmpfsOfItsSizeLimit() {
        String mounts = sh("reader", "cat /proc/mounts").stdout();

        assertThat(mounts.lines()).anySatisfy(line -> assertThat(line).matches("\\S+ /memory tmpfs \\S*size=16384k.*"));
    }

    @Test
    void memoryEmptyDirIsSharedBetweenContainers() {
        sh("writer", "echo in memory > /memory/note.txt");

        assertThat(sh("reader", "cat /memory/note.txt").stdout()).isEqualTo("in memory\n");
    }

    @Test
    void filesGivenFromTheTestArePresentBeforeAnyContainerStarts() {
        String given = "saw at start: hello from a string | hello from the class path | hello from a host file";

        assertThat(pod.container("writer").logs()).as("the first container to start").contains("writer " + given);
        assertThat(pod.container("reader").logs()).contains("reader " + given);
    }

    @Test
    void hostPathIsReadableButNotWritableByDefault() {
        assertThat(sh("reader", "cat /host/from-host.txt").stdout()).isEqualTo("written by the test\n");

        ExecResult write = sh("reader", "echo from reader > /host/refused.txt");
        assertThat(write.exitCode()).isNotZero();
        assertThat(write.stderr()).contains("Read-only file system");
        assertThat(readOnlyHostDir.resolve("refused.txt")).doesNotExist();
    }

    @Test
    void readWriteHostPathTakesWritesThatTheHostSees() throws IOException {
        assertThat(sh("writer", "echo from the pod > /host/from-pod.txt").exitCode()).isZero();

        assertThat(Files.readString(writableHostDir.resolve("from-pod.txt"))).isEqualTo("from the pod\n");
    }

    /** What a container does first thing: print the content of the three given files. */
    private static String printGivenFiles(String container) {
        return "echo \"" + container + " saw at start: $(cat /config/app/text.txt) | $(cat /config/classpath.txt)"
                + " | $(cat /config/host.txt)\"";
    }

    private static ExecResult sh(String container, String script) {
        return pod.container(container).exec("sh", "-c", script);
    }
}
