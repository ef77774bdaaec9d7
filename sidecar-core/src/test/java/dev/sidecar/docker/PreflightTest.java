package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * What the runtime refuses before anything is created, without an engine: one row per Kubernetes field Docker cannot
 * honour, each failing with a message that names the field, the value and why; and runAsNonRoot against the users
 * the images give.
 */
class PreflightTest {

    private static final DockerEngine.NodeInfo NODE = new DockerEngine.NodeInfo("node-1", 2, 1L << 30);
    private static final ConfigMapSpec CONFIG = ConfigMapSpec.builder("conf").data("app.conf", "x").build();

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesNamingTheFieldAndWhy(String what, PodSpec spec, boolean localEngine, String messagePart) {
        PodStartException e = catchThrowableOfType(PodStartException.class,
                () -> Preflight.check(spec, () -> NODE, localEngine));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).contains(messagePart).contains("nothing was created");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("a sysctl outside the pod's namespaces", pod(app()).sysctl("vm.swappiness", "10")
                        .build(), true, "sysctl 'vm.swappiness' of pod 'p' is not namespaced"),
                Arguments.of("a subPath of an emptyDir on a remote engine", pod(app()
                        .mount(new VolumeMount("data", "/data", false, "sub"))).volume(VolumeSpec.emptyDir("data"))
                        .build(), false, "subPath 'sub' of volume 'data' in container 'app' needs the volume's "
                        + "directory on the engine's host"),
                Arguments.of("a subPath of a configMap in a read-only root on a remote engine", pod(app()
                        .readOnlyRootFilesystem(true).mount(new VolumeMount("conf", "/app.conf", true, "app.conf")))
                        .volume(VolumeSpec.configMap("conf", "conf")).configMap(CONFIG).build(), false,
                        "(its root filesystem is read-only, so the file cannot be put into it)"),
                Arguments.of("a memory request below Docker's least reservation", pod(app().memoryRequest("1Mi"))
                        .build(), true, "memoryRequest of container 'app' (1048576 bytes) is below the least memory "
                        + "reservation Docker allows"),
                Arguments.of("a memory request more than the engine has", pod(app().memoryRequest("2Gi")).build(),
                        true, "memoryRequest of container 'app' (2147483648 bytes) is more than the engine has"),
                Arguments.of("a CPU request more than the engine has", pod(app().cpuRequest("3")).build(), true,
                        "cpuRequest of container 'app' (3000m) is more than the engine has, 2 CPUs"));
    }

    @Test
    void namespacedSysctlsAndLocalSubPathsPass() {
        PodSpec spec = pod(app().mount(new VolumeMount("data", "/data", false, "sub")))
                .volume(VolumeSpec.emptyDir("data"))
                .sysctl("net.core.somaxconn", "1024").sysctl("kernel.shm_rmid_forced", "1")
                .sysctl("fs.mqueue.msg_max", "20").sysctl("kernel.sem", "250 32000 32 128")
                .build();

        assertThatCode(() -> Preflight.check(spec, () -> NODE, true)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runAsNonRoot")
    void runAsNonRootIsCheckedAgainstTheUserThatWouldRun(String what, PodSpec spec, String imageUser,
            String messagePart) {
        Function<String, String> users = image -> imageUser;
        PodStartException e = catchThrowableOfType(PodStartException.class, () -> Preflight.checkUsers(spec, users));

        if (messagePart == null) {
            assertThat(e).as("accepted").isNull();
        } else {
            assertThat(e).as("refused").isNotNull();
            assertThat(e.getMessage()).contains(messagePart);
            assertThat(e.containerName()).hasValue("app");
        }
    }

    static Stream<Arguments> runAsNonRoot() {
        return Stream.of(
                Arguments.of("image without USER", pod(app()).runAsNonRoot(true).build(), "",
                        "image 'example/app:1' (USER '') sets no user, so uid 0"),
                Arguments.of("image USER 0:0", pod(app()).runAsNonRoot(true).build(), "0:0",
                        "image 'example/app:1' (USER '0:0') gives uid 0"),
                Arguments.of("image USER by name", pod(app()).runAsNonRoot(true).build(), "nginx",
                        "runs it as user 'nginx', a name that cannot be verified as non-root"),
                Arguments.of("image USER 101", pod(app()).runAsNonRoot(true).build(), "101", null),
                Arguments.of("pod runAsUser over a root image", pod(app()).runAsNonRoot(true).runAsUser(1000)
                        .build(), "", null),
                Arguments.of("container user(\"0\")", pod(app().user("0")).runAsNonRoot(true).build(), "101",
                        "its securityContext gives uid 0"),
                Arguments.of("container says runAsNonRoot false", pod(app().runAsNonRoot(false)).runAsNonRoot(true)
                        .build(), "", null));
    }

    @Test
    void imageUsersAreAnsweredWhereAGroupComesWithoutAUser() {
        PodSpec spec = pod(app().runAsGroup(3000)).build();

        assertThat(Preflight.checkUsers(spec, image -> "nginx")).isEqualTo(Map.of("example/app:1", "nginx"));
        assertThat(Preflight.checkUsers(pod(app().runAsUser(1)).build(), image -> "nginx")).isEmpty();
    }

    private static ContainerSpec.Builder app() {
        return ContainerSpec.builder("app", "example/app:1");
    }

    private static PodSpec.Builder pod(ContainerSpec.Builder main) {
        return PodSpec.builder("p").main(main.build());
    }
}
