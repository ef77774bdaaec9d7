package dev.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
                .contains("  contract ", "  sweep ", "  generate-completion ", "  4   no Docker engine answers");
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
        assertThat(run("play", "pod.yaml")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Unmatched arguments from index 0: 'play', 'pod.yaml'");
    }
}
