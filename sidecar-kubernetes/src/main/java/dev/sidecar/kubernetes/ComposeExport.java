package dev.sidecar.kubernetes;

import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link PodSpec} as a Compose file, for {@code docker compose} and {@code docker-compose} 1.29: an infra service
 * (the pause image) owns the network namespace, the hostname, the published ports, DNS, host aliases and sysctls, as
 * the library's own infra container does; every container is a service joined to it ({@code network_mode},
 * {@code ipc} and, with {@code shareProcessNamespace}, {@code pid: service:infra}). The init sequence runs in order
 * (an init container completed, {@code service_completed_successfully}; a sidecar started, {@code service_healthy}
 * on its startup probe's healthcheck, else {@code service_started}), the main containers last; Compose stops them in
 * reverse. Immutable.
 *
 * <pre>{@code
 * ComposeExport.of(spec).infraImage("registry.k8s.io/pause:3.10").writeTo(Path.of("target/compose"));
 * // docker-compose -f target/compose/compose.yaml -p web up -d
 * }</pre>
 *
 * <p>Healthchecks run inside the container: {@code exec} probes as they are, {@code httpGet} with {@code wget} or
 * {@code curl} and {@code tcpSocket} with {@code nc} or bash, which the image must have (reported). What Compose
 * cannot express (a log-line probe, a liveness probe, lifecycle hooks, an active deadline, downward API values known
 * only once the pod runs, downwardAPI and projected volumes) is refused in strict mode and left out, reported, in
 * lenient mode. Secret values (of {@code secretEnv} and of the pod's Secrets) are written as {@code ${NAME}}
 * variables for Compose to read from the environment or an {@code .env} file, unless {@link #withSecretValues()}.
 */
public final class ComposeExport {

    /** The infra image unless given: the Docker runtime's default. */
    public static final String DEFAULT_INFRA_IMAGE = "registry.k8s.io/pause:3.10";
    /** The name of the Compose file {@link #writeTo(Path)} writes. */
    public static final String FILE_NAME = "compose.yaml";

    private final PodSpec spec;
    private final String infraImage;
    private final boolean lenient;
    private final boolean secretValues;

    private ComposeExport(PodSpec spec, String infraImage, boolean lenient, boolean secretValues) {
        this.spec = spec;
        this.infraImage = infraImage;
        this.lenient = lenient;
        this.secretValues = secretValues;
    }

    /** The Compose export of {@code spec}: strict, with the default infra image, secret values as variables. */
    public static ComposeExport of(PodSpec spec) {
        return new ComposeExport(Objects.requireNonNull(spec, "spec"), DEFAULT_INFRA_IMAGE, false, false);
    }

    /** Runs {@code image} (a pause image: it must run until stopped) as the infra service. */
    public ComposeExport infraImage(String image) {
        return new ComposeExport(spec, Objects.requireNonNull(image, "image"), lenient, secretValues);
    }

    /** Leaves out what Compose cannot express and reports it, instead of refusing. */
    public ComposeExport lenient() {
        return new ComposeExport(spec, infraImage, true, secretValues);
    }

    /**
     * Writes the secret values (of {@code secretEnv} and of the pod's Secrets) into the file and beside it; without
     * it they are {@code ${POD_CONTAINER_NAME}} variables, and a Secret volume is refused.
     */
    public ComposeExport withSecretValues() {
        return new ComposeExport(spec, infraImage, lenient, true);
    }

    /**
     * The Compose file. Volumes with files (given from the test, or a ConfigMap's or Secret's) are bind mounts of
     * {@code ./files/<volume>}, which {@link #writeTo(Path)} writes beside it.
     *
     * @throws ManifestException in strict mode, listing what Compose cannot express
     */
    public String toYaml() {
        String yaml = Yaml.SERIALIZATION.asYaml(build().file());
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }

    /** What the Compose file does not say exactly, each with the reason. */
    public ManifestReport report() {
        return build().report();
    }

    /** Whether the Compose file needs files beside it ({@code ./files/<volume>}), which {@link #writeTo} writes. */
    public boolean hasFiles() {
        return !build().files().isEmpty();
    }

    /**
     * Writes {@value #FILE_NAME} and the files of file volumes (under {@code files/<volume>/}) into
     * {@code directory}, creating it; answers the Compose file's path.
     *
     * @throws ManifestException as {@link #toYaml()}
     * @throws UncheckedIOException when a file cannot be written
     */
    public Path writeTo(Path directory) {
        return writeTo(directory, FILE_NAME);
    }

    /**
     * Writes the Compose file as {@code fileName} and the files of file volumes (under {@code files/<volume>/}) into
     * {@code directory}, creating it; answers the Compose file's path.
     *
     * @throws ManifestException as {@link #toYaml()}
     * @throws UncheckedIOException when a file cannot be written
     */
    public Path writeTo(Path directory, String fileName) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fileName, "fileName");
        Built built = build();
        String yaml = Yaml.SERIALIZATION.asYaml(built.file());
        try {
            Files.createDirectories(directory);
            for (ComposeFiles.File f : built.files()) {
                Path file = directory.resolve("files").resolve(f.path());
                Files.createDirectories(file.getParent());
                if (f.content() == null) {
                    Files.createDirectories(file);
                } else {
                    Files.write(file, f.content());
                    ComposeFiles.mode(file, f.mode());
                }
            }
            return Files.writeString(directory.resolve(fileName), yaml.startsWith("---\n") ? yaml.substring(4) : yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Compose export into " + directory, e);
        }
    }

    private record Built(Map<String, Object> file, List<ComposeFiles.File> files, ManifestReport report) {
    }

    private Built build() {
        Map<String, ManifestReport.Entry> entries = new LinkedHashMap<>();
        ComposeFiles files = new ComposeFiles(spec, secretValues, entries);
        Map<String, Object> services = new LinkedHashMap<>();
        String infra = spec.findContainer("infra").isPresent() ? "infra-" + spec.name() : "infra";
        services.put(infra, infraService(entries));
        ComposeService service = new ComposeService(spec, infra, secretValues, entries, files);

        Map<String, String> gate = new LinkedHashMap<>();
        Map<String, String> runStart = null;
        for (ContainerSpec c : spec.initSequence()) {
            Map<String, Object> s = service.of(c, spec.role(c.name()));
            boolean sidecar = spec.role(c.name()) == ContainerRole.SIDECAR;
            String condition = sidecar ? ComposeService.gatesOnHealth(c) ? "service_healthy" : "service_started"
                    : "service_completed_successfully";
            Map<String, String> before;
            if (sidecar && spec.sidecarStartOrder() == SidecarStartOrder.PARALLEL) {
                // Consecutive sidecars start together, after what came before the first of them.
                if (runStart == null) {
                    runStart = new LinkedHashMap<>(gate);
                    gate = new LinkedHashMap<>();
                }
                before = runStart;
                gate.put(c.name(), condition);
            } else {
                runStart = null;
                before = gate;
                gate = new LinkedHashMap<>(Map.of(c.name(), condition));
            }
            s.put("depends_on", dependsOn(infra, before));
            services.put(c.name(), s);
        }
        for (ContainerSpec c : spec.mainContainers()) {
            Map<String, Object> s = service.of(c, ContainerRole.MAIN);
            s.put("depends_on", dependsOn(infra, gate));
            services.put(c.name(), s);
        }

        Map<String, Object> volumes = new LinkedHashMap<>();
        for (VolumeSpec v : spec.volumes()) {
            if (!ComposeFiles.isNamedVolume(v)) {
                continue;
            }
            Map<String, Object> volume = new LinkedHashMap<>();
            if (v.kind() == VolumeSpec.Kind.EMPTY_DIR_MEMORY) {
                Map<String, Object> opts = new LinkedHashMap<>();
                opts.put("type", "tmpfs");
                opts.put("device", "tmpfs");
                opts.put("o", "size=" + v.sizeLimitBytes());
                volume.put("driver_opts", opts);
            }
            volumes.put(v.name(), volume);
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("services", services);
        if (!volumes.isEmpty()) {
            file.put("volumes", volumes);
        }
        podLevel(entries);
        ManifestReport report = new ManifestReport(new ArrayList<>(entries.values()));
        if (!lenient && report.hasUnsupported()) {
            throw new ManifestException(report.entries(Verdict.UNSUPPORTED).stream().map(e ->
                    new ManifestException.Problem("PodSpec '" + spec.name() + "'", 0, e.path(), "", "Compose cannot "
                    + "express this (strict mode; ComposeExport.lenient() leaves it out): " + e.reason())).toList(),
                    report);
        }
        return new Built(file, files.files(), report);
    }

    private Map<String, Object> infraService(Map<String, ManifestReport.Entry> entries) {
        Map<String, Object> infra = new LinkedHashMap<>();
        infra.put("image", infraImage);
        infra.put("hostname", spec.hostname());
        infra.put("ipc", "shareable");
        List<String> ports = new ArrayList<>();
        spec.containers().forEach(c -> c.containerPorts().forEach(p -> ports.add("127.0.0.1::" + p.containerPort()
                + (p.protocol() == dev.sidecar.ContainerPort.Protocol.UDP ? "/udp" : ""))));
        if (!ports.isEmpty()) {
            infra.put("ports", ports);
        }
        spec.dnsConfig().ifPresent(d -> {
            if (!d.nameservers().isEmpty()) {
                infra.put("dns", d.nameservers());
            }
            if (!d.searches().isEmpty()) {
                infra.put("dns_search", d.searches());
            }
            if (!d.options().isEmpty()) {
                infra.put("dns_opt", d.options().entrySet().stream().map(e -> e.getValue().isEmpty() ? e.getKey()
                        : e.getKey() + ":" + e.getValue()).toList());
            }
        });
        if (!spec.hostAliases().isEmpty()) {
            List<String> hosts = new ArrayList<>();
            spec.hostAliases().forEach(a -> a.hostnames().forEach(h -> hosts.add(h + ":" + a.ip())));
            infra.put("extra_hosts", hosts);
        }
        if (!spec.sysctls().isEmpty()) {
            infra.put("sysctls", new LinkedHashMap<>(spec.sysctls()));
            if (!spec.shareIpcNamespace()) {
                entries.putIfAbsent("services.infra.sysctls", new ManifestReport.Entry("services.infra.sysctls",
                        Verdict.DIFFERENT, "the sysctls are set on the infra service only: containers that do not "
                        + "share its IPC namespace do not get the IPC ones"));
            }
        }
        if (!spec.labels().isEmpty()) {
            infra.put("labels", new LinkedHashMap<>(spec.labels()));
        }
        return infra;
    }

    /** Pod-level fields Compose has no place for. */
    private void podLevel(Map<String, ManifestReport.Entry> entries) {
        spec.activeDeadline().ifPresent(d -> entries.putIfAbsent("activeDeadline", new ManifestReport.Entry(
                "activeDeadline", Verdict.UNSUPPORTED, "Compose does not stop a project after " + d)));
        if (!spec.annotations().isEmpty()) {
            entries.putIfAbsent("annotations", new ManifestReport.Entry("annotations", Verdict.DIFFERENT, "the pod's "
                    + "annotations are not written (Compose has none); values the downward API takes from them are"));
        }
        if (!spec.terminationGracePeriod().isZero() && spec.containers().size() > 1) {
            entries.putIfAbsent("stop_grace_period", new ManifestReport.Entry("stop_grace_period", Verdict.DIFFERENT,
                    "each service gets the pod's whole grace period " + spec.terminationGracePeriod() + ", not what "
                    + "remains of it"));
        }
    }

    private static Map<String, Object> dependsOn(String infra, Map<String, String> gate) {
        Map<String, Object> deps = new LinkedHashMap<>();
        deps.put(infra, Map.of("condition", "service_started"));
        gate.forEach((service, condition) -> deps.put(service, Map.of("condition", condition)));
        return deps;
    }
}
