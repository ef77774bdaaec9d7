package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The service under test reaches its Testcontainers dependency through two sidecars (its own, opening TLS; the
 * dependency's, ending it) by the dependency's alias, the dependency reaches the pod by its alias, and nothing of
 * either is left after.
 */
class DependencyBehindTlsIT {

    /** The label every object the library creates carries, with this JVM's process id. */
    private static final String MINE = "dev.sidecar.owner-pid=" + ProcessHandle.current().pid();

    /** The label of what Testcontainers creates in this JVM (the dependency, the network). */
    private static final String TESTCONTAINERS = "org.testcontainers.sessionId=" + DockerClientFactory.SESSION_ID;

    @Test
    void serviceReachesItsDependencyOverVerifiedTlsByAliasAndTheDependencyReachesThePodBack() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DependencyBehindTls.Seen seen;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            seen = DependencyBehindTls.run(out);
        }

        assertThat(seen.certificateSubject()).isEqualTo("CN=inventory");
        assertThat(seen.stockOverHttps()).as("the dependency's published TLS port, from the test")
                .isEqualTo(DependencyBehindTls.STOCK);
        assertThat(seen.stockFromShop()).as("the shop app's plain request, through both sidecars")
                .isEqualTo(DependencyBehindTls.STOCK);
        assertThat(seen.shopFromInventory()).isEqualTo("Hello from the legacy app");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("nothing of them is left");
        DockerClient docker = DockerClientFactory.lazyClient();
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(MINE)).exec())
                .as("containers left").isEmpty();
        assertThat(docker.listVolumesCmd().withFilter("label", List.of(MINE)).exec().getVolumes())
                .as("volumes left").isNullOrEmpty();
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(TESTCONTAINERS)).exec())
                .as("the dependency left").isEmpty();
        assertThat(docker.listNetworksCmd().withFilter("label", List.of(TESTCONTAINERS)).exec())
                .as("the network left").isEmpty();
    }
}
