package dev.sidecar.docker;

import dev.sidecar.PodRuntime;
import dev.sidecar.spi.PodRuntimeProvider;
import dev.sidecar.spi.RuntimeSettings;
import java.util.Optional;

/**
 * The {@link PodRuntimeProvider} named {@code docker} (the default runtime): a {@link DockerPodRuntime} found the way
 * Testcontainers finds an engine ({@code DOCKER_HOST}, the local socket).
 */
public final class DockerPodRuntimeProvider implements PodRuntimeProvider {

    /** This provider's name, the value of {@value RuntimeSettings#RUNTIME} that chooses it. */
    public static final String NAME = "docker";

    /** For {@link java.util.ServiceLoader}. */
    public DockerPodRuntimeProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Empty when a Docker engine answers (asked once per JVM, as Testcontainers does). */
    @Override
    public Optional<String> unavailableReason(RuntimeSettings settings) {
        return DockerPodRuntime.isDockerAvailable() ? Optional.empty()
                : Optional.of("no Docker engine answers (start one so that 'docker info' works, or point DOCKER_HOST "
                        + "at one)");
    }

    @Override
    public PodRuntime create(RuntimeSettings settings) {
        DockerPodRuntime.Builder builder = DockerPodRuntime.builder();
        settings.startupTimeout().ifPresent(builder::startupTimeout);
        return builder.build();
    }
}
