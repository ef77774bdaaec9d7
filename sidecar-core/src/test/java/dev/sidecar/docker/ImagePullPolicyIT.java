package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ImagePullPolicy;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code imagePullPolicy} on a real engine without a registry: {@code NEVER} with an image the engine lacks fails at
 * once, naming the container and the image, before anything is created; {@code ALWAYS} pulls even an image the engine
 * has, so here, where nothing can be pulled, the start fails naming the image and the policy; {@code IF_NOT_PRESENT}
 * (the default) uses the image the engine has.
 */
class ImagePullPolicyIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.builder()
            .startupTimeout(Duration.ofSeconds(30)).pullTimeout(Duration.ofSeconds(30)).build();

    @Test
    void neverWithAMissingImageFailsAtOnceNamingContainerAndImage() {
        String missing = "sidecar-test/not-on-this-engine:" + suffix();
        String name = "pull-never-" + suffix();
        PodSpec spec = PodSpec.builder(name)
                .volume(VolumeSpec.emptyDir("data"))
                .sidecar(ContainerSpec.builder("helper", TestImages.BUSYBOX).command(Scripts.idle()).build())
                .main(ContainerSpec.builder("app", missing).imagePullPolicy(ImagePullPolicy.NEVER)
                        .mount("data", "/data").build())
                .terminationGracePeriod(Duration.ZERO)
                .build();

        PodStartException e = catchThrowableOfType(PodStartException.class, () -> RUNTIME.start(spec).close());

        assertThat(e).as("the start failed").isNotNull();
        assertThat(e.getMessage()).contains("container 'app': image '" + missing + "' is not on the engine, and its "
                + "imagePullPolicy is NEVER").contains("nothing was created");
        assertThat(e.containerName()).hasValue("app");
        assertThat(EngineObjects.containersOfPod(name)).isEmpty();
        assertThat(EngineObjects.volumesOfPod(name)).isEmpty();
    }

    @Test
    void alwaysPullsAnImageTheEngineHas() {
        String name = "pull-always-" + suffix();
        PodSpec spec = PodSpec.builder(name)
                .main(ContainerSpec.builder("app", TestImages.BUSYBOX).imagePullPolicy(ImagePullPolicy.ALWAYS)
                        .command(Scripts.idle()).build())
                .terminationGracePeriod(Duration.ZERO)
                .build();

        PodStartException e = catchThrowableOfType(PodStartException.class, () -> RUNTIME.start(spec).close());

        assertThat(e).as("the start failed: this engine has no registry to pull from").isNotNull();
        assertThat(e.getMessage()).contains("image '" + TestImages.BUSYBOX + "' (of container 'app') has "
                + "imagePullPolicy ALWAYS, and pulling it failed");
        assertThat(EngineObjects.containersOfPod(name)).isEmpty();
    }

    @Test
    void neverWithAnImageTheEngineHasStarts() {
        PodSpec spec = PodSpec.builder("pull-never-present-" + suffix())
                .main(ContainerSpec.builder("app", TestImages.BUSYBOX).imagePullPolicy(ImagePullPolicy.NEVER)
                        .command(Scripts.idle()).build())
                .terminationGracePeriod(Duration.ZERO)
                .build();
        try (Pod pod = RUNTIME.start(spec)) {
            assertThat(pod.main().exec("true").exitCode()).isZero();
        }
    }

    private static String suffix() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
