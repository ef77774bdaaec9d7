package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A pod network's aliases are DNS-1123 labels, as Kubernetes names a Service; nothing talks to the engine here. */
class PodNetworkTest {

    @ParameterizedTest
    @ValueSource(strings = {"Web", "web_1", "-web", "web-", "web.example", ""})
    void aliasThatIsNotADnsLabelIsRefusedNamingIt(String alias) {
        assertThatThrownBy(() -> PodNetwork.named("net", alias))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("alias '" + alias + "' is not a DNS-1123 label");
    }

    @Test
    void aliasLongerThan63CharactersIsRefused() {
        assertThatThrownBy(() -> PodNetwork.named("net", "a".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 63 characters");
    }

    @Test
    void aliasGivenTwiceIsRefused() {
        assertThatThrownBy(() -> PodNetwork.named("net", "web").withAliases("web"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alias 'web' is given twice");
    }

    @Test
    void nullAliasIsRefusedNamingItsIndex() {
        assertThatThrownBy(() -> PodNetwork.named("net", "web", null))
                .isInstanceOf(NullPointerException.class).hasMessage("aliases[1] must not be null");
    }

    @Test
    void blankNetworkNameIsRefused() {
        assertThatThrownBy(() -> PodNetwork.named(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dockerNetworkName must not be blank");
    }

    @Test
    void networksWithTheSameNameAndAliasesAreEqual() {
        assertThat(PodNetwork.named("net", "web", "api")).isEqualTo(PodNetwork.named("net", "web").withAliases("api"))
                .hasSameHashCodeAs(PodNetwork.named("net", "web", "api"))
                .isNotEqualTo(PodNetwork.named("net", "api", "web"));
        assertThat(PodNetwork.named("net", "web").aliases()).containsExactly("web");
        assertThat(PodNetwork.named("net", "web")).hasToString("PodNetwork{net, aliases=[web]}");
    }
}
