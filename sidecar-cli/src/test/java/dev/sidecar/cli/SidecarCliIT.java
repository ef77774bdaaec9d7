package dev.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sidecar.test.ContractImages;
import dev.sidecar.test.ContractImages.Built;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sidecar} executable jar run as a process, as a user or a CI pipeline runs it: exit codes, stdout and
 * stderr. The images are built in the test from the local busybox image and removed after. The process gets this
 * JVM's environment without {@code TESTCONTAINERS_RYUK_DISABLED}, as a user's shell would: a command that started
 * Testcontainers' Ryuk container would try to pull it and fail here, where no registry is reachable.
 */
class SidecarCliIT {

    private static final String JAR = System.getProperty("sidecar.cli.jar");
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final long EXIT_TIMEOUT_SECONDS = 90;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String V1 = """
            LABEL dev.sidecar.contract.version="1" org.opencontainers.image.title="poller" \\
                  org.opencontainers.image.version="1" org.opencontainers.image.description="Polls TARGET_URL" \\
                  dev.sidecar.contract.role="sidecar"
            LABEL dev.sidecar.contract.param.TARGET_URL.required="true" dev.sidecar.contract.param.TARGET_URL.unit="url" \\
                  dev.sidecar.contract.param.TARGET_URL.description="Where it polls"
            ENV TARGET_URL=""
            LABEL dev.sidecar.contract.param.MODE.values="fast,safe" dev.sidecar.contract.param.MODE.description="How it polls"
            ENV MODE=safe
            LABEL dev.sidecar.contract.param.INTERVAL_SECONDS.unit="seconds" \\
                  dev.sidecar.contract.param.INTERVAL_SECONDS.description="How often it polls"
            ENV INTERVAL_SECONDS=10
            EXPOSE 8080 9090
            LABEL dev.sidecar.contract.port.8080.description="status page" dev.sidecar.contract.port.9090.description="metrics"
            """;
    /** V1 with a removed port, a changed default and a narrowed set of values: breaking. */
    private static final String V2_BREAKING = V1.replace("ENV INTERVAL_SECONDS=10", "ENV INTERVAL_SECONDS=60")
            .replace("MODE.values=\"fast,safe\"", "MODE.values=\"safe\"").replace("EXPOSE 8080 9090", "EXPOSE 8080")
            .replace(" dev.sidecar.contract.port.9090.description=\"metrics\"", "");
    /** V1 with a new optional parameter and a widened set of values: compatible. */
    private static final String V2_COMPATIBLE = V1.replace("MODE.values=\"fast,safe\"", "MODE.values=\"fast,safe,eco\"")
            + "LABEL dev.sidecar.contract.param.LOG_LEVEL.description=\"Verbosity\"\nENV LOG_LEVEL=info\n";
    private static final String INVALID = """
            LABEL dev.sidecar.contract.version="1" dev.sidecar.contract.param.WAIT.unit="secs" \\
                  dev.sidecar.contract.param.WAIT.description="How long it waits"
            ENV WAIT=5
            """;

    private static final List<Built> BUILT = new ArrayList<>();
    private static String v1;
    private static String v2Breaking;
    private static String v2Compatible;
    private static String invalid;

    @TempDir
    Path tmp;

    private final List<String> handMadeContainers = new ArrayList<>();
    private final List<String> handMadeVolumes = new ArrayList<>();

    @BeforeAll
    static void buildImages() {
        assertThat(JAR).as("system property sidecar.cli.jar (set by the pom for Failsafe)").isNotBlank();
        assertThat(Path.of(JAR)).as("the executable jar, built in package").isRegularFile();
        v1 = build("cli-poller-v1", V1);
        v2Breaking = build("cli-poller-v2-breaking", V2_BREAKING);
        v2Compatible = build("cli-poller-v2-compatible", V2_COMPATIBLE);
        invalid = build("cli-invalid", INVALID);
    }

    @AfterAll
    static void removeImages() {
        BUILT.forEach(Built::close);
    }

    private static String build(String name, String instructions) {
        Built built = ContractImages.build(name, instructions);
        BUILT.add(built);
        return built.image();
    }

    @AfterEach
    void removeHandMadeObjects() {
        for (String name : handMadeContainers) {
            try {
                EngineObjects.client().removeContainerCmd(name).withForce(true).exec();
            } catch (NotFoundException swept) {
                // The test's sweep removed it.
            }
        }
        for (String name : handMadeVolumes) {
            try {
                EngineObjects.client().removeVolumeCmd(name).exec();
            } catch (NotFoundException swept) {
                // Swept.
            }
        }
    }

    /** The library's labels (see dev.sidecar.docker.Labels) for a pod owned by process {@code pid} on this host. */
    private static Map<String, String> ownedBy(long pid, long startedMillis) throws IOException {
        return Map.of("dev.sidecar", "true", "dev.sidecar.pod", "cli-sweep", "dev.sidecar.pod-instance", "clisweep",
                "dev.sidecar.owner-host", InetAddress.getLocalHost().getHostName(),
                "dev.sidecar.owner-pid", Long.toString(pid), "dev.sidecar.owner-started", Long.toString(startedMillis));
    }

    private static long startedAt(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** The PID of a process that ran on this host and has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(p.pid()).filter(ProcessHandle::isAlive)).as("PID %d is free", p.pid()).isEmpty();
        return p.pid();
    }

    private String labelledContainer(Map<String, String> labels) {
        String name = "sidecar-cli-sweep-" + UUID.randomUUID().toString().substring(0, 8);
        EngineObjects.client().createContainerCmd(TestImages.BUSYBOX).withName(name).withCmd("true").withLabels(labels)
                .exec();
        handMadeContainers.add(name);
        return name;
    }

    private String labelledVolume(Map<String, String> labels) {
        String name = EngineObjects.client().createVolumeCmd().withLabels(labels).exec().getName();
        handMadeVolumes.add(name);
        return name;
    }

    private static boolean containerExists(String name) {
        try {
            EngineObjects.client().inspectContainerCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static boolean volumeExists(String name) {
        try {
            EngineObjects.client().inspectVolumeCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    record Result(int exitCode, String out, String err) {
    }

    private Result sidecar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", JAR));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    private Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("TESTCONTAINERS_RYUK_DISABLED");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("%s did not exit within %d s; stderr: %s", command, EXIT_TIMEOUT_SECONDS, Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void contractPrintsTheImagesContractAsText() throws Exception {
        Result result = sidecar("contract", v1);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith(v1 + " (poller 1, sidecar, contract version 1)\nPolls TARGET_URL\n")
                .contains("  TARGET_URL  required  [url]\n      Where it polls\n",
                        "  MODE = safe  [one of fast, safe]\n", "  INTERVAL_SECONDS = 10  [seconds]\n",
                        "Ports:\n  8080/tcp\n      status page\n  9090/tcp\n      metrics\n");
    }

    @Test
    void contractJsonListsParametersAndPorts() throws Exception {
        Result result = sidecar("contract", "--json", v1);

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = JSON.readTree(result.out());
        assertThat(json.get("image").asText()).isEqualTo(v1);
        assertThat(json.get("parameters").findValuesAsText("name"))
                .containsExactly("TARGET_URL", "MODE", "INTERVAL_SECONDS");
        assertThat(json.get("ports").findValuesAsText("port")).containsExactly("8080", "9090");
    }

    @Test
    void contractOfAnImageWithoutContractFailsWithExitCode3() throws Exception {
        Result result = sidecar("contract", TestImages.BUSYBOX);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("sidecar: image '" + TestImages.BUSYBOX + "' declares no sidecar "
                + "contract (it has no label dev.sidecar.contract.version); see the README, section Sidecar "
                + "contracts\n");
    }

    @Test
    void contractOfAMissingImageFailsWithoutPulling() throws Exception {
        Result result = sidecar("contract", "sidecar-contract-test/missing:never");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("sidecar: image 'sidecar-contract-test/missing:never' is not on the "
                + "engine: this command reads local images only and pulls nothing; pull or build it first (docker "
                + "pull sidecar-contract-test/missing:never)\n");
    }

    @Test
    void contractOfAnImageWithInvalidLabelsListsTheProblems() throws Exception {
        Result result = sidecar("contract", invalid);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("sidecar: image '" + invalid + "' has an invalid sidecar contract: "
                + "1 problem\n  - label dev.sidecar.contract.param.WAIT.unit 'secs': not a unit (known: duration");
    }

    @Test
    void diffWithBreakingChangesListsThemAndExitsWith1() throws Exception {
        Result result = sidecar("contract", "diff", v1, v2Breaking);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(v1 + " -> " + v2Breaking + ": 3 changes, 3 breaking\n"
                + "  breaking    VALUES_NARROWED  parameter MODE: values fast no longer allowed (was fast, safe; now "
                + "safe)\n"
                + "  breaking    DEFAULT_CHANGED  parameter INTERVAL_SECONDS: default changed from '10' to '60'\n"
                + "  breaking    PORT_REMOVED     port 9090/tcp: no longer served\n"
                + "breaking: pods written for " + v1 + " may fail with " + v2Breaking + "\n");
    }

    @Test
    void diffWithOnlyCompatibleChangesExitsWith0() throws Exception {
        Result result = sidecar("contract", "diff", v1, v2Compatible);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(v1 + " -> " + v2Compatible + ": 2 changes, 0 breaking\n"
                + "  compatible  VALUES_WIDENED            parameter MODE: values eco now allowed too (was fast, safe)\n"
                + "  compatible  PARAMETER_ADDED_OPTIONAL  parameter LOG_LEVEL: added, default 'info'\n"
                + "compatible: pods written for " + v1 + " work with " + v2Compatible + "\n");
    }

    @Test
    void diffOfAnImageWithItselfSaysNoChange() throws Exception {
        Result result = sidecar("contract", "diff", v1, v1);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(v1 + " -> " + v1 + ": no change\n");
    }

    @Test
    void diffJsonHasTheVerdictAndEachChangesClass() throws Exception {
        Result result = sidecar("contract", "diff", "--json", v1, v2Breaking);

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode json = JSON.readTree(result.out());
        assertThat(json.get("breaking").asBoolean()).isTrue();
        assertThat(json.get("changes").findValuesAsText("kind"))
                .containsExactly("VALUES_NARROWED", "DEFAULT_CHANGED", "PORT_REMOVED");
        assertThat(json.get("changes").findValuesAsText("class")).containsOnly("breaking");
    }

    @Test
    void diffAgainstAnImageWithoutContractFailsWithExitCode3() throws Exception {
        Result result = sidecar("contract", "diff", v1, TestImages.BUSYBOX);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("image '" + TestImages.BUSYBOX + "' declares no sidecar contract");
    }

    @Test
    void badArgumentsExitWith2AndShowTheUsage() throws Exception {
        Result result = sidecar("contract", "diff", v1);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Missing required parameter: 'NEW'\nUsage: sidecar contract diff ");
    }

    @Test
    void sweepDryRunListsWhatADeadJvmLeftAndRemovesNothing() throws Exception {
        String container = labelledContainer(ownedBy(deadPid(), startedAt(ProcessHandle.current()) - 1000));
        String volume = labelledVolume(ownedBy(deadPid(), startedAt(ProcessHandle.current()) - 1000));

        Result result = sidecar("sweep", "--dry-run");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("container " + container + "\n", "volume " + volume + "\n")
                .containsPattern("\\d+ container\\(s\\), \\d+ volume\\(s\\) and \\d+ network\\(s\\) would be "
                        + "removed \\(dry run: nothing was\\)\n$");
        assertThat(containerExists(container)).isTrue();
        assertThat(volumeExists(volume)).isTrue();
    }

    @Test
    void sweepRemovesWhatADeadJvmLeftAndNothingElse() throws Exception {
        String orphan = labelledContainer(ownedBy(deadPid(), startedAt(ProcessHandle.current()) - 1000));
        String orphanVolume = labelledVolume(ownedBy(deadPid(), startedAt(ProcessHandle.current()) - 1000));
        String live = labelledContainer(ownedBy(ProcessHandle.current().pid(), startedAt(ProcessHandle.current())));
        String unlabelled = labelledContainer(Map.of());

        Result result = sidecar("sweep");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("container " + orphan + "\n", "volume " + orphanVolume + "\n")
                .doesNotContain(live, unlabelled)
                .containsPattern("container\\(s\\), \\d+ volume\\(s\\) and \\d+ network\\(s\\) removed\n$");
        assertThat(containerExists(orphan)).isFalse();
        assertThat(volumeExists(orphanVolume)).isFalse();
        assertThat(containerExists(live)).as("the container of a live JVM").isTrue();
        assertThat(containerExists(unlabelled)).as("a container without the library's labels").isTrue();
    }

    @Test
    void versionComesFromTheJarsManifest() throws Exception {
        Result result = sidecar("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).matches("sidecar \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    }

    @Test
    void completionScriptIsGenerated() throws Exception {
        Result result = sidecar("generate-completion");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("_complete_sidecar", "contract", "diff");
    }

    @Test
    void noEngineGivesExitCode4AndSaysWhatToDo() throws Exception {
        // Hides the engine's socket (/run/docker.sock) in a private mount namespace; needs root, as CI has.
        assumeTrue(run(List.of("unshare", "--mount", "true"), Map.of()).exitCode() == 0,
                "unshare --mount is not permitted here");
        List<String> command = List.of("unshare", "--mount", "sh", "-c",
                "mount -t tmpfs tmpfs /run && exec \"$0\" -jar \"$1\" contract \"$2\"", JAVA.toString(), JAR, v1);
        Result result = run(command, Map.of("HOME", tmp.toString(), "DOCKER_HOST", "unix:///run/docker.sock"));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("sidecar: no Docker engine answers at DOCKER_HOST=unix:///run/docker.sock: "
                + "start one (docker info must answer) or set DOCKER_HOST; --verbose shows where Testcontainers "
                + "looked\n");
    }
}
