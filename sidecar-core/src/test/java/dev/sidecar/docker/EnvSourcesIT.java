package dev.sidecar.docker;

import static dev.sidecar.docker.SecurityContextIT.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvFromSource;
import dev.sidecar.EnvVarSource;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.SecretSpec;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * A container's environment from every source, on a real engine: {@code envFrom} ConfigMaps and Secrets with a
 * prefix, {@code configMapKeyRef} and {@code secretKeyRef}, the downward API ({@code fieldRef}: metadata, node,
 * service account, the pod's and the host's addresses) and resources ({@code resourceFieldRef}), with Kubernetes'
 * precedence; Secret values masked in what the library reads back. Every pod of a test is gone after it.
 */
class EnvSourcesIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.builder()
            .startupTimeout(Duration.ofSeconds(30)).build();
    private static final String SECRET_VALUE = "s3cr3t-" + UUID.randomUUID();
    private static final ConfigMapSpec SETTINGS = ConfigMapSpec.builder("settings")
            .data("MODE", "test")
            .data("LEVEL", "debug")
            .build();
    private static final SecretSpec CREDENTIALS = SecretSpec.builder("credentials")
            .stringData("TOKEN", SECRET_VALUE)
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
    void envFromConfigMapsAndSecretsWithPrefixesAndEnvWinning() {
        PodSpec spec = pod("env-from")
                .configMap(SETTINGS)
                .secret(CREDENTIALS)
                .main(idle("app")
                        .envFrom(EnvFromSource.configMap("settings"))
                        .envFrom(new EnvFromSource(EnvFromSource.Kind.SECRET, "credentials", "APP_", false))
                        .envFrom(new EnvFromSource(EnvFromSource.Kind.CONFIG_MAP, "absent", "", true))
                        .env("LEVEL", "info")
                        .build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "echo $MODE $LEVEL $APP_TOKEN")).isEqualTo("test info " + SECRET_VALUE + "\n");
        }
    }

    @Test
    void valueFromConfigMapAndSecretKeysWithSecretValuesMaskedInLogs() {
        PodSpec spec = pod("key-refs")
                .configMap(SETTINGS)
                .secret(CREDENTIALS)
                .main(ContainerSpec.builder("app", TestImages.BUSYBOX)
                        .env("MODE", EnvVarSource.configMapKey("settings", "MODE"))
                        .env("TOKEN", EnvVarSource.secretKey("credentials", "TOKEN"))
                        .env("NONE", new EnvVarSource.SecretKeyRef("credentials", "absent", true))
                        .command(Scripts.thenIdle("echo \"mode=$MODE token=$TOKEN none=${NONE-unset}\""))
                        .readyWhen(Probe.logLine("^mode="))
                        .build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "echo $TOKEN")).as("the process has the value").isEqualTo(SECRET_VALUE + "\n");
            assertThat(pod.main().logs()).as("what the library reads back is masked")
                    .isEqualTo("mode=test token=***** none=unset\n");
        }
    }

    @Test
    void fieldRefGivesThePodsMetadataNodeAndAddresses() {
        PodSpec spec = pod("field-refs")
                .namespace("team-a")
                .label("tier", "web")
                .annotation("owner", "me")
                .serviceAccountName("shop")
                .volume(VolumeSpec.emptyDir("out"))
                // An init container that needs the pod's address: created once the infrastructure container runs.
                .initContainer(ContainerSpec.builder("setup", TestImages.BUSYBOX)
                        .env("POD_IP", EnvVarSource.field("status.podIP"))
                        .command("sh", "-c", "echo $POD_IP > /out/init-ip")
                        .mount("out", "/out")
                        .build())
                .main(idle("app")
                        .env("NAME", EnvVarSource.field("metadata.name"))
                        .env("NAMESPACE", EnvVarSource.field("metadata.namespace"))
                        .env("POD_UID", EnvVarSource.field("metadata.uid"))
                        .env("TIER", EnvVarSource.field("metadata.labels['tier']"))
                        .env("OWNER", EnvVarSource.field("metadata.annotations['owner']"))
                        .env("NODE", EnvVarSource.field("spec.nodeName"))
                        .env("ACCOUNT", EnvVarSource.field("spec.serviceAccountName"))
                        .env("POD_IP", EnvVarSource.field("status.podIP"))
                        .env("HOST_IP", EnvVarSource.field("status.hostIP"))
                        .mount("out", "/out")
                        .build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "echo $NAME $NAMESPACE $TIER $OWNER $ACCOUNT"))
                    .isEqualTo(spec.name() + " team-a web me shop\n");
            assertThat(sh(pod, "app", "echo $POD_UID")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-"
                    + "[0-9a-f]{12}\n");
            assertThat(sh(pod, "app", "echo $NODE")).isEqualTo(DockerClientFactory.instance().getInfo().getName()
                    + "\n");
            String podIp = sh(pod, "app", "ip -4 -o addr show eth0 | sed 's/.* inet \\([0-9.]*\\)\\/.*/\\1/'");
            assertThat(sh(pod, "app", "echo $POD_IP")).as("the pod's own address").isEqualTo(podIp);
            assertThat(sh(pod, "app", "cat /out/init-ip")).as("the init container's").isEqualTo(podIp);
            assertThat(sh(pod, "app", "echo $HOST_IP")).as("the host as the pod reaches it: its default gateway")
                    .isEqualTo(sh(pod, "app", "ip route | sed -n 's/^default via \\([0-9.]*\\).*/\\1/p'"));
        }
    }

    @Test
    void resourceFieldRefGivesLimitsRequestsAndTheNodesAllocatable() {
        PodSpec spec = pod("resource-refs")
                .main(idle("app")
                        .cpuLimit("1500m")
                        .memoryLimit("64Mi")
                        .memoryRequest("32Mi")
                        .env("CPU", EnvVarSource.resource("limits.cpu"))
                        .env("CPU_MILLIS", new EnvVarSource.ResourceFieldRef(null, "limits.cpu", "1m"))
                        .env("MEMORY_MI", new EnvVarSource.ResourceFieldRef(null, "limits.memory", "1Mi"))
                        .env("REQUEST_MI", new EnvVarSource.ResourceFieldRef(null, "requests.memory", "1Mi"))
                        .env("HELPER_CPU", new EnvVarSource.ResourceFieldRef("helper", "limits.cpu", "1")).build())
                .sidecar(idle("helper").build())
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(sh(pod, "app", "echo $CPU $CPU_MILLIS $MEMORY_MI $REQUEST_MI"))
                    .as("1.5 cores rounded up to 2").isEqualTo("2 1500 64 32\n");
            assertThat(sh(pod, "app", "echo $HELPER_CPU")).as("no limit: the engine's CPUs")
                    .isEqualTo(DockerClientFactory.instance().getInfo().getNCPU() + "\n");
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
