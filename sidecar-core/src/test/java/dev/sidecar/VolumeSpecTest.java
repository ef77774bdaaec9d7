package dev.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules a {@link VolumeSpec} checks, and the volume spec as a value. */
class VolumeSpecTest {

    /** A resource every test class path holds: the compiled spec class itself. */
    private static final String EXISTING_RESOURCE = "dev/sidecar/VolumeSpec.class";

    @TempDir
    Path tmp;

    // --- validation: one test per rule ---

    @Test
    void rejectsVolumeNameThatIsNotDns1123Label() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> VolumeSpec.emptyDir("Cache_Dir"))
                .withMessageContaining("volume name 'Cache_Dir' is not a DNS-1123 label");
    }

    @Test
    void rejectsMalformedSizeLimitOfInMemoryVolume() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> VolumeSpec.emptyDirInMemory("cache", "64 megabytes"))
                .withMessageContaining("sizeLimit of volume 'cache' '64 megabytes' is not a quantity of bytes");
    }

    @Test
    void rejectsZeroSizeLimitOfInMemoryVolume() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> VolumeSpec.emptyDirInMemory("cache", "0"))
                .withMessageContaining("sizeLimit of volume 'cache' '0' must be more than zero");
    }

    @Test
    void rejectsAbsoluteFilePath() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> file(VolumeSpec.emptyDir("config"), "/etc/app.conf", "x=1"))
                .withMessageContaining("file '/etc/app.conf' of volume 'config' must be a path relative to the volume's root without '..'");
    }

    @Test
    void rejectsFilePathContainingDotDot() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> file(VolumeSpec.emptyDir("config"), "conf/../../etc/passwd", "x"))
                .withMessageContaining("file 'conf/../../etc/passwd' of volume 'config' must be a path relative");
    }

    @Test
    void rejectsBlankFilePath() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> file(VolumeSpec.emptyDir("config"), " ", "x"))
                .withMessageContaining("file ' ' of volume 'config' must be a path relative");
    }

    @Test
    void allowsDotsThatAreNotAParentReference() {
        VolumeSpec volume = file(VolumeSpec.emptyDir("config"), "..hidden/app..conf", "x");

        assertThat(volume.files()).extracting(VolumeSpec.File::path).containsExactly("..hidden/app..conf");
    }

    @Test
    void rejectsMissingClasspathResource() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> VolumeSpec.emptyDir("config").toBuilder()
                        .classpathFile("app.conf", "no/such/app.conf").build())
                .withMessageContaining("file 'app.conf' of volume 'config': class-path resource 'no/such/app.conf' "
                        + "does not exist");
    }

    @Test
    void rejectsHostFileThatDoesNotExist() {
        Path missing = tmp.resolve("missing.conf");

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> VolumeSpec.emptyDir("config").toBuilder().hostFile("app.conf", missing).build())
                .withMessageContaining("file 'app.conf' of volume 'config': host file '" + missing
                        + "' is not a readable regular file");
    }

    @Test
    void rejectsFilesOnHostPathVolume() {
        VolumeSpec host = VolumeSpec.hostPath("host", tmp);

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> file(host, "app.conf", "x=1"))
                .withMessageContaining("volume 'host' is a hostPath volume: files can only be given to an emptyDir");
    }

    @Test
    void rejectsReadOnlyEmptyDir() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> VolumeSpec.emptyDir("data").toBuilder().readOnly(true).build())
                .withMessageContaining("volume 'data' is an emptyDir volume: only a hostPath volume is read-only as a whole");
    }

    @Test
    void rejectsSizeLimitOnDiskEmptyDir() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> VolumeSpec.emptyDir("data").toBuilder().sizeLimit("1Mi").build())
                .withMessageContaining("volume 'data' is an emptyDir volume: only an in-memory emptyDir has a sizeLimit");
    }

    @Test
    void rejectsHostPathTypeOnEmptyDir() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> VolumeSpec.emptyDir("data").toBuilder()
                        .hostPathType(VolumeSpec.HostPathType.DIRECTORY).build())
                .withMessageContaining("volume 'data' is an emptyDir volume: only a hostPath volume has a hostPathType");
    }

    @Test
    void rejectsRelativeHostPath() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> VolumeSpec.hostPath("repo", Path.of("repo")))
                .withMessageContaining("hostPath of volume 'repo' 'repo' is not an absolute path");
    }

    // --- value semantics ---

    @Test
    void hostPathIsReadOnlyAndMustExistUntilAskedOtherwise() {
        VolumeSpec host = VolumeSpec.hostPath("host", tmp);

        assertThat(host.readOnly()).isTrue();
        assertThat(host.hostPathType()).isEqualTo(VolumeSpec.HostPathType.EXISTS);
        VolumeSpec writable = host.toBuilder().readOnly(false)
                .hostPathType(VolumeSpec.HostPathType.DIRECTORY_OR_CREATE).build();
        assertThat(writable.readOnly()).isFalse();
        assertThat(writable.hostPathType()).isEqualTo(VolumeSpec.HostPathType.DIRECTORY_OR_CREATE);
        assertThat(host.readOnly()).as("the original is unchanged").isTrue();
        assertThat(host.hostPath()).isEqualTo(tmp.toString());
    }

    @Test
    void emptyDirsAreWritableAndInMemoryOnesHaveTheirSizeLimit() {
        assertThat(VolumeSpec.emptyDir("data").readOnly()).isFalse();
        assertThat(VolumeSpec.emptyDir("data").kind()).isEqualTo(VolumeSpec.Kind.EMPTY_DIR);
        assertThat(VolumeSpec.emptyDirInMemory("cache", "64Mi").sizeLimitBytes()).isEqualTo(67_108_864L);
        assertThat(VolumeSpec.emptyDirInMemory("cache", "64Mi").kind()).isEqualTo(VolumeSpec.Kind.EMPTY_DIR_MEMORY);
    }

    @Test
    void fileDerivesACopyAndReplacesAFileAtTheSamePath() {
        VolumeSpec empty = VolumeSpec.emptyDir("config");

        VolumeSpec once = file(empty, "app.conf", "a=1");
        VolumeSpec twice = once.toBuilder().file("app.conf", "a=2").file("other.conf", "b=1").build();
        VolumeSpec fewer = twice.toBuilder().removeFile("app.conf").build();

        assertThat(empty.files()).isEmpty();
        assertThat(once.files()).containsExactly(new VolumeSpec.File("app.conf", VolumeSpec.File.Source.TEXT, "a=1"));
        assertThat(twice.files()).extracting(VolumeSpec.File::path, VolumeSpec.File::value)
                .containsExactly(tuple("app.conf", "a=2"),
                        tuple("other.conf", "b=1"));
        assertThat(fewer.files()).extracting(VolumeSpec.File::path).containsExactly("other.conf");
    }

    @Test
    void classpathFileNamesTheResourceWithoutLeadingSlash() {
        VolumeSpec volume = VolumeSpec.emptyDir("config").toBuilder()
                .classpathFile("spec.class", "/" + EXISTING_RESOURCE).build();

        assertThat(volume.files()).containsExactly(
                new VolumeSpec.File("spec.class", VolumeSpec.File.Source.CLASSPATH, EXISTING_RESOURCE));
    }

    @Test
    void hostFileIsReferencedByItsAbsolutePath() throws IOException {
        Path file = Files.writeString(tmp.resolve("app.conf"), "a=1");

        VolumeSpec volume = VolumeSpec.emptyDir("config").toBuilder().hostFile("app.conf", file).build();

        assertThat(volume.files()).containsExactly(new VolumeSpec.File("app.conf", VolumeSpec.File.Source.HOST_FILE,
                file.toAbsolutePath().toString()));
    }

    @Test
    void volumesBuiltTwiceAreEqual() {
        VolumeSpec one = file(VolumeSpec.emptyDirInMemory("cache", "1Gi"), "a.txt", "a");
        VolumeSpec two = file(VolumeSpec.emptyDirInMemory("cache", "1Gi"), "a.txt", "a");

        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one.toBuilder().build()).isEqualTo(one);
        assertThat(file(one, "a.txt", "b")).isNotEqualTo(two);
        assertThat(VolumeSpec.hostPath("h", tmp))
                .isNotEqualTo(VolumeSpec.hostPath("h", tmp).toBuilder().readOnly(false).build());
    }

    @Test
    void toStringIsReadableAndShowsTheSizeNotTheContentOfTextFiles() {
        assertThat(file(VolumeSpec.emptyDir("config"), "app.conf", "password=hunter2").toString())
                .isEqualTo("config: emptyDir files=[app.conf (16 chars)]");
        assertThat(VolumeSpec.emptyDirInMemory("cache", "1Ki").toString())
                .isEqualTo("cache: emptyDir(memory, 1Ki)");
        assertThat(VolumeSpec.hostPath("host", tmp).toString())
                .isEqualTo("host: hostPath(" + tmp + ", EXISTS, ro)");
    }

    private static VolumeSpec file(VolumeSpec volume, String path, String text) {
        return volume.toBuilder().file(path, text).build();
    }
}
