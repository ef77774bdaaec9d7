package dev.sidecar.docker;

import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.DockerUnavailableException;
import dev.sidecar.Endpoint;
import dev.sidecar.ExecResult;
import dev.sidecar.PodContainer;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.SidecarException;
import dev.sidecar.internal.Checks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A running sidecar or main container of a {@link DockerPod}. */
final class DockerPodContainer implements PodContainer {

    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(30);

    private final DockerPod pod;
    private final ContainerSpec spec;
    private final ContainerRole role;
    private final String id;
    private final DockerEngine engine;

    DockerPodContainer(DockerPod pod, ContainerSpec spec, ContainerRole role, String id, DockerEngine engine) {
        this.pod = pod;
        this.spec = spec;
        this.role = role;
        this.id = id;
        this.engine = engine;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public ContainerRole role() {
        return role;
    }

    @Override
    public ContainerSpec spec() {
        return spec;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Endpoint endpoint(int port) {
        pod.ensureOpen();
        if (!spec.ports().contains(port)) {
            throw new IllegalArgumentException("container '" + name() + "' of pod '" + pod.name()
                    + "' declares no port " + port + " (declares " + spec.ports() + ")");
        }
        return pod.published(port);
    }

    @Override
    public ExecResult exec(String... command) {
        return exec(DEFAULT_EXEC_TIMEOUT, List.of(command));
    }

    @Override
    public ExecResult exec(Duration timeout, List<String> command) {
        Checks.positive("exec timeout", timeout);
        if (command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
            throw new IllegalArgumentException("exec command must not be empty or start with a blank, was " + command);
        }
        pod.ensureOpen();
        try {
            return engine.exec(id, List.copyOf(command), timeout);
        } catch (PodTimeoutException e) {
            throw new PodTimeoutException("command " + command + " in container '" + name() + "' of pod '"
                    + pod.name() + "' did not finish within " + timeout);
        }
    }

    @Override
    public String logs() {
        pod.ensureOpen();
        return pod.spec().maskSecrets(engine.logs(id, -1, LOG_TIMEOUT));
    }

    @Override
    public List<String> logTail(int lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("lines must be 0 or more, was " + lines);
        }
        pod.ensureOpen();
        String text = engine.logs(id, lines, LOG_TIMEOUT);
        return text.isEmpty() ? List.of() : pod.spec().maskSecrets(text).lines().toList();
    }

    @Override
    public void copyToContainer(byte[] content, String containerPath) {
        Objects.requireNonNull(content, "content");
        if (containerPath == null || !containerPath.startsWith("/") || containerPath.endsWith("/")) {
            throw new IllegalArgumentException("containerPath '" + containerPath + "' must be an absolute file path");
        }
        pod.ensureOpen();
        int slash = containerPath.lastIndexOf('/');
        String directory = slash == 0 ? "/" : containerPath.substring(0, slash);
        engine.copyTo(id, directory, Map.of(containerPath.substring(slash + 1), content));
    }

    @Override
    public void copyToContainer(Path hostFile, String containerPath) {
        try {
            copyToContainer(Files.readAllBytes(hostFile), containerPath);
        } catch (IOException e) {
            throw new SidecarException("cannot read host file '" + hostFile + "': " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] copyFromContainer(String containerPath) {
        Objects.requireNonNull(containerPath, "containerPath");
        pod.ensureOpen();
        return engine.copyFrom(id, containerPath);
    }

    @Override
    public void signal(String signal) {
        Objects.requireNonNull(signal, "signal");
        pod.ensureOpen();
        try {
            engine.kill(id, signal);
        } catch (DockerUnavailableException e) {
            throw e;
        } catch (SidecarException e) {
            throw new SidecarException("signal '" + signal + "' to container '" + name() + "' of pod '" + pod.name()
                    + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public ContainerStatus status() {
        pod.ensureOpen();
        return pod.statusOf(this);
    }

    @Override
    public String toString() {
        return "PodContainer{" + pod.name() + "/" + name() + ", " + role + ", " + id.substring(0, 12) + "}";
    }
}
