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
    private static final Class<NullPointerException> NULL = NullPointerException.class;

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
                row("pod name longer than 63", () -> pod("x".repeat(64)).main(app()).build(),
                        INVALID, "pod name '" + "x".repeat(64) + "'"),
                row("hostname with underscore", () -> pod("web").hostname("my_host").main(app()).build(),
                        INVALID, "hostname of pod 'web' 'my_host'"),
                row("pod without main", () -> pod("web").sidecar(app()).build(),
                        INVALID, "pod 'web' has no main container"),
                row("container name used by init and main",
                        () -> pod("web").initContainer(app()).main(app()).build(),
                        INVALID, "container name 'app' is used twice in pod 'web' (as init and main)"),
                row("container name used by sidecar and main",
                        () -> pod("web").sidecar(app()).main(app()).build(),
                        INVALID, "container name 'app' is used twice in pod 'web' (as sidecar and main)"),
                row("two containers on one port",
                        () -> pod("web").sidecar(container("proxy").port(80).build())
                                .main(container("app").port(80).build()).build(),
                        INVALID, "port 80 is declared by both container 'proxy' and container 'app'"),
                row("mount of undeclared volume",
                        () -> pod("web").main(container("app").mount("logs", "/logs").build()).build(),
                        INVALID, "container 'app' mounts volume 'logs'"),
                row("init container with readiness probe",
                        () -> pod("web").main(app())
                                .initContainer(container("setup").readyWhen(Probe.logLine("done")).build()).build(),
                        INVALID, "init container 'setup' has a readiness probe ("),
                row("init container restarted always",
                        () -> pod("web").main(app())
                                .initContainer(container("setup").restartPolicy(RestartPolicy.ALWAYS).build())
                                .build(),
                        INVALID, "init container 'setup' has restartPolicy ALWAYS: an init container runs once"),
                row("init container restarted on failure",
                        () -> pod("web").main(app())
                                .initContainer(container("setup").restartPolicy(RestartPolicy.ON_FAILURE).build())
                                .build(),
                        INVALID, "init container 'setup' has restartPolicy ON_FAILURE: an init container runs once"),
                row("negative grace period",
                        () -> pod("web").main(app()).terminationGracePeriod(Duration.ofMillis(-1)).build(),
                        INVALID, "terminationGracePeriod of pod 'web' must be zero or a positive duration, was "
                                + "PT-0.001S"),
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
                row("image whose first part is no registry and not lower case",
                        () -> container("app").image("Up/app").build(),
                        INVALID, "image of container 'app' 'Up/app' is not a valid image reference"),
                row("image whose registry starts with a dash", () -> container("app").image("-/app").build(),
                        INVALID, "image of container 'app' '-/app' is not a valid image reference"),
                row("image with a digest of an algorithm Docker does not have",
                        () -> container("app").image("busybox@md5:0123456789abcdef0123456789abcdef").build(),
                        INVALID, "image of container 'app' 'busybox@md5:0123456789abcdef0123456789abcdef'"),
                row("image with an upper-case sha256 digest",
                        () -> container("app").image("busybox@sha256:" + "0123456789ABCDEF".repeat(4)).build(),
                        INVALID, "image of container 'app' 'busybox@sha256:0123456789ABCDEF"),
                row("image with a name of 256 characters", () -> container("app").image("a".repeat(256)).build(),
                        INVALID, "has a name of 256 characters, more than the 255 Docker allows"),
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
                row("mount at the root", () -> container("app").mount("data", "/").build(),
                        INVALID, "mountPath of volume 'data' in container 'app' '/' is the container's root directory"),
                row("mount at a path that is the root once cleaned",
                        () -> container("app").mount("data", "/mnt/..").build(),
                        INVALID, "mountPath of volume 'data' in container 'app' '/mnt/..' is the container's root"),
                row("two mounts at one path once cleaned",
                        () -> container("app").mount("a", "/data").mount("b", "//data/").build(),
                        INVALID, "mountPath '//data/' of container 'app' is used by two mounts (both at '/data')"),
                row("NUL in a mount path", () -> container("app").mount("data", "/d\0").build(),
                        INVALID, "mountPath of volume 'data' in container 'app' contains a NUL character (at index 2)"),
                row("NUL in the working dir", () -> container("app").workingDir("/srv\0").build(),
                        INVALID, "workingDir of container 'app' contains a NUL character (at index 4)"),
                row("probe on undeclared port", () -> container("app").readyWhen(Probe.tcp(5432)).build(),
                        INVALID, "readiness probe of container 'app' checks port 5432"),
                row("stop signal that is a sentence", () -> container("app").stopSignal("STOP NOW").build(),
                        INVALID, "stopSignal of container 'app' 'STOP NOW' is not a Linux signal"),
                row("stop signal that Linux does not have", () -> container("app").stopSignal("SIGFOO").build(),
                        INVALID, "stopSignal of container 'app' 'SIGFOO' is not a Linux signal"),
                row("stop signal number 65", () -> container("app").stopSignal("65").build(),
                        INVALID, "stopSignal of container 'app' '65' is not a Linux signal"),
                row("real-time stop signal past SIGRTMAX", () -> container("app").stopSignal("SIGRTMIN+31").build(),
                        INVALID, "stopSignal of container 'app' 'SIGRTMIN+31'"),
                row("empty stop signal", () -> container("app").stopSignal("").build(),
                        INVALID, "stopSignal of container 'app' ''"),
                row("missing stop signal", () -> container("app").stopSignal((String) null),
                        NULL, "stopSignal must not be null"),
                row("NUL in an env value", () -> container("app").env("A", "x\0y").build(),
                        INVALID, "value of env A of container 'app' contains a NUL character (at index 1)"),
                row("NUL in an argument", () -> container("app").args("-v", "a\0").build(),
                        INVALID, "args[1] of container 'app' contains a NUL character"),
                row("null argument", () -> container("app").command("sh", null),
                        NULL, "command[1] must not be null"),
                row("null args array", () -> container("app").args((String[]) null),
                        NULL, "args must not be null"),
                row("unknown capability", () -> container("app").addCapability("NET_FLY").build(),
                        INVALID, "capability of container 'app' 'NET_FLY' is not a Linux capability"),
                row("blank user", () -> container("app").user(" ").build(),
                        INVALID, "user of container 'app' is blank"),
                row("relative working dir", () -> container("app").workingDir("srv").build(),
                        INVALID, "workingDir of container 'app' 'srv'"),
                row("memory in MB", () -> container("app").memoryLimit("512MB").build(),
                        INVALID, "memoryLimit of container 'app' '512MB'"),
                row("negative memory", () -> container("app").memoryLimit("-1Gi").build(),
                        INVALID, "memoryLimit of container 'app' '-1Gi'"),
                row("memory beyond a long", () -> container("app").memoryLimit("99999999999Ti").build(),
                        INVALID, "memoryLimit of container 'app' '99999999999Ti' is too large"),
                row("cpu in cores", () -> container("app").cpuLimit("2 cores").build(),
                        INVALID, "cpuLimit of container 'app' '2 cores'"),
                row("zero cpu", () -> container("app").cpuLimit("0").build(),
                        INVALID, "cpuLimit of container 'app' '0' must be more than zero"),
                row("zero probe timeout", () -> Probe.tcp(80).toBuilder().timeout(Duration.ZERO).build(),
                        INVALID, "timeout of probe tcpSocket(80) must be a positive duration, was PT0S"),
                row("negative probe period", () -> Probe.tcp(80).toBuilder().period(Duration.ofSeconds(-1)).build(),
                        INVALID, "period of probe tcpSocket(80) must be a positive duration, was PT-1S"),
                row("probe on port 65536", () -> Probe.tcp(65536),
                        INVALID, "port of probe tcpSocket(65536) 65536"),
                row("relative http probe path", () -> Probe.http(80, "ready"),
                        INVALID, "path of probe httpGet(80ready) 'ready'"),
                row("absolute volume file path",
                        () -> VolumeSpec.emptyDir("config").toBuilder().file("/app.conf", "").build(),
                        INVALID, "file '/app.conf' of volume 'config' must be a path relative to the volume's root"),
                row("volume file path with '..'",
                        () -> VolumeSpec.emptyDir("config").toBuilder().file("../app.conf", "").build(),
                        INVALID, "file '../app.conf' of volume 'config'"),
                row("missing class-path resource",
                        () -> VolumeSpec.emptyDir("config").toBuilder().classpathFile("app.conf", "nope/app.conf")
                                .build(),
                        INVALID, "file 'app.conf' of volume 'config': class-path resource 'nope/app.conf' does not "
                                + "exist"),
                row("file on hostPath volume",
                        () -> VolumeSpec.hostPath("host", Path.of("/tmp")).toBuilder().file("app.conf", "").build(),
                        INVALID, "volume 'host' is a hostPath volume: files can only be given to an emptyDir"),
                row("relative hostPath", () -> VolumeSpec.hostPath("host", Path.of("repo")),
                        INVALID, "hostPath of volume 'host' 'repo' is not an absolute path"),
                row("read-only emptyDir", () -> VolumeSpec.emptyDir("data").toBuilder().readOnly(true).build(),
                        INVALID, "volume 'data' is an emptyDir volume: only a hostPath volume is read-only"),
                row("in-memory volume of zero bytes", () -> VolumeSpec.emptyDirInMemory("cache", "0Mi"),
                        INVALID, "sizeLimit of volume 'cache' '0Mi'"),
                row("volume name with upper case", () -> VolumeSpec.emptyDir("Logs"),
                        INVALID, "volume name 'Logs'"),
                row("configMap item path starting with '..'",
                        () -> VolumeSpec.configMap("config", "app").toBuilder().item("app.conf", "..data").build(),
                        INVALID, "path '..data' of key 'app.conf' of volume 'config' must not start with '..'"),
                row("downwardAPI path starting with '..'",
                        () -> VolumeSpec.downwardApi("info").toBuilder().field("..labels", "metadata.labels").build(),
                        INVALID, "path '..labels' of volume 'info' must not start with '..'"),
                row("downwardAPI volume resource without a container",
                        () -> pod("web").main(app()).volume(VolumeSpec.downwardApi("info").toBuilder()
                                .field(new VolumeSpec.DownwardApiItem("cpu", EnvVarSource.resource("limits.cpu"), null))
                                .build()).build(),
                        INVALID, "'cpu' of volume 'info' takes a resource of no container: a downwardAPI volume "
                                + "must name the container (containerName)"),
                row("downwardAPI volume resource of a container the pod lacks",
                        () -> pod("web").main(app()).volume(VolumeSpec.downwardApi("info").toBuilder()
                                .field(new VolumeSpec.DownwardApiItem("cpu", new EnvVarSource.ResourceFieldRef(
                                        "proxy", "limits.cpu", "1m"), null)).build()).build(),
                        INVALID, "'cpu' of volume 'info' takes a resource of container 'proxy', which pod 'web' does "
                                + "not have"));
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
