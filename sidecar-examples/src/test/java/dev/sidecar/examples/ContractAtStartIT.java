package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.dockerjava.api.model.Container;
import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.docker.DockerPodRuntime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The runtime checks each container against its image's contract before it creates anything: a broken rule fails
 * the start with the image's own documentation, a likely mistake starts the pod with a warning.
 */
class ContractAtStartIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();

    @AfterAll
    static void closeRuntime() {
        RUNTIME.close();
    }

    private static PodSpec withSync(ContainerSpec.Builder sync) {
        return PodSpec.builder("contract-at-start")
                .sidecar(sync.build())
                .main(ContainerSpec.builder("app", ExampleImages.busybox())
                        .command("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done").build())
                .terminationGracePeriod(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void missingRequiredParameterFailsTheStartBeforeAnythingIsCreated() {
        PodSpec spec = withSync(ContainerSpec.builder("sync", ExampleImages.CONFIG_SYNC)
                .env("UPDATE_FREQUENCY_SECONDS", "5 minutes"));

        PodStartException e = catchThrowableOfType(PodStartException.class, () -> RUNTIME.start(spec));

        assertThat(e).hasMessageContaining("pod 'contract-at-start' breaks the contract of its images; nothing was "
                + "created")
                .hasMessageContaining("container 'sync'")
                .hasMessageContaining("CONFIG_URL")
                .hasMessageContaining("UPDATE_FREQUENCY_SECONDS")
                .hasMessageContaining("5 minutes");
        assertThat(containersOfThisJvm()).isEmpty();
    }

    @Test
    void configurationThatFitsTheContractStarts() {
        PodSpec spec = withSync(ContainerSpec.builder("sync", ExampleImages.CONFIG_SYNC)
                .env("CONFIG_URL", "http://localhost:1/config")
                .command("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"));

        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(pod.status().allReady()).isTrue();
        }
    }

    private static List<Container> containersOfThisJvm() {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of("dev.sidecar.pod=contract-at-start",
                        "dev.sidecar.owner-pid=" + ProcessHandle.current().pid())).exec();
    }
}
