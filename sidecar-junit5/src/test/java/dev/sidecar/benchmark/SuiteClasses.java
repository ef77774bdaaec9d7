package dev.sidecar.benchmark;

import dev.sidecar.Endpoint;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.junit.ContainerPort;
import dev.sidecar.junit.SidecarPod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;

/**
 * The suite part's test class, in one variant per way of giving each test its pod: {@link TwentyTests} holds the
 * {@value SuiteSection#TESTS} tests, each of which makes three HTTP requests to main; the nested subclasses start and
 * close the pods. Only {@link SuiteBenchmark} runs them, through the JUnit Platform launcher: Surefire and Failsafe
 * skip nested classes and these names, and {@link OnlyInTheBenchmark} disables them anywhere else (an IDE).
 */
final class SuiteClasses {

    /** The configuration parameter the runner sets; without it the classes are disabled. */
    static final String ENABLED = "benchmark.suite";
    /** The configuration parameter naming the baseline's pod, {@code http://host:port}. */
    static final String BASELINE_POD = "benchmark.suite.baseline-pod";
    /** The configuration parameter naming the floor's mode ({@link Floor.Mode}). */
    static final String FLOOR_MODE = "benchmark.suite.floor-mode";
    /** The configuration parameter that makes the tests report when they got their pod and when their body ended. */
    static final String TRACE = "benchmark.suite.trace";
    /** The report entries of a traced run: the pod's instance id, once the test has it; the body's end. */
    static final String POD_ENTRY = "pod";
    static final String BODY_DONE_ENTRY = "body-done";
    /** What every test asks main for: files busybox httpd serves from the container's root. */
    static final List<String> PATHS = List.of("/etc/hostname", "/etc/hosts", "/etc/resolv.conf");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SuiteClasses() {
    }

    /** The pod of every variant: the benchmark's pod with one sidecar, main ready on its TCP port. */
    static PodSpec spec() {
        return Library.spec(1, SidecarStartOrder.PARALLEL);
    }

    /** Disables the classes unless {@link SuiteBenchmark} runs them. */
    static final class OnlyInTheBenchmark implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED).isPresent()
                    ? ConditionEvaluationResult.enabled("run by the suite benchmark")
                    : ConditionEvaluationResult.disabled("a benchmark class, run only by SuiteBenchmark");
        }
    }

    /** The run's configuration parameters, as a parameter of a lifecycle method. */
    record Configuration(Function<String, Optional<String>> parameters) {
        Optional<String> get(String key) {
            return parameters.apply(key);
        }
    }

    /** Resolves {@link Configuration} parameters. */
    static final class ConfigurationResolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Configuration.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return new Configuration(context::getConfigurationParameter);
        }
    }

    /** The tests: each asks main for {@link #PATHS} and checks that every answer is a file. */
    @ExtendWith({OnlyInTheBenchmark.class, ConfigurationResolver.class})
    abstract static class TwentyTests {

        /** Where main's port is published, {@code http://host:port}; set before each test by the variant. */
        protected URI main;
        private TestReporter reporter;
        private boolean trace;

        @BeforeEach
        void reporter(TestReporter reporter, Configuration configuration) {
            this.reporter = reporter;
            this.trace = configuration.get(TRACE).isPresent();
        }

        /** Tells a traced run which pod the test got, once it has it. */
        protected void got(String podInstance) {
            if (trace) {
                reporter.publishEntry(POD_ENTRY, podInstance);
            }
        }

        void requests() throws Exception {
            for (String path : PATHS) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(main.resolve(path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || response.body().isEmpty()) {
                    throw new AssertionError("GET " + path + " from " + main + " answered " + response.statusCode()
                            + " with " + response.body().length() + " characters");
                }
            }
            if (trace) {
                reporter.publishEntry(BODY_DONE_ENTRY, "done");
            }
        }

        @Test
        void request01() throws Exception {
            requests();
        }

        @Test
        void request02() throws Exception {
            requests();
        }

        @Test
        void request03() throws Exception {
            requests();
        }

        @Test
        void request04() throws Exception {
            requests();
        }

        @Test
        void request05() throws Exception {
            requests();
        }

        @Test
        void request06() throws Exception {
            requests();
        }

        @Test
        void request07() throws Exception {
            requests();
        }

        @Test
        void request08() throws Exception {
            requests();
        }

        @Test
        void request09() throws Exception {
            requests();
        }

        @Test
        void request10() throws Exception {
            requests();
        }

        @Test
        void request11() throws Exception {
            requests();
        }

        @Test
        void request12() throws Exception {
            requests();
        }

        @Test
        void request13() throws Exception {
            requests();
        }

        @Test
        void request14() throws Exception {
            requests();
        }

        @Test
        void request15() throws Exception {
            requests();
        }

        @Test
        void request16() throws Exception {
            requests();
        }

        @Test
        void request17() throws Exception {
            requests();
        }

        @Test
        void request18() throws Exception {
            requests();
        }

        @Test
        void request19() throws Exception {
            requests();
        }

        @Test
        void request20() throws Exception {
            requests();
        }
    }

    /** The baseline: every test against one pod that the runner started before the class and closes after it. */
    static class NoPod extends TwentyTests {
        @BeforeEach
        void baselinePod(Configuration configuration) {
            main = URI.create(configuration.get(BASELINE_POD).orElseThrow(() -> new IllegalStateException(
                    "configuration parameter " + BASELINE_POD + " not set")));
            got("baseline");
        }
    }

    /** The floor: the fewest docker-java calls start each test's pod before it and remove it after it. */
    static class FloorPerTest extends TwentyTests {
        private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "suite-floor");
            t.setDaemon(true);
            return t;
        });
        /** One floor per mode for the JVM: each numbers the pods it names, so that no two names collide. */
        private static final Map<Floor.Mode, Floor> FLOORS = new EnumMap<>(Map.of(
                Floor.Mode.WIRING, new Floor(DockerClientFactory.instance().client(), CALLS, Floor.Mode.WIRING),
                Floor.Mode.PARALLEL, new Floor(DockerClientFactory.instance().client(), CALLS, Floor.Mode.PARALLEL)));
        private Approach.Started pod;

        @BeforeEach
        void startPod(Configuration configuration) {
            Floor.Mode mode = Floor.Mode.valueOf(configuration.get(FLOOR_MODE).orElse(Floor.Mode.WIRING.name()));
            Approach.Reached reached = FLOORS.get(mode).startReached(1);
            pod = reached.pod();
            main = URI.create("http://" + reached.host() + ":" + reached.port());
            got("floor");
        }

        @AfterEach
        void closePod() throws Exception {
            pod.close();
        }
    }

    /** Testcontainers wired by hand, one pod per test, as its users write it without a pod abstraction. */
    static class TestcontainersPerTest extends TwentyTests {
        private Approach.Started pod;

        @BeforeEach
        void startPod() {
            Approach.Reached reached = new HandWiredTestcontainers().startReached(1);
            pod = reached.pod();
            main = URI.create("http://" + reached.host() + ":" + reached.port());
            got("testcontainers");
        }

        @AfterEach
        void closePod() throws Exception {
            pod.close();
        }
    }

    /** The library: a fresh pod per test from an instance field; the run's configuration says what overlaps. */
    static class LibraryPerTest extends TwentyTests {
        @SidecarPod
        PodSpec pod = spec();

        @BeforeEach
        void endpoint(@ContainerPort(Workload.PORT) Endpoint app, Pod pod) {
            main = app.http("/");
            got(pod.instanceId());
        }
    }

    /** The library with one pod for the whole run. */
    static class LibraryShared extends TwentyTests {
        @SidecarPod(shared = true)
        PodSpec pod = spec();

        @BeforeEach
        void endpoint(@ContainerPort(Workload.PORT) Endpoint app, Pod pod) {
            main = app.http("/");
            got(pod.instanceId());
        }
    }
}
