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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple6;
import net.jqwik.api.Tuple.Tuple7;

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
        Arbitrary<ContainerRecipe> container(String name, ContainerRole role, List<Integer> ports,
                List<String> volumes, String podSecret);
    }

    /** Valid pods of any image: 0..2 init containers, 0..3 sidecars, 0..3 volumes. */
    public static Arbitrary<PodRecipe> pods() {
        return pods(volumes(), ValidSpecs::container, 2, 3, port());
    }

    /**
     * Valid pods whose volumes come from {@code volumes} and whose containers {@code maker} makes, with up to
     * {@code maxInit} init containers and {@code maxSidecars} sidecars, declaring ports drawn from {@code port}.
     */
    public static Arbitrary<PodRecipe> pods(Arbitrary<List<VolumeRecipe>> volumes, ContainerMaker maker, int maxInit,
            int maxSidecars, Arbitrary<Integer> port) {
        Arbitrary<Integer> inits = Arbitraries.integers().between(0, maxInit);
        Arbitrary<Integer> sidecars = Arbitraries.integers().between(0, maxSidecars);
        Arbitrary<List<Integer>> ports = port.list().uniqueElements().ofMaxSize(6);
        return Combinators.combine(dnsLabel(), volumes, inits, sidecars, ports, secretValue())
                .flatAs((name, vols, nInit, nSidecars, podPorts, secret) -> {
                    int n = nInit + nSidecars + 1;
                    List<String> volumeNames = vols.stream().map(VolumeRecipe::name).toList();
                    Arbitrary<List<ContainerRecipe>> containers = dnsLabel().list().ofSize(n).uniqueElements()
                            .flatMap(names -> {
                                List<Arbitrary<ContainerRecipe>> each = new ArrayList<>();
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
                                    each.add(maker.container(names.get(i), role, own, volumeNames, secret));
                                }
                                // Without edge cases: jqwik would combine every container's, which costs more than
                                // it finds.
                                return Combinators.combine(each).as(List::copyOf).withoutEdgeCases();
                            });
                    Arbitrary<String> hostname = dnsLabel().injectNull(0.7);
                    Arbitrary<Duration> grace = Arbitraries.longs().between(0, 120_000).map(Duration::ofMillis);
                    return Combinators.combine(containers, hostname, Arbitraries.of(true, false),
                                    Arbitraries.of(true, false), grace, Arbitraries.of(SidecarStartOrder.class))
                            .as((all, host, sharePid, shareIpc, gracePeriod, order) -> new PodRecipe(name, host,
                                    all.subList(0, nInit), all.subList(nInit, n - 1), all.get(n - 1), vols,
                                    sharePid, shareIpc, gracePeriod, order)).withoutEdgeCases();
                });
    }

    /** A valid container of any image, with every setter used now and then. */
    public static Arbitrary<ContainerRecipe> container(String name, ContainerRole role, List<Integer> ports,
            List<String> volumes, String podSecret) {
        Arbitrary<EnvVar> variable = Combinators.combine(envName(), Arbitraries.of(true, false))
                .flatAs((varName, secret) -> (secret ? secretValue() : text())
                        .map(value -> new EnvVar(varName, value, secret)));
        Arbitrary<List<EnvVar>> env = variable.list().ofMaxSize(4).uniqueElements(EnvVar::name)
                .map(vars -> vars.stream().filter(v -> !v.name().equals(TOKEN_ENV)).toList());
        Arbitrary<List<String>> command = text().list().ofMaxSize(3);
        Arbitrary<List<String>> args = text().list().ofMaxSize(3);
        Arbitrary<Boolean> holdsSecret = Arbitraries.of(true, false);
        Arbitrary<Boolean> printsSecret = Arbitraries.of(true, false);
        Arbitrary<ProbeRecipe> probe = role == ContainerRole.INIT ? Arbitraries.just(null)
                : probe(ports).injectNull(0.3);
        Arbitrary<RestartPolicy> restart = role == ContainerRole.INIT
                ? Arbitraries.of(RestartPolicy.NEVER).injectNull(0.5)
                : Arbitraries.of(RestartPolicy.class).injectNull(0.4);
        Arbitrary<List<String>> caps = capability().list().ofMaxSize(2);
        Arbitrary<String> user = Arbitraries.of("0", "1000", "1000:1000", "65534:65534", "nobody", "app user")
                .injectNull(0.6);
        Arbitrary<Tuple6<String, List<String>, List<String>, List<EnvVar>, Boolean, Boolean>> identity =
                Combinators.combine(imageReference(), command, args, env, holdsSecret, printsSecret).as(Tuple::of);
        Arbitrary<Tuple7<String, String, String, String, RestartPolicy, String, List<String>>> settings =
                Combinators.combine(byteQuantity().injectNull(0.5), cpuQuantity().injectNull(0.5), user,
                        absolutePath().injectNull(0.6), restart, signal().injectNull(0.5), caps).as(Tuple::of);
        return Combinators.combine(identity, mounts(volumes), probe, settings).as((id, mounts, p, s) ->
                new ContainerRecipe(name, id.get1(), id.get2(),
                        withSecret(id.get3(), id.get6() ? "--token=" + podSecret : null),
                        withSecret(id.get4(), id.get5() ? new EnvVar(TOKEN_ENV, podSecret, true) : null),
                        ports, mounts, p, s.get1(), s.get2(), s.get3(), s.get4(), s.get5(), s.get6(), s.get7()));
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
    public static Arbitrary<List<MountRecipe>> mounts(List<String> volumes) {
        if (volumes.isEmpty()) {
            return Arbitraries.just(List.of());
        }
        Arbitrary<MountRecipe> mount = Combinators.combine(Arbitraries.of(volumes), absolutePath(),
                Arbitraries.of(true, false)).as(MountRecipe::new);
        return mount.list().ofMaxSize(3).uniqueElements(m -> SpecArbitraries.cleanPath(m.path()));
    }

    /** Valid probes; those that reach a port reach one of {@code ports}. */
    public static Arbitrary<ProbeRecipe> probe(List<Integer> ports) {
        List<Arbitrary<Probe.Action>> actions = new ArrayList<>();
        actions.add(exec());
        actions.add(Arbitraries.of("^ready$", "started", "listening on [0-9]+", "(?i)ok")
                .map(Probe.LogLine::new));
        if (!ports.isEmpty()) {
            actions.add(Arbitraries.of(ports).map(Probe.TcpSocket::new));
            Arbitrary<String> path = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(20).map(p -> "/" + p);
            Arbitrary<Map<String, String>> headers = Arbitraries.maps(
                    Arbitraries.strings().withCharRange('a', 'z').withChars("-_!#").ofMinLength(1).ofMaxLength(10),
                    Arbitraries.strings().withCharRange(' ', '~').withChars('\t').ofMaxLength(10)).ofMaxSize(2);
            actions.add(Combinators.combine(Arbitraries.of(ports), path, Arbitraries.of(Probe.Scheme.class), headers)
                    .as(Probe.HttpGet::new));
        }
        return Combinators.combine(Arbitraries.oneOf(actions), millis(0, 10_000), millis(1, 60_000),
                        millis(1, 10_000), Arbitraries.integers().between(1, 5), Arbitraries.integers().between(1, 5))
                .as(ProbeRecipe::new);
    }

    /** Exec probe actions: a command whose first word is not blank, without NUL. */
    public static Arbitrary<Probe.Action> exec() {
        return Combinators.combine(text().filter(s -> !s.isBlank()), text().list().ofMaxSize(2))
                .as((first, rest) -> {
                    List<String> cmd = new ArrayList<>();
                    cmd.add(first);
                    cmd.addAll(rest);
                    return new Probe.Exec(cmd);
                });
    }

    private static Arbitrary<Duration> millis(long min, long max) {
        return Arbitraries.longs().between(min, max).map(Duration::ofMillis);
    }

    /** Valid volumes of all three kinds, 0..3 of them with distinct names. */
    public static Arbitrary<List<VolumeRecipe>> volumes() {
        Arbitrary<VolumeRecipe> emptyDir = Combinators.combine(dnsLabel(), files())
                .as((name, files) -> new VolumeRecipe(name, VolumeSpec.Kind.EMPTY_DIR, null, null, null, false,
                        files));
        Arbitrary<VolumeRecipe> memory = Combinators.combine(dnsLabel(), byteQuantity(), files())
                .as((name, size, files) -> new VolumeRecipe(name, VolumeSpec.Kind.EMPTY_DIR_MEMORY, size, null, null,
                        false, files));
        Arbitrary<VolumeRecipe> hostPath = Combinators.combine(dnsLabel(), absolutePath(),
                        Arbitraries.of(VolumeSpec.HostPathType.class), Arbitraries.of(true, false))
                .as((name, path, type, ro) -> new VolumeRecipe(name, VolumeSpec.Kind.HOST_PATH, null, path, type, ro,
                        List.of()));
        return Arbitraries.oneOf(emptyDir, memory, hostPath).list().ofMaxSize(3).uniqueElements(VolumeRecipe::name);
    }

    /**
     * Files for an {@code emptyDir}: text or the test's class-path resource, at distinct relative paths none of which
     * is a directory of another.
     */
    public static Arbitrary<List<FileRecipe>> files() {
        Arbitrary<FileRecipe> file = Combinators.combine(relativeFilePath(), text(), Arbitraries.of(false, false, true))
                .as((path, text, classpath) -> new FileRecipe(path, classpath ? CLASSPATH_FILE : text, classpath));
        return file.list().ofMaxSize(2).uniqueElements(FileRecipe::path)
                .filter(fs -> fs.stream().noneMatch(a -> fs.stream()
                        .anyMatch(b -> b.path().startsWith(a.path() + "/"))));
    }
}
