package dev.sidecar.test;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import dev.sidecar.contract.ImageContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * Images built by a test to carry contract labels, and contracts read from the engine's image inspection: for the
 * contract and command-line integration tests. Every image is built {@code FROM} the project's local busybox image
 * (nothing is pulled) under a unique tag, and removed by {@link Built#close()}.
 */
public final class ContractImages {

    /** How long one build may take: a few metadata instructions on a local base image. */
    private static final long BUILD_TIMEOUT_SECONDS = 120;

    private ContractImages() {
    }

    /** An image a test built; closing removes it. */
    public record Built(String image) implements AutoCloseable {

        @Override
        public void close() {
            try {
                DockerClientFactory.instance().client().removeImageCmd(image).withForce(true).exec();
            } catch (NotFoundException alreadyGone) {
                // Nothing to remove.
            }
        }
    }

    /**
     * Builds an image from Dockerfile instructions (LABEL, ENV, EXPOSE…) written after {@code FROM <busybox>}.
     *
     * @param name a short name for the tag, for example {@code old}
     * @param instructions the Dockerfile's lines after its FROM line
     */
    public static Built build(String name, String instructions) {
        String image = "sidecar-contract-test/" + name + ":" + UUID.randomUUID().toString().substring(0, 8);
        Path dir;
        try {
            dir = Files.createTempDirectory("sidecar-contract-image");
            Files.writeString(dir.resolve("Dockerfile"), "FROM " + TestImages.BUSYBOX + "\n" + instructions + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            DockerClientFactory.instance().client().buildImageCmd(dir.toFile())
                    .withPull(false).withTags(Set.of(image)).withRemove(true).withForcerm(true)
                    .start().awaitImageId(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Built(image);
        } finally {
            delete(dir);
        }
    }

    /** The contract of an image on the engine, read from its inspection; empty when it declares none. */
    public static Optional<ImageContract> contractOf(String image) {
        InspectImageResponse inspection = DockerClientFactory.instance().client().inspectImageCmd(image).exec();
        Map<String, String> labels = inspection.getConfig().getLabels();
        String[] env = inspection.getConfig().getEnv();
        ExposedPort[] exposed = inspection.getConfig().getExposedPorts();
        return ImageContract.read(image, labels == null ? Map.of() : labels,
                env == null ? List.of() : Arrays.asList(env),
                exposed == null ? List.of() : Arrays.stream(exposed).map(ExposedPort::toString).toList());
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
