package dev.sidecar.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The closest known name to a misspelt one. */
class NamesTest {

    private static final List<String> KNOWN = List.of("UPDATE_FREQUENCY", "CONFIG_URL", "CONFIG_FILE");

    @Test
    void missingLetterFindsTheName() {
        assertThat(Names.closest("UPDATE_FREQENCY", KNOWN)).contains("UPDATE_FREQUENCY");
    }

    @Test
    void caseIsIgnored() {
        assertThat(Names.closest("config_url", KNOWN)).contains("CONFIG_URL");
    }

    @Test
    void nameFarFromEveryCandidateFindsNone() {
        assertThat(Names.closest("DEBUG", KNOWN)).isEmpty();
    }

    @Test
    void distanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(Names.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Names.distance("", "abc")).isEqualTo(3);
        assertThat(Names.distance("same", "same")).isZero();
    }
}
