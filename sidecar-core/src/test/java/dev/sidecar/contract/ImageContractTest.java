package dev.sidecar.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.sidecar.contract.ContractVolume.Access;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a contract from an image's labels, ENV and EXPOSE. */
class ImageContractTest {

    @Test
    void imageWithoutContractLabelsHasNoContract() {
        Optional<ImageContract> contract = Contracts.plainImage()
                .label("org.opencontainers.image.title", "busybox").env("PATH", "/bin").expose("80/tcp").read();

        assertThat(contract).isEmpty();
    }

    @Test
    void parameterDefaultIsTheImagesEnvValue() {
        ContractParameter frequency = Contracts.configSync().contract().parameter("UPDATE_FREQUENCY").orElseThrow();

        assertThat(frequency.defaultValue()).contains("30s");
        assertThat(frequency.required()).isFalse();
        assertThat(frequency.unit()).contains(Unit.DURATION);
        assertThat(frequency.description()).isEqualTo("How often the config is fetched");
    }

    @Test
    void requiredParameterHasNoDefault() {
        ContractParameter url = Contracts.configSync().contract().parameter("CONFIG_URL").orElseThrow();

        assertThat(url.required()).isTrue();
        assertThat(url.defaultValue()).isEmpty();
    }

    @Test
    void emptyEnvOfOptionalParameterIsAnEmptyDefault() {
        assertThat(Contracts.configSync().contract().parameter("PROCESS_NAME").orElseThrow().defaultValue())
                .contains("");
    }

    @Test
    void parameterWithoutEnvIsUnsetByDefault() {
        ImageContract contract = Contracts.image().param("DEBUG", "unit", "boolean").contract();

        assertThat(contract.parameter("DEBUG").orElseThrow().defaultValue()).isEmpty();
    }

    @Test
    void allowedValuesPatternAndSecretAreRead() {
        ImageContract contract = Contracts.configSync().contract();

        assertThat(contract.parameter("SIGNAL").orElseThrow().values()).containsExactly("HUP", "TERM", "USR1");
        assertThat(contract.parameter("PROCESS_NAME").orElseThrow().pattern()).contains("[^/]{1,15}");
        assertThat(contract.parameter("TOKEN").orElseThrow().secret()).isTrue();
    }

    @Test
    void parametersFollowTheEnvOrderThenTheirNames() {
        ImageContract contract = Contracts.image()
                .env("ZETA", "1").param("ZETA", "description", "z")
                .env("ALPHA", "1").param("ALPHA", "description", "a")
                .param("MU", "description", "no ENV").param("BETA", "description", "no ENV")
                .contract();

        assertThat(contract.parameters()).extracting(ContractParameter::name)
                .containsExactly("ZETA", "ALPHA", "BETA", "MU");
    }

    @Test
    void baseImageEnvWithoutLabelsIsNotAParameter() {
        ImageContract contract = Contracts.configSync().env("PATH", "/usr/bin:/bin").contract();

        assertThat(contract.parameter("PATH")).isEmpty();
    }

    @Test
    void exposedPortCarriesItsDocumentationAndMovingParameter() {
        assertThat(Contracts.configSync().contract().ports())
                .containsExactly(new ContractPort(9100, "tcp", "Prometheus metrics", Optional.of("METRICS_PORT")));
    }

    @Test
    void exposedPortWithoutLabelsIsAnUndocumentedPort() {
        assertThat(Contracts.image().expose("53/udp").expose("8080").contract().ports()).containsExactly(
                new ContractPort(53, "udp", "", Optional.empty()), new ContractPort(8080, "tcp", "", Optional.empty()));
    }

    @Test
    void documentedPortThatIsNotExposedIsStillInTheContract() {
        assertThat(Contracts.image().port(7000, "description", "gossip").contract().ports())
                .containsExactly(new ContractPort(7000, "tcp", "gossip", Optional.empty()));
    }

    @Test
    void volumeUseIsRead() {
        assertThat(Contracts.configSync().contract().volumes()).containsExactly(
                new ContractVolume("config", "/config/app.conf", Access.WRITE, "The config file",
                        Optional.of("CONFIG_FILE")));
    }

    @Test
    void imageFieldsComeFromOciAnnotationsAndContractLabels() {
        ImageContract contract = Contracts.configSync().label("org.opencontainers.image.version", "2.1")
                .label("dev.sidecar.contract.needs", "shareProcessNamespace").contract();

        assertThat(contract.version()).isEqualTo(1);
        assertThat(contract.title()).isEqualTo("config-sync");
        assertThat(contract.description()).isEqualTo("Polls CONFIG_URL into CONFIG_FILE");
        assertThat(contract.imageVersion()).isEqualTo("2.1");
        assertThat(contract.role()).isEqualTo("sidecar");
        assertThat(contract.needs()).containsExactly("shareProcessNamespace");
    }

    @Test
    void contractsReadFromTheSameConfigurationAreEqual() {
        assertThat(Contracts.configSync().contract()).isEqualTo(Contracts.configSync().contract())
                .hasSameHashCodeAs(Contracts.configSync().contract());
        assertThat(Contracts.configSync().contract())
                .isNotEqualTo(Contracts.configSync().env("UPDATE_FREQUENCY", "1m").contract());
    }

    @Test
    void parameterDocumentationSaysRequiredUnitValuesAndDefault() {
        ImageContract contract = Contracts.configSync().contract();

        assertThat(contract.parameter("CONFIG_URL").orElseThrow().documentation())
                .isEqualTo("CONFIG_URL: The URL the config is fetched from (required, unit url)");
        assertThat(contract.parameter("SIGNAL").orElseThrow().documentation())
                .isEqualTo("SIGNAL: Signal sent to the app after a change (one of HUP, TERM, USR1, default 'HUP')");
    }

    @Test
    void labelsWithoutVersionAreRefused() {
        assertThatExceptionOfType(InvalidContractException.class)
                .isThrownBy(() -> Contracts.plainImage().param("PORT", "unit", "port").read())
                .withMessage("image 'example/config-sync:2' has an invalid sidecar contract: 1 problem\n"
                        + "  - labels [dev.sidecar.contract.param.PORT.unit] without dev.sidecar.contract.version: "
                        + "add the label dev.sidecar.contract.version=1");
    }

    @Test
    void newerContractVersionIsRefused() {
        assertThatExceptionOfType(InvalidContractException.class)
                .isThrownBy(() -> Contracts.plainImage().label("dev.sidecar.contract.version", "2").read())
                .withMessageContaining("label dev.sidecar.contract.version '2': this library reads contract "
                        + "version 1 only");
    }

    @Test
    void everyProblemIsReportedAtOnceWithTheImage() {
        InvalidContractException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                InvalidContractException.class, () -> Contracts.image()
                        .param("PORT", "unit", "portnumber").param("DEBUG", "requird", "true").read());

        assertThat(e.image()).isEqualTo(Contracts.IMAGE);
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage()).startsWith("image 'example/config-sync:2' has an invalid sidecar contract: "
                + "2 problems");
    }

    @Test
    void readTakesDockerFormsOfEnvAndPorts() {
        ImageContract contract = ImageContract.read("x", Map.of("dev.sidecar.contract.version", "1",
                "dev.sidecar.contract.param.A.description", "a"), List.of("A=b=c"), List.of("80")).orElseThrow();

        assertThat(contract.parameter("A").orElseThrow().defaultValue()).contains("b=c");
        assertThat(contract.ports()).extracting(ContractPort::spec).containsExactly("80/tcp");
    }
}
