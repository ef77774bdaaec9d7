package dev.sidecar.kubernetes;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeMount;
import dev.sidecar.VolumeSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link PodSpec} as a Compose file, for {@code docker compose} and {@code docker-compose} 1.29: an infra service
 * (the pause image) owns the network namespace, the hostname and the published ports, as the library's own infra
 * container does; every container is a service joined to it ({@code network_mode}, {@code ipc} and, with
 * {@code shareProcessNamespace}, {@code pid: service:infra}). Init containers run in order
 * ({@code service_completed_successfully}), sidecars start after them and each waits for the previous one's
 * healthcheck (its readiness probe), main last; Compose stops them in reverse. Immutable.
 *
 * <pre>{@code
 * ComposeExport.of(spec).infraImage("registry.k8s.io/pause:3.10").writeTo(Path.of("target/compose"));
 * // docker-compose -f target/compose/compose.yaml -p web up -d
 * }</pre>
 *
 * <p>Healthchecks run inside the container: {@code exec} probes as they are, {@code httpGet} with {@code wget} or
 * {@code curl} and {@code tcpSocket} with {@code nc} or bash, which the image must have (reported). A log-line probe
 * has no Compose equivalent: refused in strict mode, left out (the service counts as started) in lenient mode.
 * Secret env values are written as {@code ${NAME}} variables for Compose to read from the environment or an
 * {@code .env} file, unless {@link #withSecretValues()}.
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

    /** Leaves out what Compose cannot express (log-line probes) and reports it, instead of refusing. */
    public ComposeExport lenient() {
        return new ComposeExport(spec, infraImage, true, secretValues);
    }

    /** Writes the secret env values into the file; without it they are {@code ${POD_CONTAINER_NAME}} variables. */
    public ComposeExport withSecretValues() {
        return new ComposeExport(spec, infraImage, lenient, true);
    }

    /**
     * The Compose file. Volumes with files given from the test are bind mounts of {@code ./files/<volume>}, which
     * {@link #writeTo(Path)} writes beside it.
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

    /**
     * Writes {@value #FILE_NAME} and the files of file volumes (under {@code files/<volume>/}) into
     * {@code directory}, creating it; answers the Compose file's path.
     *
     * @throws ManifestException as {@link #toYaml()}
     * @throws UncheckedIOException when a file cannot be written
     */
    public Path writeTo(Path directory) {
        Objects.requireNonNull(directory, "directory");
        String yaml = toYaml();
        try {
            Files.createDirectories(directory);
            for (VolumeSpec v : spec.volumes()) {
                for (VolumeSpec.File f : v.files()) {
                    Path file = directory.resolve("files").resolve(v.name()).resolve(f.path());
                    Files.createDirectories(file.getParent());
                    Files.write(file, FileContents.bytes(f));
                }
            }
            return Files.writeString(directory.resolve(FILE_NAME), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Compose export into " + directory, e);
        }
    }

    private record Built(Map<String, Object> file, ManifestReport report) {
    }

    private Built build() {
        Map<String, ManifestReport.Entry> entries = new LinkedHashMap<>();
        Map<String, Object> services = new LinkedHashMap<>();
        String infra = spec.findContainer("infra").isPresent() ? "infra-" + spec.name() : "infra";
        Map<String, Object> infraService = new LinkedHashMap<>();
        infraService.put("image", infraImage);
        infraService.put("hostname", spec.hostname());
        infraService.put("ipc", "shareable");
        List<String> ports = new ArrayList<>();
        spec.containers().forEach(c -> c.ports().forEach(p -> ports.add("127.0.0.1::" + p)));
        if (!ports.isEmpty()) {
            infraService.put("ports", ports);
        }
        services.put(infra, infraService);

        String lastInit = null;
        for (ContainerSpec c : spec.initContainers()) {
            Map<String, Object> s = service(c, infra, entries, "services." + c.name());
            Map<String, Object> deps = new LinkedHashMap<>();
            deps.put(infra, condition("service_started"));
            if (lastInit != null) {
                deps.put(lastInit, condition("service_completed_successfully"));
            }
            s.put("depends_on", deps);
            services.put(c.name(), s);
            lastInit = c.name();
        }
        String previous = null;
        boolean previousHealthy = false;
        Map<String, Object> mainDeps = base(infra, lastInit);
        for (ContainerSpec c : spec.sidecars()) {
            Map<String, Object> s = service(c, infra, entries, "services." + c.name());
            Map<String, Object> deps = base(infra, lastInit);
            if (previous != null && spec.sidecarStartOrder() == SidecarStartOrder.ORDERED) {
                deps.put(previous, condition(previousHealthy ? "service_healthy" : "service_started"));
            }
            s.put("depends_on", deps);
            services.put(c.name(), s);
            previous = c.name();
            previousHealthy = s.containsKey("healthcheck");
            if (spec.sidecarStartOrder() == SidecarStartOrder.PARALLEL || c == spec.sidecars().get(
                    spec.sidecars().size() - 1)) {
                mainDeps.put(c.name(), condition(previousHealthy ? "service_healthy" : "service_started"));
            }
        }
        ContainerSpec main = spec.main();
        Map<String, Object> m = service(main, infra, entries, "services." + main.name());
        m.put("depends_on", mainDeps);
        services.put(main.name(), m);

        Map<String, Object> volumes = new LinkedHashMap<>();
        for (VolumeSpec v : spec.volumes()) {
            if (!v.files().isEmpty() || v.kind() == VolumeSpec.Kind.HOST_PATH) {
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
        if (!spec.terminationGracePeriod().isZero() && spec.containers().size() > 1) {
            entries.putIfAbsent("stop_grace_period", new ManifestReport.Entry("stop_grace_period", Verdict.DIFFERENT,
                    "each service gets the pod's whole grace period " + spec.terminationGracePeriod() + ", not what "
                    + "remains of it"));
        }
        ManifestReport report = new ManifestReport(new ArrayList<>(entries.values()));
        if (!lenient && report.hasUnsupported()) {
            throw new ManifestException(report.entries(Verdict.UNSUPPORTED).stream().map(e ->
                    new ManifestException.Problem("PodSpec '" + spec.name() + "'", 0, e.path(), "", "Compose cannot "
                    + "express this (strict mode; ComposeExport.lenient() leaves it out): " + e.reason())).toList(),
                    report);
        }
        return new Built(file, report);
    }

    private static Map<String, Object> base(String infra, String lastInit) {
        Map<String, Object> deps = new LinkedHashMap<>();
        deps.put(infra, condition("service_started"));
        if (lastInit != null) {
            deps.put(lastInit, condition("service_completed_successfully"));
        }
        return deps;
    }

    private static Map<String, Object> condition(String condition) {
        return Map.of("condition", condition);
    }

    private Map<String, Object> service(ContainerSpec c, String infra, Map<String, ManifestReport.Entry> entries,
            String path) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("image", c.image());
        if (!c.command().isEmpty()) {
            s.put("entrypoint", c.command());
        }
        if (!c.args().isEmpty()) {
            s.put("command", c.args());
        }
        if (!c.env().isEmpty()) {
            Map<String, String> env = new LinkedHashMap<>();
            c.env().forEach((k, v) -> {
                if (c.secretEnvNames().contains(k) && !secretValues) {
                    String variable = (spec.name() + "_" + c.name() + "_" + k).toUpperCase(java.util.Locale.ROOT)
                            .replaceAll("[^A-Z0-9_]", "_");
                    env.put(k, "${" + variable + "}");
                    entries.putIfAbsent(path + ".environment." + k, new ManifestReport.Entry(path + ".environment."
                            + k, Verdict.DIFFERENT, "a secret value: Compose reads it from the variable " + variable
                            + " (environment or .env file); withSecretValues() writes it"));
                } else {
                    env.put(k, v.replace("$", "$$"));
                }
            });
            s.put("environment", env);
        }
        c.workingDir().ifPresent(w -> s.put("working_dir", w));
        c.user().ifPresent(u -> s.put("user", u));
        s.put("network_mode", "service:" + infra);
        if (spec.shareIpcNamespace()) {
            s.put("ipc", "service:" + infra);
        }
        if (spec.shareProcessNamespace()) {
            s.put("pid", "service:" + infra);
        }
        List<String> mounts = new ArrayList<>();
        for (VolumeMount mount : c.mounts()) {
            VolumeSpec v = spec.volumes().stream().filter(x -> x.name().equals(mount.volume())).findFirst()
                    .orElseThrow();
            boolean readOnly = mount.readOnly() || v.readOnly();
            String source;
            if (!v.files().isEmpty()) {
                source = "./files/" + v.name();
                entries.putIfAbsent("volumes." + v.name(), new ManifestReport.Entry("volumes." + v.name(),
                        Verdict.DIFFERENT, "its files are a bind mount of ./files/" + v.name() + ", which writeTo(dir) "
                        + "writes beside the Compose file" + (v.kind() == VolumeSpec.Kind.EMPTY_DIR_MEMORY
                        ? ", on disk" : "")));
            } else if (v.kind() == VolumeSpec.Kind.HOST_PATH) {
                source = v.hostPath();
                if (v.hostPathType() != VolumeSpec.HostPathType.EXISTS
                        && v.hostPathType() != VolumeSpec.HostPathType.DIRECTORY_OR_CREATE) {
                    entries.putIfAbsent("volumes." + v.name(), new ManifestReport.Entry("volumes." + v.name(),
                            Verdict.DIFFERENT, "host path type " + v.hostPathType() + " is not checked: Docker "
                            + "creates a missing bind source as a directory"));
                }
            } else {
                source = v.name();
            }
            mounts.add(source + ":" + mount.mountPath() + (readOnly ? ":ro" : ""));
        }
        if (!mounts.isEmpty()) {
            s.put("volumes", mounts);
        }
        RestartPolicy policy = spec.restartPolicyOf(c.name());
        s.put("restart", switch (policy) {
            case ALWAYS -> "always";
            case ON_FAILURE -> "on-failure";
            case NEVER -> "no";
        });
        if (!c.stopSignal().equals(ContainerSpec.DEFAULT_STOP_SIGNAL)) {
            s.put("stop_signal", c.stopSignal().name());
        }
        s.put("stop_grace_period", duration(spec.terminationGracePeriod()));
        if (c.memoryLimitBytes() > 0) {
            s.put("mem_limit", c.memoryLimitBytes());
        }
        if (c.cpuLimitMillis() > 0) {
            s.put("cpus", BigDecimal.valueOf(c.cpuLimitMillis()).movePointLeft(3).stripTrailingZeros()
                    .toPlainString());
        }
        if (c.privileged()) {
            s.put("privileged", true);
        }
        if (!c.addedCapabilities().isEmpty()) {
            s.put("cap_add", c.addedCapabilities());
        }
        c.readinessProbe().ifPresent(p -> healthcheck(p, s, entries, path));
        return s;
    }

    private void healthcheck(Probe p, Map<String, Object> s, Map<String, ManifestReport.Entry> entries, String path) {
        List<String> test;
        if (p.action() instanceof Probe.Exec e) {
            test = new ArrayList<>(List.of("CMD"));
            test.addAll(e.command());
        } else if (p.action() instanceof Probe.HttpGet h) {
            String url = (h.scheme() == Probe.Scheme.HTTPS ? "https" : "http") + "://127.0.0.1:" + h.port() + h.path();
            StringBuilder wget = new StringBuilder("wget -q -O /dev/null");
            StringBuilder curl = new StringBuilder("curl -fsS -o /dev/null");
            if (h.scheme() == Probe.Scheme.HTTPS) {
                wget.append(" --no-check-certificate");
                curl.append(" -k");
            }
            h.headers().forEach((k, v) -> {
                wget.append(" --header ").append(quote(k + ": " + v));
                curl.append(" -H ").append(quote(k + ": " + v));
            });
            test = List.of("CMD-SHELL", wget + " " + quote(url) + " || " + curl + " " + quote(url));
            entries.putIfAbsent(path + ".healthcheck", new ManifestReport.Entry(path + ".healthcheck",
                    Verdict.DIFFERENT, "the HTTP probe runs wget or curl inside the container: the image needs one"));
        } else if (p.action() instanceof Probe.TcpSocket t) {
            int port = t.port();
            test = List.of("CMD-SHELL", "nc -z 127.0.0.1 " + port + " 2>/dev/null || nc -w 1 127.0.0.1 " + port
                    + " </dev/null >/dev/null 2>&1 || bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + port + "' 2>/dev/null");
            entries.putIfAbsent(path + ".healthcheck", new ManifestReport.Entry(path + ".healthcheck",
                    Verdict.DIFFERENT, "the TCP probe runs nc or bash inside the container: the image needs one"));
        } else {
            entries.putIfAbsent(path + ".healthcheck", new ManifestReport.Entry(path + ".healthcheck",
                    Verdict.UNSUPPORTED, "a log-line probe (" + p.action() + ") has no Compose healthcheck: the "
                    + "service counts as ready once started"));
            return;
        }
        Map<String, Object> hc = new LinkedHashMap<>();
        hc.put("test", test);
        hc.put("interval", duration(p.period()));
        hc.put("timeout", duration(p.timeout()));
        hc.put("retries", p.failureThreshold());
        if (!p.initialDelay().isZero()) {
            hc.put("start_period", duration(p.initialDelay()));
        }
        if (p.successThreshold() != 1) {
            entries.putIfAbsent(path + ".healthcheck.successThreshold", new ManifestReport.Entry(path
                    + ".healthcheck.successThreshold", Verdict.DIFFERENT, "one passing check makes a Compose service "
                    + "healthy, not " + p.successThreshold()));
        }
        s.put("healthcheck", hc);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** A Compose duration: {@code 10s}, or {@code 1500ms} when not whole seconds. */
    static String duration(Duration d) {
        return d.getNano() == 0 ? d.getSeconds() + "s" : d.toMillis() + "ms";
    }
}
