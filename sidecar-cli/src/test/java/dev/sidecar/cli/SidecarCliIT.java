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
import dev.sidecar.PodSpec;
import dev.sidecar.kubernetes.KubernetesManifests;
import dev.sidecar.test.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    /** The manifests sidecar-kubernetes imports in its tests. */
    private static final Path CORPUS = Path.of(System.getProperty("user.dir"))
            .resolve("../sidecar-kubernetes/src/test/resources/k8s/corpus").normalize();
    /** How long a played pod may take to print its endpoints. */
    private static final Duration PLAY_START_TIMEOUT = Duration.ofSeconds(90);

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



    record Result(int exitCode, String out, String err) {
    }

    private Result sidecar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", JAR));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    /** A command started as a process, its stdout and stderr going to files. */
    record Running(Process process, List<String> command, Path out, Path err) {
    }

    private Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        return awaitExit(start(command, env));
    }

    private Running start(List<String> command, Map<String, String> env) throws IOException {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("TESTCONTAINERS_RYUK_DISABLED");
        builder.environment().putAll(env);
        return new Running(builder.start(), command, out, err);
    }

    private static Result awaitExit(Running running) throws IOException, InterruptedException {
        Process process = running.process();
        if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("%s did not exit within %d s; stderr: %s", running.command(), EXIT_TIMEOUT_SECONDS,
                    Files.readString(running.err()));
        }
        return new Result(process.exitValue(), Files.readString(running.out()), Files.readString(running.err()));
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
        assertThat(EngineObjects.containerExists(container)).isTrue();
        assertThat(EngineObjects.volumeExists(volume)).isTrue();
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
        assertThat(EngineObjects.containerExists(orphan)).isFalse();
        assertThat(EngineObjects.volumeExists(orphanVolume)).isFalse();
        assertThat(EngineObjects.containerExists(live)).as("the container of a live JVM").isTrue();
        assertThat(EngineObjects.containerExists(unlabelled)).as("a container without the library's labels").isTrue();
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

    // --- export and play ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"job-with-sidecar.yaml", "envoy-sidecar.yaml", "statefulset-sql-proxy.yaml"})
    void exportOfACorpusManifestImportsBackToTheSameSpec(String manifest) throws Exception {
        Path file = CORPUS.resolve(manifest);

        Result result = sidecar("export", "--lenient", "--with-secret-values", file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("---\napiVersion: \"v1\"\nkind: \"Pod\"\n");
        PodSpec imported = KubernetesManifests.load(file).workload().lenient().toPodSpec();
        assertThat(KubernetesManifests.parse(result.out()).workload("Pod", imported.name()).toPodSpec())
                .isEqualTo(imported);
    }

    @Test
    void exportOfARefusedManifestCreatesNoFileAndNamesTheFields() throws Exception {
        Path manifest = write("refused.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: refused}
                spec:
                  template:
                    spec:
                      hostNetwork: true
                      containers:
                        - {name: app, image: busybox:1.36}
                """);
        Path output = tmp.resolve("pod.yaml");

        Result result = sidecar("export", manifest.toString(), "--output", output.toString());

        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.err()).contains("spec.template.spec.hostNetwork 'true': unsupported",
                "sidecar: --lenient leaves the unsupported fields out");
        assertThat(output).doesNotExist();
    }

    @Test
    void playOfAJobRunsItToCompletionForwardsItsSidecarsOutputAndLeavesNothing() throws Exception {
        String pod = uniqueName("cli-play-job");
        Path manifest = write("job.yaml", """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: %s}
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      terminationGracePeriodSeconds: 2
                      initContainers:
                        - name: shipper
                          image: busybox:1.36
                          restartPolicy: Always
                          command: [sh, -c, 'touch /work/out.log && exec tail -F /work/out.log']
                          volumeMounts: [{name: work, mountPath: /work}]
                      containers:
                        - name: report
                          image: busybox:1.36
                          command: [sh, -c, 'for i in 1 2 3; do echo "report line $i" >> /work/out.log; done']
                          volumeMounts: [{name: work, mountPath: /work}]
                      volumes: [{name: work, emptyDir: {}}]
                """.formatted(pod));

        Result result = awaitExit(startPlay(manifest));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("sidecar: import: IGNORED spec.backoffLimit: ");
        assertThat(result.out()).contains("pod " + pod + " started (instance ", "pod " + pod + " declares no port",
                "INFO shipper - [", "] report line 3\n", "pod " + pod + " SUCCEEDED\n",
                "  report: TERMINATED (Completed), exit code 0",
                "pod " + pod + " closed: its containers and volumes are removed\n");
        assertNothingLeftOf(pod);
    }

    @Test
    void playOfADeploymentServesItsPortUntilTheTimeoutThenRemovesEverything() throws Exception {
        String pod = uniqueName("cli-play-web");
        Running play = startPlay(webDeployment(pod), "--timeout", "5s");

        String endpoint = awaitEndpoint(play, "web", 8080);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + endpoint + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        Result result = awaitExit(play);

        assertThat(response.body()).isEqualTo("hello from " + pod + "\n");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("pod " + pod + " still RUNNING after --timeout 5s\n",
                "pod " + pod + " closed: its containers and volumes are removed\n");
        assertNothingLeftOf(pod);
    }

    @Test
    void playStoppedBySigtermClosesThePodAndExitsWith143() throws Exception {
        String pod = uniqueName("cli-play-stop");
        Running play = startPlay(webDeployment(pod));
        awaitEndpoint(play, "web", 8080);

        play.process().destroy();
        Result result = awaitExit(play);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(143);
        assertThat(result.out()).contains("pod " + pod + " stopping (grace period 2s; Ctrl-C again to kill it now)\n",
                "pod " + pod + " closed: its containers and volumes are removed\n");
        assertNothingLeftOf(pod);
    }

    /**
     * Ctrl-C (SIGINT), or SIGTERM, twice. A JVM started with SIGINT ignored (a shell without job control starts its
     * background commands so, and the process this test starts inherits it) never sees Ctrl-C: then the SIGINT case
     * is skipped, saying so.
     */
    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void playStoppedTwiceKillsThePodWithoutWaitingOutItsGracePeriod(String signal) throws Exception {
        assumeTrue(!signal.equals("INT") || !ignoredByThisJvm(2),
                "SIGINT is ignored by this JVM (started in the background of a shell), and so by the play it starts");
        String pod = uniqueName("cli-play-force");
        // The container ignores SIGTERM and may take 600 s to stop: only the second signal ends it within the
        // 90 s that awaitExit waits.
        Running play = startPlay(write("stubborn.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  terminationGracePeriodSeconds: 600
                  containers:
                    - name: web
                      image: busybox:1.36
                      command: [sh, -c, 'trap "" TERM; mkdir -p /www; httpd -p 8080 -h /www; sleep 3600 & wait']
                      ports: [{containerPort: 8080}]
                      readinessProbe: {tcpSocket: {port: 8080}}
                """.formatted(pod)));
        awaitEndpoint(play, "web", 8080);

        sendSignal(play, signal);
        awaitWhilePlaying(play, "the stopping line", () -> Optional.of(Files.readString(play.out()))
                .filter(out -> out.contains("pod " + pod + " stopping (grace period 10m;")));
        sendSignal(play, signal);
        Result result = awaitExit(play);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(signal.equals("INT") ? 130 : 143);
        assertThat(result.out()).contains("pod " + pod + ": SIG" + signal + " again, killing its containers now\n",
                "pod " + pod + " closed: its containers and volumes are removed\n");
        assertNothingLeftOf(pod);
    }

    /** Whether this JVM's process ignores signal {@code number} (its SigIgn mask in /proc/self/status). */
    private static boolean ignoredByThisJvm(int number) throws IOException {
        String mask = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).strip();
        return new java.math.BigInteger(mask, 16).testBit(number - 1);
    }

    /** Sends {@code signal} (such as INT: Ctrl-C) to the play process, as a terminal or kill(1) would. */
    private static void sendSignal(Running play, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(play.process().pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", signal).isTrue();
    }

    @Test
    void playStoppedDuringTheStartRemovesWhatTheStartCreated() throws Exception {
        String pod = uniqueName("cli-play-starting");
        Running play = startPlay(podWithInitContainer(pod, "sleep 600"));
        awaitRunningInitContainer(play, pod);

        play.process().destroy();
        Result result = awaitExit(play);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(143);
        assertThat(result.out()).contains("pod " + pod + " stopping during its start").doesNotContain(" started ");
        assertNothingLeftOf(pod);
    }

    @Test
    void playOfAPodWhoseInitContainerFailsExitsWith7AndLeavesNothing() throws Exception {
        String pod = uniqueName("cli-play-init");
        Path manifest = podWithInitContainer(pod, "echo schema missing; exit 3");

        Result result = awaitExit(startPlay(manifest));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(7);
        assertThat(result.err()).startsWith("sidecar: play: pod " + pod + " did not start: ")
                .contains("init", "schema missing");
        assertNothingLeftOf(pod);
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }

    /** A Deployment whose one container serves "hello from POD" on port 8080 with busybox httpd. */
    private Path webDeployment(String pod) throws IOException {
        return write("web.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      terminationGracePeriodSeconds: 2
                      containers:
                        - name: web
                          image: busybox:1.36
                          command: [sh, -c, 'mkdir -p /www && echo "hello from %s" > /www/index.html && exec httpd -f -p 8080 -h /www']
                          ports: [{containerPort: 8080}]
                          readinessProbe: {tcpSocket: {port: 8080}}
                """.formatted(pod, pod));
    }

    /** A Pod (restartPolicy Never) whose init container {@code init} runs {@code script}, then main sleeps. */
    private Path podWithInitContainer(String pod, String script) throws IOException {
        return write(pod + ".yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  restartPolicy: Never
                  initContainers:
                    - {name: init, image: busybox:1.36, command: [sh, -c, '%s']}
                  containers:
                    - {name: app, image: busybox:1.36, command: [sleep, '600']}
                """.formatted(pod, script));
    }

    private Running startPlay(Path manifest, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(manifest.toString(), "--image",
                "busybox:1.36=" + TestImages.BUSYBOX));
        args.addAll(List.of(more));
        return startPlay(args.toArray(String[]::new));
    }

    /** {@code sidecar play ARGS} as a process, with the project's pause image as a user would set it. */
    private Running startPlay(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", JAR, "play"));
        command.addAll(List.of(args));
        return start(command, Map.of("SIDECAR_INFRA_IMAGE", TestImages.PAUSE));
    }

    /**
     * The {@code host:port} {@code play} prints for {@code container}'s {@code port}, once it does; fails with its
     * output when it ends or {@link #PLAY_START_TIMEOUT} passes first.
     */
    private static String awaitEndpoint(Running play, String container, int port) throws Exception {
        Pattern line = Pattern.compile("^endpoint " + container + " " + port + "/tcp (\\S+)$", Pattern.MULTILINE);
        return awaitWhilePlaying(play, "the endpoint line of " + container + ":" + port, () -> {
            Matcher m = line.matcher(Files.readString(play.out()));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        });
    }

    /** Waits until an init container of {@code pod} runs, as {@link #awaitEndpoint} waits. */
    private static void awaitRunningInitContainer(Running play, String pod) throws Exception {
        List<String> labels = List.of(EngineObjects.POD_LABEL + "=" + pod, EngineObjects.ROLE_LABEL + "=init");
        awaitWhilePlaying(play, "a running init container of " + pod, () -> EngineObjects.client()
                .listContainersCmd().withLabelFilter(labels).exec().stream().findFirst());
    }

    /** What a check is looking for, checked every 100 ms. */
    private interface Check<T> {
        Optional<T> find() throws IOException;
    }

    /**
     * What {@code check} finds, as soon as it does (checked every 100 ms); fails with play's output when play ends or
     * {@link #PLAY_START_TIMEOUT} passes first.
     */
    private static <T> T awaitWhilePlaying(Running play, String what, Check<T> check) throws Exception {
        Instant deadline = Instant.now().plus(PLAY_START_TIMEOUT);
        boolean ended = false;
        while (!ended && Instant.now().isBefore(deadline)) {
            Optional<T> found = check.find();
            if (found.isPresent()) {
                return found.get();
            }
            ended = play.process().waitFor(100, TimeUnit.MILLISECONDS);
        }
        play.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return fail("no %s within %s; stdout:%n%s%nstderr:%n%s", what, PLAY_START_TIMEOUT,
                Files.readString(play.out()), Files.readString(play.err()));
    }

    /** Containers and volumes of every pod named {@code pod}, whichever process made them. */
    private static void assertNothingLeftOf(String pod) {
        String label = EngineObjects.POD_LABEL + "=" + pod;
        assertThat(EngineObjects.client().listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec())
                .as("containers labelled %s", label).isEmpty();
        var volumes = EngineObjects.client().listVolumesCmd().withFilter("label", List.of(label)).exec().getVolumes();
        assertThat(volumes == null ? List.of() : volumes).as("volumes labelled %s", label).isEmpty();
    }
}
