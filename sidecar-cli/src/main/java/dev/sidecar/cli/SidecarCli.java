package dev.sidecar.cli;

import dev.sidecar.contract.InvalidContractException;
import dev.sidecar.kubernetes.ManifestException;
import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code sidecar} command line. Commands: {@code contract IMAGE}, {@code contract diff OLD NEW},
 * {@code sweep [--dry-run]}, {@code play FILE...} and {@code export FILE...}, plus
 * {@code generate-completion} for a bash/zsh completion script. Failures are one line on stderr, with an exit code
 * from {@link ExitCodes}.
 */
@Command(name = "sidecar", mixinStandardHelpOptions = true, versionProvider = SidecarCli.Version.class,
        subcommands = {ContractCommand.class, SweepCommand.class, PlayCommand.class, ExportCommand.class,
            AutoComplete.GenerateCompletion.class},
        description = "Tools for sidecar images and Kubernetes-style pods on a Docker engine.",
        footer = {"", "Shell completion: source <(sidecar generate-completion)"},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:done; contract diff: no breaking change; play: the pod succeeded",
            "1:contract diff: a breaking change; play: the pod failed",
            "2:bad arguments",
            "3:an image is missing, or declares no contract or an invalid one",
            "4:no Docker engine answers",
            "5:an unexpected failure (stack trace on stderr)",
            "6:a Kubernetes manifest cannot be read, or is refused (each problem on stderr with its field path)",
            "7:play: the pod did not start",
            "124:play: a pod that runs to completion had not ended when --timeout elapsed",
        })
public final class SidecarCli {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "log to stderr what Testcontainers does to find the Docker engine")
    void verbose(boolean verbose) {
        if (verbose) {
            // Read by slf4j-simple when the first logger is made, which is after parsing.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            System.setProperty("org.slf4j.simpleLogger.log.org.testcontainers", "debug");
            System.setProperty("org.slf4j.simpleLogger.log.tc", "info");
        }
    }

    private SidecarCli() {
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with its error handling: what {@link #main} runs. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SidecarCli());
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof CliException cli) {
                err.println("sidecar: " + cli.getMessage());
                err.flush();
                return cli.exitCode();
            }
            if (e instanceof ManifestException refused) {
                err.println("sidecar: " + refused.getMessage());
                // The report's other entries: those refused are the problems above already.
                refused.report().entries().stream().filter(entry -> refused.problems().stream()
                        .noneMatch(p -> p.path().equals(entry.path()))).forEach(entry -> err.println(
                                "sidecar: import: " + entry));
                if (refused.report().hasUnsupported()) {
                    err.println("sidecar: --lenient leaves the unsupported fields out and reports them instead");
                }
                err.flush();
                return ExitCodes.MANIFEST;
            }
            if (e instanceof InvalidContractException invalid) {
                err.println("sidecar: " + invalid.getMessage());
                err.flush();
                return ExitCodes.IMAGE;
            }
            err.println("sidecar: unexpected failure: " + e);
            e.printStackTrace(err);
            err.flush();
            return ExitCodes.INTERNAL;
        });
        return commandLine;
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SidecarCli.class.getPackage().getImplementationVersion();
            return new String[] {"sidecar " + (version == null ? "(development build)" : version)};
        }
    }
}
