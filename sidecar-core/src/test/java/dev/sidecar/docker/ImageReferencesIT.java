package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.sidecar.ContainerSpec;
import dev.sidecar.InvalidSpecException;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.Recipes;
import dev.sidecar.test.SpecArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever image reference {@code build()} accepts, the engine can parse: it may not have the image (and then the
 * start says so, naming the container), but it never refuses the reference itself, which is knowable in advance.
 * Generated references, many malformed, are asked of the engine with an image inspection, which creates nothing.
 */
class ImageReferencesIT {

    @Provide
    Arbitrary<String> imageReferences() {
        return SpecArbitraries.imageReferenceLike();
    }

    @Property(tries = 300)
    void everyImageReferenceBuildAcceptsIsOneTheEngineParses(@ForAll("imageReferences") String image) {
        Throwable invalid = catchThrowable(() -> ContainerSpec.builder("app", image).build());
        Statistics.label("build()").collect(invalid == null ? "accepted" : "refused");
        Statistics.label("build()").coverage(c -> {
            c.check("accepted").percentage(p -> p >= 10);
            c.check("refused").percentage(p -> p >= 10);
        });
        if (invalid != null) {
            assertThat(invalid).isInstanceOf(InvalidSpecException.class);
            return;
        }

        Throwable engine = catchThrowable(() -> EngineObjects.client().inspectImageCmd(image).exec());

        assertThat(engine == null || engine instanceof NotFoundException)
                .as("the engine's answer to inspecting %s, which build() accepted: %s", Recipes.q(image), engine)
                .isTrue();
    }
}
