package dev.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules {@link ContainerSpec.Builder#build()} checks, and the container spec as a value. */
class ContainerSpecTest {

    private static ContainerSpec.Builder app() {
        return ContainerSpec.builder("app", "example/app:1");
    }

    // --- validation: one test per rule ---

    @Test
    void rejectsContainerNameThatIsNotDns1123Label() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> ContainerSpec.builder("My_App", "example/app:1").build())
                .withMessageContaining("container name 'My_App' is not a DNS-1123 label");
    }

    @Test
    void rejectsContainerNameLongerThan63Characters() {
        String name = "a".repeat(64);
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> ContainerSpec.builder(name, "example/app:1").build())
                .withMessageContaining("container name '" + name + "'")
                .withMessageContaining("at most 63 characters");
    }

    @Test
    void rejectsBlankImage() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> ContainerSpec.builder("app", "  ").build())
                .withMessageContaining("image of container 'app' is blank");
    }

    @Test
    void rejectsMissingImageAtOnce() {
        assertThatNullPointerException()
                .isThrownBy(() -> ContainerSpec.builder("app", null))
                .withMessage("image must not be null");
    }

    @Test
    void rejectsImageReferenceWithUpperCaseRepository() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().image("Busybox:1").build())
                .withMessageContaining("image of container 'app' 'Busybox:1' is not a valid image reference");
    }

    @Test
    void rejectsImageReferenceWithSpace() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().image("a b").build())
                .withMessageContaining("image of container 'app' 'a b' is not a valid image reference");
    }

    @Test
    void acceptsRegistryPortPathTagAndDigestInImageReference() {
        String digest = "sha256:" + "0123456789abcdef".repeat(4);

        assertThat(app().image("registry.example.com:5000/team/app:2.1-rc_1@" + digest).build().image())
                .isEqualTo("registry.example.com:5000/team/app:2.1-rc_1@" + digest);
    }

    @Test
    void rejectsEnvNameContainingEquals() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().env("A=B", "x").build())
                .withMessageContaining("env name of container 'app' 'A=B' is not a valid environment variable name");
    }

    @Test
    void rejectsEnvNameStartingWithDigit() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().secretEnv("1PASSWORD", "x").build())
                .withMessageContaining("env name of container 'app' '1PASSWORD'");
    }

    @Test
    void rejectsPortOutsideTcpRange() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().port(70000).build())
                .withMessageContaining("port of container 'app' 70000 is not a TCP port");
    }

    @Test
    void rejectsPortDeclaredTwiceByOneContainer() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().port(8080).port(8080).build())
                .withMessageContaining("port 8080 of container 'app' is declared twice");
    }

    @Test
    void rejectsRelativeMountPath() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().mount("data", "var/data").build())
                .withMessageContaining("mountPath of volume 'data' in container 'app' 'var/data' is not an absolute path");
    }

    @Test
    void rejectsTwoMountsAtTheSamePath() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().mount("data", "/data").mountReadOnly("config", "/data").build())
                .withMessageContaining("mountPath '/data' of container 'app' is used by two mounts");
    }

    @Test
    void rejectsStopSignalThatIsNotASignal() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().stopSignal("TERMINATE PLEASE").build())
                .withMessageContaining("stopSignal of container 'app' 'TERMINATE PLEASE' is not a Linux signal name");
    }

    @Test
    void acceptsStopSignalByNameWithOffsetOrByNumber() {
        assertThat(app().stopSignal("SIGQUIT").build().stopSignal()).isEqualTo(Signal.SIGQUIT);
        assertThat(app().stopSignal("quit").build().stopSignal()).isEqualTo(Signal.SIGQUIT);
        assertThat(app().stopSignal("SIGRTMIN+3").build().stopSignal()).isEqualTo(new Signal("SIGRTMIN+3", 37));
        assertThat(app().stopSignal("15").build().stopSignal()).isEqualTo(Signal.SIGTERM);
        assertThat(app().stopSignal(Signal.SIGKILL).build().stopSignal()).isEqualTo(Signal.SIGKILL);
    }

    @Test
    void rejectsBlankUser() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().user(" ").build())
                .withMessageContaining("user of container 'app' is blank");
    }

    @Test
    void rejectsRelativeWorkingDir() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().workingDir("src").build())
                .withMessageContaining("workingDir of container 'app' 'src' is not an absolute path");
    }

    @Test
    void rejectsMalformedMemoryQuantity() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().memoryLimit("64MB").build())
                .withMessageContaining("memoryLimit of container 'app' '64MB' is not a quantity of bytes");
    }

    @Test
    void rejectsZeroMemoryQuantity() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().memoryLimit("0Mi").build())
                .withMessageContaining("memoryLimit of container 'app' '0Mi' must be more than zero");
    }

    @Test
    void rejectsMemoryQuantityTooLargeForALong() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().memoryLimit("9999999999Ti").build())
                .withMessageContaining("memoryLimit of container 'app' '9999999999Ti'");
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().memoryLimit("99999999999999999999").build())
                .withMessageContaining("memoryLimit of container 'app' '99999999999999999999'");
    }

    @Test
    void rejectsMalformedCpuQuantity() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().cpuLimit("1.5 cores").build())
                .withMessageContaining("cpuLimit of container 'app' '1.5 cores' is not a CPU quantity");
    }

    @Test
    void rejectsCpuQuantityFinerThanOneMillicore() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().cpuLimit("0.0005").build())
                .withMessageContaining("cpuLimit of container 'app' '0.0005'");
    }

    @Test
    void rejectsZeroCpuQuantity() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().cpuLimit("0m").build())
                .withMessageContaining("cpuLimit of container 'app' '0m' must be more than zero");
    }

    @Test
    void rejectsCpuQuantityTooLargeForALong() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().cpuLimit("99999999999999999999m").build())
                .withMessageContaining("cpuLimit of container 'app' '99999999999999999999m'");
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> app().cpuLimit("9999999999999999.5").build())
                .withMessageContaining("cpuLimit of container 'app' '9999999999999999.5'");
    }

    @Test
    void listsEveryProblemOfAContainerInOneException() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> ContainerSpec.builder("App", "a b")
                        .env("1X", "x")
                        .port(8080).port(8080)
                        .mount("data", "data")
                        .readyWhen(Probe.tcp(9090))
                        .stopSignal("")
                        .memoryLimit("lots")
                        .build())
                .satisfies(e -> assertThat(e.problems()).hasSize(8)
                        .anySatisfy(p -> assertThat(p).contains("container name 'App'"))
                        .anySatisfy(p -> assertThat(p).contains("image of container 'App' 'a b'"))
                        .anySatisfy(p -> assertThat(p).contains("env name of container 'App' '1X'"))
                        .anySatisfy(p -> assertThat(p).contains("port 8080 of container 'App' is declared twice"))
                        .anySatisfy(p -> assertThat(p).contains("mountPath of volume 'data' in container 'App' 'data'"))
                        .anySatisfy(p -> assertThat(p).contains("checks port 9090"))
                        .anySatisfy(p -> assertThat(p).contains("stopSignal of container 'App' ''"))
                        .anySatisfy(p -> assertThat(p).contains("memoryLimit of container 'App' 'lots'")))
                .withMessageStartingWith("invalid container 'App': 8 problems");
    }

    // --- quantities ---

    @Test
    void parsesBinaryAndDecimalMemoryQuantities() {
        assertThat(app().memoryLimit("64Mi").build().memoryLimitBytes()).isEqualTo(67_108_864L);
        assertThat(app().memoryLimit("1G").build().memoryLimitBytes()).isEqualTo(1_000_000_000L);
        assertThat(app().memoryLimit("1Ki").build().memoryLimitBytes()).isEqualTo(1024L);
        assertThat(app().memoryLimit("1048576").build().memoryLimitBytes()).isEqualTo(1_048_576L);
    }

    @Test
    void parsesCpuQuantitiesAsMillicores() {
        assertThat(app().cpuLimit("500m").build().cpuLimitMillis()).isEqualTo(500L);
        assertThat(app().cpuLimit("1.5").build().cpuLimitMillis()).isEqualTo(1500L);
        assertThat(app().cpuLimit("2").build().cpuLimitMillis()).isEqualTo(2000L);
        assertThat(app().cpuLimit("0.25").build().cpuLimitMillis()).isEqualTo(250L);
    }

    // --- value semantics ---

    @Test
    void hasNoLimitsNoRestartPolicyAndTheDefaultStopSignalUnlessGiven() {
        ContainerSpec spec = app().build();

        assertThat(spec.memoryLimitBytes()).isZero();
        assertThat(spec.cpuLimitMillis()).isZero();
        assertThat(spec.restartPolicy()).as("empty: the pod resolves the role's default").isEmpty();
        assertThat(spec.stopSignal()).isEqualTo(ContainerSpec.DEFAULT_STOP_SIGNAL).isEqualTo(Signal.SIGTERM);
        assertThat(spec.readinessProbe()).as("ready as soon as it runs").isEmpty();
        assertThat(spec.privileged()).isFalse();
        assertThat(spec.addedCapabilities()).isEmpty();
        assertThat(spec.user()).isEmpty();
        assertThat(spec.workingDir()).isEmpty();
    }

    @Test
    void keepsTheRestartPolicyGiven() {
        assertThat(app().restartPolicy(RestartPolicy.ON_FAILURE).build().restartPolicy())
                .hasValue(RestartPolicy.ON_FAILURE);
    }

    @Test
    void normalizesCapabilityNames() {
        assertThat(app().addCapability("cap_net_admin").addCapability("NET_ADMIN").addCapability("SYS_PTRACE")
                .build().addedCapabilities()).containsExactly("NET_ADMIN", "SYS_PTRACE");
    }

    @Test
    void removesEnvPortsMountsAndTheProbeByName() {
        ContainerSpec spec = full().build();

        ContainerSpec smaller = spec.toBuilder().removeEnv("TOKEN").removePort(8080).removeMount("/etc/app")
                .removeReadinessProbe().build();

        assertThat(smaller.env()).containsOnlyKeys("MODE");
        assertThat(smaller.secretEnvNames()).isEmpty();
        assertThat(smaller.ports()).isEmpty();
        assertThat(smaller.mounts()).containsExactly(new VolumeMount("data", "/data", false));
        assertThat(smaller.readinessProbe()).isEmpty();
    }

    @Test
    void specsBuiltTwiceFromTheSameCallsAreEqual() {
        ContainerSpec one = full().build();
        ContainerSpec two = full().build();

        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two).isNotSameAs(two);
    }

    @Test
    void toBuilderRoundTripGivesAnEqualSpec() {
        ContainerSpec spec = full().build();

        assertThat(spec.toBuilder().build()).isEqualTo(spec).hasSameHashCodeAs(spec);
    }

    @Test
    void changedCopyFromToBuilderDiffersAndLeavesTheOriginalAlone() {
        ContainerSpec spec = full().build();

        ContainerSpec changed = spec.toBuilder().port(9090).env("DEBUG", "1").build();

        assertThat(changed).isNotEqualTo(spec);
        assertThat(changed.ports()).containsExactly(8080, 9090);
        assertThat(spec.ports()).containsExactly(8080);
        assertThat(spec.env()).doesNotContainKey("DEBUG");
    }

    @Test
    void changingTheBuilderAfterBuildDoesNotChangeTheSpec() {
        String[] command = {"sh", "-c", "serve"};
        ContainerSpec.Builder builder = app().command(command).port(8080).env("A", "1").mount("data", "/data");
        ContainerSpec spec = builder.build();

        command[2] = "rm -rf /";
        builder.port(9090).env("B", "2").mount("logs", "/logs").addCapability("NET_ADMIN").args("x");

        assertThat(spec.command()).containsExactly("sh", "-c", "serve");
        assertThat(spec.ports()).containsExactly(8080);
        assertThat(spec.env()).containsExactly(Map.entry("A", "1"));
        assertThat(spec.mounts()).containsExactly(new VolumeMount("data", "/data", false));
        assertThat(spec.addedCapabilities()).isEmpty();
        assertThat(spec.args()).isEmpty();
    }

    @Test
    void exposesUnmodifiableCollections() {
        ContainerSpec spec = full().build();

        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> spec.ports().add(1));
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> spec.env().put("X", "y"));
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> spec.command().clear());
    }

    @Test
    void toStringIsReadable() {
        assertThat(full().build().toString())
                .startsWith("ContainerSpec{app, image=example/app:1")
                .contains("ports=[8080]", "mounts=[data -> /data, config -> /etc/app (ro)]",
                        "readinessProbe=tcpSocket(8080)", "memoryLimit=64Mi", "cpuLimit=500m",
                        "restartPolicy=ON_FAILURE", "stopSignal=SIGQUIT",
                        "env={MODE=prod");
    }

    @Test
    void toStringMasksSecretEnvValues() {
        ContainerSpec spec = app().env("MODE", "prod").secretEnv("DB_PASSWORD", "hunter2-s3cr3t").build();

        assertThat(spec.toString()).doesNotContain("hunter2-s3cr3t").contains("DB_PASSWORD=*****", "MODE=prod");
        assertThat(spec.maskedEnv()).containsEntry("DB_PASSWORD", "*****").containsEntry("MODE", "prod");
        assertThat(spec.env()).as("the runtime still gets the value").containsEntry("DB_PASSWORD", "hunter2-s3cr3t");
        assertThat(spec.secretEnvNames()).containsExactly("DB_PASSWORD");
    }

    private static ContainerSpec.Builder full() {
        return app()
                .command("sh", "-c")
                .args("serve --port 8080")
                .env("MODE", "prod")
                .secretEnv("TOKEN", "t0ken")
                .port(8080)
                .mount("data", "/data")
                .mountReadOnly("config", "/etc/app")
                .readyWhen(Probe.tcp(8080))
                .memoryLimit("64Mi")
                .cpuLimit("500m")
                .user("1000:1000")
                .workingDir("/srv")
                .restartPolicy(RestartPolicy.ON_FAILURE)
                .stopSignal("SIGQUIT");
    }
}
