package dev.sidecar.kubernetes.runtime;

import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Endpoint;
import dev.sidecar.ExecResult;
import dev.sidecar.PodContainer;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.SidecarException;
import dev.sidecar.Signal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * One container of a {@link KubernetesPod}: exec, logs and files through the API server ({@code pods/exec},
 * {@code pods/log}), signals through exec, endpoints through the pod's port-forwards.
 */
final class KubernetesPodContainer implements PodContainer {

    private static final int AWAIT_LOG_TAIL = 20;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubernetesPodContainer.class);

    private final KubernetesPod pod;
    private final KubernetesPod.Started started;
    private final ContainerSpec spec;
    private final List<LogStream> follows = new CopyOnWriteArrayList<>();

    KubernetesPodContainer(KubernetesPod pod, KubernetesPod.Started started, ContainerSpec spec) {
        this.pod = pod;
        this.started = started;
        this.spec = spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public ContainerRole role() {
        return started.spec().role(spec.name());
    }

    @Override
    public ContainerSpec spec() {
        return spec;
    }

    /** The container's {@code containerID} as the kubelet reports it ({@code containerd://…}), or its pod and name. */
    @Override
    public String id() {
        var k8s = started.api().getPod(started.namespace(), started.objectName());
        if (k8s != null) {
            for (var s : StartVerdict.statuses(k8s)) {
                if (name().equals(s.getName()) && s.getContainerID() != null) {
                    return s.getContainerID();
                }
            }
        }
        return started.objectName() + "/" + name();
    }

    @Override
    public Endpoint endpoint(int port) {
        if (!spec.ports().contains(port)) {
            throw new NoSuchElementException("container '" + name() + "' of pod '" + pod.name() + "' does not "
                    + "declare port " + port + " (declares: " + spec.ports() + ")");
        }
        return pod.forward(port);
    }

    @Override
    public ExecResult exec(String... command) {
        return exec(DEFAULT_EXEC_TIMEOUT, Arrays.asList(command));
    }

    @Override
    public ExecResult exec(Duration timeout, List<String> command) {
        Objects.requireNonNull(timeout, "timeout");
        List<String> cmd = List.copyOf(command);
        if (cmd.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        pod.ensureOpen("exec in container '" + name() + "'");
        ExecResult r = calls().exec(started.namespace(), started.objectName(), name(), timeout, cmd);
        return new ExecResult(r.exitCode(), mask(r.stdout()), mask(r.stderr()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Kubernetes keeps the logs of a container's current run and the one before; older runs are gone.
     */
    @Override
    public String logs() {
        pod.ensureOpen("read the logs of container '" + name() + "'");
        String current = calls().log(started.namespace(), started.objectName(), name(), 0, false);
        if (status().restartCount() > 0) {
            try {
                current = calls().log(started.namespace(), started.objectName(), name(), 0, true) + current;
            } catch (SidecarException e) {
                // The kubelet keeps one run before the current one, and not always that (a node restart loses it).
                LOG.debug("no previous log of container '{}': {}", name(), e.getMessage());
            }
        }
        return mask(current);
    }

    /**
     * Refused: the Kubernetes log API interleaves standard output and error, and says nothing about which line came
     * from which.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public String logs(OutputType type) {
        throw new UnsupportedOperationException("Kubernetes' log API (pods/log) does not tell " + type + " from the "
                + "other stream; use logs() for both, interleaved");
    }

    @Override
    public List<String> logTail(int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException("lines must be at least 1, was " + lines);
        }
        pod.ensureOpen("read the logs of container '" + name() + "'");
        return lines(mask(calls().log(started.namespace(), started.objectName(), name(), lines, false)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Follows the container's log through the API server (the current run, from its first line). A follow the API
     * server refuses (no right to {@code pods/log}, a container waiting to start) fails at once with its reason.
     */
    @Override
    public String awaitLog(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(Objects.requireNonNull(regex, "regex"));
        Objects.requireNonNull(timeout, "timeout");
        pod.ensureOpen("follow the logs of container '" + name() + "'");
        LineMatcher matcher = new LineMatcher(pattern);
        LogStream stream = calls().streamLog(started.namespace(), started.objectName(), name(),
                matcher::line);
        follows.add(stream);
        // A follow the API server refuses ends the wait at once, with its reason.
        stream.ended().whenComplete((v, e) -> {
            if (e != null) {
                matcher.found.completeExceptionally(e);
            }
        });
        try {
            return mask(matcher.found.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            throw new PodTimeoutException("no line of container '" + name() + "' of pod '" + pod.name()
                    + "' matched /" + regex + "/ within " + timeout + "; its last lines:\n  | "
                    + String.join("\n  | ", matcher.last(AWAIT_LOG_TAIL).stream().map(this::mask).toList()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SidecarException("interrupted while waiting for a log line of container '" + name() + "'", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KubernetesUnavailableException unavailable) {
                throw unavailable;
            }
            throw new SidecarException("following the log of container '" + name() + "' failed: "
                    + e.getCause().getMessage(), e.getCause());
        } finally {
            stream.close();
            follows.remove(stream);
        }
    }

    @Override
    public void copyToContainer(byte[] content, String containerPath) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(containerPath, "containerPath");
        pod.ensureOpen("copy to container '" + name() + "'");
        calls().upload(started.namespace(), started.objectName(), name(), containerPath, content);
    }

    @Override
    public void copyToContainer(Path hostFile, String containerPath) {
        Objects.requireNonNull(hostFile, "hostFile");
        try {
            copyToContainer(Files.readAllBytes(hostFile), containerPath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hostFile, e);
        }
    }

    @Override
    public byte[] copyFromContainer(String containerPath) {
        Objects.requireNonNull(containerPath, "containerPath");
        pod.ensureOpen("copy from container '" + name() + "'");
        return calls().download(started.namespace(), started.objectName(), name(), containerPath);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Kubernetes has no such call: this runs {@code kill -s <signal> 1} in the container, so the image needs a
     * {@code kill} (busybox, a shell). The kernel does not deliver to a namespace's PID 1 a signal it has no handler
     * for when it comes from inside the namespace: {@code SIGTERM} or {@code SIGKILL} to a main process that does not
     * handle them does nothing here, where Docker's kill would end it.
     *
     * @throws UnsupportedOperationException when the pod shares its process namespace: then PID 1 is the pause
     *     process, not the container's
     */
    @Override
    public void signal(Signal signal) {
        Objects.requireNonNull(signal, "signal");
        if (started.spec().shareProcessNamespace()) {
            throw new UnsupportedOperationException("cannot signal container '" + name() + "' of pod '" + pod.name()
                    + "' on Kubernetes: the pod shares its process namespace, so the container's main process is not "
                    + "PID 1; find its PID and run kill with exec instead");
        }
        ContainerStatus status = status();
        if (!status.running()) {
            throw new IllegalStateException("cannot send " + signal + " to container '" + name() + "' of pod '"
                    + pod.name() + "': it is not running (" + status + ")");
        }
        String name = signal.name().startsWith("SIG") ? signal.name().substring(3) : signal.name();
        List<String> kill = name.matches("[0-9]+") ? List.of("kill", "-" + signal.number(), "1")
                : List.of("kill", "-s", name, "1");
        ExecResult r = exec(DEFAULT_EXEC_TIMEOUT, kill);
        if (!r.succeeded()) {
            throw new SidecarException("sending " + signal + " to container '" + name() + "' of pod '" + pod.name()
                    + "' failed: " + String.join(" ", kill) + " exited with " + r.exitCode() + ": "
                    + r.stderr().strip());
        }
    }

    @Override
    public ContainerStatus status() {
        return pod.status().container(name());
    }

    void stopFollowing() {
        follows.forEach(LogStream::close);
        follows.clear();
    }

    private String mask(String text) {
        return started.spec().maskSecrets(text);
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\r?\n", -1)).stream().filter(l -> !l.isEmpty()).toList();
    }

    /** Takes the followed log's lines and completes {@link #found} with the first that matches. */
    private static final class LineMatcher {
        private final Pattern pattern;
        private final CompletableFuture<String> found = new CompletableFuture<>();
        private final List<String> seen = new ArrayList<>();

        LineMatcher(Pattern pattern) {
            this.pattern = pattern;
        }

        synchronized void line(String text) {
            seen.add(text);
            if (seen.size() > AWAIT_LOG_TAIL) {
                seen.remove(0);
            }
            if (!found.isDone() && pattern.matcher(text).find()) {
                found.complete(text);
            }
        }

        synchronized List<String> last(int n) {
            return List.copyOf(seen.subList(Math.max(0, seen.size() - n), seen.size()));
        }
    }

    private ContainerCalls calls() {
        return started.api().containers();
    }
}
