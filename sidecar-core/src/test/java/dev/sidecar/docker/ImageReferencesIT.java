package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.sidecar.ContainerSpec;
import dev.sidecar.InvalidSpecException;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.Recipes;
import dev.sidecar.test.SpecArbitraries;
import dev.sidecar.test.property.Property;
import org.junit.jupiter.api.Test;

/**
 * Whatever image reference {@code build()} accepts, the engine can parse: it may not have the image (and then the
 * start says so, naming the container), but it never refuses the reference itself, which is knowable in advance.
 * Generated references, many malformed, are asked of the engine with an image inspection, which creates nothing.
 */
class ImageReferencesIT {

    @Test
    void everyImageReferenceBuildAcceptsIsOneTheEngineParses() {
        Property.forAll(SpecArbitraries.imageReferenceLike()).tries(300).coverage("accepted", 10)
                .coverage("refused", 10).classify(image -> {
                    Throwable invalid = catchThrowable(() -> ContainerSpec.builder("app", image).build());
                    if (invalid != null) {
                        assertThat(invalid).isInstanceOf(InvalidSpecException.class);
                        return "refused";
                    }

                    Throwable engine = catchThrowable(() -> EngineObjects.client().inspectImageCmd(image).exec());

                    assertThat(engine == null || engine instanceof NotFoundException)
                            .as("the engine's answer to inspecting %s, which build() accepted: %s", Recipes.q(image),
                                    engine)
                            .isTrue();
                    return "accepted";
                });
    }
}
