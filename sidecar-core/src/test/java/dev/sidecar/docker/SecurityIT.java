package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing privileged unless asked, and then a warning; host paths read-only unless asked; secret env values printed
 * nowhere: not by the spec, not in failure diagnostics, not in container logs read through the pod, not in anything
 * the library logs.
 */
class SecurityIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    /** For pods that must fail to start: gives up on readiness soon. */
    private static final DockerPodRuntime IMPATIENT = DockerPodRuntime.builder()
            .startupTimeout(Duration.ofSeconds(3)).build();
    private static final String UNTIL_TERM = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";
    private static final String SECRET = "s3cr3t-" + UUID.randomUUID();
    private static final String MASKED_LINE = "token=*****";

    @Test
    void noContainerIsPrivilegedOrReachesTheHostByDefault(@TempDir Path host) {
        PodSpec spec = PodSpec.builder("security-defaults")
                .volume(VolumeSpec.emptyDir("shared"))
                .volume(VolumeSpec.hostPath("config", host))
                .shareProcessNamespace(true)
                .sidecar(busybox("helper").port(9000).build())
                .main(busybox("app").mount("config", "/config").build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            List<InspectContainerResponse> containers = EngineObjects.inspectContainersOfInstance(pod.instanceId());

            assertThat(containers).extracting(c -> c.getConfig().getLabels().get(Labels.ROLE))
                    .containsExactlyInAnyOrder("infra", "sidecar", "main");
            for (InspectContainerResponse c : containers) {
                HostConfig h = c.getHostConfig();
                String name = c.getName();
                assertThat(h.getPrivileged()).as("%s privileged", name).isNotEqualTo(Boolean.TRUE);
                assertThat(h.getCapAdd()).as("%s added capabilities", name).isNullOrEmpty();
                assertThat(h.getNetworkMode()).as("%s network", name).isNotEqualTo("host");
                assertThat(h.getPidMode()).as("%s PID namespace", name).isNotEqualTo("host");
                assertThat(h.getIpcMode()).as("%s IPC namespace", name).isNotEqualTo("host");
                assertThat(h.getUtSMode()).as("%s UTS namespace", name).isNotEqualTo("host");
                assertThat(h.getUsernsMode()).as("%s user namespace", name).isNotEqualTo("host");
                assertThat(h.getDevices()).as("%s devices", name).isNullOrEmpty();
                assertThat(h.getSecurityOpts() == null ? List.<String>of() : h.getSecurityOpts())
                        .as("%s security options", name).noneMatch(o -> o.contains("unconfined"));
                assertThat(c.getMounts()).as("%s mounts", name).noneMatch(m ->
                        String.valueOf(m.getSource()).contains("docker.sock")
                                || String.valueOf(m.getDestination().getPath()).contains("docker.sock"));
            }
        }
    }

    @Test
    void addedCapabilityIsGrantedWhenAskedAndLoggedAtWarn() {
        PodSpec spec = PodSpec.builder("security-capability")
                .sidecar(busybox("netadmin").addCapability("NET_ADMIN").build())
                .main(busybox("app").build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        List<Pod> started = new ArrayList<>();
        String logged = capturingStdErr(() -> started.add(RUNTIME.start(spec)));
        try (Pod pod = started.get(0)) {
            Map<String, HostConfig> hostConfigs = hostConfigsByContainer(pod);

            assertThat(hostConfigs.get("netadmin").getCapAdd()).extracting(Enum::name).containsExactly("NET_ADMIN");
            assertThat(hostConfigs.get("netadmin").getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(hostConfigs.get("app").getCapAdd()).as("app's capabilities").isNullOrEmpty();
            assertThat(hostConfigs.get("infra").getCapAdd()).as("infra's capabilities").isNullOrEmpty();
            assertThat(pod.container("netadmin").exec("ip", "link", "set", "lo", "mtu", "1400").exitCode())
                    .as("NET_ADMIN lets the sidecar configure the pod's network").isZero();
            assertThat(pod.main().exec("ip", "link", "set", "lo", "mtu", "1500").exitCode())
                    .as("main, without NET_ADMIN, may not").isNotZero();
        }
        assertThat(logged.lines().filter(l -> l.contains(" WARN "))).anyMatch(l ->
                l.contains("pod 'security-capability'") && l.contains("container 'netadmin'")
                        && l.contains("NET_ADMIN"));
    }

    @Test
    void privilegedIsAskedOfTheEngineWhenTheSpecSaysSoAndLoggedAtWarn() {
        PodSpec spec = PodSpec.builder("security-privileged")
                .sidecar(busybox("helper").build())
                .main(busybox("app").privileged(true).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        List<Pod> started = new ArrayList<>();
        List<PodStartException> refused = new ArrayList<>();
        String logged = capturingStdErr(() -> {
            try {
                started.add(RUNTIME.start(spec));
            } catch (PodStartException e) {
                refused.add(e);
            }
        });

        assertThat(logged.lines().filter(l -> l.contains(" WARN "))).anyMatch(l ->
                l.contains("pod 'security-privileged'") && l.contains("container 'app' runs privileged"));
        if (started.isEmpty()) {
            // An engine that itself runs without every capability (a sandboxed CI engine, this project's offline
            // one) cannot grant them: that it tried, for app only, shows the library asked for privileged mode.
            assertThat(refused.get(0)).hasMessageContaining("container 'app'")
                    .hasMessageContaining("unable to apply caps");
            assertThat(EngineObjects.containersOfPod("security-privileged")).isEmpty();
            return;
        }
        try (Pod pod = started.get(0)) {
            Map<String, HostConfig> hostConfigs = hostConfigsByContainer(pod);

            assertThat(hostConfigs.get("app").getPrivileged()).isTrue();
            assertThat(hostConfigs.get("helper").getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(hostConfigs.get("infra").getPrivileged()).isNotEqualTo(Boolean.TRUE);
        }
    }

    /** The host configuration of each container of the pod, by its name in the pod ({@code infra} for infra). */
    private static Map<String, HostConfig> hostConfigsByContainer(Pod pod) {
        return EngineObjects.inspectContainersOfInstance(pod.instanceId()).stream().collect(Collectors.toMap(
                c -> "infra".equals(c.getConfig().getLabels().get(Labels.ROLE)) ? "infra"
                        : c.getConfig().getLabels().get(Labels.CONTAINER),
                InspectContainerResponse::getHostConfig));
    }

    @Test
    void hostPathIsMountedReadOnlyUnlessReadWrite(@TempDir Path readOnly, @TempDir Path writable) {
        PodSpec spec = PodSpec.builder("security-hostpath")
                .volume(VolumeSpec.hostPath("ro", readOnly))
                .volume(VolumeSpec.hostPath("rw", writable).toBuilder().readOnly(false).build())
                .main(busybox("app").mount("ro", "/ro").mount("rw", "/rw").build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            InspectContainerResponse app = EngineObjects.inspectContainersOfInstance(pod.instanceId()).stream()
                    .filter(c -> "main".equals(c.getConfig().getLabels().get(Labels.ROLE))).findFirst().orElseThrow();
            Map<String, Boolean> writableByPath = app.getMounts().stream()
                    .collect(Collectors.toMap(m -> m.getDestination().getPath(), m -> m.getRW()));

            assertThat(writableByPath).containsEntry("/ro", false).containsEntry("/rw", true);
            assertThat(pod.main().exec("touch", "/ro/file").exitCode()).as("write to /ro").isNotZero();
            assertThat(pod.main().exec("touch", "/rw/file").exitCode()).as("write to /rw").isZero();
        }
    }

    @Test
    void secretEnvValueIsPrintedNowhereWhenThePodFailsToStart() {
        PodSpec spec = PodSpec.builder("security-secret-fails")
                .main(secretPrinter().port(8080).readyWhen(Probe.tcp(8080))
                        .build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        List<PodStartException> failure = new ArrayList<>();

        String logged = capturingStdErr(() -> failure.add(
                catchThrowableOfType(PodStartException.class, () -> IMPATIENT.start(spec).close())));

        PodStartException e = failure.get(0);
        assertThat(e).as("the start failed").isNotNull();
        assertThat(spec.toString()).doesNotContain(SECRET).contains("API_TOKEN=*****");
        assertThat(e.lastLogLines()).as("the container printed its secret, masked").contains(MASKED_LINE)
                .noneMatch(l -> l.contains(SECRET));
        assertThat(everyMessageOf(e)).doesNotContain(SECRET).contains(MASKED_LINE);
        // Container output is forwarded to the log once the pod is ready, so here only the diagnostics carry it.
        assertThat(logged).as("what the library logged").doesNotContain(SECRET);
        assertThat(EngineObjects.containersOfPod("security-secret-fails")).isEmpty();
    }

    @Test
    void secretEnvValueIsPrintedNowhereWhileThePodRuns() {
        PodSpec spec = PodSpec.builder("security-secret-runs")
                .main(secretPrinter().readyWhen(Probe.logLine("^started$")).build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
        List<String> read = new ArrayList<>();

        String logged = capturingStdErr(() -> {
            try (Pod pod = RUNTIME.start(spec)) {
                read.add(pod.main().logs());
                read.add(String.join("\n", pod.main().logTail(10)));
                read.add(pod.status().toString());
                read.add(pod.toString());
            }
        });

        assertThat(read.get(0)).as("logs()").contains(MASKED_LINE).doesNotContain(SECRET);
        assertThat(read.get(1)).as("logTail(10)").contains(MASKED_LINE).doesNotContain(SECRET);
        assertThat(read.get(2)).as("status").doesNotContain(SECRET);
        assertThat(read.get(3)).as("pod toString").doesNotContain(SECRET);
        assertThat(logged).as("what the library logged").doesNotContain(SECRET)
                .as("the container's output, forwarded and masked").contains(MASKED_LINE);
    }

    /** A main container that prints its secret to stdout and stderr, then says it started. */
    private static ContainerSpec.Builder secretPrinter() {
        return ContainerSpec.builder("app", TestImages.BUSYBOX)
                .secretEnv("API_TOKEN", SECRET)
                .env("GREETING", "hello")
                .command("sh", "-c", "echo token=$API_TOKEN; echo token=$API_TOKEN >&2; echo started; " + UNTIL_TERM);
    }

    private static ContainerSpec.Builder busybox(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sh", "-c", UNTIL_TERM);
    }

    /** What printing {@code e} shows: its and its causes' and suppressed exceptions' types and messages. */
    private static String everyMessageOf(Throwable e) {
        StringBuilder all = new StringBuilder();
        List<Throwable> todo = new ArrayList<>(List.of(e));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            all.append(t).append('\n');
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(List.of(t.getSuppressed()));
        }
        return all.toString();
    }

    /**
     * Runs {@code action} with System.err, where slf4j-simple writes (it looks the stream up on every write), copied
     * into a buffer; returns what was written.
     */
    private static String capturingStdErr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (buffer) {
                    buffer.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
                original.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                original.flush();
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
