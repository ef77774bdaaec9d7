package dev.sidecar.contract;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of getting the contract labels wrong, one row each: what is wrong, the labels, and the problem that names
 * the label and its value.
 */
class InvalidContractTableTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidContracts")
    void refusesNamingTheLabelAndTheValue(String description, UnaryOperator<Contracts> labels, String problem) {
        assertThatExceptionOfType(InvalidContractException.class)
                .isThrownBy(() -> labels.apply(Contracts.image()).read())
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.problems()).contains(problem));
    }

    static Stream<Arguments> invalidContracts() {
        return Stream.of(
                row("misspelt attribute", c -> c.param("DEBUG", "requird", "true"),
                        "label dev.sidecar.contract.param.DEBUG.requird: unknown attribute 'requird' (known: "
                                + "description, required, unit, values, pattern, secret)"),
                row("unknown unit", c -> c.param("WAIT", "unit", "secs"),
                        "label dev.sidecar.contract.param.WAIT.unit 'secs': not a unit (known: duration, milliseconds, "
                                + "seconds, minutes, hours, days, bytes, integer, boolean, port, url, path)"),
                row("required that is not a boolean", c -> c.param("URL", "required", "yes"),
                        "label dev.sidecar.contract.param.URL.required 'yes': not true or false"),
                row("pattern that does not compile", c -> c.param("NAME", "pattern", "[a-z"),
                        "label dev.sidecar.contract.param.NAME.pattern '[a-z': not a regular expression "
                                + "(Unclosed character class)"),
                row("empty allowed value", c -> c.param("SIGNAL", "values", "HUP,,TERM"),
                        "label dev.sidecar.contract.param.SIGNAL.values 'HUP,,TERM': an empty entry (write the "
                                + "allowed values comma-separated)"),
                row("required with a default", c -> c.env("URL", "http://x").param("URL", "required", "true"),
                        "parameter URL is required but ENV gives it the default 'http://x': declare a required "
                                + "parameter with ENV URL=\"\""),
                row("default that is not its unit", c -> c.env("WAIT", "5 minutes").param("WAIT", "unit", "seconds"),
                        "parameter WAIT: its default '5 minutes' is not a whole number of seconds"),
                row("default outside its values", c -> c.env("SIGNAL", "KILL").param("SIGNAL", "values", "HUP,TERM"),
                        "parameter SIGNAL: its default 'KILL' is not one of its values HUP, TERM"),
                row("default not matching its pattern", c -> c.env("NAME", "a/b").param("NAME", "pattern", "[a-z]+"),
                        "parameter NAME: its default 'a/b' does not match its pattern [a-z]+"),
                row("parameter name that is no env name", c -> c.param("1ST", "description", "x"),
                        "label dev.sidecar.contract.param.1ST.*: '1ST' is not an environment variable name"),
                row("label without attribute", c -> c.label("dev.sidecar.contract.param.PORT", "8080"),
                        "label dev.sidecar.contract.param.PORT: expected dev.sidecar.contract.param.<NAME>.<attribute>"),
                row("port that is no number", c -> c.port(0, "description", "x"),
                        "label dev.sidecar.contract.port.0.*: '0' is not a port number (1..65535)"),
                row("port moved by an unknown parameter", c -> c.expose("80/tcp").port(80, "param", "PORT"),
                        "label dev.sidecar.contract.port.80.param 'PORT': the contract declares no such parameter"),
                row("port moved by a parameter that is no port",
                        c -> c.env("PORT", "80").param("PORT", "unit", "integer").expose("80").port(80, "param", "PORT"),
                        "label dev.sidecar.contract.port.80.param 'PORT': parameter PORT must have the unit port"),
                row("port protocol that is neither tcp nor udp", c -> c.port(80, "protocol", "http"),
                        "label dev.sidecar.contract.port.80.protocol 'http': not tcp or udp"),
                row("port protocol that the image does not expose", c -> c.expose("53/tcp").port(53, "protocol", "udp"),
                        "label dev.sidecar.contract.port.53.protocol 'udp': the image exposes 53/tcp"),
                row("malformed exposed port", c -> c.expose("http"),
                        "exposed port 'http' is not a port such as 8080/tcp"),
                row("volume without path", c -> c.volume("config", "access", "read"),
                        "label dev.sidecar.contract.volume.config.path is missing: the absolute path the image reads "
                                + "or writes is required"),
                row("volume with relative path", c -> c.volume("config", "path", "config").volume("config", "access",
                        "read"), "label dev.sidecar.contract.volume.config.path 'config': the absolute path the image "
                                + "reads or writes is required"),
                row("volume with unknown access", c -> c.volume("logs", "path", "/logs").volume("logs", "access", "rw"),
                        "label dev.sidecar.contract.volume.logs.access 'rw': one of read, write, read-write"),
                row("volume moved by an unknown parameter", c -> c.volume("logs", "path", "/logs")
                        .volume("logs", "access", "read").volume("logs", "param", "LOG_DIR"),
                        "label dev.sidecar.contract.volume.logs.param 'LOG_DIR': the contract declares no such "
                                + "parameter"),
                row("volume name that is no DNS label", c -> c.volume("Logs", "path", "/l").volume("Logs", "access",
                        "read"), "label dev.sidecar.contract.volume.Logs.*: 'Logs' is not a DNS-1123 label "
                                + "(lower-case letters, digits and '-')"),
                row("unknown role", c -> c.label("dev.sidecar.contract.role", "helper"),
                        "label dev.sidecar.contract.role 'helper': not a role (main, sidecar or init)"),
                row("unknown pod feature", c -> c.label("dev.sidecar.contract.needs", "hostNetwork"),
                        "label dev.sidecar.contract.needs 'hostNetwork': not a pod feature this library knows "
                                + "(known: shareProcessNamespace)"),
                row("unknown contract label", c -> c.label("dev.sidecar.contract.parameter.PORT.unit", "port"),
                        "label dev.sidecar.contract.parameter.PORT.unit: not a contract label (known: "
                                + "dev.sidecar.contract.version, dev.sidecar.contract.role, dev.sidecar.contract.needs, "
                                + "dev.sidecar.contract.param.<NAME>.*, dev.sidecar.contract.port.<number>.*, "
                                + "dev.sidecar.contract.volume.<name>.*)"));
    }

    private static Arguments row(String description, UnaryOperator<Contracts> labels, String problem) {
        return arguments(description, labels, problem);
    }
}
