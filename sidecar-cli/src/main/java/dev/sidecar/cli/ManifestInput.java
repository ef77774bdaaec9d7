package dev.sidecar.cli;

import dev.sidecar.kubernetes.ImportResult;
import dev.sidecar.kubernetes.KubernetesManifests;
import dev.sidecar.kubernetes.ManifestReport;
import dev.sidecar.kubernetes.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The manifest a command reads, shared by {@code export} and {@code play}: the files (ConfigMaps and Secrets may sit
 * in files of their own), which workload ({@code --workload KIND/NAME}, or the only one), what to change on import
 * (the library's {@link Workload} overrides: images, env, the replica) and whether fields the Docker pod cannot honour
 * are refused ({@code --strict}, the default) or left out and reported ({@code --lenient}).
 */
final class ManifestInput {

    /** Standard input, as {@code kubectl apply -f -} reads it. */
    static final String STDIN = "-";
    /** The kinds {@code --workload} takes in any case; the library names them (and refuses others) on import. */
    private static final List<String> WORKLOAD_KINDS = List.of("Pod", "Deployment", "StatefulSet", "DaemonSet",
            "ReplicaSet", "Job", "CronJob");

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "a Kubernetes YAML file (any number of --- documents), a directory of .yaml, .yml and .json "
                    + "files, or - for standard input; several are read as one (ConfigMaps and Secrets may be in "
                    + "files of their own)")
    List<String> files = new ArrayList<>();

    @Option(names = {"-w", "--workload"}, paramLabel = "KIND/NAME",
            description = "the workload whose pod to take, such as deployment/web (the kind in any case; needed when "
                    + "the files hold several)")
    String workload;

    @Option(names = "--replica", paramLabel = "N",
            description = "the pod of replica N (from 0): named <name>-<N>, as a StatefulSet's pods are")
    Integer replica;

    @Option(names = {"--image", "--image-map"}, paramLabel = "FROM=TO",
            description = "run image TO wherever a container's image is exactly FROM (repeatable)")
    List<String> images = new ArrayList<>();

    @Option(names = "--image-prefix", paramLabel = "FROM=TO",
            description = "replace the prefix FROM of every image that starts with it by TO, such as "
                    + "ghcr.io/acme/=local/ (repeatable)")
    List<String> imagePrefixes = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "CONTAINER:NAME=VALUE",
            description = "set env variable NAME of container CONTAINER to VALUE, replacing the manifest's (repeatable)")
    List<String> env = new ArrayList<>();

    @Option(names = "--strict", description = "refuse fields the Docker pod cannot honour, listing each (the default)")
    boolean strict;

    @Option(names = "--lenient", description = "leave out, and report, fields the Docker pod cannot honour (and, for "
            + "export, library extensions Kubernetes or Compose has no field for) instead of refusing them")
    boolean lenient;

    /**
     * The workload's pod, its import report printed to {@code err} (one line per entry).
     *
     * @throws CliException with {@link ExitCodes#USAGE} when an argument is malformed or a file does not exist
     * @throws dev.sidecar.kubernetes.ManifestException when the manifest cannot be read or is refused; the command
     *     line's handler prints its problems and report
     */
    ImportResult importPod(PrintWriter err) {
        if (strict && lenient) {
            throw new CliException(ExitCodes.USAGE, "--strict and --lenient exclude each other");
        }
        Workload selected = select(manifests());
        for (String image : images) {
            String[] pair = pair("--image", "FROM=TO", image, '=', "nginx:1.27=my/nginx:dev");
            selected = selected.image(pair[0], pair[1]);
        }
        for (String prefix : imagePrefixes) {
            String[] pair = pair("--image-prefix", "FROM=TO", prefix, '=', "ghcr.io/acme/=local/");
            selected = selected.imagePrefix(pair[0], pair[1]);
        }
        for (String variable : env) {
            int colon = variable.indexOf(':');
            int eq = variable.indexOf('=', colon + 1);
            if (colon <= 0 || eq <= colon + 1) {
                throw new CliException(ExitCodes.USAGE, "--env '" + variable + "' is not CONTAINER:NAME=VALUE, such "
                        + "as app:LOG_LEVEL=debug");
            }
            selected = selected.env(variable.substring(0, colon), variable.substring(colon + 1, eq),
                    variable.substring(eq + 1));
        }
        if (replica != null) {
            if (replica < 0) {
                throw new CliException(ExitCodes.USAGE, "--replica " + replica + " must be 0 or more");
            }
            selected = selected.replica(replica);
        }
        ImportResult result = (lenient ? selected.lenient() : selected).importPod();
        report(err, "import", result.report());
        return result;
    }

    private KubernetesManifests manifests() {
        KubernetesManifests all = null;
        for (String file : files) {
            KubernetesManifests read = file.equals(STDIN) ? KubernetesManifests.parse(stdin()) : load(file);
            all = all == null ? read : all.and(read);
        }
        return all;
    }

    private static KubernetesManifests load(String file) {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            throw new CliException(ExitCodes.USAGE, "FILE '" + file + "' does not exist");
        }
        return KubernetesManifests.load(path);
    }

    private static String stdin() {
        try {
            InputStream in = System.in;
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }

    /** The workload {@code --workload} names, its kind matched in any case as kubectl matches it; else the only one. */
    private Workload select(KubernetesManifests manifests) {
        if (workload == null) {
            return manifests.workload();
        }
        String[] kindAndName = pair("--workload", "KIND/NAME", workload, '/', "deployment/web");
        String kind = WORKLOAD_KINDS.stream().filter(k -> k.equalsIgnoreCase(kindAndName[0])).findFirst()
                .orElse(kindAndName[0]);
        return manifests.workload(kind, kindAndName[1]);
    }

    /** {@code value} split at the first {@code separator}, both sides non-empty, or a usage error. */
    private static String[] pair(String option, String form, String value, char separator, String example) {
        int at = value.indexOf(separator);
        if (at <= 0 || at == value.length() - 1) {
            throw new CliException(ExitCodes.USAGE, option + " '" + value + "' is not " + form + ", such as "
                    + example);
        }
        return new String[] {value.substring(0, at), value.substring(at + 1)};
    }

    /** Prints each entry of {@code report} as one line on {@code err}: {@code sidecar: <what>: VERDICT path: why}. */
    static void report(PrintWriter err, String what, ManifestReport report) {
        report.entries().forEach(e -> err.println("sidecar: " + what + ": " + e));
        err.flush();
    }
}
