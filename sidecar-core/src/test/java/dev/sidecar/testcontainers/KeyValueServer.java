package dev.sidecar.testcontainers;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A container class as Testcontainers' modules write them (PostgreSQLContainer, KafkaContainer): a subclass of
 * {@code GenericContainer} with its own command, port and wait strategy, which checks its image is compatible with
 * the one it was written for. Here a key-value "store": busybox httpd serving {@code /data} on {@value #PORT}, where
 * {@code /data/<key>} holds the value of a key.
 */
final class KeyValueServer extends GenericContainer<KeyValueServer> {

    /** The port it serves on. */
    static final int PORT = 8080;
    /** The image it is written for; a local image stands in for it through {@code asCompatibleSubstituteFor}. */
    static final DockerImageName DEFAULT_IMAGE = DockerImageName.parse("kvstore");

    KeyValueServer(DockerImageName image) {
        super(image);
        image.assertCompatibleWith(DEFAULT_IMAGE);
        withCommand("sh", "-c", "mkdir -p /data && echo 42 > /data/answer && echo 'kvstore ready' "
                + "&& exec httpd -f -vv -p " + PORT + " -h /data");
        withExposedPorts(PORT);
        waitingFor(Wait.forLogMessage(".*kvstore ready.*", 1));
    }
}
