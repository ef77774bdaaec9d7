package dev.sidecar.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.StreamType;
import dev.sidecar.ExecResult;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.SidecarException;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call the library makes to the Docker engine, through docker-java, in one place: errors of the transport
 * become {@link DockerUnavailableException}, and every call is bounded, since docker-java's transport has no response
 * timeout of its own. Calls run on the runtime's {@link EngineThreads}; a call that passes its bound is interrupted,
 * which ends a streaming call (exec, logs, wait) for good.
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
    private final EngineThreads threads;

    /**
     * @param hostAddress where published ports are reached
     * @param local whether the engine runs on this machine, in this JVM's network namespace
     * @param callBound how long a call without a timeout of its own may take
     */
    DockerEngine(DockerClient client, String hostAddress, boolean local, Duration callBound, EngineThreads threads) {
        this.client = client;
        this.hostAddress = hostAddress;
        this.local = local;
        this.callBound = callBound;
        this.threads = threads;
    }

    /** The host name or address where published ports are reached. */
    String hostAddress() {
        return hostAddress;
    }

    /**
     * Whether the engine runs on this machine, in this JVM's network namespace: then ports are published on loopback
     * only, container addresses on its bridge are reachable and host paths are this machine's.
     */
    boolean isLocal() {
        return local;
    }

    EngineThreads threads() {
        return threads;
    }

    /** The number of CPUs the engine offers containers. */
    int cpus() {
        return call("read the engine's info", () -> {
            Integer n = client.infoCmd().exec().getNCPU();
            return n == null ? Runtime.getRuntime().availableProcessors() : n;
        });
    }

    boolean imagePresent(String image) {
        return found("inspect image " + image, () -> client.inspectImageCmd(image).exec());
    }

    /**
     * What the image's inspection says of it, as plain values: its labels, its environment ({@code NAME=value}), its
     * exposed ports ({@code 8080/tcp}) and its default user.
     */
    record ImageConfig(Map<String, String> labels, List<String> env, List<String> exposedPorts, String user) {
    }

    ImageConfig imageConfig(String image) {
        return call("inspect image " + image, () -> {
            var config = client.inspectImageCmd(image).exec().getConfig();
            if (config == null) {
                return new ImageConfig(Map.of(), List.of(), List.of(), "");
            }
            List<String> exposed = new ArrayList<>();
            if (config.getExposedPorts() != null) {
                for (var port : config.getExposedPorts()) {
                    exposed.add(port.getPort() + "/" + port.getProtocol().toString());
                }
            }
            return new ImageConfig(config.getLabels() == null ? Map.of() : config.getLabels(),
                    config.getEnv() == null ? List.of() : List.of(config.getEnv()), exposed,
                    config.getUser() == null ? "" : config.getUser());
        });
    }

    /** Pulls {@code image}; throws a {@link SidecarException} saying why when it cannot within {@code timeout}. */
    void pull(String image, Duration timeout) {
        call("pull image " + image, timeout.plus(BOUND_MARGIN), () -> {
            try (PullProgress pull = client.pullImageCmd(image).exec(new PullProgress())) {
                if (!pull.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new SidecarException("pulling did not finish within " + timeout);
                }
                if (pull.failure != null) {
                    throw new SidecarException(firstLine(pull.failure), pull.failure);
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SidecarException("interrupted while pulling image '" + image + "'", e);
            } catch (IOException e) {
                throw new SidecarException(String.valueOf(e.getMessage()), e);
            }
        });
    }

    /**
     * Follows a pull to its end and keeps why it failed, if it did: a failure in the stream of progress, or of the
     * call. Unlike docker-java's own callback it logs nothing: the caller reports the failure, once.
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

    /** Creates a container; its id. */
    String createContainer(ContainerConfig config) {
        return join(createContainerAsync(config));
    }

    CompletableFuture<String> createContainerAsync(ContainerConfig config) {
        return async("create container " + (config.name() == null ? "" : config.name() + " ") + "from "
                + config.image(), callBound, () -> {
            try (CreateContainerCmd cmd = client.createContainerCmd(config.image())) {
                config.applyTo(cmd);
                return cmd.exec().getId();
            }
        });
    }

    void start(String id) {
        join(startAsync(id));
    }

    CompletableFuture<Void> startAsync(String id) {
        return async("start container " + id, callBound, () -> {
            client.startContainerCmd(id).exec();
            return null;
        });
    }

    /** Sends {@code signal} to a container that is stopping anyway; one that no longer runs is left as it is. */
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

    /**
     * Sends {@code signal} to a container that should run.
     *
     * @return whether it was delivered: false when the container does not run
     */
    boolean signal(String id, String signal) {
        return call("signal container " + id, () -> {
            try {
                client.killContainerCmd(id).withSignal(signal).exec();
                return true;
            } catch (ConflictException | NotFoundException e) {
                return false;
            }
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
            } catch (DockerClientException e) {
                return null;
            } catch (DockerException e) {
                if (e.getMessage() != null && e.getMessage().contains("timeout")) {
                    return null;
                }
                throw e;
            } catch (IOException e) {
                throw new DockerUnavailableException("waiting for container " + id + " failed", e);
            }
        });
    }

    /** Removes the container with its anonymous volumes, killing it first if it runs; a missing one is fine. */
    void remove(String id) {
        join(removeAsync(id));
    }

    CompletableFuture<Void> removeAsync(String id) {
        return async("remove container " + id, callBound, () -> {
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
        return join(inspectAsync(id));
    }

    CompletableFuture<InspectContainerResponse> inspectAsync(String id) {
        return async("inspect container " + id, callBound, () -> client.inspectContainerCmd(id).exec());
    }

    /**
     * Runs {@code command} in the container.
     *
     * @throws PodTimeoutException when it does not finish within {@code timeout}
     * @throws ContainerNotRunningException when the container does not run
     */
    ExecResult exec(String id, List<String> command, Duration timeout) {
        return call("exec in container " + id, timeout.plus(BOUND_MARGIN), () -> {
            String execId;
            try {
                execId = client.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                        .withAttachStdout(true).withAttachStderr(true).exec().getId();
            } catch (ConflictException | NotFoundException e) {
                throw new ContainerNotRunningException(firstLine(e));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (Collecting callback = client.execStartCmd(execId).exec(new Collecting(frame -> {
                synchronized (out) {
                    (frame.getStreamType() == StreamType.STDERR ? err : out).writeBytes(frame.getPayload());
                }
            }))) {
                if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new PodTimeoutException("command " + command + " did not finish within " + timeout);
                }
                if (callback.failure instanceof ConflictException || callback.failure instanceof NotFoundException) {
                    throw new ContainerNotRunningException(firstLine(callback.failure));
                }
                callback.rethrowUnlessGone();
            } catch (ConflictException | NotFoundException e) {
                throw new ContainerNotRunningException(firstLine(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SidecarException("interrupted while running " + command, e);
            } catch (IOException e) {
                throw new DockerUnavailableException("exec stream of " + command + " failed", e);
            }
            Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
            synchronized (out) {
                return new ExecResult(code == null ? -1 : code.intValue(), out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
            }
        });
    }

    /** The container is not running (or gone): Docker's 409 and 404 on exec. */
    static final class ContainerNotRunningException extends SidecarException {
        ContainerNotRunningException(String message) {
            super(message);
        }
    }

    /**
     * The container's output from its first start on; the last {@code tail} lines, or all when negative; of the
     * streams asked for.
     */
    String logs(String id, int tail, boolean stdout, boolean stderr, Duration timeout) {
        return call("read logs of container " + id, timeout.plus(BOUND_MARGIN), () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var cmd = client.logContainerCmd(id).withStdOut(stdout).withStdErr(stderr).withFollowStream(false);
            if (tail >= 0) {
                cmd.withTail(tail);
            }
            try (Collecting callback = cmd.exec(new Collecting(frame -> {
                synchronized (out) {
                    out.writeBytes(frame.getPayload());
                }
            }))) {
                if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new PodTimeoutException("reading the logs of container " + id + " took more than "
                            + timeout);
                }
                callback.rethrowUnlessGone();
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

    /** A line of a container's output with the time the engine took it. */
    record TimedLine(java.time.Instant time, String text) {
    }

    /**
     * The lines the container wrote at or after {@code since} (both streams, in order), each with its time; all of
     * them when {@code since} is {@code null}. One bounded read: nothing is followed.
     */
    List<TimedLine> logsSince(String id, java.time.Instant since, Duration timeout) {
        return call("read logs of container " + id, timeout.plus(BOUND_MARGIN), () -> {
            List<TimedLine> lines = new ArrayList<>();
            LineSplitter splitter = new LineSplitter(line -> {
                int space = line.indexOf(' ');
                if (space > 0) {
                    try {
                        lines.add(new TimedLine(java.time.Instant.parse(line.substring(0, space)),
                                line.substring(space + 1)));
                        return;
                    } catch (java.time.format.DateTimeParseException e) {
                        // Not a timestamp: keep the line whole.
                    }
                }
                lines.add(new TimedLine(null, line));
            });
            var cmd = client.logContainerCmd(id).withStdOut(true).withStdErr(true).withTimestamps(true)
                    .withFollowStream(false);
            if (since != null) {
                cmd.withSince((int) since.getEpochSecond());
            }
            try (Collecting callback = cmd.exec(new Collecting(frame -> splitter.accept(frame.getPayload())))) {
                if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new PodTimeoutException("reading the logs of container " + id + " took more than "
                            + timeout);
                }
                callback.rethrowUnlessGone();
            } catch (NotFoundException e) {
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SidecarException("interrupted while reading logs", e);
            } catch (IOException e) {
                throw new DockerUnavailableException("log stream of container " + id + " failed", e);
            }
            synchronized (splitter) {
                return lines;
            }
        });
    }

    /**
     * Collects the frames of one bounded read. Unlike docker-java's own adapter it logs nothing when the stream
     * fails: the failure is kept for the caller, which knows what it means (a container gone while its logs were
     * read is not an error to report at ERROR).
     */
    private static final class Collecting extends ResultCallback.Adapter<Frame> {
        private final Consumer<Frame> sink;
        private volatile Throwable failure;

        Collecting(Consumer<Frame> sink) {
            this.sink = sink;
        }

        @Override
        public void onNext(Frame frame) {
            sink.accept(frame);
        }

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            try {
                close();
            } catch (IOException e) {
                LOG.debug("closing a failed read: {}", e.toString());
            }
        }

        /** Rethrows what ended the stream early, if anything did; a container that is gone reads as empty. */
        void rethrowUnlessGone() {
            Throwable f = failure;
            if (f == null || f instanceof NotFoundException || f instanceof ConflictException) {
                return;
            }
            if (f instanceof RuntimeException r) {
                throw r;
            }
            throw new SidecarException(String.valueOf(f.getMessage()), f);
        }
    }

    /** Cuts a stream of frames into lines (without their line ends). */
    private static final class LineSplitter {
        private final StringBuilder partial = new StringBuilder();
        private final Consumer<String> sink;

        LineSplitter(Consumer<String> sink) {
            this.sink = sink;
        }

        synchronized void accept(byte[] payload) {
            partial.append(new String(payload, StandardCharsets.UTF_8));
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                int end = nl > 0 && partial.charAt(nl - 1) == '\r' ? nl - 1 : nl;
                sink.accept(partial.substring(0, end));
                partial.delete(0, nl + 1);
            }
        }
    }

    /** Writes {@code files} (paths relative to {@code directory}) into the container, running or not. */
    void copyTo(String id, String directory, Map<String, byte[]> files) {
        call("copy into container " + id, () -> {
            client.copyArchiveToContainerCmd(id).withRemotePath(directory)
                    .withTarInputStream(new ByteArrayInputStream(Tar.of(files))).exec();
            return null;
        });
    }

    /**
     * The content of the file {@code path} in the container, following symbolic links (as the files of a ConfigMap
     * or Secret volume are, into {@code ..data}).
     */
    byte[] copyFrom(String id, String path) {
        return call("copy from container " + id, () -> {
            String current = path;
            for (int links = 0; links <= MAX_SYMLINKS; links++) {
                Tar.Entry entry;
                try (InputStream in = client.copyArchiveFromContainerCmd(id, current).exec()) {
                    entry = Tar.entries(in).stream().findFirst().orElse(null);
                } catch (NotFoundException e) {
                    throw new SidecarException("there is no file '" + current + "'"
                            + (current.equals(path) ? "" : " (where '" + path + "' leads)"), e);
                } catch (IOException e) {
                    throw new DockerUnavailableException("copying '" + path + "' out of container " + id + " failed",
                            e);
                }
                if (entry != null && entry.type() == Tar.Type.FILE) {
                    return entry.content();
                }
                if (entry == null || entry.type() != Tar.Type.SYMLINK) {
                    throw new SidecarException("'" + current + "' is not a regular file");
                }
                String target = entry.linkTarget();
                current = target.startsWith("/") ? target
                        : current.substring(0, current.lastIndexOf('/') + 1) + target;
            }
            throw new SidecarException("'" + path + "' leads through more than " + MAX_SYMLINKS + " symbolic links");
        });
    }

    /** How many symbolic links {@link #copyFrom} follows, as Linux's own limit for a path. */
    private static final int MAX_SYMLINKS = 40;

    CompletableFuture<Void> createVolumeAsync(String name, Map<String, String> labels,
            Map<String, String> driverOptions) {
        return async("create volume " + name, callBound, () -> {
            client.createVolumeCmd().withName(name).withDriver("local").withLabels(labels)
                    .withDriverOpts(driverOptions).exec();
            return null;
        });
    }

    CompletableFuture<Void> removeVolumeAsync(String name) {
        return async("remove volume " + name, callBound, () -> {
            try {
                client.removeVolumeCmd(name).exec();
            } catch (NotFoundException e) {
                LOG.debug("volume {} already gone", name);
            }
            return null;
        });
    }

    void removeVolume(String name) {
        join(removeVolumeAsync(name));
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

    /**
     * Follows the engine's container {@code die} events of objects carrying {@code label} (a {@code key=value}),
     * from {@code since} (a Unix time in seconds, with a fraction, or {@code null} for now), until the handle is
     * closed; {@code onEnd} is told when the stream ends on its own (the engine went away).
     */
    Closeable followDeaths(String label, String since, Consumer<com.github.dockerjava.api.model.Event> onEvent,
            Consumer<Throwable> onEnd) {
        return followEvents(List.of("die"), label, since, onEvent, onEnd);
    }

    /**
     * Follows the engine's container events {@code actions} ({@code die}, {@code start}, {@code destroy}...) of
     * objects carrying {@code label} (a {@code key=value}), or of every container when it is {@code null}, from
     * {@code since} (or now), until the handle is closed; {@code onEnd} is told when the stream ends on its own.
     */
    Closeable followEvents(List<String> actions, String label, String since,
            Consumer<com.github.dockerjava.api.model.Event> onEvent, Consumer<Throwable> onEnd) {
        return call("follow container events", () -> {
            var cmd = client.eventsCmd().withEventTypeFilter("container")
                    .withEventFilter(actions.toArray(String[]::new));
            if (label != null) {
                cmd.withLabelFilter(label);
            }
            if (since != null) {
                cmd.withSince(since);
            }
            return cmd.exec(new ResultCallback.Adapter<com.github.dockerjava.api.model.Event>() {
                @Override
                public void onNext(com.github.dockerjava.api.model.Event event) {
                    onEvent.accept(event);
                }

                @Override
                public void onError(Throwable throwable) {
                    onEnd.accept(throwable);
                }

                @Override
                public void onComplete() {
                    onEnd.accept(null);
                }
            });
        });
    }

    /**
     * What the engine knows of a network: its id, name, driver, labels, and the ids of the containers attached to it.
     *
     * @param id the network's id
     * @param name its name
     * @param driver its driver ({@code bridge}, {@code host}, {@code null}, {@code overlay}...)
     * @param labels its labels
     * @param containerIds the containers attached to it
     */
    record NetworkInfo(String id, String name, String driver, Map<String, String> labels, List<String> containerIds) {
    }

    /** The network of that name or id, or {@code null} when there is none. */
    NetworkInfo network(String nameOrId) {
        return call("inspect network " + nameOrId, () -> {
            try {
                return networkInfo(client.inspectNetworkCmd().withNetworkId(nameOrId).exec());
            } catch (NotFoundException e) {
                return null;
            }
        });
    }

    /** Creates a bridge network named {@code name} with {@code labels}; its id. */
    String createNetwork(String name, Map<String, String> labels) {
        return call("create network " + name, () -> client.createNetworkCmd().withName(name).withDriver("bridge")
                .withCheckDuplicate(true).withLabels(labels).exec().getId());
    }

    /** Attaches a container (created or running) to a network, known there also by {@code aliases}. */
    void connect(String networkId, String containerId, List<String> aliases) {
        call("connect container " + containerId + " to network " + networkId, () -> {
            com.github.dockerjava.api.model.ContainerNetwork endpoint =
                    new com.github.dockerjava.api.model.ContainerNetwork();
            if (!aliases.isEmpty()) {
                endpoint.withAliases(aliases);
            }
            client.connectToNetworkCmd().withNetworkId(networkId).withContainerId(containerId)
                    .withContainerNetwork(endpoint).exec();
            return null;
        });
    }

    /**
     * Detaches a container from a network; a container or network that is gone, or a container that is not attached,
     * is fine.
     */
    void disconnect(String networkId, String containerId) {
        call("disconnect container " + containerId + " from network " + networkId, () -> {
            try {
                client.disconnectFromNetworkCmd().withNetworkId(networkId).withContainerId(containerId)
                        .withForce(true).exec();
            } catch (NotFoundException e) {
                LOG.debug("container {} or network {} already gone", containerId, networkId);
            } catch (DockerException e) {
                // 403 "is not connected to the network": what the caller wanted.
                if (!String.valueOf(e.getMessage()).contains("not connected")) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** Removes a network; a missing one is fine. Fails while containers are attached to it. */
    void removeNetwork(String id) {
        call("remove network " + id, () -> {
            try {
                client.removeNetworkCmd(id).exec();
            } catch (NotFoundException e) {
                LOG.debug("network {} already gone", id);
            }
            return null;
        });
    }

    /** Every network carrying label {@code key}. */
    List<NetworkInfo> networksLabelled(String key) {
        return call("list networks", () -> client.listNetworksCmd().withFilter("label", List.of(key)).exec()
                .stream().map(DockerEngine::networkInfo).toList());
    }

    private static NetworkInfo networkInfo(com.github.dockerjava.api.model.Network n) {
        return new NetworkInfo(n.getId(), n.getName(), n.getDriver(), n.getLabels() == null ? Map.of() : n.getLabels(),
                n.getContainers() == null ? List.of() : List.copyOf(n.getContainers().keySet()));
    }

    /** Whether the container exists, running or not. */
    boolean exists(String id) {
        return found("inspect container " + id, () -> client.inspectContainerCmd(id).exec());
    }

    /** Whether what {@code inspect} inspects is there: the engine's not-found answer says it is not. */
    private boolean found(String what, Runnable inspect) {
        return call(what, () -> {
            try {
                inspect.run();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    /** Whether the container runs now; false when it does not, or is gone. */
    boolean running(String id) {
        return call("inspect container " + id, () -> {
            try {
                return Boolean.TRUE.equals(client.inspectContainerCmd(id).exec().getState().getRunning());
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    private <T> T call(String what, Supplier<T> action) {
        return call(what, callBound, action);
    }

    /** One engine call, bounded; run in place when the caller is one of the runtime's own threads. */
    private <T> T call(String what, Duration bound, Supplier<T> action) {
        if (threads.onPool()) {
            LOG.debug("docker: {}", what);
            return translated(what, action);
        }
        return join(async(what, bound, action));
    }

    /** One engine call on the runtime's pool, failing with {@link DockerUnavailableException} past its bound. */
    private <T> CompletableFuture<T> async(String what, Duration bound, Supplier<T> action) {
        if (threads.isShutdown()) {
            throw new IllegalStateException("the Docker runtime is closed: cannot " + what);
        }
        LOG.debug("docker: {}", what);
        return threads.submit(() -> translated(what, action), bound, () -> new DockerUnavailableException(
                "the Docker engine did not answer within " + bound + " while trying to " + what
                        + "; is it hung (docker info)?", null));
    }

    private static <T> T join(CompletableFuture<T> future) {
        return EngineThreads.join(future);
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

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The first line of an exception's message, which for docker-java is the engine's own words. */
    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * What the engine's host offers pods, as Kubernetes' node: its name ({@code spec.nodeName}) and what it can give
     * containers (the node's allocatable CPU and memory, for resources that a container does not limit).
     *
     * @param name the engine's host name
     * @param cpus the CPUs it offers containers
     * @param memoryBytes the memory it offers containers
     */
    record NodeInfo(String name, int cpus, long memoryBytes) {
    }

    /** The engine's host as a node: one engine call. */
    NodeInfo nodeInfo() {
        return call("read the engine's info", () -> {
            var info = client.infoCmd().exec();
            int cpus = info.getNCPU() == null ? Runtime.getRuntime().availableProcessors() : info.getNCPU();
            long memory = info.getMemTotal() == null ? 0 : info.getMemTotal();
            return new NodeInfo(info.getName() == null ? "" : info.getName(), cpus, memory);
        });
    }

    /** Where the engine keeps a named volume's data on its host ({@code Mountpoint}). */
    String volumeMountpoint(String name) {
        return call("inspect volume " + name, () -> client.inspectVolumeCmd(name).exec().getMountpoint());
    }

    /**
     * Unpacks {@code entries} into {@code directory} of the container, running or not, with their modes and owners
     * as the entries give them.
     */
    void copyEntriesTo(String id, String directory, List<Tar.Entry> entries) {
        call("copy into container " + id, () -> {
            client.copyArchiveToContainerCmd(id).withRemotePath(directory)
                    .withTarInputStream(new ByteArrayInputStream(Tar.of(entries))).exec();
            return null;
        });
    }
}
