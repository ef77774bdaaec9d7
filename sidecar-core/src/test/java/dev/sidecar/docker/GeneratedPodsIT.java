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
import dev.sidecar.test.Recipes.FileRecipe;
import dev.sidecar.test.Recipes.MountRecipe;
import dev.sidecar.test.Recipes.PodRecipe;
import dev.sidecar.test.Recipes.ProbeRecipe;
import dev.sidecar.test.Recipes.VolumeRecipe;
import dev.sidecar.test.SpecArbitraries;
import dev.sidecar.test.TestImages;
import dev.sidecar.test.ValidSpecs;
import dev.sidecar.test.property.Gen;
import dev.sidecar.test.property.Property;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sample of generated pods that the project's busybox image can run, with every kind of value a spec may hold
 * (names up to 63 characters, env values of any text, secrets, limits down to the engine's least (from 250m of CPU
 * with an exec probe), any signal the script traps, capabilities, users, volumes of all kinds, each kind of probe)
 * and now and then a value at an edge a user could write (a mount at {@code /}, two mount paths the engine takes for one). Each one either fails
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
    private static final String STARTED = "started and closed";

    private static DockerPodRuntime runtime;
    private static Path hostPaths;

    @BeforeAll
    static void startRuntime() throws IOException {
        runtime = DockerPodRuntime.builder().startupTimeout(Duration.ofSeconds(90)).build();
        hostPaths = Files.createTempDirectory("sidecar-generated-pods");
    }

    @AfterAll
    static void closeRuntime() throws IOException {
        runtime.close();
        try (Stream<Path> paths = Files.walk(hostPaths)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Gen<PodRecipe> runnablePods() {
        Gen<String> names = SpecArbitraries.dnsLabel();
        Gen<List<FileRecipe>> files = ValidSpecs.files();
        Gen<String> sizes = Gen.ints(1, 16).map(n -> n + "Mi");
        Gen<Boolean> readOnly = Gen.booleans();
        Gen<VolumeRecipe> emptyDir = c -> new VolumeRecipe(names.next(c), VolumeSpec.Kind.EMPTY_DIR, null, null, null,
                false, files.next(c));
        Gen<VolumeRecipe> memory = c -> {
            String name = names.next(c);
            String size = sizes.next(c);
            return new VolumeRecipe(name, VolumeSpec.Kind.EMPTY_DIR_MEMORY, size, null, null, false, files.next(c));
        };
        // A directory the pod must create, under this class's own temporary directory, and remove again.
        Gen<VolumeRecipe> hostPath = c -> new VolumeRecipe(names.next(c), VolumeSpec.Kind.HOST_PATH, null,
                hostPaths.resolve(UUID.randomUUID().toString()).resolve("data").toString(),
                VolumeSpec.HostPathType.DIRECTORY_OR_CREATE, readOnly.next(c), List.of());
        Gen<List<VolumeRecipe>> volumes = Gen.oneOf(emptyDir, memory, hostPath).uniqueList(0, 3, VolumeRecipe::name);
        return ValidSpecs.pods(volumes, GeneratedPodsIT::busybox, 1, 2, Gen.ints(1024, 65535));
    }

    @Test
    void everyGeneratedPodEitherFailsBuildOrStartsAndClosesLeavingNothing() {
        Property.forAll(runnablePods()).tries(15).coverage(STARTED, 50).classify(recipe -> {
            PodSpec spec;
            try {
                spec = recipe.build();
            } catch (InvalidSpecException e) {
                assertThat(e.problems()).allMatch(p -> p.contains("'"), "each problem quotes the value");
                return "refused by build()";
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
            return STARTED;
        });
    }

    /** A container the busybox image runs: init containers finish, the others serve their ports until stopped. */
    private static Gen<ContainerRecipe> busybox(String name, ContainerRole role, List<Integer> ports,
            List<String> volumes, String podSecret) {
        boolean init = role == ContainerRole.INIT;
        String script = init ? "echo init done" : TRAPS + "\n" + serve(ports) + "echo ready\n"
                + "while :; do sleep 1 & wait $!; done";
        Gen<String> envNames = SpecArbitraries.envName();
        Gen<String> texts = SpecArbitraries.text();
        Gen<Boolean> yesNo = Gen.booleans();
        Gen<EnvVar> variable = c -> new EnvVar(envNames.next(c), texts.next(c), yesNo.next(c));
        Gen<List<EnvVar>> envs = variable.uniqueList(0, 3, EnvVar::name)
                .map(vars -> withSecret(vars, new EnvVar(ValidSpecs.TOKEN_ENV, podSecret, true)));
        Gen<List<String>> argLists = texts.list(0, 2);
        Gen<List<MountRecipe>> mountLists = mounts(volumes);
        Gen<ProbeRecipe> probes = init ? Gen.constant(null) : probe(ports).orNull(0.25);
        Gen<String> memory = Gen.ints(6, 64).map(n -> n + "Mi").orNull(0.6);
        Gen<String> cpu = Gen.ints(10, 1000).map(n -> n + "m").orNull(0.6);
        // An exec probe's command runs under the container's CPU limit, and so does Docker's start of it: at 10m that
        // alone takes 2-3 s (measured), longer than the probe's timeout, as it would on a kubelet. Such a container
        // never becomes ready by design: BadInputIT shows the start failure that says so.
        Gen<String> cpuForExec = Gen.ints(250, 1000).map(n -> n + "m").orNull(0.6);
        Gen<String> users = Gen.of("0", "65534", "65534:65534", "1000:1000").orNull(0.5);
        Gen<String> workingDirs = Gen.oneOf(safePath(), Gen.constant("/tmp")).orNull(0.6);
        Gen<RestartPolicy> restarts = init ? Gen.constant(RestartPolicy.NEVER).orNull(0.5)
                : Gen.of(RestartPolicy.class).orNull(0.5);
        Gen<String> stops = Gen.of(STOP_SIGNALS).orNull(0.4);
        Gen<List<String>> caps = Gen.of("NET_ADMIN", "SYS_PTRACE", "CHOWN", "cap_net_raw", "KILL")
                .uniqueList(0, 2, cap -> cap);
        return c -> {
            List<String> args = argLists.next(c);
            List<EnvVar> env = envs.next(c);
            List<MountRecipe> mounts = mountLists.next(c);
            ProbeRecipe probe = probes.next(c);
            return new ContainerRecipe(name, TestImages.BUSYBOX, List.of("sh", "-c", script), args, env, ports,
                    mounts, probe, memory.next(c),
                    (probe != null && probe.action() instanceof Probe.Exec ? cpuForExec : cpu).next(c), users.next(c), workingDirs.next(c), restarts.next(c),
                    stops.next(c), caps.next(c));
        };
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
    private static Gen<ProbeRecipe> probe(List<Integer> ports) {
        List<Gen<? extends Probe.Action>> actions = new ArrayList<>(List.of(
                Gen.constant(new Probe.LogLine("^ready$")),
                Gen.of(List.of("true"), List.of("test", "-d", "/tmp")).map(Probe.Exec::new)));
        if (!ports.isEmpty()) {
            actions.add(Gen.of(ports).map(Probe.TcpSocket::new));
            actions.add(Gen.of(ports).map(p -> new Probe.HttpGet(p, "/index.html", Probe.Scheme.HTTP,
                    java.util.Map.of("X-Test", "generated"))));
        }
        Gen<Probe.Action> action = Gen.oneOf(actions);
        Gen<Duration> initialDelay = Gen.ints(0, 300).map(Duration::ofMillis);
        Gen<Duration> period = Gen.ints(1, 5).map(Duration::ofSeconds);
        Gen<Duration> timeout = Gen.ints(1, 3).map(Duration::ofSeconds);
        Gen<Integer> success = Gen.ints(1, 2);
        Gen<Integer> failure = Gen.ints(1, 3);
        return c -> new ProbeRecipe(action.next(c), initialDelay.next(c), period.next(c), timeout.next(c),
                success.next(c), failure.next(c));
    }

    /**
     * Mounts at paths away from the image's own directories, with spaces, dots and trailing slashes; now and then one
     * at an edge a user could write: {@code /}, or a path the engine cleans into another mount's.
     */
    private static Gen<List<MountRecipe>> mounts(List<String> volumes) {
        if (volumes.isEmpty()) {
            return Gen.constant(List.of());
        }
        Gen<String> volume = Gen.of(volumes);
        Gen<String> path = Gen.frequency(4, safePath(), 1, Gen.of("/", "/mnt/same", "/mnt/same/", "//mnt//same"));
        Gen<Boolean> readOnly = Gen.booleans();
        Gen<MountRecipe> mount = c -> new MountRecipe(volume.next(c), path.next(c), readOnly.next(c));
        return mount.uniqueList(0, 3, MountRecipe::path);
    }

    private static Gen<String> safePath() {
        Gen<String> roots = Gen.of("/mnt", "/data", "/srv", "/opt", "/var/lib");
        Gen<String> segments = SpecArbitraries.pathSegment();
        Gen<String> ends = Gen.of("", "/");
        return c -> roots.next(c) + "/" + segments.next(c) + ends.next(c);
    }

    private static List<EnvVar> withSecret(List<EnvVar> vars, EnvVar secret) {
        List<EnvVar> all = new ArrayList<>(vars.stream().filter(v -> !v.name().equals(secret.name())).toList());
        all.add(secret);
        return List.copyOf(all);
    }
}
