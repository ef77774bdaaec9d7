package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerRole;
import dev.sidecar.InvalidSpecException;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.Recipes.ContainerRecipe;
import dev.sidecar.test.Recipes.EnvVar;
import dev.sidecar.test.Recipes.MountRecipe;
import dev.sidecar.test.Recipes.PodRecipe;
import dev.sidecar.test.Recipes.ProbeRecipe;
import dev.sidecar.test.Recipes.VolumeRecipe;
import dev.sidecar.test.SpecArbitraries;
import dev.sidecar.test.TestImages;
import dev.sidecar.test.ValidSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * A sample of generated pods that the project's busybox image can run, with every kind of value a spec may hold
 * (names up to 63 characters, env values of any text, secrets, limits down to the engine's least, any signal the
 * script traps, capabilities, users, volumes of all kinds, each kind of probe) and now and then a value at an edge a
 * user could write (a mount at {@code /}, two mount paths the engine takes for one). Each one either fails
 * {@code build()} with problems naming the field, or starts, runs every container ready, and closes leaving nothing:
 * no container, no volume, no host path it created.
 *
 * <p>15 tries: each start and close takes seconds on this machine's shared engine. A failure shows the seed and the
 * shrunk pod as the builder calls that make it.
 */
class GeneratedPodsIT {

    /** Every stop signal the generated containers may get; their script exits on each. */
    private static final List<String> STOP_SIGNALS = List.of("SIGTERM", "TERM", "sigint", "SIGHUP", "SIGQUIT",
            "SIGUSR1", "USR2", "15", "SIGKILL");
    private static final String TRAPS = "trap 'exit 0' TERM INT HUP QUIT USR1 USR2";

    private static DockerPodRuntime runtime;
    private static Path hostPaths;

    @BeforeContainer
    static void startRuntime() throws IOException {
        runtime = DockerPodRuntime.builder().startupTimeout(Duration.ofSeconds(90)).build();
        hostPaths = Files.createTempDirectory("sidecar-generated-pods");
    }

    @AfterContainer
    static void closeRuntime() throws IOException {
        runtime.close();
        try (Stream<Path> paths = Files.walk(hostPaths)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<PodRecipe> runnablePods() {
        Arbitrary<VolumeRecipe> emptyDir = Combinators.combine(SpecArbitraries.dnsLabel(), ValidSpecs.files())
                .as((name, files) -> new VolumeRecipe(name, VolumeSpec.Kind.EMPTY_DIR, null, null, null, false,
                        files));
        Arbitrary<VolumeRecipe> memory = Combinators.combine(SpecArbitraries.dnsLabel(),
                        Arbitraries.integers().between(1, 16).map(n -> n + "Mi"), ValidSpecs.files())
                .as((name, size, files) -> new VolumeRecipe(name, VolumeSpec.Kind.EMPTY_DIR_MEMORY, size, null, null,
                        false, files));
        // A directory the pod must create, under this class's own temporary directory, and remove again.
        Arbitrary<VolumeRecipe> hostPath = Combinators.combine(SpecArbitraries.dnsLabel(), Arbitraries.of(true, false))
                .as((name, ro) -> new VolumeRecipe(name, VolumeSpec.Kind.HOST_PATH, null,
                        hostPaths.resolve(UUID.randomUUID().toString()).resolve("data").toString(),
                        VolumeSpec.HostPathType.DIRECTORY_OR_CREATE, ro, List.of()));
        Arbitrary<List<VolumeRecipe>> volumes = Arbitraries.oneOf(emptyDir, memory, hostPath).list().ofMaxSize(3)
                .uniqueElements(VolumeRecipe::name);
        return ValidSpecs.pods(volumes, GeneratedPodsIT::busybox, 1, 2, Arbitraries.integers().between(1024, 65535));
    }

    @Property(tries = 15)
    void everyGeneratedPodEitherFailsBuildOrStartsAndClosesLeavingNothing(@ForAll("runnablePods") PodRecipe recipe) {
        PodSpec spec;
        try {
            spec = recipe.build();
        } catch (InvalidSpecException e) {
            assertThat(e.problems()).allMatch(p -> p.contains("'"), "each problem quotes the value");
            Statistics.label("outcome").collect("refused by build()");
            return;
        }
        Pod pod = runtime.start(spec);
        String instance = pod.instanceId();
        try {
            PodStatus status = pod.status();
            assertThat(status.phase()).as("phase of %s", status).isEqualTo(PodStatus.Phase.RUNNING);
            assertThat(status.allReady()).as("every container ready: %s", status).isTrue();
        } finally {
            pod.close();
        }
        assertThat(EngineObjects.containersOfInstance(instance)).as("containers left").isEmpty();
        assertThat(EngineObjects.volumesOfInstance(instance)).as("volumes left").isEmpty();
        for (VolumeSpec v : spec.volumes()) {
            if (v.kind() == VolumeSpec.Kind.HOST_PATH) {
                assertThat(Path.of(v.hostPath()).getParent()).as("host path the pod created").doesNotExist();
            }
        }
        Statistics.label("outcome").collect("started and closed");
        Statistics.label("outcome").coverage(c -> c.check("started and closed").percentage(p -> p >= 50));
    }

    /** A container the busybox image runs: init containers finish, the others serve their ports until stopped. */
    private static Arbitrary<ContainerRecipe> busybox(String name, ContainerRole role, List<Integer> ports,
            List<String> volumes, String podSecret) {
        boolean init = role == ContainerRole.INIT;
        String script = init ? "echo init done" : TRAPS + "\n" + serve(ports) + "echo ready\n"
                + "while :; do sleep 1 & wait $!; done";
        Arbitrary<List<EnvVar>> env = Combinators.combine(SpecArbitraries.envName(), SpecArbitraries.text(),
                        Arbitraries.of(true, false)).as(EnvVar::new).list().ofMaxSize(3).uniqueElements(EnvVar::name)
                .map(vars -> withSecret(vars, new EnvVar(ValidSpecs.TOKEN_ENV, podSecret, true)));
        Arbitrary<ProbeRecipe> probe = init ? Arbitraries.just(null) : probe(ports).injectNull(0.25);
        Arbitrary<String> memory = Arbitraries.integers().between(6, 64).map(n -> n + "Mi").injectNull(0.6);
        Arbitrary<String> cpu = Arbitraries.integers().between(10, 1000).map(n -> n + "m").injectNull(0.6);
        Arbitrary<String> user = Arbitraries.of("0", "65534", "65534:65534", "1000:1000").injectNull(0.5);
        Arbitrary<String> workingDir = Arbitraries.oneOf(safePath(), Arbitraries.just("/tmp")).injectNull(0.6);
        Arbitrary<RestartPolicy> restart = init ? Arbitraries.of(RestartPolicy.NEVER).injectNull(0.5)
                : Arbitraries.of(RestartPolicy.class).injectNull(0.5);
        Arbitrary<String> stop = Arbitraries.of(STOP_SIGNALS).injectNull(0.4);
        Arbitrary<List<String>> caps = Arbitraries.of("NET_ADMIN", "SYS_PTRACE", "CHOWN", "cap_net_raw", "KILL")
                .list().uniqueElements().ofMaxSize(2);
        return Combinators.combine(
                        Combinators.combine(SpecArbitraries.text().list().ofMaxSize(2), env, mounts(volumes), probe)
                                .as(Tuple::of),
                        Combinators.combine(memory, cpu, user, workingDir, restart, stop, caps).as(Tuple::of))
                .as((a, b) -> new ContainerRecipe(name, TestImages.BUSYBOX, List.of("sh", "-c", script), a.get1(),
                        a.get2(), ports, a.get3(), a.get4(), b.get1(), b.get2(), b.get3(), b.get4(), b.get5(),
                        b.get6(), b.get7()));
    }

    /** Starts busybox's httpd on each port, serving {@code /index.html} from a directory of its own. */
    private static String serve(List<Integer> ports) {
        StringBuilder s = new StringBuilder();
        for (int port : ports) {
            s.append("mkdir -p /tmp/www-").append(port).append(" && echo ok > /tmp/www-").append(port)
                    .append("/index.html\nhttpd -p ").append(port).append(" -h /tmp/www-").append(port).append('\n');
        }
        return s.toString();
    }

    /** Each kind of probe, each able to pass against the script above. */
    private static Arbitrary<ProbeRecipe> probe(List<Integer> ports) {
        List<Arbitrary<Probe.Action>> actions = new ArrayList<>(List.of(
                Arbitraries.just(new Probe.LogLine("^ready$")),
                Arbitraries.of(List.of("true"), List.of("test", "-d", "/tmp")).map(Probe.Exec::new)));
        if (!ports.isEmpty()) {
            actions.add(Arbitraries.of(ports).map(Probe.TcpSocket::new));
            actions.add(Arbitraries.of(ports).map(p -> new Probe.HttpGet(p, "/index.html", Probe.Scheme.HTTP,
                    java.util.Map.of("X-Test", "generated"))));
        }
        Arbitrary<Duration> initialDelay = Arbitraries.integers().between(0, 300).map(Duration::ofMillis);
        Arbitrary<Duration> period = Arbitraries.integers().between(1, 5).map(Duration::ofSeconds);
        Arbitrary<Duration> timeout = Arbitraries.integers().between(1, 3).map(Duration::ofSeconds);
        return Combinators.combine(Arbitraries.oneOf(actions), initialDelay, period, timeout,
                Arbitraries.integers().between(1, 2), Arbitraries.integers().between(1, 3)).as(ProbeRecipe::new);
    }

    /**
     * Mounts at paths away from the image's own directories, with spaces, dots and trailing slashes; now and then one
     * at an edge a user could write: {@code /}, or a path the engine cleans into another mount's.
     */
    private static Arbitrary<List<MountRecipe>> mounts(List<String> volumes) {
        if (volumes.isEmpty()) {
            return Arbitraries.just(List.of());
        }
        Arbitrary<String> path = Arbitraries.frequencyOf(Tuple.of(4, safePath()),
                Tuple.of(1, Arbitraries.of("/", "/mnt/same", "/mnt/same/", "//mnt//same")));
        return Combinators.combine(Arbitraries.of(volumes), path, Arbitraries.of(true, false)).as(MountRecipe::new)
                .list().ofMaxSize(3).uniqueElements(MountRecipe::path);
    }

    private static Arbitrary<String> safePath() {
        return Combinators.combine(Arbitraries.of("/mnt", "/data", "/srv", "/opt", "/var/lib"),
                        SpecArbitraries.pathSegment(), Arbitraries.of("", "/"))
                .as((root, segment, end) -> root + "/" + segment + end);
    }

    private static List<EnvVar> withSecret(List<EnvVar> vars, EnvVar secret) {
        List<EnvVar> all = new ArrayList<>(vars.stream().filter(v -> !v.name().equals(secret.name())).toList());
        all.add(secret);
        return List.copyOf(all);
    }
}
