package dev.sidecar.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import org.junit.jupiter.api.Test;

/** What {@link SidecarPodExtension} does without an engine. */
class SidecarPodExtensionTest {

    private static final PodSpec SPEC = PodSpec.builder("web")
            .main(ContainerSpec.builder("app", "busybox:1.36").build())
            .build();

    @Test
    void podOutsideTheLifecycleSaysWhereItWorks() {
        assertThatThrownBy(() -> SidecarPodExtension.forPod(SPEC).pod())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no pod of this SidecarPodExtension is running")
                .hasMessageContaining("@BeforeAll to @AfterAll");
    }

    @Test
    void negativeFailureLogLinesAreRejected() {
        assertThatThrownBy(() -> SidecarPodExtension.forPod(SPEC).failureLogLines(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureLogLines must be 0 or more, was -1");
    }

    @Test
    void optionsDeriveCopies() {
        SidecarPodExtension base = SidecarPodExtension.forPod(SPEC);

        assertThat(base.abortOnStartFailure()).isNotSameAs(base);
        assertThat(base.failureLogLines(3)).isNotSameAs(base);
    }
}
