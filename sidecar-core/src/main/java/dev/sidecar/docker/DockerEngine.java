package dev.sidecar.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.sidecar.DockerUnavailableException;
import dev.sidecar.ExecResult;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.SidecarException;
import dev.sidecar.internal.Tar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Every call the library makes to the Docker engine, through docker-java, in one place: errors of the transport
 * become {@link DockerUnavailableException}, every blocking wait is bounded.
 */
final class DockerEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
    /** How long one engine call may take unless it has a timeout of its own; past it, the engine counts as hung. */
    static final Duration CALL_BOUND = Duration.ofMinutes(2);
    /** How much longer than its own timeout a call may take before the engine counts as hung. */
    private static final Duration BOUND_MARGIN = Duration.ofSeconds(30);

    private final DockerClient client;
    private final String hostAddress;
    private final boolean local;
    private final Duration callBound;

    /**
     * @param hostAddress where published ports are reached
     * @param local whether the engine runs on this machine, in this JVM's network namespace
     */
    DockerEngine(DockerClient client, String hostAddress, boolean local) {
        this(client, hostAddress, local, CALL_BOUND);
    }

    /** An engine whose calls without a timeout of their own may take at most {@code callBound}. */
    DockerEngine(DockerClient client, String hostAddress, boolean local, Duration callBound) {
        this.client = client;
        this.hostAddress = hostAddress;
        this.local = local;
        this.callBound = callBound;
    }

    /** The engine Testcontainers finds (environment, {@code ~/.testcontainers.properties}, the local socket). */
    static DockerEngine fromTestcontainers() {
        DockerClientFactory factory = DockerClientFactory.instance();
        if (!factory.isDockerAvailable()) {
            throw new DockerUnavailableException("no Docker engine answers: start one (docker info must answer), "
                    + "or set DOCKER_HOST; on Debian as root, scripts/docker-env.sh installs and starts one", null);
        }
        // Testcontainers answers the bridge gateway when it finds /.dockerenv, assuming a sibling container; an
        // engine behind a unix socket whose host name is ours runs right here, and loopback reaches its ports.
        boolean unixSocket = "unix".equals(factory.getTransportConfig().getDockerHost().getScheme());
        boolean local = unixSocket && Labels.OWNER_HOST_VALUE.equals(factory.getInfo().getName());
        return new DockerEngine(factory.client(), local ? "localhost" : factory.dockerHostIpAddress(), local);
    }

    /** The host name or address where published ports are reached. */
    String hostAddress() {
        return hostAddress;
    }

    /**
     * Whether the engine runs on this machine, in this JVM's network namespace: then ports are published on loopback
     * only and container addresses on its bridge are reachable.
     */
    boolean isLocal() {
        return local;
    }

    boolean imagePresent(String image) {
        return call("inspect image " + image, () -> {
            try {
                client.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    /** Pulls {@code image}; throws a {@link SidecarException} saying why when it cannot within {@code timeout}. */
    void pull(String image, Duration timeout) {
        call("pull image " + image, timeout.plus(BOUND_MARGIN), () -> {
            try (PullProgress pull = client.pullImageCmd(image).exec(new PullProgress())) {
                if (!pull.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new SidecarException("pulling image '" + image + "' did not finish within " + timeout);
                }
                if (pull.failure != null) {
                    throw new SidecarException("image '" + image + "' could not be pulled: "
                            + firstLine(pull.failure), pull.failure);
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SidecarException("interrupted while pulling image '" + image + "'", e);
            } catch (IOException e) {
                throw new SidecarException("pulling image '" + image + "' failed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Follows a pull to its end and keeps why it failed, if it did: a failure in the stream of progress, or of the
     * call. Unlike docker-java's own callback it logs nothing: {@link #pull} reports the failure, once.
     */
    private static final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {

        private volatile Throwable failure;

        @Override
        public void onNext(PullResponseItem item) {
            if (item.isErrorIndicated() && failure == null) {
                failure = new SidecarException(item.getErrorDetail() != null
                        ? item.getErrorDetail().getMessage() : item.getError());
            }
        }

        @Override
        public void onError(Throwable throwable) {
            if (failure == null) {
                failure = throwable;
            }
            try {
                close();
            } catch (IOException e) {
                LOG.debug("closing a failed pull: {}", e.toString());
            }
        }
    }

    String createContainer(String image, Consumer<CreateContainerCmd> config) {
        return call("create container from " + image, () -> {
            try (CreateContainerCmd cmd = client.createContainerCmd(image)) {
                config.accept(cmd);
                return cmd.exec().getId();
            }
        });
    }

    void start(String id) {
        call("start container " + id, () -> client.startContainerCmd(id).exec());
    }

    /** Sends {@code signal}; a container that no longer runs is left as it is. */
    void kill(String id, String signal) {
        call("signal container " + id, () -> {
            try {
                client.killContainerCmd(id).withSignal(signal).exec();
            } catch (ConflictException | NotFoundException e) {
                LOG.debug("signal {} to {} not delivered: {}", signal, id, firstLine(e));
            }
            return null;
        });
    }

    /** Waits for the container to exit; its exit code, or {@code null} when it still runs after {@code timeout}. */
    Integer awaitExit(String id, Duration timeout) {
        return call("wait for container " + id, timeout.plus(BOUND_MARGIN), () -> {
            try (WaitContainerResultCallback callback = client.waitContainerCmd(id)
                    .exec(new WaitContainerResultCallback())) {
                return callback.awaitStatusCode(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            } catch (NotFoundException e) {
                return -1;
            } catch (DockerException e) {
                if (e.getMessage() != null && e.getMessage().contains("timeout")) {
                    return null;
                }
                throw e;
            } catch (com.github.dockerjava.api.exception.DockerClientException e) {
                return null;
            } catch (IOException e) {
                throw new DockerUnavailableException("waiting for container " + id + " failed", e);
            }
        });
    }

    /** Removes the container with its anonymous volumes, killing it first if it runs; a missing one is fine. */
    void remove(String id) {
        call("remove container " + id, () -> {
            try {
                client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                LOG.debug("container {} already gone", id);
            } catch (ConflictException e) {
                if (!String.valueOf(e.getMessage()).contains("already in progress")) {
                    throw e;
                }
            }
            return null;
        });
    }

    InspectContainerResponse inspect(String id) {
        return call("inspect container " + id, () -> client.inspectContainerCmd(id).exec());
    }

    ExecResult exec(String id, List<String> command, Duration timeout) {
        return call("exec in container " + id, timeout.plus(BOUND_MARGIN), () -> {
            String execId = client.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ResultCallback.Adapter<Frame> callback = client.execStartCmd(execId)
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            (frame.getStreamType() == com.github.dockerjava.api.model.StreamType.STDERR ? err : out)
                                    .writeBytes(frame.getPayload());
                        }
                    })) {
                if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new PodTimeoutException("command " + command + " in container " + id
                            + " did not finish within " + timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SidecarException("interrupted while running " + command, e);
            } catch (IOException e) {
                throw new DockerUnavailableException("exec stream of " + command + " failed", e);
            }
            Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
            return new ExecResult(code == null ? -1 : code.intValue(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        });
    }

    /** The container's output, stdout and stderr interleaved; the last {@code tail} lines, or all when negative. */
    String logs(String id, int tail, Duration timeout) {
        return call("read logs of container " + id, timeout.plus(BOUND_MARGIN), () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var cmd = client.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false);
            if (tail >= 0) {
                cmd.withTail(tail);
            }
            try (ResultCallback.Adapter<Frame> callback = cmd.exec(new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    synchronized (out) {
                        out.writeBytes(frame.getPayload());
                    }
                }
            })) {
                if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new PodTimeoutException("reading the logs of container " + id + " took more than "
                            + timeout);
                }
            } catch (NotFoundException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SidecarException("interrupted while reading logs", e);
            } catch (IOException e) {
                throw new DockerUnavailableException("log stream of container " + id + " failed", e);
            }
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        });
    }

    /** Streams the container's output, line by line, to {@code sink} until the returned handle is closed. */
    Closeable followLogs(String id, Consumer<String> sink) {
        return call("follow logs of container " + id, () -> {
            StringBuilder partial = new StringBuilder();
            return client.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            synchronized (partial) {
                                partial.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                                int nl;
                                while ((nl = partial.indexOf("\n")) >= 0) {
                                    sink.accept(partial.substring(0, nl));
                                    partial.delete(0, nl + 1);
                                }
                            }
                        }

                        @Override
                        public void onError(Throwable throwable) {
                            LOG.debug("log stream of {} ended: {}", id, throwable.toString());
                        }
                    });
        });
    }

    /** Writes {@code files} (paths relative to {@code directory}) into the container, running or not. */
    void copyTo(String id, String directory, Map<String, byte[]> files) {
        call("copy into container " + id, () -> client.copyArchiveToContainerCmd(id).withRemotePath(directory)
                .withTarInputStream(new ByteArrayInputStream(Tar.of(files))).exec());
    }

    /** The content of the file {@code path} in the container. */
    byte[] copyFrom(String id, String path) {
        return call("copy from container " + id, () -> {
            try (InputStream in = client.copyArchiveFromContainerCmd(id, path).exec()) {
                Map<String, byte[]> files = Tar.read(in);
                if (files.isEmpty()) {
                    throw new SidecarException("'" + path + "' in container " + id + " is not a regular file");
                }
                return files.values().iterator().next();
            } catch (NotFoundException e) {
                throw new SidecarException("no file '" + path + "' in container " + id, e);
            } catch (IOException e) {
                throw new DockerUnavailableException("copying '" + path + "' out of container " + id + " failed", e);
            }
        });
    }

    void createVolume(String name, Map<String, String> labels, Map<String, String> driverOptions) {
        call("create volume " + name, () -> client.createVolumeCmd().withName(name).withDriver("local")
                .withLabels(labels).withDriverOpts(driverOptions).exec());
    }

    void removeVolume(String name) {
        call("remove volume " + name, () -> {
            try {
                client.removeVolumeCmd(name).exec();
            } catch (NotFoundException e) {
                LOG.debug("volume {} already gone", name);
            }
            return null;
        });
    }

    /** Every container, running or not, carrying label {@code key}. */
    List<Container> containersLabelled(String key) {
        return call("list containers", () -> client.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(key)).exec());
    }

    /** The names and labels of every volume carrying label {@code key}. */
    List<Map.Entry<String, Map<String, String>>> volumesLabelled(String key) {
        return call("list volumes", () -> {
            List<Map.Entry<String, Map<String, String>>> found = new ArrayList<>();
            var response = client.listVolumesCmd().withFilter("label", List.of(key)).exec();
            if (response.getVolumes() != null) {
                response.getVolumes().forEach(v -> found.add(Map.entry(v.getName(),
                        v.getLabels() == null ? Map.of() : v.getLabels())));
            }
            return found;
        });
    }

    private <T> T call(String what, Supplier<T> action) {
        return call(what, callBound, action);
    }

    /**
     * Runs one engine call, bounded: docker-java's transport has no response timeout, so an engine that accepts
     * connections but never answers would otherwise hold the caller forever.
     */
    private <T> T call(String what, Duration bound, Supplier<T> action) {
        LOG.debug("docker: {}", what);
        CompletableFuture<T> call = CompletableFuture.supplyAsync(() -> translated(what, action), Parallel.EXECUTOR);
        try {
            return call.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DockerUnavailableException("the Docker engine did not answer within " + bound
                    + " while trying to " + what + "; is it hung (docker info)?", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new SidecarException(what + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SidecarException("interrupted while trying to " + what, e);
        }
    }

    private static <T> T translated(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (NotModifiedException e) {
            return null;
        } catch (DockerException e) {
            throw new SidecarException("Docker refused to " + what + ": " + firstLine(e), e);
        } catch (SidecarException e) {
            throw e;
        } catch (RuntimeException e) {
            if (causedByIo(e)) {
                throw new DockerUnavailableException("the Docker engine did not answer while trying to " + what
                        + ": " + e.getMessage() + "; is it still running (docker info)?", e);
            }
            throw e;
        }
    }

    private void call(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
