package dev.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rules a {@link Probe} checks, the probe rules of a container, and the probe as a value. */
class ProbeTest {

    // --- validation: one test per rule ---

    @Test
    void rejectsZeroTimeout() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Probe.tcp(8080).withTimeout(Duration.ZERO))
                .withMessageContaining("probe timeout must be a positive duration, was PT0S");
    }

    @Test
    void rejectsNegativeTimeout() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Probe.tcp(8080).withTimeout(Duration.ofSeconds(-1)))
                .withMessageContaining("probe timeout must be a positive duration, was PT-1S");
    }

    @Test
    void rejectsMissingTimeout() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Probe.started().withTimeout(null))
                .withMessageContaining("probe timeout must be a positive duration, was null");
    }

    @Test
    void rejectsZeroPeriod() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Probe.http(8080, "/").withPeriod(Duration.ZERO))
                .withMessageContaining("probe period must be a positive duration, was PT0S");
    }

    @Test
    void rejectsNegativePeriod() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Probe.exec("true").withPeriod(Duration.ofMillis(-10)))
                .withMessageContaining("probe period must be a positive duration, was PT-0.01S");
    }

    @Test
    void rejectsTcpProbeOnPortZero() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Probe.tcp(0))
                .withMessageContaining("probe port 0 is not a TCP port");
    }

    @Test
    void rejectsHttpProbeOnPortAbove65535() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Probe.http(65536, "/health"))
                .withMessageContaining("probe port 65536 is not a TCP port");
    }

    @Test
    void rejectsHttpProbePathWithoutLeadingSlash() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Probe.http(8080, "health"))
                .withMessageContaining("probe path 'health' must start with '/'");
    }

    @Test
    void rejectsExecProbeWithoutCommand() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Probe.exec())
                .withMessageContaining("exec probe command must not be empty, was []");
    }

    @Test
    void rejectsExecProbeWithBlankProgram() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Probe.exec(" ", "-c"))
                .withMessageContaining("exec probe command must not be empty, was [ , -c]");
    }

    @Test
    void rejectsLogProbeWithInvalidRegex() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Probe.logLine("started ("))
                .withMessageContaining("log probe regex 'started (' is invalid");
    }

    @Test
    void rejectsProbeOnPortTheContainerDoesNotDeclare() {
        assertThatExceptionOfType(InvalidSpecException.class)
                .isThrownBy(() -> ContainerSpec.builder("app", "example/app:1").port(8080)
                        .readyWhen(Probe.http(9090, "/health")).build())
                .withMessageContaining("readiness probe of container 'app' checks port 9090, which the container "
                        + "does not declare (declared: [8080])");
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
                .withMessageContaining("init container 'setup' has a readiness probe (tcp(5432) within PT1M)");
    }

    // --- value semantics ---

    @Test
    void hasDefaultTimeoutAndPeriod() {
        Probe probe = Probe.tcp(8080);

        assertThat(probe.timeout()).isEqualTo(Probe.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
        assertThat(probe.period()).isEqualTo(Probe.DEFAULT_PERIOD).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void withTimeoutAndWithPeriodDeriveCopies() {
        Probe probe = Probe.http(8080, "/health");

        Probe slower = probe.withTimeout(Duration.ofMinutes(2)).withPeriod(Duration.ofSeconds(1));

        assertThat(slower.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(slower.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(slower.kind()).isEqualTo(Probe.Kind.HTTP);
        assertThat(slower.port()).isEqualTo(8080);
        assertThat(slower.path()).isEqualTo("/health");
        assertThat(probe.timeout()).as("the original is unchanged").isEqualTo(Probe.DEFAULT_TIMEOUT);
        assertThat(slower).isNotEqualTo(probe);
    }

    @Test
    void probesMadeTwiceAreEqual() {
        assertThat(Probe.exec("pg_isready", "-q")).isEqualTo(Probe.exec("pg_isready", "-q"))
                .hasSameHashCodeAs(Probe.exec("pg_isready", "-q"));
        assertThat(Probe.logLine("ready").withTimeout(Duration.ofSeconds(5)))
                .isEqualTo(Probe.logLine("ready").withTimeout(Duration.ofSeconds(5)));
        assertThat(Probe.tcp(80)).isNotEqualTo(Probe.tcp(81));
        assertThat(Probe.started()).isNotEqualTo(Probe.logLine(".*"));
    }

    @Test
    void execProbeKeepsACopyOfItsCommand() {
        String[] command = {"pg_isready", "-q"};
        Probe probe = Probe.exec(command);

        command[0] = "false";

        assertThat(probe.command()).containsExactly("pg_isready", "-q");
    }

    @Test
    void toStringIsReadable() {
        assertThat(Probe.started()).hasToString("started within PT1M");
        assertThat(Probe.tcp(5432)).hasToString("tcp(5432) within PT1M");
        assertThat(Probe.http(8080, "/health").withTimeout(Duration.ofSeconds(5)))
                .hasToString("http(8080, /health) within PT5S");
        assertThat(Probe.exec("pg_isready", "-q")).hasToString("exec[pg_isready, -q] within PT1M");
        assertThat(Probe.logLine("ready to accept")).hasToString("logLine(/ready to accept/) within PT1M");
    }
}
