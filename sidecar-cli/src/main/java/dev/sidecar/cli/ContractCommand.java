package dev.sidecar.cli;

import dev.sidecar.contract.ImageContract;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sidecar contract IMAGE [--json]}: prints an image's contract. */
@Command(name = "contract", mixinStandardHelpOptions = true, versionProvider = SidecarCli.Version.class,
        subcommands = ContractDiffCommand.class,
        customSynopsis = {"sidecar contract [-hV] [--json] [--verbose] IMAGE",
            "       sidecar contract diff [-hV] [--json] [--verbose] OLD NEW"},
        description = {"Prints the sidecar contract of IMAGE: its parameters (environment variables with defaults, "
                + "units and allowed values), ports and the paths it reads and writes on shared volumes, as its "
                + "labels declare them.", "IMAGE must be on the engine: nothing is pulled."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:printed",
            "2:bad arguments",
            "3:the image is missing, or declares no contract or an invalid one",
            "4:no Docker engine answers",
        })
final class ContractCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "IMAGE",
            description = "a local image, for example sidecar-examples/tls-proxy:1")
    private String image;

    @Option(names = "--json", description = "print JSON instead of text")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (image == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'IMAGE'");
        }
        ImageContract contract;
        try (EngineImages engine = EngineImages.connect()) {
            contract = engine.contractOf(image).orElseThrow(() -> noContract(image));
        }
        spec.commandLine().getOut().print(json ? ContractJson.contract(image, contract)
                : ContractText.contract(image, contract));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    static CliException noContract(String image) {
        return new CliException(ExitCodes.IMAGE, "image '" + image + "' declares no sidecar contract (it has no label "
                + ImageContract.VERSION_LABEL + "); see the README, section Sidecar contracts");
    }
}
