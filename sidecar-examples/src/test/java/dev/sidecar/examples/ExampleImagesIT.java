package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.docker.DockerPodRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each example image refuses to start without its required parameter, saying which and what it means. */
class ExampleImagesIT {

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
        "tls-proxy,        UPSTREAM_PORT",
        "config-sync,      CONFIG_URL",
        "log-shipper,      LOG_FILE",
        "git-sync,         REPO",
        "self-signed-cert, COMMON_NAME",
    })
    void imageFailsClearlyWithoutItsRequiredParameter(String name, String variable) {
        String image = "sidecar-examples/" + name + ":1";
        // As an init container it runs to completion before anything else starts, so its failure fails the start.
        PodSpec spec = PodSpec.builder("contract-" + name)
                .initContainer(ContainerSpec.builder(name, image).build())
                .main(ContainerSpec.builder("main", ExampleImages.busybox()).command("true").build())
                .build();

        PodStartException failure = catchThrowableOfType(PodStartException.class,
                () -> DockerPodRuntime.create().start(spec).close());

        assertThat(failure).as("starting %s without %s", image, variable).isNotNull();
        assertThat(failure.containerName()).hasValue(name);
        assertThat(failure.getMessage()).contains("exited with code 64");
        assertThat(failure.lastLogLines()).anySatisfy(line ->
                assertThat(line).startsWith(name + ": " + variable + " is required: "));
    }
}
