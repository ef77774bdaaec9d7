package dev.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
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
        ContainerSpec app = ContainerSpec.builder("app", "example/app:1").mount("Cache_Dir", "/cache").build();

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> PodSpec.builder("web").main(app).volume(VolumeSpec.emptyDir("Cache_Dir")).build())
                .withMessageContaining("volume name 'Cache_Dir' is not a DNS-1123 label");
    }

    @Test
    void rejectsMalformedSizeLimitOfInMemoryVolume() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VolumeSpec.emptyDirInMemory("cache", "64 megabytes"))
                .withMessageContaining("sizeLimit of volume 'cache' '64 megabytes' is not a quantity of bytes");
    }

    @Test
    void rejectsZeroSizeLimitOfInMemoryVolume() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VolumeSpec.emptyDirInMemory("cache", "0"))
                .withMessageContaining("sizeLimit of volume 'cache' '0' must be more than zero");
    }

    @Test
    void rejectsAbsoluteFilePath() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VolumeSpec.emptyDir("config").withFile("/etc/app.conf", "x=1"))
                .withMessageContaining("file path '/etc/app.conf' of volume 'config' must be relative");
    }

    @Test
    void rejectsFilePathContainingDotDot() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VolumeSpec.emptyDir("config").withFile("conf/../../etc/passwd", "x"))
                .withMessageContaining("file path 'conf/../../etc/passwd' of volume 'config'")
                .withMessageContaining("must not contain '..'");
    }

    @Test
    void rejectsBlankFilePath() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VolumeSpec.emptyDir("config").withFile(" ", "x"))
                .withMessageContaining("file path ' ' of volume 'config'");
    }

    @Test
    void allowsDotsThatAreNotAParentReference() {
        VolumeSpec volume = VolumeSpec.emptyDir("config").withFile("..hidden/app..conf", "x");

        assertThat(volume.files()).extracting(VolumeSpec.File::path).containsExactly("..hidden/app..conf");
    }

    @Test
    void rejectsMissingClasspathResource() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VolumeSpec.emptyDir("config").withClasspathFile("app.conf", "no/such/app.conf"))
                .withMessageContaining("class-path resource 'no/such/app.conf' for file 'app.conf' of volume 'config' "
                        + "does not exist");
    }

    @Test
    void rejectsHostFileThatDoesNotExist() {
        Path missing = tmp.resolve("missing.conf");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> VolumeSpec.emptyDir("config").withHostFile("app.conf", missing))
                .withMessageContaining("host file '" + missing + "' for file 'app.conf' of volume 'config' "
                        + "is not a readable regular file");
    }

    @Test
    void rejectsFilesOnHostPathVolume() {
        VolumeSpec host = VolumeSpec.hostPath("host", tmp);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> host.withFile("app.conf", "x=1"))
                .withMessageContaining("volume 'host' is a hostPath volume: files can only be given to an emptyDir");
    }

    @Test
    void rejectsReadWriteOnEmptyDir() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VolumeSpec.emptyDir("data").readWrite())
                .withMessageContaining("volume 'data' is EMPTY_DIR: only a hostPath volume is read-only by default");
    }

    @Test
    void rejectsReadWriteOnInMemoryEmptyDir() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VolumeSpec.emptyDirInMemory("cache", "1Mi").readWrite())
                .withMessageContaining("volume 'cache' is EMPTY_DIR_MEMORY");
    }

    // --- value semantics ---

    @Test
    void hostPathIsReadOnlyUntilReadWriteIsAsked() {
        VolumeSpec host = VolumeSpec.hostPath("host", tmp);

        assertThat(host.readOnly()).isTrue();
        assertThat(host.readWrite().readOnly()).isFalse();
        assertThat(host.readOnly()).as("the original is unchanged").isTrue();
        assertThat(host.hostPath()).isEqualTo(tmp.toAbsolutePath().toString());
    }

    @Test
    void emptyDirsAreWritableAndInMemoryOnesHaveTheirSizeLimit() {
        assertThat(VolumeSpec.emptyDir("data").readOnly()).isFalse();
        assertThat(VolumeSpec.emptyDir("data").kind()).isEqualTo(VolumeSpec.Kind.EMPTY_DIR);
        assertThat(VolumeSpec.emptyDirInMemory("cache", "64Mi").sizeLimitBytes()).isEqualTo(67_108_864L);
        assertThat(VolumeSpec.emptyDirInMemory("cache", "64Mi").kind()).isEqualTo(VolumeSpec.Kind.EMPTY_DIR_MEMORY);
    }

    @Test
    void withFileDerivesACopyAndReplacesAFileAtTheSamePath() {
        VolumeSpec empty = VolumeSpec.emptyDir("config");

        VolumeSpec once = empty.withFile("app.conf", "a=1");
        VolumeSpec twice = once.withFile("app.conf", "a=2").withFile("other.conf", "b=1");

        assertThat(empty.files()).isEmpty();
        assertThat(once.files()).containsExactly(new VolumeSpec.File("app.conf", VolumeSpec.File.Source.TEXT, "a=1"));
        assertThat(twice.files()).extracting(VolumeSpec.File::path, VolumeSpec.File::value)
                .containsExactly(tuple("app.conf", "a=2"),
                        tuple("other.conf", "b=1"));
    }

    @Test
    void classpathFileNamesTheResourceWithoutLeadingSlash() {
        VolumeSpec volume = VolumeSpec.emptyDir("config").withClasspathFile("spec.class", "/" + EXISTING_RESOURCE);

        assertThat(volume.files()).containsExactly(
                new VolumeSpec.File("spec.class", VolumeSpec.File.Source.CLASSPATH, EXISTING_RESOURCE));
    }

    @Test
    void hostFileIsReferencedByItsAbsolutePath() throws IOException {
        Path file = Files.writeString(tmp.resolve("app.conf"), "a=1");

        VolumeSpec volume = VolumeSpec.emptyDir("config").withHostFile("app.conf", file);

        assertThat(volume.files()).containsExactly(new VolumeSpec.File("app.conf", VolumeSpec.File.Source.HOST_FILE,
                file.toAbsolutePath().toString()));
    }

    @Test
    void volumesBuiltTwiceAreEqual() {
        VolumeSpec one = VolumeSpec.emptyDirInMemory("cache", "1Gi").withFile("a.txt", "a");
        VolumeSpec two = VolumeSpec.emptyDirInMemory("cache", "1Gi").withFile("a.txt", "a");

        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one.withFile("a.txt", "b")).isNotEqualTo(two);
        assertThat(VolumeSpec.hostPath("h", tmp)).isNotEqualTo(VolumeSpec.hostPath("h", tmp).readWrite());
    }

    @Test
    void toStringIsReadableAndShowsTheSizeNotTheContentOfTextFiles() {
        assertThat(VolumeSpec.emptyDir("config").withFile("app.conf", "password=hunter2").toString())
                .isEqualTo("config: emptyDir files=[app.conf (16 chars)]");
        assertThat(VolumeSpec.emptyDirInMemory("cache", "1Ki").toString())
                .isEqualTo("cache: emptyDir(memory, 1024 bytes)");
        assertThat(VolumeSpec.hostPath("host", tmp).toString())
                .isEqualTo("host: hostPath(" + tmp.toAbsolutePath() + ", ro)");
    }
}
