package dev.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sidecar.contract.ContractDiff;
import dev.sidecar.contract.ImageContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the command line prints a contract and a diff, as text and as JSON. */
class ContractOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ImageContract contract(String frequencyDefault) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("dev.sidecar.contract.version", "1");
        labels.put("org.opencontainers.image.title", "poller");
        labels.put("org.opencontainers.image.version", "2");
        labels.put("org.opencontainers.image.description", "Polls \"TARGET\"\tand reports");
        labels.put("dev.sidecar.contract.role", "sidecar");
        labels.put("dev.sidecar.contract.param.TARGET.required", "true");
        labels.put("dev.sidecar.contract.param.TARGET.unit", "url");
        labels.put("dev.sidecar.contract.param.TARGET.description", "Where it polls");
        labels.put("dev.sidecar.contract.param.FREQUENCY.unit", "duration");
        labels.put("dev.sidecar.contract.param.FREQUENCY.description", "How often it polls");
        labels.put("dev.sidecar.contract.param.TOKEN.secret", "true");
        labels.put("dev.sidecar.contract.param.TOKEN.description", "API token");
        labels.put("dev.sidecar.contract.param.MODE.values", "fast,safe");
        labels.put("dev.sidecar.contract.param.MODE.description", "word ".repeat(30).strip());
        labels.put("dev.sidecar.contract.port.8080.param", "PORT");
        labels.put("dev.sidecar.contract.port.8080.description", "status page");
        labels.put("dev.sidecar.contract.param.PORT.unit", "port");
        labels.put("dev.sidecar.contract.param.PORT.description", "Where the status page is");
        labels.put("dev.sidecar.contract.volume.state.path", "/state");
        labels.put("dev.sidecar.contract.volume.state.access", "write");
        labels.put("dev.sidecar.contract.volume.state.description", "last result");
        return ImageContract.read("poller:2", labels, List.of("TARGET=", "FREQUENCY=" + frequencyDefault,
                "TOKEN=s3cret", "MODE=safe", "PORT=8080"), List.of("8080/tcp")).orElseThrow();
    }

    @Test
    void textShowsEachParameterPortAndVolumeWithItsDescription() {
        assertThat(ContractText.contract("poller:2", contract("30s"))).isEqualTo("""
                poller:2 (poller 2, sidecar, contract version 1)
                Polls "TARGET" and reports

                Parameters (environment variables):
                  TARGET  required  [url]
                      Where it polls
                  FREQUENCY = 30s  [duration]
                      How often it polls
                  TOKEN = *****  [secret]
                      API token
                  MODE = safe  [one of fast, safe]
                      word word word word word word word word word word word word word word word word word word word
                      word word word word word word word word word word word
                  PORT = 8080  [port]
                      Where the status page is

                Ports:
                  8080/tcp  (moved by PORT)
                      status page

                Shared volumes:
                  state: writes /state
                      last result
                """);
    }

    @Test
    void jsonHasEveryFieldWithNullForWhatIsAbsentAndMasksSecrets() throws Exception {
        JsonNode json = JSON.readTree(ContractJson.contract("poller:2", contract("30s")));

        assertThat(json.get("image").asText()).isEqualTo("poller:2");
        assertThat(json.get("description").asText()).isEqualTo("Polls \"TARGET\"\tand reports");
        assertThat(json.get("parameters")).hasSize(5);
        assertThat(json.get("parameters").get(0).get("default").isNull()).isTrue();
        assertThat(json.get("parameters").get(0).get("required").asBoolean()).isTrue();
        assertThat(json.get("parameters").get(2).get("default").asText()).isEqualTo("*****");
        assertThat(json.get("parameters").get(3).get("values")).hasSize(2);
        assertThat(json.get("ports").get(0).get("port").asInt()).isEqualTo(8080);
        assertThat(json.get("ports").get(0).get("parameter").asText()).isEqualTo("PORT");
        assertThat(json.get("volumes").get(0).get("access").asText()).isEqualTo("write");
    }

    @Test
    void diffTextListsEachChangeWithItsClassAndEndsWithTheVerdict() {
        ContractDiff diff = ContractDiff.between(contract("30s"), contract("1m"));

        assertThat(ContractText.diff("poller:1", "poller:2", diff)).isEqualTo("""
                poller:1 -> poller:2: 1 change, 1 breaking
                  breaking    DEFAULT_CHANGED  parameter FREQUENCY: default changed from '30s' to '1m'
                breaking: pods written for poller:1 may fail with poller:2
                """);
    }

    @Test
    void diffTextOfTheSameContractSaysNoChange() {
        assertThat(ContractText.diff("a", "b", ContractDiff.between(contract("1m"), contract("1m"))))
                .isEqualTo("a -> b: no change\n");
    }

    @Test
    void diffJsonHasTheVerdictAndEveryChange() throws Exception {
        JsonNode json = JSON.readTree(ContractJson.diff("poller:1", "poller:2",
                ContractDiff.between(contract("30s"), contract("1m"))));

        assertThat(json.get("breaking").asBoolean()).isTrue();
        assertThat(json.get("changes").get(0).get("class").asText()).isEqualTo("breaking");
        assertThat(json.get("changes").get(0).get("kind").asText()).isEqualTo("DEFAULT_CHANGED");
        assertThat(json.get("changes").get(0).get("subject").asText()).isEqualTo("parameter FREQUENCY");
    }

    @Test
    void jsonEscapesControlCharacters() throws Exception {
        String written = Json.write(Map.of("text", "a\u0001b\\c\nd"));

        assertThat(written).isEqualTo("{\n  \"text\": \"a\\u0001b\\\\c\\nd\"\n}\n");
        assertThat(JSON.readTree(written).get("text").asText()).isEqualTo("a\u0001b\\c\nd");
    }
}
