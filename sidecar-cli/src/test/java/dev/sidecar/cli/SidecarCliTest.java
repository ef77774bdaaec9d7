package dev.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line's arguments, help and usage errors, run in this JVM: nothing here reaches the engine (the
 * commands that do are in {@link SidecarCliIT}, run as a process).
 */
class SidecarCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = SidecarCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void helpOfTheTopCommandListsItsCommandsAndExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: sidecar [-hV] [--verbose] [COMMAND]")
                .contains("  contract ", "  sweep ", "  generate-completion ", "no Docker engine answers");
    }

    @Test
    void helpOfSweepShowsTheDryRunOption() {
        assertThat(run("sweep", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: sidecar sweep [-hV] [--dry-run] [--verbose]")
                .contains("--dry-run", "never touched");
    }

    @Test
    void helpOfContractShowsBothForms() {
        assertThat(run("contract", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: sidecar contract [-hV] [--json] [--verbose] IMAGE\n"
                + "       sidecar contract diff [-hV] [--json] [--verbose] OLD NEW");
    }

    @Test
    void helpOfContractDiffShowsItsExitCodes() {
        assertThat(run("contract", "diff", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: sidecar contract diff [-hV] [--json] [--verbose] OLD NEW")
                .contains("  0   no breaking change", "  1   a breaking change");
    }

    @Test
    void versionComesFromTheJar() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("sidecar ");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).startsWith("Missing required subcommand\nUsage: sidecar ");
    }

    @Test
    void contractWithoutImageIsAUsageError() {
        assertThat(run("contract")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Missing required parameter: 'IMAGE'\nUsage: sidecar contract ");
    }

    @Test
    void diffWithOneImageIsAUsageError() {
        assertThat(run("contract", "diff", "a:1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Missing required parameter: 'NEW'");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("contract", "--jsn", "a:1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Unknown option: '--jsn'");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("apply", "pod.yaml")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Unmatched arguments from index 0: 'apply', 'pod.yaml'");
    }

    // --- play and export: what is refused before any engine is asked ---

    private static final Path CORPUS = Path.of(System.getProperty("user.dir"))
            .resolve("../sidecar-kubernetes/src/test/resources/k8s/corpus").normalize();
    private static final String JOB = CORPUS.resolve("job-with-sidecar.yaml").toString();

    @TempDir
    Path tmp;

    private String refusedManifest() throws IOException {
        return Files.writeString(tmp.resolve("refused.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: refused}
                spec:
                  hostNetwork: true
                  containers:
                    - name: app
                      image: busybox:1.36
                      livenessProbe: {grpc: {port: 9000}}
                """).toString();
    }

    @Test
    void helpOfTheTopCommandListsPlayAndExport() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("  play ", "  export ", "  6     a Kubernetes manifest cannot be read");
    }

    @Test
    void helpOfPlaySaysHowItEndsAndItsExitCodes() {
        assertThat(run("play", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: sidecar play ")
                .contains("--timeout=DURATION", "--image=FROM=TO", "-e, --env=CONTAINER:NAME=VALUE", "--lenient",
                        "--strict", "Ctrl-C", "  124 ", "  130, 143 ");
    }

    @Test
    void helpOfExportShowsItsFormats() {
        assertThat(run("export", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: sidecar export ").contains("--format=pod|compose",
                "--output=FILE", "--with-secret-values");
    }

    @Test
    void playWithoutFileIsAUsageError() {
        assertThat(run("play")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Missing required parameter: 'FILE'");
    }

    @Test
    void playOfAMissingFileIsAUsageError() {
        assertThat(run("play", tmp.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sidecar: FILE '" + tmp.resolve("nope.yaml") + "' does not exist\n");
    }

    @Test
    void playWithATimeoutThatIsNoDurationIsAUsageError() {
        assertThat(run("play", "--timeout", "5x", JOB)).isEqualTo(2);
        assertThat(err.toString()).startsWith("Invalid value for option '--timeout': '5x' is not a duration such as "
                + "30s, 2m, 1m30s, 500ms or PT30S");
    }

    @Test
    void playWithAnImageOverrideThatIsNoPairIsAUsageError() {
        assertThat(run("play", "--image", "busybox:1.36", JOB)).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sidecar: --image 'busybox:1.36' is not FROM=TO, such as "
                + "nginx:1.27=my/nginx:dev\n");
    }

    @Test
    void playWithAnEnvOverrideWithoutContainerIsAUsageError() {
        assertThat(run("play", "-e", "LOG_LEVEL=debug", JOB)).isEqualTo(2);
        assertThat(err.toString()).startsWith("sidecar: --env 'LOG_LEVEL=debug' is not CONTAINER:NAME=VALUE");
    }

    @Test
    void strictAndLenientTogetherAreAUsageError() {
        assertThat(run("export", "--strict", "--lenient", JOB)).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sidecar: --strict and --lenient exclude each other\n");
    }

    @Test
    void playOfARefusedManifestListsEveryFieldWithExitCode6() throws IOException {
        assertThat(run("play", refusedManifest())).isEqualTo(6);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("sidecar: 2 problems in Kubernetes manifests:\n")
                .contains("line 5: spec.hostNetwork 'true': unsupported",
                        "line 9: spec.containers[0].livenessProbe.grpc: unsupported")
                .endsWith("sidecar: --lenient leaves the unsupported fields out and reports them instead\n");
    }

    @Test
    void exportLenientOfARefusedManifestReportsTheFieldsItLeftOut() throws IOException {
        assertThat(run("export", "--lenient", refusedManifest())).isZero();
        assertThat(err.toString()).contains("sidecar: import: UNSUPPORTED spec.hostNetwork: ",
                "sidecar: import: UNSUPPORTED spec.containers[0].livenessProbe.grpc: ");
        assertThat(out.toString()).contains("kind: \"Pod\"").doesNotContain("hostNetwork", "grpc");
    }

    @Test
    void exportTakesTheWorkloadsKindInAnyCase() {
        assertThat(run("export", "--workload", "job/nightly-report", JOB)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("name: \"nightly-report\"");
    }

    @Test
    void exportOfAWorkloadThatIsNotThereNamesTheOnesThatAre() {
        assertThat(run("export", "--workload", "Deployment/web", JOB)).isEqualTo(6);
        assertThat(err.toString()).contains("no Deployment named 'web' (workloads: Job/nightly-report)");
    }

    @Test
    void exportToComposeWritesAnInfraServiceAndOneServicePerContainer() {
        assertThat(run("export", "--format", "compose", JOB)).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("services:\n  infra:\n").contains("  log-forwarder:\n",
                "  report:\n");
    }

    @Test
    void exportWritesTheFileGivenWithOutput() throws IOException {
        Path file = tmp.resolve("out/pod.yaml");
        assertThat(run("export", JOB, "--output", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(Files.readString(file)).contains("kind: \"Pod\"", "name: \"report\"");
    }
}
