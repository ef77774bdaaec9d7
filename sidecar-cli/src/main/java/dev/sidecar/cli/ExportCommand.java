package dev.sidecar.cli;

import dev.sidecar.PodSpec;
import dev.sidecar.kubernetes.ComposeExport;
import dev.sidecar.kubernetes.KubernetesExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sidecar export FILE... [--workload KIND/NAME] [--format pod|compose] [--output FILE]}: a manifest's pod, as the
 * library imports it, written as a v1 Pod manifest or a Compose file. Reads files only: no engine is needed.
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = SidecarCli.Version.class,
        sortOptions = false,
        description = {"Imports a workload's pod from Kubernetes manifests (a Deployment, Job, StatefulSet, "
                + "...) as the library does, and writes it as a v1 Pod manifest with its ConfigMaps (--format pod, "
                + "the default) or as a Compose file (--format compose), on stdout or into --output FILE.",
            "What was not carried over exactly is reported on stderr, one line per field path. Strict by default: a "
                + "field the Docker pod cannot honour, or an extension Kubernetes or Compose has no field for, is "
                + "refused; --lenient leaves it out and reports it. Secret values are not written unless "
                + "--with-secret-values."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:exported",
            "2:bad arguments, or a FILE does not exist",
            "6:a manifest cannot be read, or is refused (each problem on stderr with its field path)",
        })
final class ExportCommand implements Callable<Integer> {

    /** What to write. */
    enum Format {
        pod, compose
    }

    @Mixin
    private ManifestInput input;

    @Option(names = {"--format", "--to"}, paramLabel = "pod|compose", defaultValue = "pod",
            description = "pod: a v1 Pod manifest and its ConfigMaps (and Secrets with --with-secret-values); "
                    + "compose: a Compose file (default: ${DEFAULT-VALUE})")
    private Format format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "write to FILE instead of stdout (for compose, the files of its volumes go beside it, "
                    + "under files/)")
    private Path output;

    @Option(names = "--with-secret-values", description = "write the values of Secrets and secret env variables "
            + "(only for a manifest that stays private)")
    private boolean secretValues;

    @Option(names = "--infra-image", paramLabel = "IMAGE", defaultValue = ComposeExport.DEFAULT_INFRA_IMAGE,
            description = "for compose: the pause image of the infra service (default: ${DEFAULT-VALUE})")
    private String infraImage;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PodSpec pod = input.importPod(err).spec();
        if (format == Format.pod) {
            KubernetesExport export = KubernetesExport.of(pod);
            export = input.lenient ? export.lenient() : export;
            export = secretValues ? export.withSecretValues() : export;
            ManifestInput.report(err, "export", export.report());
            if (output == null) {
                out.print(export.toYaml());
            } else {
                export.writeTo(output);
            }
        } else {
            ComposeExport export = ComposeExport.of(pod).infraImage(infraImage);
            export = input.lenient ? export.lenient() : export;
            export = secretValues ? export.withSecretValues() : export;
            ManifestInput.report(err, "export", export.report());
            if (output == null) {
                if (export.hasFiles()) {
                    err.println("sidecar: export: the Compose file mounts files of its volumes from ./files/: write "
                            + "it with --output FILE to have them written beside it");
                }
                out.print(export.toYaml());
            } else {
                Path absolute = output.toAbsolutePath();
                export.writeTo(absolute.getParent(), absolute.getFileName().toString());
            }
        }
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }
}
