package dev.sidecar.test;

import static dev.sidecar.test.SpecArbitraries.absolutePath;
import static dev.sidecar.test.SpecArbitraries.dnsLabel;
import static dev.sidecar.test.SpecArbitraries.envName;
import static dev.sidecar.test.SpecArbitraries.notByteQuantity;
import static dev.sidecar.test.SpecArbitraries.notCapability;
import static dev.sidecar.test.SpecArbitraries.notCpuQuantity;
import static dev.sidecar.test.SpecArbitraries.notDnsLabel;
import static dev.sidecar.test.SpecArbitraries.notEnvName;
import static dev.sidecar.test.SpecArbitraries.notPort;
import static dev.sidecar.test.SpecArbitraries.notSignal;
import static dev.sidecar.test.SpecArbitraries.port;
import static dev.sidecar.test.SpecArbitraries.relativeFilePath;
import static dev.sidecar.test.SpecArbitraries.text;
import static dev.sidecar.test.SpecArbitraries.withNul;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.Recipes.PodRecipe;
import dev.sidecar.test.property.Gen;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Valid specs with one part broken on purpose: a container, a probe, a volume or the pod itself, with one to three of
 * its rules broken at once. Each break knows the words its problem must contain: the field and the offending value.
 */
public final class InvalidSpecs {

    /** Names the pod-level breaks give the containers and volumes they add; generated pods never use them. */
    private static final Set<String> RESERVED = Set.of("port-sharer", "mounts-missing", "init-probed",
            "init-restarted", "missing-volume");
    private static final String IMAGE = "busybox:1.36";
    /** In an expected problem: any text here (the parts around it must appear in this order). */
    public static final String ELSE = "\u2026";

    private InvalidSpecs() {
    }

    /**
     * A part of a spec broken on purpose.
     *
     * @param unit which part: {@code container 'app'}, {@code probe tcpSocket(80) of container 'app'}...
     * @param changes the calls that broke it
     * @param expectedProblems for each change, words one of the problems must contain ({@link #ELSE} stands for any
     *     text between them)
     * @param build the {@code build()} (or factory) call that must fail
     */
    public record Broken(String unit, List<String> changes, List<String> expectedProblems, Supplier<Object> build) {
        @Override
        public String toString() {
            return unit + " after " + changes;
        }
    }

    /**
     * One change that breaks one rule.
     *
     * @param kind which rule; a unit is broken at most once per rule
     * @param change the call, as code
     * @param apply the call
     * @param renamesTo the unit's name after the change, when it renames the unit
     * @param expected the words its problem must contain, given the unit's final name
     */
    record Break<B>(String kind, String change, UnaryOperator<B> apply, String renamesTo,
            Function<String, String> expected) {
        @Override
        public String toString() {
            return change;
        }
    }

    private static <B> Break<B> brk(String kind, String change, UnaryOperator<B> apply,
            Function<String, String> expected) {
        return new Break<>(kind, change, apply, null, expected);
    }

    /** A valid pod with one of its parts broken. */
    public static Gen<Broken> specs() {
        Gen<PodRecipe> pods = ValidSpecs.pods()
                .filter(r -> r.allContainers().stream().noneMatch(c -> RESERVED.contains(c.name()))
                        && r.volumes().stream().noneMatch(v -> RESERVED.contains(v.name())));
        return ch -> {
            PodSpec pod = pods.next(ch).build();
            // Weighted so that probes and volumes, fewer than containers, are broken often too.
            List<Integer> weights = new ArrayList<>();
            List<Gen<Broken>> units = new ArrayList<>();
            weights.add(2);
            units.add(Gen.of(pod.allContainers()).flatMap(InvalidSpecs::container));
            List<ContainerSpec> probed = pod.allContainers().stream()
                    .filter(c -> c.readinessProbe().isPresent()).toList();
            if (!probed.isEmpty()) {
                weights.add(3);
                units.add(Gen.of(probed).flatMap(c -> probe(c.readinessProbe().orElseThrow(),
                        "of container '" + c.name() + "'")));
            }
            if (!pod.volumes().isEmpty()) {
                weights.add(3);
                units.add(Gen.of(pod.volumes()).flatMap(InvalidSpecs::volume));
            }
            weights.add(2);
            units.add(pod(pod));
            return Gen.frequency(weights.stream().mapToInt(Integer::intValue).toArray(), units).next(ch);
        };
    }

    /** Any {@code int}. */
    private static Gen<Integer> anyInt() {
        return Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** Text with a NUL character somewhere in it. */
    private static Gen<String> textWithNul() {
        Gen<String> text = text();
        Gen<Integer> index = anyInt();
        return ch -> withNul(text.next(ch), index.next(ch));
    }

    // --- containers ---

    static Gen<Broken> container(ContainerSpec c) {
        Gen<String> volumeNames = dnsLabel();
        Gen<String> relativePaths = relativeFilePath();
        Gen<String> envNames = envName();
        Gen<String> nulTexts = textWithNul();
        List<Gen<Break<ContainerSpec.Builder>>> breaks = List.of(
                notDnsLabel().map(bad -> new Break<>("name", "name(" + q(bad) + ")", b -> b.name(bad), bad,
                        n -> "container name '" + bad + "'")),
                Gen.of("", " ", "Busybox:1", "a b", "busybox:", "busybox@sha1:00", "-/x").map(bad -> brk(
                        "image", "image(" + q(bad) + ")", b -> b.image(bad),
                        n -> bad.isBlank() ? "image of container '" + n + "' is blank"
                                : "image of container '" + n + "' '" + bad + "'")),
                nulTexts.map(bad -> brk(
                        "command", "command(\"sh\", " + q(bad) + ")", b -> b.command("sh", bad),
                        n -> "command[1] of container '" + n + "' contains a NUL character (at index "
                                + bad.indexOf('\0') + ")")),
                nulTexts.map(bad -> brk(
                        "args", "args(" + q(bad) + ")", b -> b.args(bad),
                        n -> "args[0] of container '" + n + "' contains a NUL character (at index "
                                + bad.indexOf('\0') + ")")),
                notEnvName().map(bad -> brk("env name", "env(" + q(bad) + ", \"x\")", b -> b.env(bad, "x"),
                        n -> "env name of container '" + n + "' '" + bad + "'")),
                ch -> {
                    String name = envNames.next(ch);
                    String value = nulTexts.next(ch);
                    return brk("env value", "env(" + q(name) + ", " + q(value) + ")", b -> b.env(name, value),
                            n -> "value of env " + name + " of container '" + n
                                    + "' contains a NUL character (at index " + value.indexOf('\0') + ")");
                },
                notPort().map(bad -> brk("port", "port(" + bad + ")", b -> b.port(bad),
                        n -> "port of container '" + n + "' " + bad + " is not a TCP port")),
                // Odd ports here, even ones for the probe below: the two breaks never pick the same port.
                port().filter(p -> p % 2 == 1 && !c.ports().contains(p)).map(p -> brk("port twice",
                        "port(" + p + ").port(" + p + ")", b -> b.port(p).port(p),
                        n -> "port " + p + " of container '" + n + "' is declared twice")),
                port().filter(p -> p % 2 == 0 && !c.ports().contains(p)).map(p -> brk("probe port",
                        "readyWhen(Probe.tcp(" + p + "))", b -> b.readyWhen(Probe.tcp(p)),
                        n -> "readiness probe of container '" + n + "' checks port " + p)),
                ch -> {
                    String v = volumeNames.next(ch);
                    String rel = relativePaths.next(ch);
                    return brk("mount path", "mount(" + q(v) + ", " + q(rel) + ")", b -> b.mount(v, rel),
                            n -> "mountPath of volume '" + v + "' in container '" + n + "' '" + rel + "'");
                },
                absolutePath().map(p -> brk("mount twice", "mount(\"a\", " + q(p) + ").mount(\"b\", " + q(p) + ")",
                        b -> b.mount("a", p).mount("b", p),
                        n -> "mountPath '" + p + "' of container '" + n + "' is used by two mounts")),
                notByteQuantity().map(bad -> brk("memory", "memoryLimit(" + q(bad) + ")", b -> b.memoryLimit(bad),
                        n -> "memoryLimit of container '" + n + "' '" + bad + "'")),
                notCpuQuantity().map(bad -> brk("cpu", "cpuLimit(" + q(bad) + ")", b -> b.cpuLimit(bad),
                        n -> "cpuLimit of container '" + n + "' '" + bad + "'")),
                notSignal().map(bad -> brk("stop signal", "stopSignal(" + q(bad) + ")", b -> b.stopSignal(bad),
                        n -> "stopSignal of container '" + n + "' '" + bad + "' is not a Linux signal")),
                Gen.oneOf(
                        Gen.of("", " ", "\t").map(bad -> brk("user", "user(" + q(bad) + ")",
                                b -> b.user(bad), n -> "user of container '" + n + "' is blank")),
                        anyInt().map(i -> withNul("app", i)).map(bad -> brk("user",
                                "user(" + q(bad) + ")", b -> b.user(bad),
                                n -> "user of container '" + n + "' contains a NUL character"))),
                relativeFilePath().map(bad -> brk("working dir", "workingDir(" + q(bad) + ")",
                        b -> b.workingDir(bad), n -> "workingDir of container '" + n + "' '" + bad + "'")),
                notCapability().map(bad -> brk("capability", "addCapability(" + q(bad) + ")",
                        b -> b.addCapability(bad), n -> "capability of container '" + n + "' '" + bad
                                + "' is not a Linux capability")));
        return Gen.oneOf(breaks).uniqueList(1, 3, Break::kind)
                .map(list -> apply("container '" + c.name() + "'", c.name(), c.toBuilder(), list,
                        ContainerSpec.Builder::build));
    }

    // --- probes ---

    static Gen<Broken> probe(Probe p, String of) {
        List<Gen<? extends Probe.Action>> actions = List.of(
                notPort().map(Probe.TcpSocket::new),
                Gen.of("ready", "", "/a b", "/caf\u00e9").map(path -> new Probe.HttpGet(80, path,
                        Probe.Scheme.HTTP, java.util.Map.of())),
                Gen.constant(new Probe.Exec(List.of())),
                Gen.of(" ", "").map(blank -> new Probe.Exec(List.of(blank, "x"))),
                textWithNul().map(t -> new Probe.Exec(List.of("test", t))),
                Gen.of("(", "[a", "*x", "a{2,1}", "\\").map(Probe.LogLine::new));
        List<Gen<Break<Probe.Builder>>> timings = List.of(
                Gen.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofSeconds(-5)).map(d -> brk("timeout",
                        "timeout(" + d + ")", b -> b.timeout(d),
                        a -> "timeout of probe " + a + " must be a positive duration, was " + d)),
                Gen.of(Duration.ZERO, Duration.ofMillis(-1)).map(d -> brk("period", "period(" + d + ")",
                        b -> b.period(d), a -> "period of probe " + a + " must be a positive duration, was " + d)),
                Gen.longs(1, 100_000).map(ms -> Duration.ofMillis(-ms)).map(d -> brk(
                        "initial delay", "initialDelay(" + d + ")", b -> b.initialDelay(d),
                        a -> "initialDelay of probe " + a + " must be zero or a positive duration, was " + d)),
                Gen.ints(Integer.MIN_VALUE, 0).map(n -> brk("success", "successThreshold(" + n + ")",
                        b -> b.successThreshold(n), a -> "successThreshold of probe " + a + " must be 1 or more, was "
                                + n)),
                Gen.ints(Integer.MIN_VALUE, 0).map(n -> brk("failure", "failureThreshold(" + n + ")",
                        b -> b.failureThreshold(n), a -> "failureThreshold of probe " + a + " must be 1 or more, was "
                                + n)));
        /* A broken action, or null to keep the probe's own, and timing breaks: at least one of the two. */
        record Breaks(Probe.Action action, List<Break<Probe.Builder>> timings) {
        }
        Gen<Probe.Action> action = Gen.<Probe.Action>oneOf(actions).orNull(0.5);
        Gen<List<Break<Probe.Builder>>> timing = Gen.oneOf(timings).uniqueList(0, 3, Break::kind);
        Gen<Breaks> breaks = ch -> new Breaks(action.next(ch), timing.next(ch));
        return breaks.filter(br -> br.action() != null || !br.timings().isEmpty())
                .map(br -> {
                    Probe.Action a = br.action() == null ? p.action() : br.action();
                    Probe.Builder b = Probe.builder(a).initialDelay(p.initialDelay()).period(p.period())
                            .timeout(p.timeout()).successThreshold(p.successThreshold())
                            .failureThreshold(p.failureThreshold());
                    List<Break<Probe.Builder>> all = new ArrayList<>(br.timings());
                    if (br.action() != null) {
                        all.add(0, brk("action", "Probe.builder(" + a + ")", x -> x,
                                ignored -> actionProblem(a)));
                    }
                    return apply("probe " + p + " " + of, a.toString(), b, all, Probe.Builder::build);
                });
    }

    /** The words an invalid probe action's problem must contain. */
    private static String actionProblem(Probe.Action a) {
        String of = " of probe " + a;
        if (a instanceof Probe.TcpSocket t) {
            return "port" + of + " " + t.port() + " is not a TCP port";
        }
        if (a instanceof Probe.HttpGet h) {
            return "path" + of + " '" + h.path() + "' must";
        }
        if (a instanceof Probe.Exec e) {
            int nul = e.command().size() > 1 ? e.command().get(1).indexOf('\0') : -1;
            return nul >= 0 ? "command[1]" + of + " contains a NUL character (at index " + nul + ")"
                    : "command" + of + " must not be empty or start with a blank, was " + e.command();
        }
        return "regex" + of + " is invalid";
    }

    // --- volumes ---

    static Gen<Broken> volume(VolumeSpec v) {
        // As VolumeSpec names a kind in its messages.
        String kind = switch (v.kind()) {
            case EMPTY_DIR -> "an emptyDir volume";
            case EMPTY_DIR_MEMORY -> "an in-memory emptyDir volume";
            case HOST_PATH -> "a hostPath volume";
            default -> throw new IllegalStateException("not generated: " + v.kind());
        };
        List<Gen<Break<VolumeSpec.Builder>>> breaks = new ArrayList<>();
        if (v.kind() == VolumeSpec.Kind.EMPTY_DIR_MEMORY) {
            breaks.add(notByteQuantity().map(bad -> brk("size", "sizeLimit(" + q(bad) + ")", b -> b.sizeLimit(bad),
                    n -> "sizeLimit of volume '" + n + "' '" + bad + "'")));
        } else {
            breaks.add(Gen.constant(brk("size", "sizeLimit(\"1Mi\")", b -> b.sizeLimit("1Mi"),
                    n -> "volume '" + n + "' is " + kind + ": only an in-memory emptyDir has a sizeLimit")));
        }
        if (v.kind() == VolumeSpec.Kind.HOST_PATH) {
            breaks.add(Gen.constant(brk("file", "file(\"a.txt\", \"x\")", b -> b.file("a.txt", "x"),
                    n -> "volume '" + n + "' is a hostPath volume: files can only be given to an emptyDir")));
        } else {
            breaks.add(Gen.of(VolumeSpec.HostPathType.class).map(t -> brk("host path type",
                    "hostPathType(" + t + ")", b -> b.hostPathType(t),
                    n -> "volume '" + n + "' is " + kind + ": only a hostPath volume has a hostPathType")));
            breaks.add(Gen.constant(brk("read-only", "readOnly(true)", b -> b.readOnly(true),
                    n -> "volume '" + n + "' is " + kind + ": only a hostPath volume is read-only")));
            breaks.add(Gen.of("/abs.txt", "../x", "a/../b", "", " ").map(bad -> brk("file",
                    "file(" + q(bad) + ", \"x\")", b -> b.file(bad, "x"),
                    n -> "file '" + bad + "' of volume '" + n + "' must be a path relative to the volume's root")));
            breaks.add(dnsLabel().map(missing -> brk("resource", "classpathFile(\"x.txt\", \"nope/" + missing + "\")",
                    b -> b.classpathFile("x.txt", "nope/" + missing),
                    n -> "class-path resource 'nope/" + missing + "' does not exist")));
        }
        Gen<Broken> viaBuilder = Gen.oneOf(breaks).uniqueList(1, 3, Break::kind)
                .map(list -> apply("volume '" + v.name() + "'", v.name(), v.toBuilder(), list,
                        VolumeSpec.Builder::build));
        // A volume's name and host path are given to its factory, which builds at once: broken alone.
        Gen<Broken> viaFactory = v.kind() == VolumeSpec.Kind.HOST_PATH
                ? relativeFilePath().map(rel -> new Broken("volume '" + v.name() + "'",
                        List.of("VolumeSpec.hostPath(" + q(v.name()) + ", Path.of(" + q(rel) + "))"),
                        List.of("hostPath of volume '" + v.name() + "' '" + rel + "' is not an absolute path"),
                        () -> VolumeSpec.hostPath(v.name(), Path.of(rel))))
                : notDnsLabel().map(bad -> new Broken("volume '" + v.name() + "'",
                        List.of("VolumeSpec.emptyDir(" + q(bad) + ")"), List.of("volume name '" + bad + "'"),
                        () -> v.kind() == VolumeSpec.Kind.EMPTY_DIR ? VolumeSpec.emptyDir(bad)
                                : VolumeSpec.emptyDirInMemory(bad, Long.toString(v.sizeLimitBytes()))));
        return Gen.frequency(4, viaBuilder, 1, viaFactory);
    }

    // --- pods ---

    static Gen<Broken> pod(PodSpec pod) {
        ContainerSpec main = pod.main();
        List<Gen<Break<PodSpec.Builder>>> breaks = List.of(
                notDnsLabel().map(bad -> brk("hostname", "hostname(" + q(bad) + ")", b -> b.hostname(bad),
                        n -> "hostname of pod '" + n + "' '" + bad + "'")),
                Gen.longs(1, 1_000_000).map(ms -> Duration.ofMillis(-ms)).map(d -> brk("grace",
                        "terminationGracePeriod(" + d + ")", b -> b.terminationGracePeriod(d),
                        n -> "terminationGracePeriod of pod '" + n + "' must be zero or a positive duration, was "
                                + d)),
                Gen.of("sidecar", "init").map(role -> brk("name twice", role + "(main)",
                        b -> role.equals("init") ? b.initContainer(main) : b.sidecar(main),
                        n -> "container name '" + main.name() + "' is used twice in pod '" + n + "' (as main and "
                                + role + ")")),
                port().filter(p -> pod.containers().stream().noneMatch(c -> c.ports().contains(p)))
                        .map(fresh -> portShared(main, fresh)),
                Gen.constant(brk("undeclared volume", "sidecar(mounts-missing, mount(\"missing-volume\"))",
                        b -> b.sidecar(ContainerSpec.builder("mounts-missing", IMAGE)
                                .mount("missing-volume", "/missing").build()),
                        n -> "container 'mounts-missing' mounts volume 'missing-volume', which pod '" + n
                                + "' does not declare")),
                Gen.constant(brk("init probe", "initContainer(init-probed, readyWhen(logLine(done)))",
                        b -> b.initContainer(ContainerSpec.builder("init-probed", IMAGE)
                                .readyWhen(Probe.logLine("done")).build()),
                        n -> "init container 'init-probed' has a readiness probe (logLine(/done/))")),
                Gen.of(RestartPolicy.ALWAYS, RestartPolicy.ON_FAILURE).map(policy -> brk("init restart",
                        "initContainer(init-restarted, restartPolicy(" + policy + "))",
                        b -> b.initContainer(ContainerSpec.builder("init-restarted", IMAGE).restartPolicy(policy)
                                .build()),
                        n -> "init container 'init-restarted' has restartPolicy " + policy)));
        Gen<Broken> viaBuilder = Gen.oneOf(breaks).uniqueList(1, 3, Break::kind)
                .map(list -> apply("pod '" + pod.name() + "'", pod.name(), pod.toBuilder(), list,
                        PodSpec.Builder::build));
        // The pod's name is given to PodSpec.builder, and removing main leaves nothing for most other breaks.
        Gen<Broken> renamed = notDnsLabel().map(bad -> new Broken("pod '" + pod.name() + "'",
                List.of("PodSpec.builder(" + q(bad) + ")"), List.of("pod name '" + bad + "'"),
                () -> copy(pod, PodSpec.builder(bad)).build()));
        Gen<Broken> withoutMain = Gen.constant(new Broken("pod '" + pod.name() + "'",
                List.of("removeContainer(" + q(main.name()) + ")"),
                List.of("pod '" + pod.name() + "' has no main container"),
                () -> pod.toBuilder().removeContainer(main.name()).build()));
        return Gen.frequency(6, viaBuilder, 1, renamed, 1, withoutMain);
    }

    /** A sidecar declaring a port main declares (main is given {@code fresh} when it declares none). */
    private static Break<PodSpec.Builder> portShared(ContainerSpec main, int fresh) {
        int port = main.ports().isEmpty() ? fresh : main.ports().get(0);
        ContainerSpec sharer = ContainerSpec.builder("port-sharer", IMAGE).port(port).build();
        return brk("port shared", "sidecar(port-sharer, port(" + port + "))", b -> {
            if (main.ports().isEmpty()) {
                b.main(main.toBuilder().port(port).build());
            }
            return b.sidecar(sharer);
        }, n -> "port " + port + " is declared by both container '" + ELSE + "port-sharer");
    }

    private static PodSpec.Builder copy(PodSpec pod, PodSpec.Builder b) {
        if (!pod.hostname().equals(pod.name())) {
            b.hostname(pod.hostname());
        }
        pod.volumes().forEach(b::volume);
        pod.initContainers().forEach(b::initContainer);
        pod.sidecars().forEach(b::sidecar);
        return b.main(pod.main()).shareProcessNamespace(pod.shareProcessNamespace())
                .shareIpcNamespace(pod.shareIpcNamespace()).terminationGracePeriod(pod.terminationGracePeriod())
                .sidecarStartOrder(pod.sidecarStartOrder());
    }

    /** Applies {@code breaks} in turn; the expected problems name the unit by its name after all of them. */
    private static <B> Broken apply(String unit, String name, B builder, List<Break<B>> breaks,
            Function<B, Object> build) {
        B b = builder;
        String finalName = name;
        for (Break<B> br : breaks) {
            b = br.apply().apply(b);
            if (br.renamesTo() != null) {
                finalName = br.renamesTo();
            }
        }
        String n = finalName;
        B done = b;
        return new Broken(unit, breaks.stream().map(Break::change).toList(),
                breaks.stream().map(br -> br.expected().apply(n)).toList(), () -> build.apply(done));
    }

    private static String q(String s) {
        return Recipes.q(s);
    }
}
