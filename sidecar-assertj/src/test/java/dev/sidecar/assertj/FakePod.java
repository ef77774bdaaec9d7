package dev.sidecar.assertj;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Endpoint;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.PodTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A pod without an engine, for the messages of the assertions: its phase and each container's status and output are
 * set by the test; once closed, its containers are gone, as a real pod's are. {@link #awaitStatus} looks once: the condition holds now, or the wait times out, as a real pod's
 * would when nothing changes (the real waits are tested against the engine, in the {@code *IT} classes).
 */
final class FakePod implements Pod {

    /** A sidecar "envoy" and a main container "app". */
    static final PodSpec SPEC = PodSpec.builder("web")
            .sidecar(ContainerSpec.builder("envoy", "envoy:1").build())
            .main(ContainerSpec.builder("app", "app:1").build())
            .build();

    private final Map<String, FakeContainer> containers = new LinkedHashMap<>();
    private PodStatus.Phase phase = PodStatus.Phase.RUNNING;
    private String reason;
    private int awaits;

    FakePod() {
        SPEC.containers().forEach(c -> containers.put(c.name(), new FakeContainer(c, SPEC.role(c.name()))));
    }

    FakePod phase(PodStatus.Phase phase, String reason) {
        this.phase = phase;
        this.reason = reason;
        return this;
    }

    FakeContainer fake(String name) {
        return containers.get(name);
    }

    /** How often {@link #awaitStatus} was called. */
    int awaits() {
        return awaits;
    }

    @Override
    public PodSpec spec() {
        return SPEC;
    }

    @Override
    public String name() {
        return SPEC.name();
    }

    @Override
    public String instanceId() {
        return "fake1";
    }

    @Override
    public PodContainer container(String name) {
        return findContainer(name).orElseThrow();
    }

    @Override
    public Optional<PodContainer> findContainer(String name) {
        if (phase == PodStatus.Phase.CLOSED) {
            throw new IllegalStateException("pod 'web' (instance fake1) is closed");
        }
        return Optional.ofNullable(containers.get(name));
    }

    @Override
    public PodContainer main() {
        return container(SPEC.main().name());
    }

    @Override
    public List<PodContainer> containers() {
        return List.copyOf(containers.values());
    }

    @Override
    public Endpoint endpoint(String containerName, int port) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PodStatus status() {
        return new PodStatus(name(), phase, reason, containers.values().stream().map(FakeContainer::status).toList());
    }

    @Override
    public PodStatus awaitStatus(Predicate<PodStatus> condition, Duration timeout) {
        awaits++;
        PodStatus now = status();
        if (condition.test(now)) {
            return now;
        }
        throw new PodTimeoutException("pod 'web' did not reach the expected status within " + timeout);
    }

    @Override
    public void close() {
        phase = PodStatus.Phase.CLOSED;
    }

    /** A container whose status and output the test sets. */
    static final class FakeContainer implements PodContainer {

        private final ContainerSpec spec;
        private final dev.sidecar.ContainerRole role;
        private ContainerStatus status;
        private String logs = "";
        private RuntimeException logFailure;

        FakeContainer(ContainerSpec spec, dev.sidecar.ContainerRole role) {
            this.spec = spec;
            this.role = role;
            this.status = Statuses.running(spec.name());
        }

        FakeContainer status(ContainerStatus status) {
            this.status = status;
            return this;
        }

        FakeContainer logs(String logs) {
            this.logs = logs;
            return this;
        }

        /** Makes every read of the output fail with {@code failure}. */
        FakeContainer logsFail(RuntimeException failure) {
            this.logFailure = failure;
            return this;
        }

        @Override
        public String name() {
            return spec.name();
        }

        @Override
        public dev.sidecar.ContainerRole role() {
            return role;
        }

        @Override
        public ContainerSpec spec() {
            return spec;
        }

        @Override
        public String id() {
            return "fake-" + spec.name();
        }

        @Override
        public Endpoint endpoint(int port) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.sidecar.ExecResult exec(String... command) {
            return exec(DEFAULT_EXEC_TIMEOUT, List.of(command));
        }

        @Override
        public dev.sidecar.ExecResult exec(Duration timeout, List<String> command) {
            return new dev.sidecar.ExecResult(command.contains("fail") ? 2 : 0, "out of " + command + "\n",
                    "err of " + command + "\n");
        }

        @Override
        public String logs() {
            read();
            return logs;
        }

        @Override
        public String logs(OutputType type) {
            return logs();
        }

        @Override
        public List<String> logTail(int lines) {
            read();
            List<String> all = logs.lines().toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        }

        @Override
        public String awaitLog(String regex, Duration timeout) {
            read();
            return logs.lines().filter(l -> java.util.regex.Pattern.compile(regex).matcher(l).find()).findFirst()
                    .orElseThrow(() -> new PodTimeoutException("no line of '" + name() + "' matched " + regex));
        }

        @Override
        public void copyToContainer(byte[] content, String containerPath) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void copyToContainer(java.nio.file.Path hostFile, String containerPath) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] copyFromContainer(String containerPath) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void signal(dev.sidecar.Signal signal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ContainerStatus status() {
            return status;
        }

        private void read() {
            if (logFailure != null) {
                throw logFailure;
            }
        }
    }
}
