package dev.sidecar;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of getting a spec wrong, one row each: what is wrong, the call that must fail, the exception it fails
 * with, and the part of the message that names the field and the offending value.
 */
class InvalidSpecTableTest {

    private static final Class<InvalidSpecException> INVALID = InvalidSpecException.class;
    private static final Class<IllegalArgumentException> ILLEGAL = IllegalArgumentException.class;

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void failsNamingTheFieldAndTheValue(String description, ThrowingCallable build,
            Class<? extends Throwable> expected, String messagePart) {
        assertThatThrownBy(build).isExactlyInstanceOf(expected).hasMessageContaining(messagePart);
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                row("pod name with upper case", () -> pod("Web").main(app()).build(),
                        INVALID, "pod name 'Web'"),
                row("pod name longer than 50", () -> pod("x".repeat(51)).main(app()).build(),
                        INVALID, "pod name '" + "x".repeat(51) + "'"),
                row("hostname with underscore", () -> pod("web").hostname("my_host").main(app()).build(),
                        INVALID, "hostname of pod 'web' 'my_host'"),
                row("pod without main", () -> pod("web").sidecar(app()).build(),
                        INVALID, "pod 'web' has no main container"),
                row("pod with two mains", () -> pod("web").main(app()).main(container("worker").build()).build(),
                        INVALID, "pod 'web' has 2 main containers (app, worker)"),
                row("container name used by init and main",
                        () -> pod("web").initContainer(app()).main(app()).build(),
                        INVALID, "container name 'app' is used twice"),
                row("two containers on one port",
                        () -> pod("web").sidecar(container("proxy").port(80).build())
                                .main(container("app").port(80).build()).build(),
                        INVALID, "port 80 is declared by both container 'proxy' and container 'app'"),
                row("mount of undeclared volume",
                        () -> pod("web").main(container("app").mount("logs", "/logs").build()).build(),
                        INVALID, "container 'app' mounts volume 'logs'"),
                row("volume name with upper case",
                        () -> pod("web").main(app()).volume(VolumeSpec.emptyDir("Logs")).build(),
                        INVALID, "volume name 'Logs'"),
                row("volume declared twice",
                        () -> pod("web").main(app()).volume(VolumeSpec.emptyDir("logs"))
                                .volume(VolumeSpec.emptyDir("logs")).build(),
                        INVALID, "volume name 'logs' is declared twice"),
                row("init container with readiness probe",
                        () -> pod("web").main(app())
                                .initContainer(container("setup").readyWhen(Probe.logLine("done")).build()).build(),
                        INVALID, "init container 'setup' has a readiness probe (logLine(/done/)"),
                row("init container restarted always",
                        () -> pod("web").main(app())
                                .initContainer(container("setup").restartPolicy(RestartPolicy.ALWAYS).build())
                                .build(),
                        INVALID, "init container 'setup' has restartPolicy ALWAYS"),
                row("negative grace period", () -> pod("web").terminationGracePeriod(Duration.ofMillis(-1)),
                        ILLEGAL, "terminationGracePeriod of pod 'web' must be zero or a positive duration, was PT-0.001S"),
                row("container name with dot", () -> container("my.app").build(),
                        INVALID, "container name 'my.app'"),
                row("container name ending with dash", () -> container("app-").build(),
                        INVALID, "container name 'app-'"),
                row("blank image", () -> ContainerSpec.builder("app", "").build(),
                        INVALID, "image of container 'app' is blank"),
                row("image with upper-case repository", () -> container("app").image("Busybox:1").build(),
                        INVALID, "image of container 'app' 'Busybox:1'"),
                row("image with space", () -> container("app").image("a b").build(),
                        INVALID, "image of container 'app' 'a b'"),
                row("image with empty tag", () -> container("app").image("busybox:").build(),
                        INVALID, "image of container 'app' 'busybox:'"),
                row("env name with '='", () -> container("app").env("A=B", "1").build(),
                        INVALID, "env name of container 'app' 'A=B'"),
                row("env name starting with digit", () -> container("app").env("9LIVES", "1").build(),
                        INVALID, "env name of container 'app' '9LIVES'"),
                row("port 0", () -> container("app").port(0).build(),
                        INVALID, "port of container 'app' 0"),
                row("port declared twice", () -> container("app").port(8080).port(8080).build(),
                        INVALID, "port 8080 of container 'app' is declared twice"),
                row("relative mount path", () -> container("app").mount("data", "data").build(),
                        INVALID, "mountPath of volume 'data' in container 'app' 'data'"),
                row("two mounts at one path",
                        () -> container("app").mount("a", "/data").mount("b", "/data").build(),
                        INVALID, "mountPath '/data' of container 'app' is used by two mounts"),
                row("probe on undeclared port", () -> container("app").readyWhen(Probe.tcp(5432)).build(),
                        INVALID, "readiness probe of container 'app' checks port 5432"),
                row("stop signal that is a sentence", () -> container("app").stopSignal("STOP NOW").build(),
                        INVALID, "stopSignal of container 'app' 'STOP NOW'"),
                row("missing stop signal", () -> container("app").stopSignal(null).build(),
                        INVALID, "stopSignal of container 'app' 'null'"),
                row("relative working dir", () -> container("app").workingDir("srv").build(),
                        INVALID, "workingDir of container 'app' 'srv'"),
                row("memory in MB", () -> container("app").memoryLimit("512MB"),
                        ILLEGAL, "memoryLimit of container 'app' '512MB'"),
                row("negative memory", () -> container("app").memoryLimit("-1Gi"),
                        ILLEGAL, "memoryLimit of container 'app' '-1Gi'"),
                row("cpu in cores", () -> container("app").cpuLimit("2 cores"),
                        ILLEGAL, "cpuLimit of container 'app' '2 cores'"),
                row("zero cpu", () -> container("app").cpuLimit("0"),
                        ILLEGAL, "cpuLimit of container 'app' '0' must be more than zero"),
                row("zero probe timeout", () -> Probe.tcp(80).withTimeout(Duration.ZERO),
                        ILLEGAL, "probe timeout must be a positive duration, was PT0S"),
                row("negative probe period", () -> Probe.tcp(80).withPeriod(Duration.ofSeconds(-1)),
                        ILLEGAL, "probe period must be a positive duration, was PT-1S"),
                row("probe on port 65536", () -> Probe.tcp(65536),
                        ILLEGAL, "probe port 65536"),
                row("relative http probe path", () -> Probe.http(80, "ready"),
                        ILLEGAL, "probe path 'ready'"),
                row("absolute volume file path", () -> VolumeSpec.emptyDir("config").withFile("/app.conf", ""),
                        ILLEGAL, "file path '/app.conf' of volume 'config'"),
                row("volume file path with '..'", () -> VolumeSpec.emptyDir("config").withFile("../app.conf", ""),
                        ILLEGAL, "file path '../app.conf' of volume 'config'"),
                row("missing class-path resource",
                        () -> VolumeSpec.emptyDir("config").withClasspathFile("app.conf", "nope/app.conf"),
                        ILLEGAL, "class-path resource 'nope/app.conf' for file 'app.conf' of volume 'config'"),
                row("file on hostPath volume",
                        () -> VolumeSpec.hostPath("host", Path.of("/tmp")).withFile("app.conf", ""),
                        ILLEGAL, "volume 'host' is a hostPath volume"),
                row("readWrite on emptyDir", () -> VolumeSpec.emptyDir("data").readWrite(),
                        ILLEGAL, "volume 'data' is EMPTY_DIR"),
                row("in-memory volume of zero bytes", () -> VolumeSpec.emptyDirInMemory("cache", "0Mi"),
                        ILLEGAL, "sizeLimit of volume 'cache' '0Mi'"));
    }

    private static Arguments row(String description, ThrowingCallable build, Class<? extends Throwable> expected,
            String messagePart) {
        return arguments(description, build, expected, messagePart);
    }

    private static PodSpec.Builder pod(String name) {
        return PodSpec.builder(name);
    }

    private static ContainerSpec.Builder container(String name) {
        return ContainerSpec.builder(name, "example/" + name + ":1");
    }

    private static ContainerSpec app() {
        return container("app").build();
    }
}
