package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sidecar.ContainerSpec;
import dev.sidecar.InvalidSpecException;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.Probe;
import dev.sidecar.ProbeTimeoutException;
import dev.sidecar.SidecarException;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input and bad calls at the runtime level, one row each (spec-level rules are rows of
 * {@code InvalidSpecTableTest}): each fails with a specific exception whose message names the field and the value,
 * leaves no Docker object of its pod behind, and does not hang.
 */
class BadInputIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    /** Generous: the engine is shared with other test runs on a small machine. No row should come near it. */
    private static final Duration NO_HANG = Duration.ofMinutes(2);
    private static final String MISSING_IMAGE = "sidecar-test/no-such-image:404";
    private static final String UNTIL_TERM = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";

    private static final Class<IllegalArgumentException> ILLEGAL = IllegalArgumentException.class;
    private static final Class<IllegalStateException> CLOSED = IllegalStateException.class;
    private static final Class<NullPointerException> NULL = NullPointerException.class;

    /** A pod kept running for the rows that call it: container "helper" (no ports) and main "app" (port 8080). */
    private static Pod running;
    /** A pod closed before the rows run, and its main container as obtained while it ran. */
    private static Pod closed;
    private static PodContainer closedApp;

    @BeforeAll
    static void startPods() {
        running = RUNTIME.start(PodSpec.builder("bad-input-running")
                .initContainer(busybox("prepare").command("true").build())
                .sidecar(busybox("helper").build())
                .main(busybox("app").port(8080).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build());
        closed = RUNTIME.start(PodSpec.builder("bad-input-closed").main(busybox("app").build()).build());
        closedApp = closed.container("app");
        closed.close();
    }

    @AfterAll
    static void closePods() {
        if (running == null) {
            return; // It did not start: @BeforeAll's failure says why.
        }
        try {
            assertThat(running.status().allReady()).as("the running pod is unharmed by the bad calls").isTrue();
        } finally {
            running.close();
        }
        assertThat(EngineObjects.containersOfPod("bad-input-running")).isEmpty();
        assertThat(EngineObjects.containersOfPod("bad-input-closed")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void failsNamingTheFieldAndTheValueAndLeavesNothing(String description, String podName, ThrowingCallable call,
            Class<? extends Throwable> expected, List<String> messageParts) {
        Throwable thrown = assertTimeoutPreemptively(NO_HANG, () -> catchThrowable(call), description);

        assertThat(thrown).as(description).isExactlyInstanceOf(expected);
        for (String part : messageParts) {
            assertThat(thrown).as(description).hasMessageContaining(part);
        }
        if (podName != null) {
            assertThat(EngineObjects.containersOfPod(podName)).as("containers of pod " + podName).isEmpty();
            assertThat(EngineObjects.volumesOfPod(podName)).as("volumes of pod " + podName).isEmpty();
        }
    }

    static Stream<Arguments> badInput() {
        return Stream.of(startFailures(), runtimeSettings(), callsOnARunningPod(), callsOnAClosedPod())
                .flatMap(s -> s);
    }

    /** Pods that cannot start: refused before anything is created, or after everything created is removed. */
    private static Stream<Arguments> startFailures() {
        return Stream.of(
                row("main image not on the engine and not pullable", "bad-main-image",
                        () -> start("bad-main-image", p -> p.main(busybox("app").image(MISSING_IMAGE).build())),
                        PodStartException.class, "image '" + MISSING_IMAGE + "'", "container 'app'",
                        "pulling it failed"),
                row("sidecar image not on the engine and not pullable", "bad-sidecar-image",
                        () -> start("bad-sidecar-image", p -> p.sidecar(busybox("helper").image(MISSING_IMAGE)
                                .build()).main(busybox("app").build())),
                        PodStartException.class, "image '" + MISSING_IMAGE + "'", "container 'helper'"),
                row("init container image not on the engine and not pullable", "bad-init-image",
                        () -> start("bad-init-image", p -> p.initContainer(busybox("prepare").image(MISSING_IMAGE)
                                .command("true").build()).main(busybox("app").build())),
                        PodStartException.class, "image '" + MISSING_IMAGE + "'", "container 'prepare'"),
                row("infrastructure image not on the engine and not pullable", "bad-infra-image",
                        () -> start(DockerPodRuntime.builder().infraImage("nosuch/pause:1").build(),
                                "bad-infra-image", p -> p.main(busybox("app").build())),
                        PodStartException.class, "image 'nosuch/pause:1'", "infrastructure",
                        "sidecar.infra-image"),
                row("capability Linux does not know", "bad-capability",
                        () -> start("bad-capability", p -> p.main(busybox("app").addCapability("NET_FLY").build())),
                        InvalidSpecException.class, "container 'app'", "'NET_FLY' is not a Linux capability"),
                row("main command that is not in the image", "bad-command",
                        () -> start("bad-command", p -> p.main(busybox("app").command("/no/such/binary").build())),
                        PodStartException.class, "container 'app'", "/no/such/binary"),
                row("init container command that is not in the image", "bad-init-command",
                        () -> start("bad-init-command", p -> p.initContainer(busybox("prepare")
                                .command("/no/such/binary").build()).main(busybox("app").build())),
                        PodStartException.class, "container 'prepare'", "/no/such/binary"),
                row("user that the image does not know", "bad-user",
                        () -> start("bad-user", p -> p.main(busybox("app").user("nosuchuser").build())),
                        PodStartException.class, "container 'app'", "nosuchuser"),
                row("memory limit below the engine's minimum", "bad-memory",
                        () -> start("bad-memory", p -> p.main(busybox("app").memoryLimit("1Ki").build())),
                        PodStartException.class, "memoryLimit of container 'app' (1024 bytes)", "6Mi"),
                row("CPU limit below what Docker can enforce", "bad-cpu-small",
                        () -> start("bad-cpu-small", p -> p.main(busybox("app").cpuLimit("1m").build())),
                        PodStartException.class, "cpuLimit of container 'app' (1m)", "10m"),
                row("CPU limit above what the engine has", "bad-cpu",
                        () -> start("bad-cpu", p -> p.main(busybox("app").cpuLimit("512").build())),
                        PodStartException.class, "cpuLimit of container 'app' (512000m)", "CPUs"),
                row("readiness probe that never passes", "bad-probe",
                        () -> start(DockerPodRuntime.builder().startupTimeout(Duration.ofSeconds(2)).build(),
                                "bad-probe", p -> p.main(busybox("app").port(8080).readyWhen(Probe.tcp(8080)).build())),
                        ProbeTimeoutException.class, "container 'app' did not become ready in time",
                        "tcpSocket(8080)", "(its last try: dial tcp ", ":8080: Connection refused)"),
                row("readiness probe whose command fails", "bad-exec-probe",
                        () -> start(DockerPodRuntime.builder().startupTimeout(Duration.ofSeconds(2)).build(),
                                "bad-exec-probe", p -> p.main(busybox("app").readyWhen(Probe.exec("sh", "-c",
                                        "echo not yet >&2; exit 4")).build())),
                        ProbeTimeoutException.class, "container 'app' did not become ready in time",
                        "(its last try: command exited 4: not yet)"),
                row("exec probe slower than its timeout in a container short of CPU", "slow-exec-probe",
                        () -> start(DockerPodRuntime.builder().startupTimeout(Duration.ofSeconds(6)).build(),
                                "slow-exec-probe", p -> p.main(busybox("app").cpuLimit("10m").readyWhen(Probe.exec(
                                        "true").toBuilder().timeout(Duration.ofMillis(200)).build()).build())),
                        ProbeTimeoutException.class, "container 'app' did not become ready in time",
                        "(its last try: command timed out after PT0.2S"),
                row("main that exits before it is ready", "bad-exit",
                        () -> start("bad-exit", p -> p.main(busybox("app").command("sh", "-c", "exit 7").port(8080)
                                .readyWhen(Probe.tcp(8080)).build())),
                        ProbeTimeoutException.class, "container 'app'", "exited with code 7"),
                row("init container that outlasts the startup timeout", "bad-init-timeout",
                        () -> start(DockerPodRuntime.builder().startupTimeout(Duration.ofSeconds(1)).build(),
                                "bad-init-timeout", p -> p.initContainer(busybox("slow").command("sleep", "600")
                                        .build()).main(busybox("app").build())),
                        PodStartException.class, "init container 'slow'", "PT1S"),
                row("no spec", null, () -> RUNTIME.start(null), NULL, "spec"));
    }

    private static Stream<Arguments> runtimeSettings() {
        return Stream.of(
                row("zero pull timeout", null, () -> DockerPodRuntime.builder().pullTimeout(Duration.ZERO),
                        ILLEGAL, "pullTimeout", "PT0S"),
                row("negative pull timeout", null, () -> DockerPodRuntime.builder().pullTimeout(Duration.ofSeconds(-5)),
                        ILLEGAL, "pullTimeout", "PT-5S"),
                row("zero startup timeout", null,
                        () -> DockerPodRuntime.builder().startupTimeout(Duration.ZERO),
                        ILLEGAL, "startupTimeout", "PT0S"),
                row("malformed infrastructure image", null, () -> DockerPodRuntime.builder().infraImage("Bad Image"),
                        ILLEGAL, "infraImage 'Bad Image' is not a valid image reference"),
                row("blank infrastructure image", null, () -> DockerPodRuntime.builder().infraImage(" "),
                        ILLEGAL, "infraImage ' ' is not a valid image reference"),
                row("null command of the infrastructure image", null,
                        () -> DockerPodRuntime.builder().infraImage("busybox:1", "sleep", null),
                        NULL, "command[1] must not be null"));
    }

    private static Stream<Arguments> callsOnARunningPod() {
        return Stream.of(
                row("container that does not exist", null, () -> running.container("nope"),
                        NoSuchElementException.class, "container 'nope'", "[helper, app]"),
                row("container that is an init container", null, () -> running.container("prepare"),
                        NoSuchElementException.class, "container 'prepare'", "init container"),
                row("endpoint of a container that does not exist", null, () -> running.endpoint("nope", 8080),
                        NoSuchElementException.class, "container 'nope'"),
                row("endpoint of a port no container declares", null, () -> running.endpoint("app", 9999),
                        NoSuchElementException.class, "port 9999", "container 'app'"),
                row("endpoint of a port another container declares", null,
                        () -> running.container("helper").endpoint(8080),
                        NoSuchElementException.class, "port 8080", "container 'helper'"),
                row("status of a container that does not exist", null, () -> running.status().container("nope"),
                        NoSuchElementException.class, "container 'nope'", "[helper, app]"),
                row("exec with zero timeout", null, () -> running.main().exec(Duration.ZERO, List.of("true")),
                        ILLEGAL, "timeout must be a positive duration, was PT0S"),
                row("exec with negative timeout", null,
                        () -> running.main().exec(Duration.ofSeconds(-1), List.of("true")),
                        ILLEGAL, "timeout must be a positive duration, was PT-1S"),
                row("exec without timeout", null, () -> running.main().exec(null, List.of("true")),
                        NULL, "timeout must not be null"),
                row("exec with a null argument", null, () -> running.main().exec("ls", null),
                        NULL, "command[1] must not be null"),
                row("exec with a null argument list", null, () -> running.main().exec(Duration.ofSeconds(1), null),
                        NULL, "command must not be null"),
                row("exec that outlives its timeout", null,
                        () -> running.main().exec(Duration.ofMillis(500), List.of("sleep", "5")),
                        PodTimeoutException.class, "container 'app'", "[sleep, 5]", "PT0.5S"),
                row("exec of an empty command", null, () -> running.main().exec(),
                        ILLEGAL, "command must not be empty", "[]"),
                row("exec of a blank command", null, () -> running.main().exec(" "),
                        ILLEGAL, "command must not be empty", "[ ]"),
                row("exec that outlasts its timeout", null,
                        () -> running.main().exec(Duration.ofSeconds(1), List.of("sleep", "30")),
                        PodTimeoutException.class, "[sleep, 30]", "PT1S"),
                row("negative log tail", null, () -> running.main().logTail(-1), ILLEGAL, "lines", "-1"),
                row("copy to a relative path", null,
                        () -> running.main().copyToContainer(new byte[1], "etc/app.conf"),
                        ILLEGAL, "containerPath 'etc/app.conf'"),
                row("copy to a directory path", null, () -> running.main().copyToContainer(new byte[1], "/tmp/"),
                        ILLEGAL, "containerPath '/tmp/'"),
                row("copy of a host file that does not exist", null,
                        () -> running.main().copyToContainer(Path.of("/no/such/host/file"), "/tmp/file"),
                        ILLEGAL, "host file '/no/such/host/file'"),
                row("copy from a file that does not exist", null,
                        () -> running.main().copyFromContainer("/no/such/file"),
                        SidecarException.class, "'/no/such/file'", "container 'app'"),
                row("signal that does not exist", null, () -> running.main().signal("SIGNOPE"),
                        ILLEGAL, "signal 'SIGNOPE' is not a Linux signal"),
                row("empty signal", null, () -> running.main().signal(""),
                        ILLEGAL, "signal '' is not a Linux signal"),
                row("signal number past 64", null, () -> running.main().signal("65"),
                        ILLEGAL, "signal '65' is not a Linux signal"),
                row("null signal", null, () -> running.main().signal((String) null),
                        NULL, "signal must not be null"),
                row("log line with an invalid regex", null,
                        () -> running.main().awaitLog("(", Duration.ofSeconds(1)),
                        ILLEGAL, "regex '(' is invalid"),
                row("log line that never comes", null,
                        () -> running.main().awaitLog("no such line", Duration.ofMillis(500)),
                        PodTimeoutException.class, "container 'app'", "/no such line/", "PT0.5S"),
                row("await a status with zero timeout", null, () -> running.awaitStatus(s -> true, Duration.ZERO),
                        ILLEGAL, "timeout", "PT0S"),
                row("await a status without condition", null,
                        () -> running.awaitStatus(null, Duration.ofSeconds(1)), NULL, "condition must not be null"));
    }

    private static Stream<Arguments> callsOnAClosedPod() {
        String[] isClosed = {"pod 'bad-input-closed'", "is closed"};
        return Stream.of(
                row("container after close", null, () -> closed.container("app"), CLOSED, isClosed),
                row("main after close", null, () -> closed.main(), CLOSED, isClosed),
                row("containers after close", null, () -> closed.containers(), CLOSED, isClosed),
                row("endpoint after close", null, () -> closed.endpoint("app", 8080), CLOSED, isClosed),
                row("await a status the closed pod will never reach", null,
                        () -> closed.awaitStatus(s -> s.allReady(), Duration.ofMinutes(1)), CLOSED, isClosed),
                row("exec after close", null, () -> closedApp.exec("true"), CLOSED, isClosed),
                row("logs after close", null, () -> closedApp.logs(), CLOSED, isClosed),
                row("log tail after close", null, () -> closedApp.logTail(5), CLOSED, isClosed),
                row("copy to a container after close", null,
                        () -> closedApp.copyToContainer(new byte[1], "/tmp/file"), CLOSED, isClosed),
                row("copy from a container after close", null, () -> closedApp.copyFromContainer("/etc/hostname"),
                        CLOSED, isClosed),
                row("signal after close", null, () -> closedApp.signal("SIGHUP"), CLOSED, isClosed),
                row("await a log line after close", null, () -> closedApp.awaitLog("x", Duration.ofSeconds(1)),
                        CLOSED, isClosed));
    }

    @Test
    void statusOfAClosedPodSaysClosedWithEachContainersLastStatus() {
        dev.sidecar.PodStatus status = closed.status();

        assertThat(status.phase()).isEqualTo(dev.sidecar.PodStatus.Phase.CLOSED);
        assertThat(status.containers()).singleElement().satisfies(app -> {
            assertThat(app.name()).isEqualTo("app");
            assertThat(app.terminated()).isTrue();
            assertThat(app.ready()).isFalse();
        });
        assertThat(closedApp.status()).isEqualTo(status.container("app"));
    }

    @Test
    void closingTwiceIsANoOpThatReturnsAtOnce() {
        Pod pod = RUNTIME.start(spec("close-twice-no-op", p -> p.main(busybox("app").build())));
        pod.close();

        long t0 = System.nanoTime();
        pod.close();
        Duration second = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(second).isLessThan(Duration.ofMillis(100));
        assertThat(pod.name()).isEqualTo("close-twice-no-op");
        assertThat(pod.instanceId()).isNotBlank();
        assertThat(pod.spec().main().name()).isEqualTo("app");
        assertThat(EngineObjects.containersOfPod("close-twice-no-op")).isEmpty();
        assertThat(EngineObjects.volumesOfPod("close-twice-no-op")).isEmpty();
    }

    private static Arguments row(String description, String podName, ThrowingCallable call,
            Class<? extends Throwable> expected, String... messageParts) {
        return arguments(description, podName, call, expected, List.of(messageParts));
    }

    private static ContainerSpec.Builder busybox(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", UNTIL_TERM);
    }

    /** A pod with a volume (so that a leak of volumes would show) and what {@code containers} adds. */
    private static PodSpec spec(String name, UnaryOperator<PodSpec.Builder> containers) {
        return containers.apply(PodSpec.builder(name).volume(VolumeSpec.emptyDir("scratch"))
                .terminationGracePeriod(Duration.ofSeconds(5))).build();
    }

    private static void start(String name, UnaryOperator<PodSpec.Builder> containers) {
        start(RUNTIME, name, containers);
    }

    /** Starts the pod and, should it start after all, closes it at once: a row that fails leaves nothing either. */
    private static void start(DockerPodRuntime runtime, String name, UnaryOperator<PodSpec.Builder> containers) {
        try (Pod unexpected = runtime.start(spec(name, containers))) {
            assertThat(unexpected).as("pod " + name + " started").isNull();
        }
    }
}
