package dev.sidecar.cli;

import dev.sidecar.contract.InvalidContractException;
import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code sidecar} command line. Commands: {@code contract IMAGE}, {@code contract diff OLD NEW} and
 * {@code sweep [--dry-run]}, plus
 * {@code generate-completion} for a bash/zsh completion script. Failures are one line on stderr, with an exit code
 * from {@link ExitCodes}.
 */
@Command(name = "sidecar", mixinStandardHelpOptions = true, versionProvider = SidecarCli.Version.class,
        subcommands = {ContractCommand.class, SweepCommand.class, AutoComplete.GenerateCompletion.class},
        description = "Tools for sidecar images and Kubernetes-style pods on a Docker engine.",
        footer = {"", "Shell completion: source <(sidecar generate-completion)"},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:done; contract diff: no breaking change",
            "1:contract diff: a breaking change",
            "2:bad arguments",
            "3:an image is missing, or declares no contract or an invalid one",
            "4:no Docker engine answers",
            "5:an unexpected failure (stack trace on stderr)",
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
