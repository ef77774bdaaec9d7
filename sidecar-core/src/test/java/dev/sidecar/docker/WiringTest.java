package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The translation of a spec into Docker's create commands, without an engine: every field of the spec reaches the
 * right Docker field.
 */
class WiringTest {

    private static final String INFRA_ID = "f00dfeed";
    private static final Map<String, String> POD_LABELS = Labels.forPod("web", "1a2b3c4d");

    private static final ContainerSpec APP = ContainerSpec.builder("app", "example/app:1")
            .command("/bin/app", "--serve")
            .args("--port", "8080")
            .env("MODE", "test")
            .secretEnv("TOKEN", "s3cr3t")
            .port(8080)
            .mount("www", "/www")
            .mountReadOnly("config", "/etc/app")
            .mount("repo", "/repo")
            .readyWhen(Probe.tcp(8080))
            .memoryLimit("64Mi")
            .cpuLimit("250m")
            .user("1000:1000")
            .workingDir("/srv")
            .stopSignal("SIGQUIT")
            .addCapability("cap_net_admin")
            .build();
    private static final ContainerSpec PROXY = ContainerSpec.builder("proxy", "example/proxy:1").port(8443)
            .privileged(true).build();
    private static final ContainerSpec SETUP = ContainerSpec.builder("setup", "example/setup:1").build();
    private static final PodSpec SPEC = PodSpec.builder("web")
            .hostname("web-host")
            .initContainer(SETUP)
            .sidecar(PROXY)
            .main(APP)
            .volume(VolumeSpec.emptyDir("www").toBuilder().file("index.html", "hi").build())
            .volume(VolumeSpec.emptyDirInMemory("config", "1Mi"))
            .volume(VolumeSpec.hostPath("repo", Path.of("/srv/repo")))
            .volume(VolumeSpec.emptyDir("scratch"))
            .shareProcessNamespace(true)
            .build();

    private final Wiring wiring = new Wiring(SPEC, "1a2b3c4d", POD_LABELS, "127.0.0.1");

    @Test
    void infraOwnsTheNamespacesHostnameAndEveryPublishedPort() {
        ContainerConfig infra = wiring.infra("pause:1", java.util.List.of("/pause"));

        assertThat(infra.name()).isEqualTo("web-1a2b3c4d");
        assertThat(infra.image()).isEqualTo("pause:1");
        assertThat(infra.cmd()).containsExactly("/pause");
        assertThat(infra.hostname()).isEqualTo("web-host");
        assertThat(infra.exposedPorts()).containsExactlyInAnyOrder(ExposedPort.tcp(8443), ExposedPort.tcp(8080));
        HostConfig host = infra.hostConfig();
        assertThat(host.getPortBindings().getBindings()).containsOnlyKeys(ExposedPort.tcp(8443), ExposedPort.tcp(8080));
        assertThat(host.getPortBindings().getBindings().get(ExposedPort.tcp(8080))[0].getHostIp())
                .isEqualTo("127.0.0.1");
        assertThat(host.getIpcMode()).isEqualTo("shareable");
        assertThat(host.getRestartPolicy()).isEqualTo(RestartPolicy.noRestart());
        assertThat(infra.labels()).containsEntry(Labels.ROLE, "infra").containsEntry(Labels.POD, "web")
                .containsEntry(Labels.INSTANCE, "1a2b3c4d");
    }

    @Test
    void infraKeepsMountedTheInMemoryVolumesAndThoseGivenFiles() {
        HostConfig host = wiring.infra("pause:1", java.util.List.of()).hostConfig();

        assertThat(Arrays.stream(host.getBinds()).map(b -> b.getPath() + "->" + b.getVolume().getPath()))
                .containsExactlyInAnyOrder("web-1a2b3c4d.www->/.sidecar/volumes/www",
                        "web-1a2b3c4d.config->/.sidecar/volumes/config");
    }

    @Test
    void everyFieldOfTheMainContainerReachesItsDockerField() {
        ContainerConfig app = wiring.member(APP, INFRA_ID);

        assertThat(app.name()).isEqualTo("web-1a2b3c4d.app");
        assertThat(app.image()).isEqualTo("example/app:1");
        assertThat(app.entrypoint()).containsExactly("/bin/app", "--serve");
        assertThat(app.cmd()).containsExactly("--port", "8080");
        assertThat(app.env()).containsExactly("MODE=test", "TOKEN=s3cr3t");
        assertThat(app.user()).isEqualTo("1000:1000");
        assertThat(app.workingDir()).isEqualTo("/srv");
        assertThat(app.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(app.hostname()).as("a joined container may not set one").isNull();
        assertThat(app.exposedPorts()).as("only infra publishes").isEmpty();
        assertThat(app.labels()).containsEntry(Labels.ROLE, "main").containsEntry(Labels.CONTAINER, "app");
        HostConfig host = app.hostConfig();
        assertThat(host.getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(host.getNanoCPUs()).isEqualTo(250_000_000L);
        assertThat(host.getCapAdd()).containsExactly(Capability.NET_ADMIN);
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getRestartPolicy()).as("main: NEVER unless given").isEqualTo(RestartPolicy.noRestart());
    }

    @Test
    void everyContainerJoinsInfrasNamespaces() {
        HostConfig host = wiring.member(APP, INFRA_ID).hostConfig();

        assertThat(host.getNetworkMode()).isEqualTo("container:" + INFRA_ID);
        assertThat(host.getIpcMode()).isEqualTo("container:" + INFRA_ID);
        assertThat(host.getPidMode()).isEqualTo("container:" + INFRA_ID);
    }

    @Test
    void namespacesThatThePodDoesNotShareStayPrivate() {
        PodSpec alone = SPEC.toBuilder().shareProcessNamespace(false).shareIpcNamespace(false).build();
        Wiring w = new Wiring(alone, "1a2b3c4d", POD_LABELS, "");

        HostConfig host = w.member(APP, INFRA_ID).hostConfig();

        assertThat(host.getPidMode()).isNull();
        assertThat(host.getIpcMode()).isEqualTo("private");
        assertThat(w.infra("pause:1", java.util.List.of()).hostConfig().getIpcMode()).isEqualTo("private");
        assertThat(w.infra("pause:1", java.util.List.of()).hostConfig().getPortBindings().getBindings()
                .get(ExposedPort.tcp(8080))[0].getHostIp()).as("all addresses").isNullOrEmpty();
    }

    @Test
    void mountsKeepTheirModeAndAHostPathIsReadOnlyUnlessAsked() {
        Bind[] binds = wiring.member(APP, INFRA_ID).hostConfig().getBinds();

        assertThat(Arrays.stream(binds).map(b -> b.getPath() + "->" + b.getVolume().getPath() + ":"
                + b.getAccessMode())).containsExactly(
                "web-1a2b3c4d.www->/www:" + AccessMode.rw,
                "web-1a2b3c4d.config->/etc/app:" + AccessMode.ro,
                "/srv/repo->/repo:" + AccessMode.ro);
    }

    @Test
    void dockerRestartsNothingItself() {
        // The library restarts containers (PodSupervisor), with Kubernetes' back-off, hooks and probes.
        for (var c : SPEC.allContainers()) {
            assertThat(wiring.member(c, INFRA_ID).hostConfig().getRestartPolicy()).as(c.name())
                    .isEqualTo(RestartPolicy.noRestart());
        }
    }

    @Test
    void privilegesAndRolesReachTheirFields() {
        ContainerConfig proxy = wiring.member(PROXY, INFRA_ID);
        ContainerConfig setup = wiring.member(SETUP, INFRA_ID);

        assertThat(proxy.hostConfig().getPrivileged()).isTrue();
        assertThat(proxy.labels()).containsEntry(Labels.ROLE, "sidecar");
        assertThat(setup.labels()).containsEntry(Labels.ROLE, "init");
        assertThat(setup.entrypoint()).as("the image's").isEmpty();
        assertThat(setup.stopSignal()).isEqualTo("SIGTERM");
    }

    @Test
    void volumeNamesArePerPodInstanceAndHostPathsAreThemselves() {
        assertThat(wiring.volumeName(SPEC.volumes().get(3))).isEqualTo("web-1a2b3c4d.scratch");
        assertThat(wiring.volumeName(SPEC.volumes().get(2))).isEqualTo("/srv/repo");
    }
}
