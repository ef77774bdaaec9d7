package dev.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rules {@link PodSpec.Builder#build()} checks, and the pod spec as a value. */
class PodSpecTest {

    private static final String SECRET = "hunter2-s3cr3t";

    private static ContainerSpec container(String name) {
        return ContainerSpec.builder(name, "example/" + name + ":1").build();
    }

    private static ContainerSpec container(String name, int port) {
        return ContainerSpec.builder(name, "example/" + name + ":1").port(port).build();
    }

    private static PodSpec.Builder web() {
        return PodSpec.builder("web").main(container("app", 8080));
    }

    // --- validation: one test per rule ---

    @Test
    void rejectsPodNameThatIsNotDns1123Label() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> PodSpec.builder("Web_Pod").main(container("app")).build())
                .withMessageContaining("pod name 'Web_Pod' is not a DNS-1123 label");
    }

    @Test
    void rejectsPodNameLongerThan63Characters() {
        String name = "p".repeat(64);
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> PodSpec.builder(name).main(container("app")).build())
                .withMessageContaining("pod name '" + name + "'")
                .withMessageContaining("at most 63 characters");
    }

    @Test
    void acceptsPodNameOf63Characters() {
        assertThat(PodSpec.builder("p".repeat(63)).main(container("app")).build().name()).hasSize(63);
    }

    @Test
    void rejectsHostnameThatIsNotDns1123Label() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> web().hostname("my.host").build())
                .withMessageContaining("hostname of pod 'web' 'my.host' is not a DNS-1123 label");
    }

    @Test
    void rejectsPodWithoutMainContainer() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> PodSpec.builder("web").sidecar(container("proxy")).build())
                .withMessageContaining("pod 'web' has no main container");
    }

    @Test
    void mainReplacesTheMainContainerGivenBefore() {
        PodSpec pod = web().main(container("worker")).build();

        assertThat(pod.main().name()).isEqualTo("worker");
        assertThat(pod.allContainers()).extracting(ContainerSpec::name).containsExactly("worker");
    }

    @Test
    void derivesAVariantWithAnotherMainContainer() {
        PodSpec pod = full().build();

        PodSpec other = pod.toBuilder().main(container("worker")).build();

        assertThat(other.main().name()).isEqualTo("worker");
        assertThat(other.sidecars()).isEqualTo(pod.sidecars());
    }

    @Test
    void sidecarOfAKnownNameReplacesItInPlace() {
        PodSpec pod = web().sidecar(container("proxy")).sidecar(container("metrics")).build();

        PodSpec changed = pod.toBuilder().sidecar(container("proxy", 8443)).build();

        assertThat(changed.sidecars()).extracting(ContainerSpec::name).containsExactly("proxy", "metrics");
        assertThat(changed.sidecars().get(0).ports()).containsExactly(8443);
    }

    @Test
    void removesContainersAndVolumesByName() {
        PodSpec pod = full().build();

        PodSpec smaller = pod.toBuilder().removeContainer("proxy").removeContainer("setup").removeContainer("nope")
                .removeVolume("logs").build();

        assertThat(smaller.allContainers()).extracting(ContainerSpec::name).containsExactly("app");
        assertThat(smaller.volumes()).extracting(VolumeSpec::name).containsExactly("data");
    }

    @Test
    void removingMainLeavesAPodThatBuildRefuses() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> full().removeContainer("app").build())
                .withMessageContaining("pod 'web' has no main container");
    }

    @Test
    void volumeOfAKnownNameReplacesIt() {
        PodSpec pod = web().volume(VolumeSpec.emptyDir("data"))
                .volume(VolumeSpec.emptyDirInMemory("data", "1Mi")).build();

        assertThat(pod.volumes()).singleElement().extracting(VolumeSpec::kind)
                .isEqualTo(VolumeSpec.Kind.EMPTY_DIR_MEMORY);
    }

    @Test
    void rejectsContainerNameUsedBySidecarAndMain() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> web().sidecar(container("app")).build())
                .withMessageContaining("container name 'app' is used twice in pod 'web'");
    }

    @Test
    void rejectsContainerNameUsedByInitContainerAndSidecar() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> web().initContainer(container("setup")).sidecar(container("setup")).build())
                .withMessageContaining("container name 'setup' is used twice in pod 'web'");
    }

    @Test
    void rejectsTwoContainersDeclaringTheSamePort() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> web().sidecar(container("proxy", 8080)).build())
                .withMessageContaining("port 8080 is declared by both container 'proxy' and container 'app'");
    }

    @Test
    void allowsInitContainerToUseAPortThatALongRunningContainerDeclares() {
        PodSpec pod = web().initContainer(container("migrate", 8080)).build();

        assertThat(pod.initContainers()).extracting(ContainerSpec::name).containsExactly("migrate");
    }

    @Test
    void rejectsVolumeNameThatIsNotDns1123Label() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> web().volume(VolumeSpec.emptyDir("Shared_Data")).build())
                .withMessageContaining("volume name 'Shared_Data' is not a DNS-1123 label");
    }

    @Test
    void rejectsMountOfUndeclaredVolume() {
        ContainerSpec app = ContainerSpec.builder("app", "example/app:1").mount("logs", "/var/log/app").build();

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> PodSpec.builder("web").main(app).volume(VolumeSpec.emptyDir("data")).build())
                .withMessageContaining("container 'app' mounts volume 'logs', which pod 'web' does not declare "
                        + "(declared: [data])");
    }

    @Test
    void rejectsInitContainerWithReadinessProbe() {
        ContainerSpec setup = ContainerSpec.builder("setup", "example/setup:1").readyWhen(Probe.exec("true")).build();

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> web().initContainer(setup).build())
                .withMessageContaining("init container 'setup' has a readiness probe (");
    }

    @Test
    void rejectsInitContainerWithRestartPolicyAlways() {
        ContainerSpec setup = ContainerSpec.builder("setup", "example/setup:1")
                .restartPolicy(RestartPolicy.ALWAYS).build();

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> web().initContainer(setup).build())
                .withMessageContaining("init container 'setup' has restartPolicy ALWAYS");
    }

    @Test
    void rejectsInitContainerWithRestartPolicyOnFailure() {
        ContainerSpec setup = ContainerSpec.builder("setup", "example/setup:1")
                .restartPolicy(RestartPolicy.ON_FAILURE).build();

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> web().initContainer(setup).build())
                .withMessageContaining("init container 'setup' has restartPolicy ON_FAILURE: an init container runs "
                        + "once and a failure fails the pod's start");
    }

    @Test
    void acceptsZeroTerminationGracePeriodAsKillAtOnce() {
        assertThat(web().terminationGracePeriod(Duration.ZERO).build().terminationGracePeriod()).isZero();
    }

    @Test
    void rejectsNegativeTerminationGracePeriod() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> web().terminationGracePeriod(Duration.ofSeconds(-5)).build())
                .withMessageContaining("terminationGracePeriod of pod 'web' must be zero or a positive duration, was PT-5S");
    }

    @Test
    void listsEveryProblemOfAPodInOneException() {
        ContainerSpec mounting = ContainerSpec.builder("worker", "example/worker:1").port(8080)
                .mount("missing", "/data").build();

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> PodSpec.builder("Bad_Pod")
                        .sidecar(container("app", 8080))
                        .main(mounting)
                        .terminationGracePeriod(Duration.ofSeconds(-1))
                        .build())
                .satisfies(e -> assertThat(e.problems()).hasSize(4)
                        .anySatisfy(p -> assertThat(p).contains("pod name 'Bad_Pod'"))
                        .anySatisfy(p -> assertThat(p).contains("terminationGracePeriod of pod 'Bad_Pod'"))
                        .anySatisfy(p -> assertThat(p).contains("port 8080 is declared by both container 'app' "
                                + "and container 'worker'"))
                        .anySatisfy(p -> assertThat(p).contains("mounts volume 'missing'")))
                .withMessageStartingWith("invalid pod 'Bad_Pod': 4 problems");
    }

    // --- value semantics ---

    @Test
    void hasKubernetesDefaults() {
        PodSpec pod = web().build();

        assertThat(pod.terminationGracePeriod()).isEqualTo(Duration.ofSeconds(30))
                .isEqualTo(PodSpec.DEFAULT_TERMINATION_GRACE_PERIOD);
        assertThat(pod.shareIpcNamespace()).isTrue();
        assertThat(pod.shareProcessNamespace()).isFalse();
        assertThat(pod.sidecarStartOrder()).isEqualTo(SidecarStartOrder.ORDERED);
        assertThat(pod.hostname()).isEqualTo("web");
        assertThat(pod.initContainers()).isEmpty();
        assertThat(pod.sidecars()).isEmpty();
        assertThat(pod.volumes()).isEmpty();
    }

    @Test
    void resolvesEachContainersRestartPolicyFromItsRoleUnlessGiven() {
        ContainerSpec batch = ContainerSpec.builder("batch", "example/batch:1")
                .restartPolicy(RestartPolicy.ON_FAILURE).build();
        PodSpec pod = web().initContainer(container("setup")).sidecar(container("proxy")).sidecar(batch).build();

        assertThat(pod.restartPolicyOf("setup")).isEqualTo(RestartPolicy.NEVER);
        assertThat(pod.restartPolicyOf("proxy")).isEqualTo(RestartPolicy.ALWAYS);
        assertThat(pod.restartPolicyOf("batch")).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(pod.restartPolicyOf("app")).isEqualTo(RestartPolicy.NEVER);
        assertThat(pod.container("proxy").restartPolicy()).as("the container's own field stays unset").isEmpty();
    }

    @Test
    void tellsEachContainersRole() {
        PodSpec pod = web().initContainer(container("setup")).sidecar(container("proxy")).build();

        assertThat(pod.role("setup")).isEqualTo(ContainerRole.INIT);
        assertThat(pod.role("proxy")).isEqualTo(ContainerRole.SIDECAR);
        assertThat(pod.role("app")).isEqualTo(ContainerRole.MAIN);
        assertThatExceptionOfType(java.util.NoSuchElementException.class)
                .isThrownBy(() -> pod.role("nope"))
                .withMessage("pod 'web' has no container 'nope' (has: [setup, proxy, app])");
    }

    @Test
    void ordersContainersInitThenSidecarsThenMain() {
        PodSpec pod = web().sidecar(container("proxy")).initContainer(container("setup"))
                .sidecar(container("log-shipper")).build();

        assertThat(pod.containers()).extracting(ContainerSpec::name).containsExactly("proxy", "log-shipper", "app");
        assertThat(pod.initSequence()).as("one ordered list, as Kubernetes' initContainers")
                .extracting(ContainerSpec::name).containsExactly("proxy", "setup", "log-shipper");
        assertThat(pod.allContainers()).extracting(ContainerSpec::name)
                .containsExactly("proxy", "setup", "log-shipper", "app");
        assertThat(pod.container("setup").name()).isEqualTo("setup");
        assertThat(pod.findContainer("setup")).map(ContainerSpec::name).hasValue("setup");
        assertThat(pod.findContainer("nope")).isEmpty();
        assertThatExceptionOfType(java.util.NoSuchElementException.class)
                .isThrownBy(() -> pod.container("nope"))
                .withMessageContaining("pod 'web' has no container 'nope'");
    }

    @Test
    void specsBuiltTwiceFromTheSameCallsAreEqual() {
        PodSpec one = full().build();
        PodSpec two = full().build();

        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two).isNotSameAs(two);
    }

    @Test
    void toBuilderRoundTripGivesAnEqualSpec() {
        PodSpec pod = full().build();

        assertThat(pod.toBuilder().build()).isEqualTo(pod).hasSameHashCodeAs(pod);
        assertThat(web().build().toBuilder().build()).isEqualTo(web().build());
    }

    @Test
    void changedCopyFromToBuilderDiffersAndLeavesTheOriginalAlone() {
        PodSpec pod = full().build();

        PodSpec changed = pod.toBuilder().sidecar(container("metrics", 9100))
                .sidecarStartOrder(SidecarStartOrder.PARALLEL).build();

        assertThat(changed).isNotEqualTo(pod);
        assertThat(changed.sidecars()).extracting(ContainerSpec::name).containsExactly("proxy", "metrics");
        assertThat(pod.sidecars()).extracting(ContainerSpec::name).containsExactly("proxy");
        assertThat(pod.sidecarStartOrder()).isEqualTo(SidecarStartOrder.ORDERED);
        assertThat(pod.toBuilder().hostname("other").build()).isNotEqualTo(pod);
    }

    @Test
    void changingTheBuilderAfterBuildDoesNotChangeTheSpec() {
        PodSpec.Builder builder = web().sidecar(container("proxy", 8443)).volume(VolumeSpec.emptyDir("data"));
        PodSpec pod = builder.build();

        builder.sidecar(container("metrics")).initContainer(container("setup")).volume(VolumeSpec.emptyDir("logs"));

        assertThat(pod.sidecars()).extracting(ContainerSpec::name).containsExactly("proxy");
        assertThat(pod.initContainers()).isEmpty();
        assertThat(pod.volumes()).extracting(VolumeSpec::name).containsExactly("data");
    }

    @Test
    void exposesUnmodifiableCollections() {
        PodSpec pod = full().build();

        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> pod.sidecars().add(container("x")));
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> pod.volumes().clear());
    }

    @Test
    void toStringIsReadable() {
        assertThat(full().build().toString())
                .startsWith("PodSpec{web, hostname=web-host")
                .contains("initContainers=[ContainerSpec{setup", "sidecars=[ContainerSpec{proxy",
                        "main=ContainerSpec{app", "volumes=[data: emptyDir, logs: emptyDir]", "shareProcessNamespace=true",
                        "terminationGracePeriod=PT10S", "sidecarStartOrder=ORDERED");
    }

    @Test
    void toStringMasksSecretEnvValuesOfEveryContainer() {
        ContainerSpec.Builder withSecret = ContainerSpec.builder("x", "example/x:1").secretEnv("TOKEN", SECRET);
        PodSpec pod = PodSpec.builder("web")
                .initContainer(withSecret.name("setup").build())
                .sidecar(withSecret.name("proxy").build())
                .main(withSecret.name("app").build())
                .build();

        assertThat(pod.toString()).doesNotContain(SECRET).contains("TOKEN=*****");
        assertThat(pod.main().env()).containsEntry("TOKEN", SECRET);
    }

    @Test
    void invalidSpecMessageDoesNotLeakSecretEnvValues() {
        ContainerSpec app = ContainerSpec.builder("app", "example/app:1").secretEnv("TOKEN", SECRET)
                .readyWhen(Probe.logLine("ready")).build();

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> PodSpec.builder("web").initContainer(app).main(app).build())
                .satisfies(e -> assertThat(e.problems()).hasSize(2))
                .withMessageNotContaining(SECRET);
    }

    private static PodSpec.Builder full() {
        ContainerSpec app = ContainerSpec.builder("app", "example/app:1").port(8080).mount("data", "/data")
                .readyWhen(Probe.http(8080, "/health")).build();
        return PodSpec.builder("web")
                .hostname("web-host")
                .initContainer(container("setup"))
                .sidecar(container("proxy", 8443))
                .main(app)
                .volume(VolumeSpec.emptyDir("data"))
                .volume(VolumeSpec.emptyDir("logs"))
                .shareProcessNamespace(true)
                .shareIpcNamespace(false)
                .terminationGracePeriod(Duration.ofSeconds(10));
    }
}
