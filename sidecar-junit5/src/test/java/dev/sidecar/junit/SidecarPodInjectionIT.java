package dev.sidecar.junit;

import static dev.sidecar.junit.TestPods.single;
import static dev.sidecar.junit.TestPods.web;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerRole;
import dev.sidecar.Endpoint;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** What {@link SidecarPod} injects into parameters, and what it says when a name does not exist. */
class SidecarPodInjectionIT {

    @Test
    void injectsThePodItsContainersAndEndpointsEverywhere() {
        Kit.run(InjectionFixture.class).testEvents().assertStatistics(s -> s.started(3).succeeded(3));
    }

    @Test
    void injectsStaticPodsIntoTheConstructorOfAPerClassInstance() {
        Kit.run(PerClassConstructorFixture.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void unknownNamesFailTheTestNamingWhatExists() {
        EngineExecutionResults results = Kit.run(UnknownNamesFixture.class);

        results.testEvents().assertStatistics(s -> s.started(4).failed(4));
        assertThat(Kit.failureOf(results, "unknownContainer"))
                .contains("no running container is named 'proxy'")
                .contains("pod 'injection-unknown' (field WEB) has containers [helper, app]");
        assertThat(Kit.failureOf(results, "unknownPort"))
                .contains("no container declares port 7777")
                .contains("declares helper [9090], app [8080]");
        assertThat(Kit.failureOf(results, "portOfAnotherContainer"))
                .contains("no container named 'helper' declares port 8080");
        assertThat(Kit.failureOf(results, "containerWithoutName"))
                .contains("say which container with @ContainerRef(\"<name>\")");
    }

    @Test
    void severalPodsAreToldApartByFieldNamePodNameOrWhatOnlyOneOfThemHas() {
        EngineExecutionResults results = Kit.run(TwoPodsFixture.class);

        results.testEvents().assertStatistics(s -> s.started(6).succeeded(3).failed(3));
        assertThat(Kit.failureOf(results, "ambiguousPod"))
                .contains("several pods run here").contains("pod 'injection-web' (field WEB)")
                .contains("pod 'injection-db' (field DB)").contains("choose one with @PodRef");
        assertThat(Kit.failureOf(results, "ambiguousContainer"))
                .contains("container 'app' is in several pods");
        assertThat(Kit.failureOf(results, "unknownPodRef"))
                .contains("no pod answers to @PodRef(\"CACHE\")");
    }

    @Test
    void instancePodsCannotReachTheConstructor() {
        EngineExecutionResults results = Kit.run(InstancePodInConstructorFixture.class);

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(Kit.failureOf(results, "test")).contains("no pod is running here")
                .contains("pods of instance fields start before each test");
    }

    static String get(Endpoint endpoint, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.http(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @KitOnly
    static class InjectionFixture {
        @SidecarPod
        static final PodSpec WEB = web("injection-web");

        static Pod fromBeforeAll;
        private final Pod fromConstructor;
        private Pod fromBeforeEach;

        InjectionFixture(Pod pod) {
            this.fromConstructor = pod;
        }

        @BeforeAll
        static void beforeAll(Pod pod) {
            fromBeforeAll = pod;
        }

        @BeforeEach
        void beforeEach(Pod pod) {
            fromBeforeEach = pod;
        }

        @Test
        void pod(Pod pod) {
            assertThat(pod.name()).isEqualTo("injection-web");
            assertThat(pod).isSameAs(fromConstructor).isSameAs(fromBeforeAll).isSameAs(fromBeforeEach);
        }

        @Test
        void containerByName(@ContainerRef("helper") PodContainer helper, @ContainerRef("app") PodContainer app) {
            assertThat(helper.role()).isEqualTo(ContainerRole.SIDECAR);
            assertThat(app.role()).isEqualTo(ContainerRole.MAIN);
        }

        @Test
        void endpointOfPort(@ContainerPort(8080) Endpoint app,
                @ContainerPort(value = 9090, container = "helper") Endpoint helper) throws Exception {
            assertThat(get(app, "/index.html")).isEqualTo("hello from app\n");
            assertThat(get(helper, "/index.html")).isEqualTo("hello from helper\n");
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @KitOnly
    static class PerClassConstructorFixture {
        @SidecarPod
        static final PodSpec WEB = single("injection-per-class");

        private final Pod pod;

        PerClassConstructorFixture(Pod pod) {
            this.pod = pod;
        }

        @Test
        void test(Pod pod) {
            assertThat(pod).isSameAs(this.pod);
        }
    }

    @KitOnly
    static class UnknownNamesFixture {
        @SidecarPod
        static final PodSpec WEB = web("injection-unknown");

        @Test
        void unknownContainer(@ContainerRef("proxy") PodContainer proxy) {
        }

        @Test
        void unknownPort(@ContainerPort(7777) Endpoint endpoint) {
        }

        @Test
        void portOfAnotherContainer(@ContainerPort(value = 8080, container = "helper") Endpoint endpoint) {
        }

        @Test
        void containerWithoutName(PodContainer container) {
        }
    }

    @KitOnly
    static class TwoPodsFixture {
        @SidecarPod
        static final PodSpec WEB = web("injection-web");
        @SidecarPod
        static final PodSpec DB = single("injection-db");

        @Test
        void ambiguousPod(Pod pod) {
        }

        @Test
        void byFieldAndPodName(@PodRef("WEB") Pod web, @PodRef("injection-db") Pod db) {
            assertThat(web.name()).isEqualTo("injection-web");
            assertThat(db.name()).isEqualTo("injection-db");
        }

        @Test
        void containerOnlyOnePodHas(@ContainerRef("helper") PodContainer helper, @ContainerPort(9090) Endpoint e) {
            assertThat(helper.name()).isEqualTo("helper");
        }

        @Test
        void ambiguousContainer(@ContainerRef("app") PodContainer app) {
        }

        @Test
        void refChoosesThePodOfAnEndpoint(@PodRef("DB") @ContainerPort(8080) Endpoint db) throws Exception {
            assertThat(get(db, "/index.html")).isEqualTo("hello from app\n");
        }

        @Test
        void unknownPodRef(@PodRef("CACHE") Pod cache) {
        }
    }

    @KitOnly
    static class InstancePodInConstructorFixture {
        @SidecarPod
        final PodSpec web = single("injection-constructor");

        InstancePodInConstructorFixture(Pod pod) {
        }

        @Test
        void test() {
        }
    }
}
