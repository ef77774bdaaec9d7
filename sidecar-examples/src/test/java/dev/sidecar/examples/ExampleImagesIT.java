package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ExposedPort;
import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.contract.ContractCheck;
import dev.sidecar.contract.ContractParameter;
import dev.sidecar.contract.ContractPort;
import dev.sidecar.contract.ContractVolume;
import dev.sidecar.contract.ContractVolume.Access;
import dev.sidecar.contract.ImageContract;
import dev.sidecar.contract.Unit;
import dev.sidecar.docker.DockerPodRuntime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;

/**
 * Each example image, as built: it carries its sidecar contract (read from the engine's image inspection), and it
 * refuses to start without a required parameter of that contract, saying which and what it means.
 */
class ExampleImagesIT {

    static Stream<String> images() {
        return Stream.of("config-app", "config-sync", "git-sync", "legacy-app", "log-shipper", "self-signed-cert",
                "tls-proxy", "topz");
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
        "tls-proxy,        UPSTREAM_PORT",
        "config-sync,      CONFIG_URL",
        "log-shipper,      LOG_FILE",
        "git-sync,         REPO",
        "self-signed-cert, COMMON_NAME",
    })
    void podWithoutARequiredParameterIsRefusedBeforeAnythingIsCreated(String name, String variable) {
        String image = "sidecar-examples/" + name + ":1";
        PodSpec spec = PodSpec.builder("contract-" + name)
                .initContainer(ContainerSpec.builder(name, image).build())
                .main(ContainerSpec.builder("main", ExampleImages.busybox()).command("true").build())
                .build();

        PodStartException failure = catchThrowableOfType(PodStartException.class,
                () -> DockerPodRuntime.create().start(spec).close());

        assertThat(failure).as("starting %s without %s", image, variable).isNotNull();
        assertThat(failure.containerName()).hasValue(name);
        assertThat(failure.getMessage()).contains("breaks the contract of its images; nothing was created")
                .contains(variable);
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
        "tls-proxy,        UPSTREAM_PORT",
        "config-sync,      CONFIG_URL",
        "log-shipper,      LOG_FILE",
        "git-sync,         REPO",
        "self-signed-cert, COMMON_NAME",
    })
    void imageItselfRefusesToStartWithoutItsRequiredParameter(String name, String variable) throws Exception {
        // Behind the library's back, as `docker run` would start it: the image's own check is the last line.
        var client = org.testcontainers.DockerClientFactory.instance().client();
        String id = client.createContainerCmd("sidecar-examples/" + name + ":1")
                .withLabels(Map.of("dev.sidecar.test", "contract", "dev.sidecar.owner-pid",
                        Long.toString(ProcessHandle.current().pid()))).exec().getId();
        try {
            client.startContainerCmd(id).exec();
            int code = client.waitContainerCmd(id).start().awaitStatusCode(30, java.util.concurrent.TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(
                    new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Frame frame) {
                            synchronized (out) {
                                out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                            }
                        }
                    }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(code).isEqualTo(64);
            assertThat(out.toString()).contains(name + ": " + variable + " is required: ");
        } finally {
            client.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void requiredParametersOfTheContractsAreTheOnesTheImagesRefuseToStartWithout() {
        Map<String, List<String>> required = new java.util.TreeMap<>();
        images().forEach(name -> required.put(name, contractOf(name).parameters().stream()
                .filter(ContractParameter::required).map(ContractParameter::name).toList()));

        assertThat(required).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "config-app", List.of(), "config-sync", List.of("CONFIG_URL"), "git-sync", List.of("REPO"),
                "legacy-app", List.of(), "log-shipper", List.of("LOG_FILE"),
                "self-signed-cert", List.of("COMMON_NAME"), "tls-proxy", List.of("UPSTREAM_PORT"),
                "topz", List.of())));
    }

    @ParameterizedTest
    @MethodSource("images")
    void builtImageCarriesItsContractCoveringEveryEnvAndExposedPort(String name) {
        InspectImageResponse image = inspect("sidecar-examples/" + name + ":1");
        ImageContract contract = contractOf(name);
        Set<String> ownEnv = names(image.getConfig().getEnv());
        ownEnv.removeAll(names(inspect(ExampleImages.busybox()).getConfig().getEnv()));
        ownEnv.removeAll(names(inspect(ExampleImages.debian()).getConfig().getEnv()));

        assertThat(contract.title()).isEqualTo(name);
        assertThat(contract.parameters()).extracting(ContractParameter::name).containsExactlyInAnyOrderElementsOf(ownEnv);
        assertThat(contract.parameters()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
        assertThat(contract.ports()).extracting(ContractPort::spec).containsExactlyInAnyOrderElementsOf(
                exposed(image));
        assertThat(contract.ports()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
    }

    @Test
    void tlsProxyContractSaysWhatTheQuickStartSets() {
        ImageContract contract = contractOf("tls-proxy");

        assertThat(contract.role()).isEqualTo("sidecar");
        assertThat(contract.parameter("UPSTREAM_PORT")).hasValueSatisfying(p -> {
            assertThat(p.required()).isTrue();
            assertThat(p.unit()).contains(Unit.PORT);
        });
        assertThat(contract.ports()).containsExactly(new ContractPort(8443, "tcp",
                "HTTPS (TLS 1.2 and 1.3), proxied to the app on UPSTREAM_PORT", Optional.of("PORT")));
        assertThat(contract.volumes()).extracting(ContractVolume::name, ContractVolume::path, ContractVolume::access)
                .containsExactly(org.assertj.core.api.Assertions.tuple("tls", "/etc/tls", Access.READ));
        assertThat(ContractCheck.check(contract, ExampleImages.TLS_PROXY, Map.of("UPSTREAM_PORT", "8080"),
                List.of(8443)).clean()).isTrue();
    }

    @Test
    void configSyncContractDocumentsItsUnitsAndTheVolumeItWrites() {
        ImageContract contract = contractOf("config-sync");

        assertThat(contract.parameter("UPDATE_FREQUENCY_SECONDS")).hasValueSatisfying(p -> {
            assertThat(p.unit()).contains(Unit.SECONDS);
            assertThat(p.defaultValue()).contains("5");
        });
        assertThat(contract.parameter("SIGNAL").orElseThrow().values()).contains("HUP", "TERM");
        assertThat(contract.volumes()).extracting(ContractVolume::path, ContractVolume::access)
                .containsExactly(org.assertj.core.api.Assertions.tuple("/config/app.conf", Access.WRITE));
        assertThat(ContractCheck.check(contract, ExampleImages.CONFIG_SYNC,
                Map.of("CONFIG_URL", "http://host:8080/app.conf", "UPDATE_FREQUENCY_SECONDS", "5 minutes"), List.of())
                .errors()).containsExactly("image 'sidecar-examples/config-sync:1': UPDATE_FREQUENCY_SECONDS "
                        + "'5 minutes' is not a whole number of seconds (for example 300) -- UPDATE_FREQUENCY_SECONDS: "
                        + "How often the config is fetched, above 0 (unit seconds, pattern [1-9][0-9]*, default '5')");
    }

    @Test
    void topzContractNeedsTheSharedProcessNamespace() {
        assertThat(contractOf("topz").needs()).containsExactly("shareProcessNamespace");
    }

    private static ImageContract contractOf(String name) {
        String reference = "sidecar-examples/" + name + ":1";
        InspectImageResponse image = inspect(reference);
        Map<String, String> labels = image.getConfig().getLabels() == null ? Map.of() : image.getConfig().getLabels();
        return ImageContract.read(reference, labels, Arrays.asList(image.getConfig().getEnv()), exposed(image))
                .orElseThrow(() -> new AssertionError(reference + " has no contract: run scripts/docker-env.sh"));
    }

    private static InspectImageResponse inspect(String image) {
        return DockerClientFactory.instance().client().inspectImageCmd(image).exec();
    }

    private static List<String> exposed(InspectImageResponse image) {
        ExposedPort[] ports = image.getConfig().getExposedPorts();
        return ports == null ? List.of() : Arrays.stream(ports).map(ExposedPort::toString).toList();
    }

    private static Set<String> names(String[] env) {
        Set<String> names = new TreeSet<>();
        for (String entry : env == null ? new String[0] : env) {
            names.add(entry.substring(0, entry.indexOf('=') < 0 ? entry.length() : entry.indexOf('=')));
        }
        return names;
    }
}
