package dev.sidecar.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import dev.sidecar.contract.ImageContract;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * The command line's one door to the Docker engine: finds it as Testcontainers does ({@code DOCKER_HOST},
 * {@code ~/.testcontainers.properties}, the local socket) and reads images from it. It only reads: nothing is pulled,
 * created or changed. Every call is bounded by {@link #CALL_TIMEOUT}.
 */
final class EngineImages implements AutoCloseable {

    /** How long finding the engine, and then each call to it, may take. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final DockerClient client;
    private final ExecutorService calls;

    private EngineImages(DockerClient client, ExecutorService calls) {
        this.client = client;
        this.calls = calls;
    }

    /**
     * Connects to the engine.
     *
     * @throws CliException with {@link ExitCodes#ENGINE} when no engine answers
     */
    static EngineImages connect() {
        ExecutorService calls = calls();
        try {
            return new EngineImages(DockerClientProviderStrategy.getClientForConfig(transport(calls)), calls);
        } catch (RuntimeException e) {
            calls.shutdownNow();
            throw e;
        }
    }

    /**
     * Where the engine is, found as Testcontainers finds it, within {@link #CALL_TIMEOUT}: for the commands that
     * work through the library's runtime.
     *
     * @throws CliException with {@link ExitCodes#ENGINE} when no engine answers
     */
    static TransportConfig transport() {
        ExecutorService calls = calls();
        try {
            return transport(calls);
        } finally {
            calls.shutdownNow();
        }
    }

    private static ExecutorService calls() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "sidecar-engine-call");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static TransportConfig transport(ExecutorService calls) {
        {
            // Testcontainers' discovery only: not factory.client() nor isDockerAvailable(), which also start its
            // Ryuk container and run its start-up checks, pulling images; a command that only reads images must
            // pull, create and leave nothing.
            TransportConfig transport = bounded(calls, "answer", () -> {
                try {
                    return DockerClientFactory.instance().getTransportConfig();
                } catch (IllegalStateException noValidStrategy) {
                    String host = System.getenv("DOCKER_HOST");
                    throw new CliException(ExitCodes.ENGINE, "no Docker engine answers"
                            + (host == null ? "" : " at DOCKER_HOST=" + host) + ": start one (docker info must "
                            + "answer) or set DOCKER_HOST; --verbose shows where Testcontainers looked");
                }
            });
            return transport;
        }
    }

    /**
     * Reads the contract of a local image.
     *
     * @return the contract, or empty when the image declares none
     * @throws CliException with {@link ExitCodes#IMAGE} when the image is not on the engine
     * @throws dev.sidecar.contract.InvalidContractException when its contract labels break the convention
     */
    Optional<ImageContract> contractOf(String image) {
        InspectImageResponse inspection = bounded(calls, "inspect image " + image, () -> {
            try {
                return client.inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                throw new CliException(ExitCodes.IMAGE, "image '" + image + "' is not on the engine: this command "
                        + "reads local images only and pulls nothing; pull or build it first (docker pull " + image
                        + ")");
            }
        });
        ContainerConfig config = inspection.getConfig();
        Map<String, String> labels = config == null || config.getLabels() == null ? Map.of() : config.getLabels();
        List<String> env = config == null || config.getEnv() == null ? List.of() : Arrays.asList(config.getEnv());
        ExposedPort[] exposed = config == null ? null : config.getExposedPorts();
        return ImageContract.read(image, labels, env,
                exposed == null ? List.of() : Arrays.stream(exposed).map(ExposedPort::toString).toList());
    }

    @Override
    public void close() {
        calls.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            // Closing a client that only read: nothing is lost.
        }
    }

    /** Runs an engine call within {@link #CALL_TIMEOUT}; a transport failure or a timeout is an engine failure. */
    private static <T> T bounded(ExecutorService calls, String what, Callable<T> call) {
        Future<T> future = calls.submit(call);
        try {
            return future.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CliException(ExitCodes.ENGINE, "the Docker engine did not " + what + " within "
                    + CALL_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ENGINE, "interrupted while waiting for the Docker engine to " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CliException cli) {
                throw cli;
            }
            throw new CliException(ExitCodes.ENGINE, "the Docker engine failed to " + what + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
