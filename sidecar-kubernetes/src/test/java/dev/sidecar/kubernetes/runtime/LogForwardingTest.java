package dev.sidecar.kubernetes.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Container output reaches SLF4J as on Docker: each line under {@code dev.sidecar.pod.<pod>.<container>}, prefixed
 * with the instance, secrets masked; each run of a container is followed through the API server, and closing the
 * pod ends it all. The kubelet simulator serves the logs (a follow gets what the run wrote, then ends).
 */
class LogForwardingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MockCluster cluster;
    private CapturedLog log;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        cluster.kubelet.output("prepare", "copying index.html\n")
                .output("proxy", "listening on 8443\ntoken t0ps3cret accepted\n")
                .output("app", "app starting\nlistening on 8080\n", "app starting again\n");
        log = CapturedLog.install();
    }

    @AfterEach
    void stop() {
        log.close();
        cluster.close();
    }

    @Test
    void eachContainersOutputIsForwardedUnderItsOwnLoggerWithTheInstanceAndSecretsMasked() throws Exception {
        try (KubernetesPodRuntime runtime = cluster.runtime().build();
                Pod pod = runtime.start(KubernetesPodRuntimeTest.WEB)) {
            String instance = "[" + pod.instanceId() + "] ";

            assertThat(log.await("dev.sidecar.pod.web.prepare", instance + "copying index.html", WAIT))
                    .contains(" INFO ");
            log.await("dev.sidecar.pod.web.proxy", instance + "listening on 8443", WAIT);
            log.await("dev.sidecar.pod.web.proxy", instance + "token ***** accepted", WAIT);
            log.await("dev.sidecar.pod.web.app", instance + "app starting", WAIT);
            log.await("dev.sidecar.pod.web.app", instance + "listening on 8080", WAIT);
            assertThat(log.lines()).noneMatch(l -> l.contains("t0ps3cret"));
        }
    }

    @Test
    void aRestartedContainersNewRunIsFollowedFromItsFirstLineAndTheOldRunIsNotForwardedAgain() throws Exception {
        try (KubernetesPodRuntime runtime = cluster.runtime().build();
                Pod pod = runtime.start(KubernetesPodRuntimeTest.WEB)) {
            String instance = "[" + pod.instanceId() + "] ";
            log.await("dev.sidecar.pod.web.app", instance + "listening on 8080", WAIT);

            cluster.kubelet.restart(MockCluster.NAMESPACE, "web-" + pod.instanceId(), "app");

            log.await("dev.sidecar.pod.web.app", instance + "app starting again", WAIT);
            assertThat(log.linesOf("dev.sidecar.pod.web.app", instance + "app starting")).hasSize(2);
            assertThat(log.linesOf("dev.sidecar.pod.web.app", instance + "listening on 8080")).hasSize(1);
            assertThat(follows("app")).as("follows of app's log: one per run").hasSize(2);
        }
    }

    @Test
    void aContainerWhoseLoggerIsOffIsNotFollowed() throws Exception {
        // simplelogger.properties: dev.sidecar.pod.quiet.silent=off
        cluster.kubelet.output("chatty", "hello\n").output("silent", "psst\n");
        PodSpec quiet = PodSpec.builder("quiet")
                .sidecar(ContainerSpec.builder("silent", "my/sidecar:1").build())
                .main(ContainerSpec.builder("chatty", "my/app:1").build())
                .build();
        try (KubernetesPodRuntime runtime = cluster.runtime().build(); Pod pod = runtime.start(quiet)) {
            log.await("dev.sidecar.pod.quiet.chatty", "[" + pod.instanceId() + "] hello", WAIT);
        }

        assertThat(follows("silent")).isEmpty();
        assertThat(log.lines()).noneMatch(l -> l.contains("psst"));
    }

    @Test
    void aRunsLastLineWithoutALineBreakIsForwardedAndAnOverlongLineInPieces() throws Exception {
        String longLine = "x".repeat(LogStream.MAX_LINE_BYTES + 10);
        cluster.kubelet.output("app", "first\r\n" + longLine + "\nlast words");
        try (KubernetesPodRuntime runtime = cluster.runtime().build();
                Pod pod = runtime.start(KubernetesPodRuntimeTest.WEB)) {
            List<String> lines = new CopyOnWriteArrayList<>();
            LogStream stream = new ClusterApi(cluster.client).containers().streamLog(MockCluster.NAMESPACE,
                    "web-" + pod.instanceId(), "app", lines::add);

            stream.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(lines).containsExactly("first", "x".repeat(LogStream.MAX_LINE_BYTES), "x".repeat(10),
                    "last words");
        }
    }

    @Test
    void aFollowTheApiServerRefusesEndsWithItsMessageAndNoLine() throws Exception {
        try (KubernetesPodRuntime runtime = cluster.runtime().build();
                Pod pod = runtime.start(KubernetesPodRuntimeTest.WEB)) {
            List<String> lines = new CopyOnWriteArrayList<>();
            // The kubelet refuses the log of a container that has not run.
            LogStream stream = new ClusterApi(cluster.client).containers().streamLog(MockCluster.NAMESPACE,
                    "web-" + pod.instanceId(), "no-such-container", lines::add);

            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                    () -> stream.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS));

            assertThat(failure).hasCauseInstanceOf(dev.sidecar.SidecarException.class)
                    .hasMessageContaining("HTTP 400")
                    .hasMessageContaining("container \\\"no-such-container\\\" in pod");
            assertThat(lines).isEmpty();
        }
    }

    @Test
    void openFollowsHoldNoThreadPerContainerAndClosingThePodLeavesNoThreadBehind() throws Exception {
        PodSpec.Builder many = PodSpec.builder("many");
        for (int i = 1; i <= 10; i++) {
            many.sidecar(ContainerSpec.builder("s" + i, "my/sidecar:1").build());
            cluster.kubelet.output("s" + i, "s" + i + " up\n");
        }
        many.main(ContainerSpec.builder("main", "my/app:1").build());
        cluster.kubelet.output("main", "main up\n");
        try (KubernetesPodRuntime runtime = cluster.runtime().build()) {
            // A first pod, so that what a runtime starts once (its sweep) and the clients' pools are there before.
            runtime.start(KubernetesPodRuntimeTest.WEB).close();
            runtime.sweep().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            cluster.kubelet.holdFollows();
            int followsBefore = cluster.kubelet.awaitFollows(0, WAIT).size();
            List<String> before = longLived();

            Pod pod = runtime.start(many.build());
            cluster.kubelet.awaitFollows(followsBefore + 11, WAIT);
            List<String> during = minus(longLived(), before);
            pod.close();
            List<String> after = minus(longLived(), before);

            assertThat(during).as("threads the runtime holds while 11 log follows are open").isEmpty();
            assertThat(after).as("threads left after the pod closed").isEmpty();
        }
    }

    private List<String> follows(String container) throws InterruptedException {
        return cluster.kubelet.awaitFollows(0, WAIT).stream().filter(f -> f.endsWith("/" + container)).toList();
    }

    /**
     * Live threads by name, without the pools that grow and shrink with the work of the moment (fabric8's and the
     * JDK HTTP client's executors, named {@code …pool-<n>-thread-<m>}, and the common ForkJoinPool) and without the
     * mock API server's own (Vert.x, and {@link MockCluster}'s watch writers).
     */
    private static List<String> longLived() {
        return new ArrayList<>(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> !n.matches(".*pool-\\d+-thread-\\d+") && !n.startsWith("ForkJoinPool")
                        && !n.startsWith("vert.x-") && !n.startsWith("vertx-") && !n.startsWith("mock-server-"))
                .sorted().toList());
    }

    private static List<String> minus(List<String> threads, List<String> before) {
        List<String> left = new ArrayList<>(threads);
        before.forEach(left::remove);
        return left;
    }
}
