package dev.sidecar.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/** Engines for tests below the pod API, each with threads of its own. */
final class TestEngine {

    private TestEngine() {
    }

    /** The local engine Testcontainers finds. */
    static DockerEngine local() {
        return of(DockerClientFactory.instance().client(), DockerEngine.CALL_BOUND);
    }

    /** An engine on {@code client}, reached on localhost, whose calls may take at most {@code bound}. */
    static DockerEngine of(DockerClient client, Duration bound) {
        return new DockerEngine(client, "localhost", true, bound, new EngineThreads());
    }

    /** What a plain test container is created with. */
    static ContainerConfig config(String image, List<String> cmd, Map<String, String> labels, HostConfig host) {
        return new ContainerConfig(null, image, labels, List.of(), List.of(), cmd, null, null, null, null, List.of(),
                false, false, host);
    }
}
