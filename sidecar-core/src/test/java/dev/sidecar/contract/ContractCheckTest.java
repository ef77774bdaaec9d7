package dev.sidecar.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a fitting configuration gets from {@link ContractCheck}, and how it reports several problems. */
class ContractCheckTest {

    private static final ImageContract CONTRACT = Contracts.configSync().contract();
    private static final String URL = "http://config-api:8080/app.conf";

    private static ContractCheckResult check(Map<String, String> env, List<Integer> ports) {
        return ContractCheck.check(CONTRACT, Contracts.IMAGE, env, ports);
    }

    @Test
    void configurationSettingEveryParameterWellIsClean() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CONFIG_URL", URL);
        env.put("CONFIG_FILE", "/etc/app/app.conf");
        env.put("UPDATE_FREQUENCY", "1h30m");
        env.put("FETCH_TIMEOUT_SECONDS", "10");
        env.put("SIGNAL", "TERM");
        env.put("PROCESS_NAME", "config-app");
        env.put("MAX_SIZE", "64Mi");
        env.put("TOKEN", "deadbeef42");
        env.put("METRICS_PORT", "9100");

        assertThat(check(env, List.of(9100))).satisfies(r -> assertThat(r.clean()).as(r.toString()).isTrue());
    }

    @Test
    void onlyTheRequiredParameterIsNeeded() {
        assertThat(check(Map.of("CONFIG_URL", URL), List.of()).clean()).isTrue();
    }

    @Test
    void emptyValueIsAcceptedWhenTheDefaultIsEmpty() {
        assertThat(check(Map.of("CONFIG_URL", URL, "PROCESS_NAME", ""), List.of()).clean()).isTrue();
    }

    @Test
    void emptyValueIsAcceptedForAParameterUnsetByDefault() {
        ImageContract contract = Contracts.image().param("DEBUG", "unit", "boolean").contract();

        assertThat(ContractCheck.check(contract, "x", Map.of("DEBUG", ""), List.of()).clean()).isTrue();
    }

    @Test
    void processEnvironmentNamesAreNotReportedAsUnknown() {
        Map<String, String> env = Map.of("CONFIG_URL", URL, "PATH", "/bin", "TZ", "UTC", "LC_ALL", "C", "HOME", "/");

        assertThat(check(env, List.of()).warnings()).isEmpty();
    }

    @Test
    void portMovedByItsParameterIsServed() {
        assertThat(check(Map.of("CONFIG_URL", URL, "METRICS_PORT", "9200"), List.of(9200)).clean()).isTrue();
    }

    @Test
    void imageWithoutPortsSaysSo() {
        ImageContract contract = Contracts.image().param("A", "description", "a").contract();

        assertThat(ContractCheck.check(contract, "x", Map.of(), List.of(80)).warnings())
                .containsExactly("image 'x': port 80 is declared but the image does not serve on it (it exposes no "
                        + "port).");
    }

    @Test
    void everyProblemIsReportedAtOnceErrorsInContractOrder() {
        ContractCheckResult result = check(Map.of("SIGNAL", "KILL", "UPDATE_FREQUENCY", "soon", "PROCES_NAME", "x"),
                List.of(80));

        assertThat(result.errors()).hasSize(3);
        assertThat(result.errors().get(0)).contains("CONFIG_URL");
        assertThat(result.errors().get(1)).contains("UPDATE_FREQUENCY 'soon'");
        assertThat(result.errors().get(2)).contains("SIGNAL 'KILL'");
        assertThat(result.warnings()).hasSize(2);
        assertThat(result.ok()).isFalse();
    }

    @Test
    void valueInTheWrongUnitIsToldSoBeforeThePatternIsTried() {
        ImageContract contract = Contracts.image().env("WAIT", "5").param("WAIT", "unit", "seconds")
                .param("WAIT", "pattern", "[1-9][0-9]*").contract();

        assertThat(ContractCheck.check(contract, "x", Map.of("WAIT", "5s"), List.of()).errors()).containsExactly(
                "image 'x': WAIT '5s' is not a whole number of seconds (for example 300) -- WAIT: (no description) "
                        + "(unit seconds, pattern [1-9][0-9]*, default '5')");
        assertThat(ContractCheck.check(contract, "x", Map.of("WAIT", "0"), List.of()).errors()).containsExactly(
                "image 'x': WAIT '0' does not match the pattern [1-9][0-9]* -- WAIT: (no description) "
                        + "(unit seconds, pattern [1-9][0-9]*, default '5')");
    }

    @Test
    void secretValueNeverAppearsInTheResult() {
        ContractCheckResult result = check(Map.of("CONFIG_URL", URL, "TOKEN", "hunter2"), List.of());

        assertThat(result.toString()).contains("TOKEN '*****'").doesNotContain("hunter2");
    }

    @Test
    void resultPrintsErrorsThenWarnings() {
        ContractCheckResult result = new ContractCheckResult(List.of("e1"), List.of("w1"));

        assertThat(result).hasToString("contract check: 1 error(s), 1 warning(s)\n  error: e1\n  warning: w1");
    }
}
