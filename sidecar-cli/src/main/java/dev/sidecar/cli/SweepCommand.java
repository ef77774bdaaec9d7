package dev.sidecar.cli;

import dev.sidecar.RuntimeUnavailableException;
import dev.sidecar.docker.DockerPodRuntime;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sidecar sweep [--dry-run]}: lists and removes what pods of JVMs that are gone left on the engine. */
@Command(name = "sweep", mixinStandardHelpOptions = true, versionProvider = SidecarCli.Version.class,
        description = {"Lists and removes what pods of JVMs that are gone left on the Docker engine: containers, "
                + "volumes and networks carrying the library's labels whose owner JVM ran on this host and is no "
                + "longer alive, as the library's own sweep does when a runtime first starts a pod.",
            "Objects without the labels, of live JVMs and of other hosts are never touched."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:swept (or listed, with --dry-run)",
            "2:bad arguments",
            "4:no Docker engine answers",
        })
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--dry-run", description = "list what would be removed, and remove nothing")
    private boolean dryRun;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DockerPodRuntime runtime = DockerPodRuntime.builder().transportConfig(EngineImages.transport()).build()) {
            DockerPodRuntime.Swept swept = runtime.sweep(dryRun);
            swept.containers().forEach(name -> out.println("container " + name));
            swept.volumes().forEach(name -> out.println("volume " + name));
            swept.networks().forEach(name -> out.println("network " + name));
            out.println(swept.containers().size() + " container(s), " + swept.volumes().size() + " volume(s) and "
                    + swept.networks().size() + " network(s) "
                    + (dryRun ? "would be removed (dry run: nothing was)" : "removed"));
            out.flush();
            return ExitCodes.OK;
        } catch (RuntimeUnavailableException e) {
            throw new CliException(ExitCodes.ENGINE, e.getMessage(), e);
        }
    }
}
