package dev.sidecar.cli;

import dev.sidecar.contract.ContractDiff;
import dev.sidecar.contract.ImageContract;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sidecar contract diff OLD NEW [--json]}: the breaking-change check between two images. */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = SidecarCli.Version.class,
        description = {"Compares the sidecar contracts of two images and lists each change as breaking (a removed, "
                + "renamed or newly required parameter, a changed default or unit, fewer allowed values, a removed "
                + "port...) or compatible (a new optional parameter or port, more allowed values...).",
            "The exit code says whether NEW breaks pods written for OLD, for CI pipelines. Both images must be on "
                + "the engine: nothing is pulled."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:no breaking change",
            "1:a breaking change",
            "2:bad arguments",
            "3:an image is missing, or declares no contract or an invalid one",
            "4:no Docker engine answers",
        })
final class ContractDiffCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "OLD", description = "the image pods were written against")
    private String oldImage;

    @Parameters(index = "1", paramLabel = "NEW", description = "the image to use instead")
    private String newImage;

    @Option(names = "--json", description = "print JSON instead of text")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        ImageContract oldContract;
        ImageContract newContract;
        try (EngineImages engine = EngineImages.connect()) {
            oldContract = engine.contractOf(oldImage).orElseThrow(() -> ContractCommand.noContract(oldImage));
            newContract = engine.contractOf(newImage).orElseThrow(() -> ContractCommand.noContract(newImage));
        }
        ContractDiff diff = ContractDiff.between(oldContract, newContract);
        spec.commandLine().getOut().print(json ? ContractJson.diff(oldImage, newImage, diff)
                : ContractText.diff(oldImage, newImage, diff));
        spec.commandLine().getOut().flush();
        return diff.isBreaking() ? ExitCodes.BREAKING : ExitCodes.OK;
    }
}
