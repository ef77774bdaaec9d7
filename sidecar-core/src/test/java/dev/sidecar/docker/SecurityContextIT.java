package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ExecResult;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pod's and the containers' security context on a real engine: who the processes run as ({@code id}), what they
 * may write, which privileges they keep, volumes owned by the pod's fsGroup, kernel parameters of the pod's
 * namespaces, and runAsNonRoot refused before anything is created. Every pod of a test is gone after it, failures
 * included.
 */
class SecurityContextIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.builder()
            .startupTimeout(Duration.ofSeconds(30)).build();

    private final List<String> podNames = new ArrayList<>();

    @AfterEach
    void nothingIsLeftOnTheEngine() {
        for (String name : podNames) {
            assertThat(EngineObjects.containersOfPod(name)).as("containers of pod %s", name).isEmpty();
            assertThat(EngineObjects.volumesOfPod(name)).as("volumes of pod %s", name).isEmpty();
        }
    }

    @Test
    void processesRunAsRunAsUserWithRunAsGroupFsGroupAndSupplementalGroups() {
        PodSpec spec = pod("ids")
                .fsGroup(2000)
                .supplementalGroup(3000)
                .runAsUser(4000)
                .sidecar(idle("helper").build())
                .main(idle("app").runAsUser(1000).runAsGroup(1500).build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "id -u; id -g; id -G")).isEqualTo("1000\n1500\n1500 2000 3000\n");
            assertThat(sh(pod, "helper", "id -u; id -G")).as("the pod's runAsUser, the pod's groups")
                    .isEqualTo("4000\n0 2000 3000\n");
        }
    }

    @Test
    void runAsGroupAloneKeepsTheImagesUser() {
        PodSpec spec = pod("group-only").main(idle("app").runAsGroup(1500).build()).build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "id -u; id -g")).isEqualTo("0\n1500\n");
        }
    }

    @Test
    void readOnlyRootFilesystemRefusesWritesButNotToVolumes() {
        PodSpec spec = pod("read-only-root")
                .volume(VolumeSpec.emptyDir("scratch"))
                .main(idle("app").readOnlyRootFilesystem(true).mount("scratch", "/scratch").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            ExecResult touch = pod.main().exec("touch", "/file");

            assertThat(touch.exitCode()).isNotZero();
            assertThat(touch.stderr()).contains("Read-only file system");
            assertThat(pod.main().exec("touch", "/scratch/file").exitCode()).isZero();
        }
    }

    @Test
    void fileCreatedInAnEmptyDirIsGroupOwnedByFsGroup() {
        PodSpec spec = pod("fs-group")
                .fsGroup(2000)
                .volume(VolumeSpec.emptyDir("data"))
                .volume(VolumeSpec.emptyDirInMemory("cache", "1Mi"))
                .main(idle("app").runAsUser(1000).mount("data", "/data").mount("cache", "/cache").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "stat -c '%a %u:%g' /data /cache")).as("setgid, group-writable")
                    .isEqualTo("2777 0:2000\n2777 0:2000\n");
            assertThat(sh(pod, "app", "mkdir /data/d && touch /data/f /data/d/g /cache/f && "
                    + "stat -c '%n %u:%g' /data/f /data/d/g /cache/f"))
                    .isEqualTo("/data/f 1000:2000\n/data/d/g 1000:2000\n/cache/f 1000:2000\n");
        }
    }

    @Test
    void anyUserMayWriteToAnEmptyDirAsTheKubeletMakesIt() {
        PodSpec spec = pod("empty-dir-mode")
                .volume(VolumeSpec.emptyDir("data").toBuilder().file("given/by-test.txt", "hi").build())
                .main(idle("app").runAsUser(1000).mount("data", "/data").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "stat -c '%a' /data /data/given; touch /data/mine && echo written"))
                    .isEqualTo("777\n777\nwritten\n");
        }
    }

    @Test
    void runAsNonRootRefusesBusyboxsRootUserBeforeAnythingIsCreated() {
        PodSpec spec = pod("non-root-refused")
                .runAsNonRoot(true)
                .volume(VolumeSpec.emptyDir("data"))
                .main(idle("app").mount("data", "/data").build())
                .build();

        PodStartException e = catchThrowableOfType(PodStartException.class, () -> RUNTIME.start(spec).close());

        assertThat(e).as("the start failed").isNotNull();
        assertThat(e.getMessage()).contains("container 'app' has runAsNonRoot but would run as root")
                .contains("image '" + TestImages.BUSYBOX + "' (USER '')").contains("nothing was created");
        assertThat(e.containerName()).hasValue("app");
    }

    @Test
    void runAsNonRootRefusesAUserGivenByName() {
        PodSpec spec = pod("non-root-name").main(idle("app").user("nobody").runAsNonRoot(true).build()).build();

        PodStartException e = catchThrowableOfType(PodStartException.class, () -> RUNTIME.start(spec).close());

        assertThat(e).as("the start failed").isNotNull();
        assertThat(e.getMessage()).contains("user 'nobody', a name that cannot be verified as non-root");
    }

    @Test
    void runAsNonRootStartsANonRootUser() {
        PodSpec spec = pod("non-root").runAsNonRoot(true).runAsUser(1000).main(idle("app").build()).build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "id -u")).isEqualTo("1000\n");
        }
    }

    @Test
    void privilegesAreTakenAwayAsAsked() {
        PodSpec spec = pod("privileges")
                .sidecar(idle("plain").build())
                .main(idle("app").allowPrivilegeEscalation(false).dropCapability("ALL").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "grep -E '^(NoNewPrivs|CapEff)' /proc/1/status"))
                    .isEqualTo("CapEff:\t0000000000000000\nNoNewPrivs:\t1\n");
            assertThat(sh(pod, "plain", "grep -E '^(NoNewPrivs|CapEff)' /proc/1/status"))
                    .doesNotContain("CapEff:\t0000000000000000").contains("NoNewPrivs:\t0");
            assertThat(pod.main().exec("chown", "1000", "/tmp").exitCode()).as("chown without CAP_CHOWN").isNotZero();
        }
    }

    @Test
    void sysctlsApplyToEveryContainerOfThePod() {
        PodSpec spec = pod("sysctls")
                .sysctl("net.ipv4.ip_local_port_range", "20000 30000")
                .sysctl("kernel.shm_rmid_forced", "1")
                .sidecar(idle("helper").build())
                .main(idle("app").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            for (String c : List.of("helper", "app")) {
                assertThat(sh(pod, c, "cat /proc/sys/net/ipv4/ip_local_port_range /proc/sys/kernel/shm_rmid_forced"))
                        .as(c).isEqualTo("20000\t30000\n1\n");
            }
        }
    }

    @Test
    void sysctlOutsideThePodsNamespacesIsRefusedNamingIt() {
        PodSpec spec = pod("sysctl-refused").sysctl("kernel.panic", "10").main(idle("app").build()).build();

        PodStartException e = catchThrowableOfType(PodStartException.class, () -> RUNTIME.start(spec).close());

        assertThat(e).as("the start failed").isNotNull();
        assertThat(e.getMessage()).contains("sysctl 'kernel.panic'").contains("is not namespaced")
                .contains("nothing was created");
    }

    private PodSpec.Builder pod(String prefix) {
        String name = prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        podNames.add(name);
        return PodSpec.builder(name).terminationGracePeriod(Duration.ZERO);
    }

    private static ContainerSpec.Builder idle(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command(Scripts.idle());
    }

    /** What {@code sh -c script} prints in container {@code name}; fails the test when it exits non-zero. */
    static String sh(Pod pod, String name, String script) {
        ExecResult r = pod.container(name).exec("sh", "-c", script);
        assertThat(r.exitCode()).as("exit code of %s in %s (stderr: %s)", script, name, r.stderr()).isZero();
        return r.stdout();
    }
}
