package dev.sidecar.test;

import static dev.sidecar.test.SpecArbitraries.absolutePath;
import static dev.sidecar.test.SpecArbitraries.byteQuantity;
import static dev.sidecar.test.SpecArbitraries.capability;
import static dev.sidecar.test.SpecArbitraries.cpuQuantity;
import static dev.sidecar.test.SpecArbitraries.dnsLabel;
import static dev.sidecar.test.SpecArbitraries.envName;
import static dev.sidecar.test.SpecArbitraries.imageReference;
import static dev.sidecar.test.SpecArbitraries.imageReferenceLike;
import static dev.sidecar.test.SpecArbitraries.notByteQuantity;
import static dev.sidecar.test.SpecArbitraries.notCapability;
import static dev.sidecar.test.SpecArbitraries.notCpuQuantity;
import static dev.sidecar.test.SpecArbitraries.notPort;
import static dev.sidecar.test.SpecArbitraries.notSignal;
import static dev.sidecar.test.SpecArbitraries.port;
import static dev.sidecar.test.SpecArbitraries.relativeFilePath;
import static dev.sidecar.test.SpecArbitraries.secretValue;
import static dev.sidecar.test.SpecArbitraries.signal;

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
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Specs with any value in any field: valid ones, invalid ones and arbitrary text (any character, NUL included), with
 * names, ports and volumes drawn from small pools so that the rules between containers (unique names, one owner per
 * port, declared volumes) are broken now and then too. No rule is kept on purpose.
 */
public final class AnySpecs {

    private static final List<String> NAMES = List.of("app", "proxy", "init", "App", "data");
    private static final List<Integer> PORTS = List.of(80, 8080, 0, 65536);

    private AnySpecs() {
    }

    /** Any text at all: NUL, control characters, surrogates, spaces. */
    static Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(12), Arbitraries.strings().ascii()
                .ofMaxLength(12), Arbitraries.of("", " ", "\0", "a\0b", "/", "'", "\n"));
    }

    /** Mostly {@code valid}, now and then one of {@code others}: a spec has many fields, and one bad one spoils it. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, into a list
    private static <T> Arbitrary<T> mostly(Arbitrary<T> valid, Arbitrary<T>... others) {
        return Arbitraries.frequencyOf(Tuple.of(12, valid), Tuple.of(1, Arbitraries.oneOf(List.of(others))));
    }

    private static Arbitrary<String> name() {
        return mostly(Arbitraries.oneOf(Arbitraries.of(NAMES), dnsLabel()), anyText());
    }

    private static Arbitrary<Integer> anyPort() {
        return mostly(Arbitraries.oneOf(Arbitraries.of(80, 8080), port()), Arbitraries.of(PORTS), notPort());
    }

    private static Arbitrary<Duration> anyDuration() {
        return mostly(Arbitraries.longs().between(1, 60_000).map(Duration::ofMillis),
                Arbitraries.longs().between(-5_000, 0).map(Duration::ofMillis));
    }

    /** Pods of 0..2 init containers, 0..3 sidecars and 0..3 volumes, with anything in them. */
    public static Arbitrary<PodRecipe> pods() {
        Arbitrary<List<ContainerRecipe>> none = Arbitraries.just(List.of());
        Arbitrary<PodRecipe> shape = Combinators.combine(name(), name().injectNull(0.7),
                        Arbitraries.frequencyOf(Tuple.of(2, none), Tuple.of(1, container().list().ofMaxSize(2))),
                        Arbitraries.frequencyOf(Tuple.of(1, none), Tuple.of(2, container().list().ofMaxSize(3))),
                        container(), volume().list().ofMaxSize(3), Arbitraries.of(true, false),
                        mostly(Arbitraries.longs().between(0, 60_000), Arbitraries.longs().between(-1_000, -1))
                                .map(Duration::ofMillis))
                .as((name, hostname, inits, sidecars, main, volumes, share, grace) -> new PodRecipe(name, hostname,
                        inits, sidecars, main, volumes, share, !share, grace, SidecarStartOrder.ORDERED));
        return shape;
    }

    /** A container with anything in each field; each setter is used now and then. */
    static Arbitrary<ContainerRecipe> container() {
        Arbitrary<EnvVar> env = Combinators.combine(mostly(envName(), anyText()),
                Arbitraries.oneOf(anyText(), secretValue()), Arbitraries.of(true, false)).as(EnvVar::new);
        Arbitrary<MountRecipe> mount = Combinators.combine(name(), mostly(absolutePath(), anyText()),
                Arbitraries.of(true, false)).as(MountRecipe::new);
        Arbitrary<String> memory = mostly(byteQuantity(), notByteQuantity(), anyText()).injectNull(0.5);
        Arbitrary<String> cpu = mostly(cpuQuantity(), notCpuQuantity(), anyText()).injectNull(0.5);
        Arbitrary<String> user = mostly(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), anyText())
                .injectNull(0.6);
        Arbitrary<String> dir = mostly(absolutePath(), anyText()).injectNull(0.6);
        Arbitrary<String> stop = mostly(signal(), notSignal(), anyText()).injectNull(0.5);
        Arbitrary<List<String>> caps = mostly(capability(), notCapability(), anyText()).list().ofMaxSize(2);
        Arbitrary<RestartPolicy> restart = Arbitraries.of(RestartPolicy.class).injectNull(0.5);
        return Combinators.combine(
                        Combinators.combine(name(), mostly(imageReference(), imageReferenceLike(), anyText()),
                                anyText().list().ofMaxSize(2),
                                anyText().list().ofMaxSize(2), env.list().ofMaxSize(3).uniqueElements(EnvVar::name),
                                anyPort().list().ofMaxSize(2)).as(Tuple::of),
                        mount.list().ofMaxSize(2), probe().injectNull(0.4),
                        Combinators.combine(memory, cpu, user, dir, restart, stop, caps).as(Tuple::of))
                .as((id, mounts, probe, s) -> new ContainerRecipe(id.get1(), id.get2(), id.get3(), id.get4(),
                        id.get5(), id.get6(), mounts, probe, s.get1(), s.get2(), s.get3(), s.get4(), s.get5(),
                        s.get6(), s.get7()));
    }

    /** A probe of any action with any timing. */
    static Arbitrary<ProbeRecipe> probe() {
        Arbitrary<Probe.Action> action = Arbitraries.oneOf(
                anyPort().map(Probe.TcpSocket::new),
                Combinators.combine(anyPort(), anyText(), Arbitraries.of(Probe.Scheme.class),
                        Arbitraries.maps(anyText(), anyText()).ofMaxSize(2)).as(Probe.HttpGet::new),
                anyText().list().ofMaxSize(3).map(Probe.Exec::new),
                anyText().map(Probe.LogLine::new));
        Arbitrary<Integer> threshold = mostly(Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(-2, 0));
        return Combinators.combine(action, anyDuration().map(d -> d.minusMillis(1)), anyDuration(), anyDuration(),
                threshold, threshold).as(ProbeRecipe::new);
    }

    private static boolean isPath(String text) {
        try {
            java.nio.file.Path.of(text);
            return true;
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** A volume of any kind with any name, size, host path and files. */
    static Arbitrary<VolumeRecipe> volume() {
        Arbitrary<List<FileRecipe>> files = Combinators.combine(mostly(relativeFilePath(), anyText()),
                        anyText(), Arbitraries.of(false, false, true))
                .as((path, text, classpath) -> new FileRecipe(path, classpath ? ValidSpecs.CLASSPATH_FILE : text,
                        classpath))
                .list().ofMaxSize(2);
        // A host path is a java.nio Path, which cannot hold NUL or malformed text: the caller could not give one.
        Arbitrary<String> hostPath = mostly(absolutePath(), anyText()).filter(AnySpecs::isPath);
        return Combinators.combine(name(), Arbitraries.of(VolumeSpec.Kind.EMPTY_DIR, VolumeSpec.Kind.EMPTY_DIR_MEMORY, VolumeSpec.Kind.HOST_PATH),
                        mostly(byteQuantity(), notByteQuantity(), anyText()), hostPath,
                        Arbitraries.of(VolumeSpec.HostPathType.class), Arbitraries.of(true, false), files)
                .as((name, kind, size, path, type, ro, fs) -> new VolumeRecipe(name, kind, size, path, type, ro,
                        kind == VolumeSpec.Kind.HOST_PATH ? List.of() : fs));
    }
}
