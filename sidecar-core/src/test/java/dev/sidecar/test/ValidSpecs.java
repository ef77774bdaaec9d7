package dev.sidecar.test;

import static dev.sidecar.test.SpecArbitraries.absolutePath;
import static dev.sidecar.test.SpecArbitraries.byteQuantity;
import static dev.sidecar.test.SpecArbitraries.capability;
import static dev.sidecar.test.SpecArbitraries.cpuQuantity;
import static dev.sidecar.test.SpecArbitraries.dnsLabel;
import static dev.sidecar.test.SpecArbitraries.envName;
import static dev.sidecar.test.SpecArbitraries.imageReference;
import static dev.sidecar.test.SpecArbitraries.port;
import static dev.sidecar.test.SpecArbitraries.relativeFilePath;
import static dev.sidecar.test.SpecArbitraries.secretValue;
import static dev.sidecar.test.SpecArbitraries.signal;
import static dev.sidecar.test.SpecArbitraries.text;

import dev.sidecar.ContainerRole;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.Recipes.ContainerRecipe;
import dev.sidecar.test.Recipes.EnvVar;
import dev.sidecar.test.Recipes.FileRecipe;
import dev.sidecar.test.Recipes.MountRecipe;
import dev.sidecar.test.Recipes.PodRecipe;
import dev.sidecar.test.Recipes.ProbeRecipe;
import dev.sidecar.test.Recipes.VolumeRecipe;
import dev.sidecar.test.property.Gen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generators of specs that keep every rule: names, images, ports, paths, quantities, signals, capabilities, env,
 * probes, volumes and mounts, restart policies by role, and the rules between containers (unique names, one owner
 * per port, mounts of declared volumes, probes of declared ports). The pod assembly is shared with integration tests
 * that narrow the containers to what an image can run.
 */
public final class ValidSpecs {

    /** The class-path resource the test sources hold for volume files. */
    public static final String CLASSPATH_FILE = "volumes/greeting.txt";
    /** The environment variable that holds a pod's shared secret, in the containers that get it. */
    public static final String TOKEN_ENV = "TOKEN";

    private ValidSpecs() {
    }

    /** Makes the container of one place in a pod: its name, role, ports, the volumes it may mount, the pod secret. */
    @FunctionalInterface
    public interface ContainerMaker {
        Gen<ContainerRecipe> container(String name, ContainerRole role, List<Integer> ports, List<String> volumes,
                String podSecret);
    }

    /** Valid pods of any image: 0..2 init containers, 0..3 sidecars, 0..3 volumes. */
    public static Gen<PodRecipe> pods() {
        return pods(volumes(), ValidSpecs::container, 2, 3, port());
    }

    /**
     * Valid pods whose volumes come from {@code volumes} and whose containers {@code maker} makes, with up to
     * {@code maxInit} init containers and {@code maxSidecars} sidecars, declaring ports drawn from {@code port}.
     */
    public static Gen<PodRecipe> pods(Gen<List<VolumeRecipe>> volumes, ContainerMaker maker, int maxInit,
            int maxSidecars, Gen<Integer> port) {
        Gen<String> names = dnsLabel();
        Gen<Integer> inits = Gen.ints(0, maxInit);
        Gen<Integer> sidecars = Gen.ints(0, maxSidecars);
        Gen<List<Integer>> ports = port.uniqueList(0, 6, p -> p);
        Gen<String> secrets = secretValue();
        Gen<String> hostnames = dnsLabel().orNull(0.7);
        Gen<Boolean> yesNo = Gen.booleans();
        Gen<Duration> grace = Gen.longs(0, 120_000).map(Duration::ofMillis);
        Gen<SidecarStartOrder> order = Gen.of(SidecarStartOrder.class);
        return c -> {
            String name = names.next(c);
            List<VolumeRecipe> vols = volumes.next(c);
            int nInit = inits.next(c);
            int nSidecars = sidecars.next(c);
            List<Integer> podPorts = ports.next(c);
            String secret = secrets.next(c);
            int n = nInit + nSidecars + 1;
            List<String> volumeNames = vols.stream().map(VolumeRecipe::name).toList();
            List<String> containerNames = names.uniqueList(n, n, label -> label).next(c);
            List<ContainerRecipe> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ContainerRole role = i < nInit ? ContainerRole.INIT
                        : i < n - 1 ? ContainerRole.SIDECAR : ContainerRole.MAIN;
                // Ports dealt round-robin to sidecars and main: no port has two owners.
                List<Integer> own = new ArrayList<>();
                for (int j = 0; role != ContainerRole.INIT && j < podPorts.size(); j++) {
                    if (j % (nSidecars + 1) == i - nInit) {
                        own.add(podPorts.get(j));
                    }
                }
                all.add(maker.container(containerNames.get(i), role, List.copyOf(own), volumeNames, secret).next(c));
            }
            String hostname = hostnames.next(c);
            boolean sharePid = yesNo.next(c);
            boolean shareIpc = yesNo.next(c);
            return new PodRecipe(name, hostname, List.copyOf(all.subList(0, nInit)),
                    List.copyOf(all.subList(nInit, n - 1)), all.get(n - 1), vols, sharePid, shareIpc, grace.next(c),
                    order.next(c));
        };
    }

    /** A valid container of any image, with every setter used now and then. */
    public static Gen<ContainerRecipe> container(String name, ContainerRole role, List<Integer> ports,
            List<String> volumes, String podSecret) {
        Gen<String> envNames = envName();
        Gen<Boolean> yesNo = Gen.booleans();
        Gen<String> secretValues = secretValue();
        Gen<String> texts = text();
        Gen<EnvVar> variable = c -> {
            String varName = envNames.next(c);
            boolean secret = yesNo.next(c);
            return new EnvVar(varName, (secret ? secretValues : texts).next(c), secret);
        };
        Gen<List<EnvVar>> envs = variable.uniqueList(0, 4, EnvVar::name)
                .map(vars -> vars.stream().filter(v -> !v.name().equals(TOKEN_ENV)).toList());
        Gen<String> images = imageReference();
        Gen<List<String>> words = text().list(0, 3);
        Gen<List<MountRecipe>> mountLists = mounts(volumes);
        Gen<ProbeRecipe> probes = role == ContainerRole.INIT ? Gen.constant(null) : probe(ports).orNull(0.3);
        Gen<String> memory = byteQuantity().orNull(0.5);
        Gen<String> cpu = cpuQuantity().orNull(0.5);
        Gen<String> users = Gen.of("0", "1000", "1000:1000", "65534:65534", "nobody", "app user").orNull(0.6);
        Gen<String> dirs = absolutePath().orNull(0.6);
        Gen<RestartPolicy> restarts = role == ContainerRole.INIT ? Gen.constant(RestartPolicy.NEVER).orNull(0.5)
                : Gen.of(RestartPolicy.class).orNull(0.4);
        Gen<String> signals = signal().orNull(0.5);
        Gen<List<String>> caps = capability().list(0, 2);
        return c -> {
            String image = images.next(c);
            List<String> command = words.next(c);
            List<String> args = words.next(c);
            List<EnvVar> env = envs.next(c);
            boolean holdsSecret = yesNo.next(c);
            boolean printsSecret = yesNo.next(c);
            List<MountRecipe> mounts = mountLists.next(c);
            ProbeRecipe probe = probes.next(c);
            return new ContainerRecipe(name, image, command,
                    withSecret(args, printsSecret ? "--token=" + podSecret : null),
                    withSecret(env, holdsSecret ? new EnvVar(TOKEN_ENV, podSecret, true) : null),
                    ports, mounts, probe, memory.next(c), cpu.next(c), users.next(c), dirs.next(c), restarts.next(c),
                    signals.next(c), caps.next(c));
        };
    }

    private static <T> List<T> withSecret(List<T> values, T secret) {
        if (secret == null) {
            return values;
        }
        List<T> with = new ArrayList<>(values);
        with.add(secret);
        return List.copyOf(with);
    }

    /** Mounts of some of {@code volumes}, each at its own path (the paths differ as the engine compares them). */
    public static Gen<List<MountRecipe>> mounts(List<String> volumes) {
        if (volumes.isEmpty()) {
            return Gen.constant(List.of());
        }
        Gen<String> volume = Gen.of(volumes);
        Gen<String> path = absolutePath();
        Gen<Boolean> readOnly = Gen.booleans();
        Gen<MountRecipe> mount = c -> new MountRecipe(volume.next(c), path.next(c), readOnly.next(c));
        return mount.uniqueList(0, 3, m -> SpecArbitraries.cleanPath(m.path()));
    }

    /** Valid probes; those that reach a port reach one of {@code ports}. */
    public static Gen<ProbeRecipe> probe(List<Integer> ports) {
        List<Gen<? extends Probe.Action>> actions = new ArrayList<>();
        actions.add(exec());
        actions.add(Gen.of("^ready$", "started", "listening on [0-9]+", "(?i)ok").map(Probe.LogLine::new));
        if (!ports.isEmpty()) {
            Gen<Integer> port = Gen.of(ports);
            actions.add(port.map(Probe.TcpSocket::new));
            Gen<String> path = Gen.strings(Gen.chars('!', '~'), 0, 20).map(p -> "/" + p);
            Gen<String> headerName = Gen.strings(Gen.chars("abcdefghijklmnopqrstuvwxyz-_!#"), 1, 10);
            Gen<String> headerValue = Gen.strings(Gen.frequency(95, Gen.chars(' ', '~'), 1, Gen.constant('\t')),
                    0, 10);
            Gen<Map<String, String>> headers = Gen.maps(headerName, headerValue, 2);
            Gen<Probe.Scheme> scheme = Gen.of(Probe.Scheme.class);
            actions.add(c -> new Probe.HttpGet(port.next(c), path.next(c), scheme.next(c), headers.next(c)));
        }
        Gen<Probe.Action> action = Gen.oneOf(actions);
        Gen<Duration> initialDelay = millis(0, 10_000);
        Gen<Duration> period = millis(1, 60_000);
        Gen<Duration> timeout = millis(1, 10_000);
        Gen<Integer> threshold = Gen.ints(1, 5);
        return c -> new ProbeRecipe(action.next(c), initialDelay.next(c), period.next(c), timeout.next(c),
                threshold.next(c), threshold.next(c));
    }

    /** Exec probe actions: a command whose first word is not blank, without NUL. */
    public static Gen<Probe.Action> exec() {
        Gen<String> first = text().filter(s -> !s.isBlank());
        Gen<List<String>> rest = text().list(0, 2);
        return c -> {
            List<String> cmd = new ArrayList<>();
            cmd.add(first.next(c));
            cmd.addAll(rest.next(c));
            return new Probe.Exec(cmd);
        };
    }

    private static Gen<Duration> millis(long min, long max) {
        return Gen.longs(min, max).map(Duration::ofMillis);
    }

    /** Valid volumes of all three kinds, 0..3 of them with distinct names. */
    public static Gen<List<VolumeRecipe>> volumes() {
        Gen<String> names = dnsLabel();
        Gen<List<FileRecipe>> files = files();
        Gen<String> sizes = byteQuantity();
        Gen<String> paths = absolutePath();
        Gen<VolumeSpec.HostPathType> types = Gen.of(VolumeSpec.HostPathType.class);
        Gen<Boolean> readOnly = Gen.booleans();
        Gen<VolumeRecipe> emptyDir = c -> new VolumeRecipe(names.next(c), VolumeSpec.Kind.EMPTY_DIR, null, null, null,
                false, files.next(c));
        Gen<VolumeRecipe> memory = c -> {
            String name = names.next(c);
            String size = sizes.next(c);
            return new VolumeRecipe(name, VolumeSpec.Kind.EMPTY_DIR_MEMORY, size, null, null, false, files.next(c));
        };
        Gen<VolumeRecipe> hostPath = c -> {
            String name = names.next(c);
            String path = paths.next(c);
            VolumeSpec.HostPathType type = types.next(c);
            return new VolumeRecipe(name, VolumeSpec.Kind.HOST_PATH, null, path, type, readOnly.next(c), List.of());
        };
        return Gen.oneOf(emptyDir, memory, hostPath).uniqueList(0, 3, VolumeRecipe::name);
    }

    /**
     * Files for an {@code emptyDir}: text or the test's class-path resource, at distinct relative paths none of which
     * is a directory of another.
     */
    public static Gen<List<FileRecipe>> files() {
        Gen<String> paths = relativeFilePath();
        Gen<String> texts = text();
        Gen<Boolean> fromClasspath = Gen.of(false, false, true);
        Gen<FileRecipe> file = c -> {
            String path = paths.next(c);
            String text = texts.next(c);
            boolean classpath = fromClasspath.next(c);
            return new FileRecipe(path, classpath ? CLASSPATH_FILE : text, classpath);
        };
        return file.uniqueList(0, 2, FileRecipe::path)
                .filter(fs -> fs.stream().noneMatch(a -> fs.stream()
                        .anyMatch(b -> b.path().startsWith(a.path() + "/"))));
    }
}
