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
import dev.sidecar.test.property.Gen;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Specs with any value in any field: valid ones, invalid ones and arbitrary text (any character, NUL included), with
 * names, ports and volumes drawn from small pools so that the rules between containers (unique names, one owner per
 * port, declared volumes) are broken now and then too. No rule is kept on purpose.
 */
public final class AnySpecs {

    private static final List<String> NAMES = List.of("app", "proxy", "init", "App", "data");
    private static final List<Integer> PORTS = List.of(80, 8080, 0, 65536);
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private AnySpecs() {
    }

    /** Any text at all: NUL, control characters, surrogates, spaces. */
    static Gen<String> anyText() {
        return Gen.oneOf(Gen.strings(Gen.anyChar(), 0, 12), Gen.strings(Gen.chars('\0', '\u007f'), 0, 12),
                Gen.of("", " ", "\0", "a\0b", "/", "'", "\n"));
    }

    /** Mostly {@code valid}, now and then one of {@code others}: a spec has many fields, and one bad one spoils it. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, into a list
    private static <T> Gen<T> mostly(Gen<T> valid, Gen<T>... others) {
        return Gen.frequency(12, valid, 1, Gen.oneOf(List.of(others)));
    }

    private static Gen<String> name() {
        return mostly(Gen.oneOf(Gen.of(NAMES), dnsLabel()), anyText());
    }

    private static Gen<Integer> anyPort() {
        return mostly(Gen.oneOf(Gen.of(80, 8080), port()), Gen.of(PORTS), notPort());
    }

    private static Gen<Duration> anyDuration() {
        return mostly(Gen.longs(1, 60_000).map(Duration::ofMillis), Gen.longs(-5_000, 0).map(Duration::ofMillis));
    }

    /** Pods of 0..2 init containers, 0..3 sidecars and 0..3 volumes, with anything in them. */
    public static Gen<PodRecipe> pods() {
        Gen<List<ContainerRecipe>> none = Gen.constant(List.of());
        Gen<String> name = name();
        Gen<String> hostname = name().orNull(0.7);
        Gen<List<ContainerRecipe>> inits = Gen.frequency(2, none, 1, container().list(0, 2));
        Gen<List<ContainerRecipe>> sidecars = Gen.frequency(1, none, 2, container().list(0, 3));
        Gen<ContainerRecipe> main = container();
        Gen<List<VolumeRecipe>> volumes = volume().list(0, 3);
        Gen<Boolean> share = Gen.booleans();
        Gen<Duration> grace = mostly(Gen.longs(0, 60_000), Gen.longs(-1_000, -1)).map(Duration::ofMillis);
        return c -> {
            String podName = name.next(c);
            String host = hostname.next(c);
            List<ContainerRecipe> initContainers = inits.next(c);
            List<ContainerRecipe> sidecarContainers = sidecars.next(c);
            ContainerRecipe mainContainer = main.next(c);
            List<VolumeRecipe> podVolumes = volumes.next(c);
            boolean sharePid = share.next(c);
            return new PodRecipe(podName, host, initContainers, sidecarContainers, mainContainer, podVolumes,
                    sharePid, !sharePid, grace.next(c), SidecarStartOrder.ORDERED);
        };
    }

    /** A container with anything in each field; each setter is used now and then. */
    static Gen<ContainerRecipe> container() {
        Gen<String> envName = mostly(envName(), anyText());
        Gen<String> envValue = Gen.oneOf(anyText(), secretValue());
        Gen<Boolean> yesNo = Gen.booleans();
        Gen<EnvVar> env = c -> new EnvVar(envName.next(c), envValue.next(c), yesNo.next(c));
        Gen<String> name = name();
        Gen<String> mountPath = mostly(absolutePath(), anyText());
        Gen<MountRecipe> mount = c -> new MountRecipe(name.next(c), mountPath.next(c), yesNo.next(c));
        Gen<String> image = mostly(imageReference(), imageReferenceLike(), anyText());
        Gen<List<String>> words = anyText().list(0, 2);
        Gen<List<EnvVar>> envs = env.uniqueList(0, 3, EnvVar::name);
        Gen<List<Integer>> ports = anyPort().list(0, 2);
        Gen<List<MountRecipe>> mounts = mount.list(0, 2);
        Gen<ProbeRecipe> probe = probe().orNull(0.4);
        Gen<String> memory = mostly(byteQuantity(), notByteQuantity(), anyText()).orNull(0.5);
        Gen<String> cpu = mostly(cpuQuantity(), notCpuQuantity(), anyText()).orNull(0.5);
        Gen<String> user = mostly(Gen.strings(Gen.chars(LETTERS), 1, 8), anyText()).orNull(0.6);
        Gen<String> dir = mostly(absolutePath(), anyText()).orNull(0.6);
        Gen<String> stop = mostly(signal(), notSignal(), anyText()).orNull(0.5);
        Gen<List<String>> caps = mostly(capability(), notCapability(), anyText()).list(0, 2);
        Gen<RestartPolicy> restart = Gen.of(RestartPolicy.class).orNull(0.5);
        // Arguments are evaluated left to right: the same choices make the same container.
        return c -> new ContainerRecipe(name.next(c), image.next(c), words.next(c), words.next(c), envs.next(c),
                ports.next(c), mounts.next(c), probe.next(c), memory.next(c), cpu.next(c), user.next(c),
                dir.next(c), restart.next(c), stop.next(c), caps.next(c));
    }

    /** A probe of any action with any timing. */
    static Gen<ProbeRecipe> probe() {
        Gen<Integer> port = anyPort();
        Gen<String> text = anyText();
        Gen<Probe.Scheme> scheme = Gen.of(Probe.Scheme.class);
        Gen<Map<String, String>> headers = Gen.maps(anyText(), anyText(), 2);
        Gen<Probe.Action> action = Gen.oneOf(
                port.map(Probe.TcpSocket::new),
                c -> new Probe.HttpGet(port.next(c), text.next(c), scheme.next(c), headers.next(c)),
                anyText().list(0, 3).map(Probe.Exec::new),
                anyText().map(Probe.LogLine::new));
        Gen<Integer> threshold = mostly(Gen.ints(1, 5), Gen.ints(-2, 0));
        Gen<Duration> duration = anyDuration();
        return c -> new ProbeRecipe(action.next(c), duration.next(c).minusMillis(1), duration.next(c),
                duration.next(c), threshold.next(c), threshold.next(c));
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
    static Gen<VolumeRecipe> volume() {
        Gen<String> filePath = mostly(relativeFilePath(), anyText());
        Gen<String> text = anyText();
        Gen<Boolean> fromClasspath = Gen.of(false, false, true);
        Gen<FileRecipe> file = c -> {
            String path = filePath.next(c);
            String content = text.next(c);
            boolean classpath = fromClasspath.next(c);
            return new FileRecipe(path, classpath ? ValidSpecs.CLASSPATH_FILE : content, classpath);
        };
        Gen<List<FileRecipe>> files = file.list(0, 2);
        Gen<String> name = name();
        Gen<VolumeSpec.Kind> kind = Gen.of(VolumeSpec.Kind.EMPTY_DIR, VolumeSpec.Kind.EMPTY_DIR_MEMORY,
                VolumeSpec.Kind.HOST_PATH);
        Gen<String> size = mostly(byteQuantity(), notByteQuantity(), anyText());
        // A host path is a java.nio Path, which cannot hold NUL or malformed text: the caller could not give one.
        Gen<String> hostPath = mostly(absolutePath(), anyText()).filter(AnySpecs::isPath);
        Gen<VolumeSpec.HostPathType> type = Gen.of(VolumeSpec.HostPathType.class);
        Gen<Boolean> readOnly = Gen.booleans();
        return c -> {
            String volumeName = name.next(c);
            VolumeSpec.Kind k = kind.next(c);
            String sizeLimit = size.next(c);
            String path = hostPath.next(c);
            VolumeSpec.HostPathType pathType = type.next(c);
            boolean ro = readOnly.next(c);
            List<FileRecipe> fs = files.next(c);
            return new VolumeRecipe(volumeName, k, sizeLimit, path, pathType, ro,
                    k == VolumeSpec.Kind.HOST_PATH ? List.of() : fs);
        };
    }
}
