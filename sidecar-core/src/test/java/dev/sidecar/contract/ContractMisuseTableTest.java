package dev.sidecar.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of misusing a contract image, one row each: what is wrong, the container's env and declared ports, and
 * the error or warning, which names the image, the parameter or port, the value and the parameter's documentation.
 * The contract is {@link Contracts#configSync()}.
 */
class ContractMisuseTableTest {

    private static final ImageContract CONTRACT = Contracts.configSync().contract();
    private static final String URL = "http://config-api:8080/app.conf";
    private static final String IMAGE = "image 'example/config-sync:2': ";

    enum Severity { ERROR, WARNING }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misuses")
    void reportsTheMisuse(String description, Map<String, String> env, List<Integer> ports, Severity severity,
            String message) {
        ContractCheckResult result = ContractCheck.check(CONTRACT, Contracts.IMAGE, env, ports);

        assertThat(severity == Severity.ERROR ? result.errors() : result.warnings()).contains(IMAGE + message);
        assertThat(result.ok()).isEqualTo(severity == Severity.WARNING);
    }

    static Stream<Arguments> misuses() {
        String url = "CONFIG_URL: The URL the config is fetched from (required, unit url)";
        String frequency = "UPDATE_FREQUENCY: How often the config is fetched (unit duration, default '30s')";
        String timeout = "FETCH_TIMEOUT_SECONDS: How long one fetch may take (unit seconds, default '5')";
        return Stream.of(
                error("required parameter not set", Map.of(),
                        "required parameter CONFIG_URL is not set -- " + url),
                error("required parameter empty", Map.of("CONFIG_URL", ""),
                        "required parameter CONFIG_URL is empty -- " + url),
                error("required parameter blank", Map.of("CONFIG_URL", "  "),
                        "required parameter CONFIG_URL is empty -- " + url),
                error("duration written in words", env("UPDATE_FREQUENCY", "5 minutes"),
                        "UPDATE_FREQUENCY '5 minutes' is not a duration such as 300s, 5m or 1h30m (units ns, us, ms, "
                                + "s, m, h) (for example 300s) -- " + frequency),
                error("duration without its unit", env("UPDATE_FREQUENCY", "300"),
                        "UPDATE_FREQUENCY '300' is not a duration such as 300s, 5m or 1h30m (units ns, us, ms, s, m, "
                                + "h) (for example 300s) -- " + frequency),
                error("seconds written as a duration", env("FETCH_TIMEOUT_SECONDS", "5s"),
                        "FETCH_TIMEOUT_SECONDS '5s' is not a whole number of seconds (for example 300) -- " + timeout),
                error("empty value where the default is not empty", env("FETCH_TIMEOUT_SECONDS", ""),
                        "FETCH_TIMEOUT_SECONDS '' is not a whole number of seconds (for example 300) -- " + timeout),
                error("byte quantity with a space and SI unit", env("MAX_SIZE", "1 GB"),
                        "MAX_SIZE '1 GB' is not a quantity of bytes such as 512Mi, 1Gi or 1048576 (suffixes Ki Mi Gi "
                                + "Ti Pi Ei, k M G T P E) (for example 64Mi) -- MAX_SIZE: The largest config accepted "
                                + "(unit bytes, default '1Mi')"),
                error("value outside the allowed values", env("SIGNAL", "KILL"),
                        "SIGNAL 'KILL' is not one of the allowed values HUP, TERM, USR1 -- SIGNAL: Signal sent to the "
                                + "app after a change (one of HUP, TERM, USR1, default 'HUP')"),
                error("allowed value in the wrong case", env("SIGNAL", "hup"),
                        "SIGNAL 'hup' is not one of the allowed values HUP, TERM, USR1 -- SIGNAL: Signal sent to the "
                                + "app after a change (one of HUP, TERM, USR1, default 'HUP')"),
                error("value not matching the pattern", env("PROCESS_NAME", "a-process-name-too-long"),
                        "PROCESS_NAME 'a-process-name-too-long' does not match the pattern [^/]{1,15} -- PROCESS_NAME: "
                                + "Name of the process to signal; empty signals nothing (pattern [^/]{1,15}, default "
                                + "empty)"),
                error("secret value not matching the pattern, masked", env("TOKEN", "hunter2"),
                        "TOKEN '*****' does not match the pattern [a-f0-9]{8,} -- TOKEN: Bearer token for the config "
                                + "API (pattern [a-f0-9]{8,}, default empty)"),
                error("URL without a scheme", Map.of("CONFIG_URL", "config-api:8080/app.conf"),
                        "CONFIG_URL 'config-api:8080/app.conf' is not an absolute URL with a scheme and a host "
                                + "(for example http://config-api:8080/app.conf) -- " + url),
                error("relative path", env("CONFIG_FILE", "app.conf"),
                        "CONFIG_FILE 'app.conf' is not an absolute path (for example /config/app.conf) -- CONFIG_FILE: "
                                + "Where the config is written (unit path, default '/config/app.conf')"),
                error("port that is no number", env("METRICS_PORT", "metrics"),
                        "METRICS_PORT 'metrics' is not a port number from 1 to 65535 (for example 8080) -- "
                                + "METRICS_PORT: Where metrics are served (unit port, default '9100')"),
                error("port out of range", env("METRICS_PORT", "70000"),
                        "METRICS_PORT '70000' is not a port number from 1 to 65535 (for example 8080) -- "
                                + "METRICS_PORT: Where metrics are served (unit port, default '9100')"),
                warning("misspelt parameter name", env("UPDATE_FREQENCY", "1m"),
                        "UPDATE_FREQENCY: did you mean UPDATE_FREQUENCY? The image has no parameter UPDATE_FREQENCY."),
                warning("parameter name in lower case", env("signal", "TERM"),
                        "signal: did you mean SIGNAL? The image has no parameter signal."),
                warning("unknown name with no close parameter", env("DEBUG", "true"),
                        "DEBUG is not a parameter of the image (its parameters: CONFIG_URL, CONFIG_FILE, "
                                + "UPDATE_FREQUENCY, FETCH_TIMEOUT_SECONDS, SIGNAL, PROCESS_NAME, MAX_SIZE, TOKEN, "
                                + "METRICS_PORT)."),
                warning("declared port the image does not expose", Map.of("CONFIG_URL", URL), List.of(8080),
                        "port 8080 is declared but the image does not serve on it (it serves on 9100/tcp, moved by "
                                + "METRICS_PORT)."),
                warning("declared default port after the parameter moved it", env("METRICS_PORT", "9200"),
                        List.of(9100), "port 9100 is declared but the image does not serve on it (it serves on "
                                + "9200/tcp (METRICS_PORT))."));
    }

    private static Map<String, String> env(String name, String value) {
        return Map.of("CONFIG_URL", URL, name, value);
    }

    private static Arguments error(String description, Map<String, String> env, String message) {
        return arguments(description, env, List.of(), Severity.ERROR, message);
    }

    private static Arguments warning(String description, Map<String, String> env, String message) {
        return warning(description, env, List.of(), message);
    }

    private static Arguments warning(String description, Map<String, String> env, List<Integer> ports,
            String message) {
        return arguments(description, env, ports, Severity.WARNING, message);
    }
}
