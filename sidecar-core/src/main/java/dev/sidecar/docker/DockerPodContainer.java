package dev.sidecar.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Endpoint;
import dev.sidecar.ExecResult;
import dev.sidecar.PodContainer;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.RuntimeUnavailableException;
import dev.sidecar.SidecarException;
import dev.sidecar.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A running sidecar or main container of a {@link DockerPod}. It answers for itself: its status comes from its own
 * inspection and probe, and it keeps its last status so that a closing or closed pod can still report it.
 */
final class DockerPodContainer implements PodContainer {

    private final Member member;
    private final DockerEngine engine;
    private final PodSupervisor supervisor;
    private final PodLifecycle lifecycle;
    private final Map<Integer, Endpoint> endpoints;
    private volatile ContainerStatus last;

    DockerPodContainer(Member member, DockerEngine engine, PodSupervisor supervisor, PodLifecycle lifecycle,
            Map<Integer, Endpoint> endpoints) {
        this.member = member;
        this.engine = engine;
        this.supervisor = supervisor;
        this.lifecycle = lifecycle;
        this.endpoints = endpoints;
        this.last = new ContainerStatus(name(), role(), ContainerStatus.State.RUNNING, -1, 0, true, true, null, null,
                null);
    }

    @Override
    public String name() {
        return member.name();
    }

    @Override
    public ContainerRole role() {
        return member.role();
    }

    @Override
    public ContainerSpec spec() {
        return member.spec();
    }

    @Override
    public String id() {
        return member.id();
    }

    @Override
    public Endpoint endpoint(int port) {
        lifecycle.ensureOpen();
        if (!spec().ports().contains(port)) {
            throw new NoSuchElementException(what() + " declares no port " + port + " (declares " + spec().ports()
                    + ")");
        }
        return endpoints.get(port);
    }

    @Override
    public ExecResult exec(String... command) {
        return exec(DEFAULT_EXEC_TIMEOUT, Args.elements(command, "command"));
    }

    @Override
    public ExecResult exec(Duration timeout, List<String> command) {
        Args.positive(timeout, "timeout");
        List<String> cmd = Args.command(command);
        lifecycle.ensureOpen();
        String what = "command " + cmd + " in " + what();
        ExecResult result;
        try {
            result = engine.exec(id(), cmd, timeout);
        } catch (RuntimeException e) {
            // Whatever the engine said, a pod that closed under the call is the reason.
            lifecycle.ensureStillOpen(what);
            if (e instanceof PodTimeoutException) {
                throw new PodTimeoutException(what + " did not finish within " + timeout);
            }
            if (e instanceof DockerEngine.ContainerNotRunningException) {
                throw new IllegalStateException("cannot run " + cmd + ": " + what() + " is not running ("
                        + statusText() + ")", e);
            }
            throw e;
        }
        lifecycle.ensureStillOpen(what);
        return result;
    }

    @Override
    public String logs() {
        lifecycle.ensureOpen();
        return member.output().all();
    }

    @Override
    public String logs(OutputType type) {
        Objects.requireNonNull(type, "type must not be null");
        lifecycle.ensureOpen();
        return member.output().of(type);
    }

    @Override
    public List<String> logTail(int lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("lines must be 0 or more, was " + lines);
        }
        lifecycle.ensureOpen();
        return lines == 0 ? List.of() : member.output().tail(lines);
    }

    @Override
    public String awaitLog(String regex, Duration timeout) {
        Objects.requireNonNull(regex, "regex must not be null");
        Args.positive(timeout, "timeout");
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex '" + regex + "' is invalid: " + e.getDescription(), e);
        }
        lifecycle.ensureOpen();
        String line;
        try {
            line = member.output().awaitLine(pattern, timeout);
        } catch (PodTimeoutException e) {
            lifecycle.ensureStillOpen("waiting for a log line of " + what());
            throw new PodTimeoutException("no line of " + what() + " matched /" + regex + "/ within " + timeout
                    + "; its last lines:\n  | " + String.join("\n  | ", member.output().lastLines()));
        }
        lifecycle.ensureStillOpen("waiting for a log line of " + what());
        if (line == null) {
            throw new IllegalStateException(what() + " stopped (" + statusText() + ") before a line matched /"
                    + regex + "/");
        }
        return line;
    }

    @Override
    public void copyToContainer(byte[] content, String containerPath) {
        Objects.requireNonNull(content, "content must not be null");
        if (containerPath == null || !containerPath.startsWith("/") || containerPath.endsWith("/")) {
            throw new IllegalArgumentException("containerPath '" + containerPath + "' must be an absolute file path");
        }
        lifecycle.ensureOpen();
        int slash = containerPath.lastIndexOf('/');
        String directory = slash == 0 ? "/" : containerPath.substring(0, slash);
        try {
            engine.copyTo(id(), directory, Map.of(containerPath.substring(slash + 1), content));
        } catch (RuntimeUnavailableException e) {
            throw e;
        } catch (SidecarException e) {
            throw new SidecarException("copying to '" + containerPath + "' in " + what() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void copyToContainer(Path hostFile, String containerPath) {
        Objects.requireNonNull(hostFile, "hostFile must not be null");
        byte[] content;
        try {
            content = Files.readAllBytes(hostFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read host file '" + hostFile + "': " + e.getMessage(), e);
        }
        copyToContainer(content, containerPath);
    }

    @Override
    public byte[] copyFromContainer(String containerPath) {
        if (containerPath == null || !containerPath.startsWith("/")) {
            throw new IllegalArgumentException("containerPath '" + containerPath + "' must be an absolute path");
        }
        lifecycle.ensureOpen();
        try {
            return engine.copyFrom(id(), containerPath);
        } catch (RuntimeUnavailableException e) {
            throw e;
        } catch (SidecarException e) {
            throw new SidecarException("copying '" + containerPath + "' out of " + what() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void signal(Signal signal) {
        Objects.requireNonNull(signal, "signal must not be null");
        lifecycle.ensureOpen();
        if (!engine.signal(id(), signal.name())) {
            throw new IllegalStateException("cannot send " + signal + ": " + what() + " is not running ("
                    + statusText() + ")");
        }
    }

    @Override
    public ContainerStatus status() {
        if (!lifecycle.isOpen()) {
            return last;
        }
        InspectContainerResponse inspect;
        try {
            inspect = engine.inspect(id());
        } catch (RuntimeUnavailableException e) {
            throw e;
        } catch (SidecarException e) {
            if (!lifecycle.isOpen()) {
                return last;
            }
            throw e;
        }
        ContainerStatus now = supervisor.status(supervisor.watched(name()), inspect.getState());
        last = now;
        return now;
    }

    /** Records how the container ended as the pod stopped it, for the status of a closing or closed pod. */
    void stopped(Integer exitCode) {
        ContainerStatus before = last;
        int code = exitCode == null ? 137 : exitCode;
        last = new ContainerStatus(name(), role(), ContainerStatus.State.TERMINATED, code, before.restartCount(),
                false, before.started(), code == 0 ? "Completed" : "Error", before.startedAt(), Instant.now());
    }

    /** The last status known, without asking the engine. */
    ContainerStatus lastStatus() {
        return last;
    }

    Member member() {
        return member;
    }

    private String statusText() {
        try {
            return status().toString();
        } catch (RuntimeException e) {
            return "status unknown: " + e.getMessage();
        }
    }

    private String what() {
        return "container '" + name() + "' of pod '" + lifecycle.podName() + "'";
    }

    @Override
    public String toString() {
        return "PodContainer{" + lifecycle.podName() + "/" + name() + ", " + role() + ", " + id().substring(0, 12)
                + "}";
    }
}
