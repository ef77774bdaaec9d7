package dev.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules a {@link Probe} checks, the probe rules of a container, and the probe as a value. */
class ProbeTest {

    // --- validation: one test per rule ---

    @Test
    void rejectsZeroTimeout() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> Probe.tcp(8080).toBuilder().timeout(Duration.ZERO).build())
                .withMessageContaining("timeout of probe tcpSocket(8080) must be a positive duration, was PT0S");
    }

    @Test
    void rejectsNegativeInitialDelay() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> Probe.tcp(8080).toBuilder().initialDelay(Duration.ofSeconds(-1)).build())
                .withMessageContaining("initialDelay of probe tcpSocket(8080) must be zero or a positive duration, "
                        + "was PT-1S");
    }

    @Test
    void rejectsMissingTimeoutAtOnce() {
        assertThatNullPointerException()
                .isThrownBy(() -> Probe.tcp(8080).toBuilder().timeout(null))
                .withMessage("timeout must not be null");
    }

    @Test
    void rejectsZeroPeriod() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> Probe.http(8080, "/").toBuilder().period(Duration.ZERO).build())
                .withMessageContaining("period of probe httpGet(8080/) must be a positive duration, was PT0S");
    }

    @Test
    void rejectsThresholdsBelowOne() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> Probe.exec("true").toBuilder().successThreshold(0).failureThreshold(-2).build())
                .satisfies(e -> assertThat(e.problems()).containsExactly(
                        "successThreshold of probe exec[true] must be 1 or more, was 0",
                        "failureThreshold of probe exec[true] must be 1 or more, was -2"));
    }

    @Test
    void rejectsTcpProbeOnPortZero() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> Probe.tcp(0))
                .withMessageContaining("port of probe tcpSocket(0) 0 is not a TCP port");
    }

    @Test
    void rejectsHttpProbeOnPortAbove65535() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> Probe.http(65536, "/health"))
                .withMessageContaining("port of probe httpGet(65536/health) 65536 is not a TCP port");
    }

    @Test
    void rejectsHttpProbePathWithoutLeadingSlash() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> Probe.http(8080, "health"))
                .withMessageContaining("path of probe httpGet(8080health) 'health' must start with '/'");
    }

    @Test
    void rejectsHttpHeaderWithNewline() {
        var get = new Probe.HttpGet(8080, "/", Probe.Scheme.HTTPS, Map.of("X-Token", "a\nb"));

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> Probe.builder(get).build())
                .withMessageContaining("header 'X-Token' of probe httpGet(https 8080/ [X-Token]) is not a valid "
                        + "HTTP header");
    }

    @Test
    void rejectsExecProbeWithoutCommand() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> Probe.exec())
                .withMessageContaining("command of probe exec[] must not be empty or start with a blank, was []");
    }

    @Test
    void rejectsExecProbeWithBlankProgram() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> Probe.exec(" ", "-c"))
                .withMessageContaining("must not be empty or start with a blank, was [ , -c]");
    }

    @Test
    void rejectsExecProbeWithNullArgumentNamingItsIndex() {
        assertThatNullPointerException()
                .isThrownBy(() -> Probe.exec("test", null))
                .withMessage("command[1] must not be null");
    }

    @Test
    void rejectsLogProbeWithInvalidRegex() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> Probe.logLine("started ("))
                .withMessageContaining("regex of probe logLine(/started (/) is invalid: unclosed group");
    }

    @Test
    void rejectsProbeOnPortTheContainerDoesNotDeclare() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> ContainerSpec.builder("app", "example/app:1").port(8080)
                        .readyWhen(Probe.http(9090, "/health")).build())
                .withMessageContaining("readiness probe of container 'app' checks port 9090, which the container "
                        + "does not declare as a TCP port (declared: [8080])");
    }

    @Test
    void rejectsProbeOnPortThatOnlyAnotherContainerDeclares() {
        ContainerSpec.Builder proxy = ContainerSpec.builder("proxy", "example/proxy:1").readyWhen(Probe.tcp(8080));

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(proxy::build)
                .withMessageContaining("readiness probe of container 'proxy' checks port 8080");
    }

    @Test
    void rejectsReadinessProbeOnInitContainer() {
        ContainerSpec setup = ContainerSpec.builder("setup", "example/setup:1").port(5432)
                .readyWhen(Probe.tcp(5432)).build();
        ContainerSpec app = ContainerSpec.builder("app", "example/app:1").build();

        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> PodSpec.builder("web").initContainer(setup).main(app).build())
                .withMessageContaining("init container 'setup' has a readiness probe (")
                .withMessageContaining("never probed");
    }

    // --- value semantics ---

    @Test
    void hasKubernetesDefaultTiming() {
        Probe probe = Probe.tcp(8080);

        assertThat(probe.initialDelay()).isEqualTo(Duration.ZERO);
        assertThat(probe.period()).isEqualTo(Probe.DEFAULT_PERIOD).isEqualTo(Duration.ofSeconds(10));
        assertThat(probe.timeout()).isEqualTo(Probe.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(1));
        assertThat(probe.successThreshold()).isEqualTo(1);
        assertThat(probe.failureThreshold()).isEqualTo(3);
    }

    @Test
    void toBuilderDerivesACopy() {
        Probe probe = Probe.http(8080, "/health");

        Probe changed = probe.toBuilder().timeout(Duration.ofSeconds(2)).period(Duration.ofMillis(200))
                .successThreshold(2).failureThreshold(5).initialDelay(Duration.ofSeconds(1)).build();

        assertThat(changed.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(changed.period()).isEqualTo(Duration.ofMillis(200));
        assertThat(changed.successThreshold()).isEqualTo(2);
        assertThat(changed.failureThreshold()).isEqualTo(5);
        assertThat(changed.initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(changed.action()).isEqualTo(new Probe.HttpGet(8080, "/health", Probe.Scheme.HTTP, Map.of()));
        assertThat(probe.timeout()).as("the original is unchanged").isEqualTo(Probe.DEFAULT_TIMEOUT);
        assertThat(changed).isNotEqualTo(probe);
        assertThat(changed.toBuilder().build()).isEqualTo(changed);
    }

    @Test
    void probesMadeTwiceAreEqual() {
        assertThat(Probe.exec("pg_isready", "-q")).isEqualTo(Probe.exec("pg_isready", "-q"))
                .hasSameHashCodeAs(Probe.exec("pg_isready", "-q"));
        assertThat(Probe.tcp(80)).isNotEqualTo(Probe.tcp(81));
        assertThat(Probe.tcp(80)).isNotEqualTo(Probe.logLine(".*"));
    }

    @Test
    void execProbeKeepsACopyOfItsCommand() {
        String[] command = {"pg_isready", "-q"};
        Probe probe = Probe.exec(command);

        command[0] = "false";

        assertThat(((Probe.Exec) probe.action()).command()).containsExactly("pg_isready", "-q");
    }

    @Test
    void toStringIsReadableAndShowsOnlyWhatDiffersFromTheDefaults() {
        assertThat(Probe.tcp(5432)).hasToString("tcpSocket(5432)");
        assertThat(Probe.http(8080, "/health").toBuilder().timeout(Duration.ofSeconds(5)).build())
                .hasToString("httpGet(8080/health) timeout=PT5S");
        assertThat(Probe.exec("pg_isready", "-q")).hasToString("exec[pg_isready, -q]");
        assertThat(Probe.logLine("ready to accept").toBuilder().period(Duration.ofMillis(100)).build())
                .hasToString("logLine(/ready to accept/) period=PT0.1S");
    }
}
