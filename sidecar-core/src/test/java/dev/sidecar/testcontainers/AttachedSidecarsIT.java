package dev.sidecar.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import dev.sidecar.ContainerSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import dev.sidecar.docker.DockerPodRuntime;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.HttpContainers;
import dev.sidecar.test.TestImages;
import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.utility.DockerImageName;

/**
 * Sidecars attached to a Testcontainers container written as Testcontainers' modules are (its own command, port and
 * wait strategy) on a local image: reachable on their published ports, in its network and PID namespaces, sharing a
 * volume with it, stopped before it, following it when it restarts or goes, and leaving nothing behind.
 */
class AttachedSidecarsIT {

    /** What the sidecars' pod is named after: the last part of the image's repository. */
    private static final String POD = AttachedSidecars.podName(new KeyValueServer(image()));
    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeyValueServer store;
    private AttachedSidecars sidecars;

    @AfterEach
    void stopAndCheckNothingIsLeft() {
        if (sidecars != null) {
            sidecars.stop();
        }
        if (store != null) {
            store.stop();
        }
        assertThat(EngineObjects.containersOfPod(POD)).as("sidecars left").isEmpty();
        assertThat(EngineObjects.volumesOfPod(POD)).as("volumes left").isEmpty();
    }

    @AfterAll
    static void closeRuntime() {
        RUNTIME.close();
    }

    @Test
    void sidecarIsReachableOnItsPublishedPortAndReachesTheStoreOnLocalhost() throws Exception {
        store = new KeyValueServer(image());
        sidecars = attach(store).withSidecar(HttpContainers.proxy("proxy", "9000", "http://127.0.0.1:8080").port(9000).build());

        sidecars.start();

        ContainerState proxy = sidecars.getContainer("proxy");
        assertThat(get(URI.create("http://" + proxy.getHost() + ":" + proxy.getMappedPort(9000) + "/answer")))
                .isEqualTo("42\n");
        assertThat(store.getMappedPort(9000)).as("the store publishes the sidecar's port")
                .isEqualTo(proxy.getMappedPort(9000));
        assertThat(store.getExposedPorts()).as("not a port the store's wait strategy waits for")
                .containsExactly(KeyValueServer.PORT);
        assertThat(proxy.getContainerInfo().getHostConfig().getNetworkMode())
                .isEqualTo("container:" + store.getContainerId());
    }

    @Test
    void sidecarSeesTheStoresProcessesWhenThePidNamespaceIsShared() {
        store = new KeyValueServer(image());
        sidecars = attach(store).withShareProcessNamespace(true)
                .withSidecar(HttpContainers.idle("toolbox").build());

        sidecars.start();

        assertThat(sidecars.getSidecar("toolbox").exec("ps", "-o", "pid,args").stdout())
                .containsPattern("\\n\\s*1 httpd -f -vv -p 8080 -h /data");
    }

    @Test
    void initContainerAndStoreShareAVolume() throws Exception {
        store = new KeyValueServer(image());
        sidecars = attach(store).withVolume(VolumeSpec.emptyDir("shared"), "/shared")
                .withInitContainer(ContainerSpec.builder("seed", TestImages.BUSYBOX)
                        .command("sh", "-c", "echo seeded > /seed/greeting").mount("shared", "/seed").build())
                .withSidecar(HttpContainers.idle("reader").mountReadOnly("shared", "/shared").build());

        sidecars.start();

        assertThat(store.execInContainer("cat", "/shared/greeting").getStdout()).isEqualTo("seeded\n");
        assertThat(sidecars.getSidecar("reader").exec("cat", "/shared/greeting").stdout()).isEqualTo("seeded\n");
        assertThat(store.execInContainer("stat", "-c", "%a", "/shared").getStdout())
                .as("an emptyDir's mode, as the kubelet makes it").isEqualTo("777\n");
    }

    @Test
    void stopStopsTheSidecarsBeforeTheStoreThatItStarted() throws Exception {
        store = new KeyValueServer(image());
        sidecars = attach(store).withSidecar(HttpContainers.idle("first").build())
                .withSidecar(HttpContainers.idle("second").build());
        sidecars.start();
        String first = sidecars.getSidecar("first").id();
        String second = sidecars.getSidecar("second").id();
        String storeId = store.getContainerId();

        List<String> deaths = new CopyOnWriteArrayList<>();
        try (Closeable events = followDeaths(deaths, first, second, storeId)) {
            sidecars.stop();
            awaitTrue(() -> deaths.size() == 3, "three deaths seen: " + deaths);
        }

        assertThat(deaths).containsExactly(second, first, storeId);
        assertThat(EngineObjects.containerExists(storeId)).isFalse();
    }

    @Test
    void sidecarThatNeverBecomesReadyFailsTheStartAndLeavesNothing() {
        DockerPodRuntime impatient = DockerPodRuntime.builder().startupTimeout(Duration.ofSeconds(3)).build();
        try {
            store = new KeyValueServer(image());
            sidecars = AttachedSidecars.to(store).withRuntime(impatient)
                    .withVolume(VolumeSpec.emptyDir("shared"), "/shared")
                    .withSidecar(HttpContainers.idle("never-ready").readyWhen(Probe.exec("false")).build());

            PodStartException failure = catchThrowableOfType(PodStartException.class, sidecars::start);

            assertThat(failure).isNotNull();
            assertThat(failure.containerName()).hasValue("never-ready");
            assertThat(store.getContainerId() == null || !EngineObjects.containerExists(store.getContainerId()))
                    .as("the store, started by the sidecars, was stopped").isTrue();
            assertThat(EngineObjects.containersOfPod(POD)).isEmpty();
            assertThat(EngineObjects.volumesOfPod(POD)).isEmpty();
        } finally {
            impatient.close();
        }
    }

    @Test
    void sidecarsAndVolumesGoWhenTestcontainersStopsTheStore() {
        store = new KeyValueServer(image());
        sidecars = attach(store).withVolume(VolumeSpec.emptyDir("shared"), "/shared")
                .withSidecar(HttpContainers.idle("toolbox").build());
        sidecars.start();
        assertThat(EngineObjects.containersOfPod(POD)).hasSize(1);

        store.stop();

        awaitTrue(() -> EngineObjects.containersOfPod(POD).isEmpty() && EngineObjects.volumesOfPod(POD).isEmpty(),
                "the sidecar and the volume are removed after the store");
    }

    @Test
    void sidecarsStartAgainInTheNamespacesOfAStoreThatRestarts() {
        store = new KeyValueServer(image());
        sidecars = attach(store).withSidecar(HttpContainers.proxy("proxy", "9000", "http://127.0.0.1:8080").port(9000).build());
        sidecars.start();
        String before = sidecars.getSidecar("proxy").id();

        EngineObjects.client().restartContainerCmd(store.getContainerId()).withTimeout(0).exec();

        awaitTrue(() -> {
            try {
                return !sidecars.getSidecar("proxy").id().equals(before)
                        && store.execInContainer("wget", "-q", "-O-", "http://127.0.0.1:9000/answer").getStdout()
                        .equals("42\n");
            } catch (Exception notYet) {
                return false;
            }
        }, "a new proxy serving the restarted store");
        assertThat(EngineObjects.containerExists(before)).isFalse();
        assertThat(EngineObjects.containersOfPod(POD)).hasSize(1);
    }

    @Test
    void storeThatRunsAlreadyWithoutTheSidecarsPortIsRefusedNamingIt() {
        store = new KeyValueServer(image());
        store.start();
        sidecars = attach(store).withSidecar(HttpContainers.proxy("proxy", "9000", "http://127.0.0.1:8080").port(9000).build());

        assertThatThrownBy(sidecars::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runs already")
                .hasMessageContaining("does not publish the sidecars' ports [9000] (it publishes [8080])");
        assertThat(EngineObjects.containersOfPod(POD)).isEmpty();
    }

    @Test
    void storeThatRunsAlreadyAndPublishesThePortTakesSidecarsAndKeepsRunning() throws Exception {
        store = new KeyValueServer(image());
        store.addExposedPort(9000); // its log wait strategy does not wait for it
        store.start();
        sidecars = attach(store).withSidecar(HttpContainers.proxy("proxy", "9000", "http://127.0.0.1:8080").port(9000).build());

        sidecars.start();
        assertThat(get(URI.create("http://" + store.getHost() + ":" + store.getMappedPort(9000) + "/answer")))
                .isEqualTo("42\n");
        sidecars.stop();

        assertThat(store.isRunning()).as("not started by the sidecars, so not stopped by them").isTrue();
    }

    private static AttachedSidecars attach(KeyValueServer store) {
        return AttachedSidecars.to(store).withRuntime(RUNTIME);
    }

    /** The local busybox image standing in for the store's image, as a module takes a private mirror's. */
    private static DockerImageName image() {
        return DockerImageName.parse(TestImages.BUSYBOX).asCompatibleSubstituteFor("kvstore");
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** Collects the ids of the given containers as the engine reports their deaths, in order. */
    private static Closeable followDeaths(List<String> deaths, String... ids) {
        // From a second ago: the stream may reach the engine after the deaths began; nothing of these died before.
        String since = Long.toString(System.currentTimeMillis() / 1000 - 1);
        return EngineObjects.client().eventsCmd().withEventTypeFilter("container").withEventFilter("die")
                .withContainerFilter(ids).withSince(since).exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        deaths.add(event.getActor() != null ? event.getActor().getId() : event.getId());
                    }
                });
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            try {
                Thread.sleep(100); // between two looks at the engine
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
