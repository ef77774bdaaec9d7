package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sidecar.ContainerSpec;
import dev.sidecar.InvalidSpecException;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.Probe;
import dev.sidecar.ProbeTimeoutException;
import dev.sidecar.RuntimeUnavailableException;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.TestImages;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * The README's table of promises ("Promise | Exception | When"), read from the README itself and checked against the
 * code: every row is proven by the calls below, and every call here has its row, so neither can change alone.
 */
class ReadmePromisesIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final String IDLE = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";
    private static final Pattern ROW = Pattern.compile("^\\| ([a-z ]+): .*? \\| `(\\w+)`.*\\|.*\\|$");

    private static Pod running;
    private static Pod exited;
    private static Pod closed;

    @BeforeAll
    static void startPods() {
        running = RUNTIME.start(PodSpec.builder("promises").sidecar(busybox("helper").build())
                .main(busybox("app").port(8080).build()).terminationGracePeriod(Duration.ofSeconds(5)).build());
        exited = RUNTIME.start(PodSpec.builder("promises-exited").sidecar(busybox("helper").build())
                .main(ContainerSpec.builder("app", TestImages.BUSYBOX).command("true").build())
                .terminationGracePeriod(Duration.ofSeconds(5)).build());
        exited.awaitStatus(s -> s.container("app").terminated(), Duration.ofSeconds(30));
        closed = RUNTIME.start(PodSpec.builder("promises-closed").main(busybox("app").build()).build());
        closed.close();
    }

    @AfterAll
    static void closePods() {
        for (Pod pod : new Pod[] {running, exited}) {
            if (pod != null) {
                pod.close();
            }
        }
    }

    /** Each promise of the README, by its key, with calls that must keep it. */
    private static Map<String, List<ThrowingCallable>> proofs() {
        Map<String, List<ThrowingCallable>> p = new LinkedHashMap<>();
        p.put("spec rule", List.of(
                () -> ContainerSpec.builder("Bad_Name", "busybox:1").build(),
                () -> ContainerSpec.builder("app", "busybox:1").stopSignal("SIGFOO").build(),
                () -> ContainerSpec.builder("app", "busybox:1").env("A", "x\0").build(),
                () -> Probe.tcp(0),
                () -> VolumeSpec.hostPath("repo", Path.of("relative")),
                () -> ContainerSpec.builder("app", "busybox:1").addCapability("NET_FLY").build()));
        p.put("null argument", List.of(
                () -> ContainerSpec.builder("app", "busybox:1").command("sh", null),
                () -> Probe.exec("test", null),
                () -> running.main().exec("ls", null),
                () -> running.container(null)));
        p.put("bad argument", List.of(
                () -> running.main().exec(Duration.ZERO, List.of("true")),
                () -> running.main().logTail(-1),
                () -> running.main().signal("SIGFOO"),
                () -> running.main().signal(""),
                () -> running.main().awaitLog("(", Duration.ofSeconds(1)),
                () -> running.main().copyToContainer(new byte[1], "relative/file")));
        p.put("unknown name", List.of(
                () -> running.container("nope"),
                () -> running.endpoint("helper", 8080),
                () -> running.status().container("nope"),
                () -> running.spec().container("nope")));
        p.put("engine limit", List.of(
                () -> RUNTIME.start(withApp(c -> c.memoryLimit("1Mi"))),
                () -> RUNTIME.start(withApp(c -> c.cpuLimit("5m"))),
                () -> RUNTIME.start(withApp(c -> c.cpuLimit("4096"))),
                () -> RUNTIME.start(PodSpec.builder("promises-host")
                        .volume(VolumeSpec.hostPath("repo", Path.of("/no/such/path/for/sidecar")))
                        .main(busybox("app").mount("repo", "/repo").build()).build())));
        p.put("missing image", List.of(
                () -> RUNTIME.start(withApp(c -> c.image("sidecar-test/no-such-image:404")))));
        p.put("field docker cannot honour", List.of(
                () -> RUNTIME.start(PodSpec.builder("promises-sysctl").sysctl("vm.swappiness", "10")
                        .main(busybox("app").build()).build()),
                () -> RUNTIME.start(withApp(c -> c.runAsNonRoot(true))),
                () -> RUNTIME.start(withApp(c -> c.image("sidecar-test/no-such-image:404")
                        .imagePullPolicy(dev.sidecar.ImagePullPolicy.NEVER)))));
        p.put("never ready", List.of(
                () -> DockerPodRuntime.builder().startupTimeout(Duration.ofSeconds(1)).build()
                        .start(withApp(c -> c.port(8080).readyWhen(Probe.tcp(8080)))),
                () -> RUNTIME.start(withApp(c -> c.command("sh", "-c", "exit 4").readyWhen(Probe.exec("true"))))));
        p.put("closed pod", List.of(
                () -> closed.main(),
                () -> closed.container("app"),
                () -> closed.awaitStatus(s -> s.allReady(), Duration.ofSeconds(1))));
        p.put("not running", List.of(
                () -> exited.main().signal("SIGHUP"),
                () -> exited.main().exec("true")));
        p.put("too slow", List.of(
                () -> running.main().exec(Duration.ofMillis(300), List.of("sleep", "5")),
                () -> running.main().awaitLog("never printed", Duration.ofMillis(300)),
                () -> running.awaitStatus(s -> false, Duration.ofMillis(300))));
        p.put("engine gone", List.of(
                () -> DockerPodRuntime.builder().transportConfig(TransportConfig.builder()
                        .dockerHost(URI.create("tcp://127.0.0.1:1")).build()).build()
                        .start(withApp(c -> c))));
        return p;
    }

    @Test
    void everyPromiseOfTheReadmeIsKeptByTheCode() throws IOException {
        Map<String, Class<? extends Throwable>> promised = readmePromises();
        Map<String, List<ThrowingCallable>> proofs = proofs();

        assertThat(promised.keySet()).as("the README's promises and this test's proofs")
                .containsExactlyElementsOf(proofs.keySet());
        List<String> broken = new ArrayList<>();
        proofs.forEach((key, calls) -> {
            for (int i = 0; i < calls.size(); i++) {
                Throwable thrown = catchThrowable(calls.get(i));
                if (thrown == null || thrown.getClass() != promised.get(key)) {
                    broken.add(key + " #" + i + ": promised " + promised.get(key).getSimpleName() + ", got "
                            + (thrown == null ? "nothing" : thrown.getClass().getName() + ": " + thrown.getMessage()));
                }
            }
        });
        assertThat(broken).as("promises broken").isEmpty();
    }

    /** The README's promises: key (the text before the colon) to the exception named first in its row. */
    private static Map<String, Class<? extends Throwable>> readmePromises() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");
        Map<String, Class<? extends Throwable>> found = new LinkedHashMap<>();
        for (String line : Files.readAllLines(readme)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                found.put(m.group(1), exception(m.group(2)));
            }
        }
        return found;
    }

    private static Class<? extends Throwable> exception(String simpleName) {
        return switch (simpleName) {
            case "InvalidSpecException" -> InvalidSpecException.class;
            case "NullPointerException" -> NullPointerException.class;
            case "IllegalArgumentException" -> IllegalArgumentException.class;
            case "NoSuchElementException" -> NoSuchElementException.class;
            case "PodStartException" -> PodStartException.class;
            case "ProbeTimeoutException" -> ProbeTimeoutException.class;
            case "IllegalStateException" -> IllegalStateException.class;
            case "PodTimeoutException" -> PodTimeoutException.class;
            case "DockerUnavailableException" -> DockerUnavailableException.class;
            case "RuntimeUnavailableException" -> RuntimeUnavailableException.class;
            default -> throw new AssertionError("the README promises an exception this test does not know: "
                    + simpleName);
        };
    }

    private static PodSpec withApp(java.util.function.UnaryOperator<ContainerSpec.Builder> app) {
        return PodSpec.builder("promises-start").main(app.apply(busybox("app")).build())
                .terminationGracePeriod(Duration.ofSeconds(5)).build();
    }

    private static ContainerSpec.Builder busybox(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", IDLE);
    }
}
