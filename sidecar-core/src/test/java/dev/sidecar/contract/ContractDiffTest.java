package dev.sidecar.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.contract.ContractChange.Kind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each kind of change between two versions of a contract, classified. The old version is {@link Contracts#configSync()}. */
class ContractDiffTest {

    private static final ImageContract OLD = Contracts.configSync().contract();

    private static ContractDiff diffTo(Contracts newVersion) {
        return ContractDiff.between(OLD, newVersion.contract());
    }

    private static ContractChange only(ContractDiff diff) {
        assertThat(diff.changes()).hasSize(1);
        return diff.changes().get(0);
    }

    @Test
    void sameContractHasNoChange() {
        ContractDiff diff = diffTo(Contracts.configSync());

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.isBreaking()).isFalse();
        assertThat(diff).hasToString("no change");
    }

    @Test
    void removedParameterIsBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().withoutEnv("MAX_SIZE")
                .without("dev.sidecar.contract.param.MAX_SIZE.unit")
                .without("dev.sidecar.contract.param.MAX_SIZE.description")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PARAMETER_REMOVED, "parameter MAX_SIZE",
                "removed: pods that set it lose their setting"));
        assertThat(change.breaking()).isTrue();
    }

    @Test
    void parameterWithACloseNameAndTheSameUnitIsRenamed() {
        ContractChange change = only(diffTo(renamed("MAX_SIZE", "MAX_SIZES", "The largest config accepted, in bytes")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PARAMETER_RENAMED, "parameter MAX_SIZE",
                "renamed to MAX_SIZES: pods that set MAX_SIZE lose their setting"));
    }

    @Test
    void parameterWithTheSameDescriptionIsRenamed() {
        ContractChange change = only(diffTo(renamed("MAX_SIZE", "CONFIG_LIMIT", "The largest config accepted")));

        assertThat(change.kind()).isEqualTo(Kind.PARAMETER_RENAMED);
        assertThat(change.detail()).startsWith("renamed to CONFIG_LIMIT");
    }

    @Test
    void newRequiredParameterIsBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().env("API_KEY", "")
                .param("API_KEY", "required", "true").param("API_KEY", "description", "key")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PARAMETER_ADDED_REQUIRED, "parameter API_KEY",
                "added as required: pods that do not set it fail"));
        assertThat(change.breaking()).isTrue();
    }

    @Test
    void newOptionalParameterIsCompatible() {
        ContractChange change = only(diffTo(Contracts.configSync().env("LOG_LEVEL", "info")
                .param("LOG_LEVEL", "values", "debug,info").param("LOG_LEVEL", "description", "verbosity")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PARAMETER_ADDED_OPTIONAL, "parameter LOG_LEVEL",
                "added, default 'info'"));
        assertThat(change.breaking()).isFalse();
    }

    @Test
    void optionalParameterBecomingRequiredIsBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().env("TOKEN", "").param("TOKEN", "required", "true")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PARAMETER_NOW_REQUIRED, "parameter TOKEN",
                "now required (was optional, default '*****'): pods that do not set it fail"));
    }

    @Test
    void requiredParameterBecomingOptionalIsCompatible() {
        ContractChange change = only(diffTo(Contracts.configSync().env("CONFIG_URL", "http://config:8080/app.conf")
                .without("dev.sidecar.contract.param.CONFIG_URL.required")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PARAMETER_NOW_OPTIONAL, "parameter CONFIG_URL",
                "now optional, default 'http://config:8080/app.conf'"));
        assertThat(change.breaking()).isFalse();
    }

    @Test
    void changedDefaultIsBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().env("UPDATE_FREQUENCY", "5m")));

        assertThat(change).isEqualTo(new ContractChange(Kind.DEFAULT_CHANGED, "parameter UPDATE_FREQUENCY",
                "default changed from '30s' to '5m'"));
        assertThat(change.breaking()).isTrue();
    }

    @Test
    void changedUnitIsBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().param("FETCH_TIMEOUT_SECONDS", "unit",
                "milliseconds")));

        assertThat(change).isEqualTo(new ContractChange(Kind.UNIT_CHANGED, "parameter FETCH_TIMEOUT_SECONDS",
                "unit changed from seconds to milliseconds"));
    }

    @Test
    void droppedAllowedValueIsNarrowingAndBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().param("SIGNAL", "values", "HUP,USR1")));

        assertThat(change).isEqualTo(new ContractChange(Kind.VALUES_NARROWED, "parameter SIGNAL",
                "values TERM no longer allowed (was HUP, TERM, USR1; now HUP, USR1)"));
        assertThat(change.breaking()).isTrue();
    }

    @Test
    void newListOfAllowedValuesIsNarrowing() {
        ContractChange change = only(diffTo(Contracts.configSync().param("CONFIG_FILE", "values",
                "/config/app.conf,/config/app.yaml")));

        assertThat(change.kind()).isEqualTo(Kind.VALUES_NARROWED);
        assertThat(change.detail()).isEqualTo("now restricted to /config/app.conf, /config/app.yaml");
    }

    @Test
    void addedAllowedValueIsWideningAndCompatible() {
        ContractChange change = only(diffTo(Contracts.configSync().param("SIGNAL", "values", "HUP,TERM,USR1,USR2")));

        assertThat(change).isEqualTo(new ContractChange(Kind.VALUES_WIDENED, "parameter SIGNAL",
                "values USR2 now allowed too (was HUP, TERM, USR1)"));
        assertThat(change.breaking()).isFalse();
    }

    @Test
    void droppedListOfAllowedValuesIsWidening() {
        ContractChange change = only(diffTo(Contracts.configSync().without("dev.sidecar.contract.param.SIGNAL.values")));

        assertThat(change.kind()).isEqualTo(Kind.VALUES_WIDENED);
        assertThat(change.detail()).isEqualTo("no longer restricted (was HUP, TERM, USR1)");
    }

    @Test
    void changedPatternIsBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().param("PROCESS_NAME", "pattern", "[a-z-]{1,15}")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PATTERN_CHANGED, "parameter PROCESS_NAME",
                "pattern changed from [^/]{1,15} to [a-z-]{1,15}"));
        assertThat(change.breaking()).isTrue();
    }

    @Test
    void droppedPatternIsCompatible() {
        ContractChange change = only(diffTo(Contracts.configSync()
                .without("dev.sidecar.contract.param.PROCESS_NAME.pattern")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PATTERN_REMOVED, "parameter PROCESS_NAME",
                "pattern [^/]{1,15} dropped"));
        assertThat(change.breaking()).isFalse();
    }

    @Test
    void removedPortIsBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().withoutExposed("9100/tcp")
                .without("dev.sidecar.contract.port.9100.description").without("dev.sidecar.contract.port.9100.param")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PORT_REMOVED, "port 9100/tcp", "no longer served"));
        assertThat(change.breaking()).isTrue();
    }

    @Test
    void newPortIsCompatible() {
        ContractChange change = only(diffTo(Contracts.configSync().expose("8080/tcp")
                .port(8080, "description", "health")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PORT_ADDED, "port 8080/tcp", "added: health"));
        assertThat(change.breaking()).isFalse();
    }

    @Test
    void portNoLongerMovedByItsParameterIsBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().without("dev.sidecar.contract.port.9100.param")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PORT_CHANGED, "port 9100/tcp",
                "no longer moved by parameter METRICS_PORT"));
    }

    @Test
    void changedPortProtocolIsBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().withoutExposed("9100/tcp").expose("9100/udp")));

        assertThat(change).isEqualTo(new ContractChange(Kind.PORT_CHANGED, "port 9100/tcp", "protocol changed to udp"));
    }

    @Test
    void removedVolumeUseIsBreaking() {
        Contracts newVersion = Contracts.configSync();
        for (String attribute : new String[] {"path", "access", "param", "description"}) {
            newVersion.without("dev.sidecar.contract.volume.config." + attribute);
        }

        assertThat(only(diffTo(newVersion))).isEqualTo(new ContractChange(Kind.VOLUME_REMOVED, "volume config",
                "the image no longer writes /config/app.conf"));
    }

    @Test
    void changedVolumeAccessIsBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().volume("config", "access", "read-write")));

        assertThat(change).isEqualTo(new ContractChange(Kind.VOLUME_CHANGED, "volume config",
                "access changed from write to read-write"));
    }

    @Test
    void changedVolumePathIsBreaking() {
        ContractChange change = only(diffTo(Contracts.configSync().volume("config", "path", "/etc/app.conf")));

        assertThat(change).isEqualTo(new ContractChange(Kind.VOLUME_CHANGED, "volume config",
                "path changed from /config/app.conf to /etc/app.conf"));
    }

    @Test
    void newVolumeUseIsCompatible() {
        ContractChange change = only(diffTo(Contracts.configSync().volume("cache", "path", "/cache")
                .volume("cache", "access", "read-write")));

        assertThat(change).isEqualTo(new ContractChange(Kind.VOLUME_ADDED, "volume cache",
                "the image reads and writes /cache"));
        assertThat(change.breaking()).isFalse();
    }

    @Test
    void newlyNeededPodFeatureIsBreakingAndDroppedOneCompatible() {
        Contracts sharing = Contracts.configSync().label("dev.sidecar.contract.needs", "shareProcessNamespace");

        assertThat(only(diffTo(sharing))).isEqualTo(new ContractChange(Kind.NEEDS_ADDED, "pod",
                "the image now needs shareProcessNamespace"));
        assertThat(only(ContractDiff.between(sharing.contract(), OLD))).isEqualTo(new ContractChange(
                Kind.NEEDS_REMOVED, "pod", "the image no longer needs shareProcessNamespace"));
    }

    @Test
    void changedDescriptionsAndSecretFlagAreCompatibleDocumentation() {
        ContractDiff diff = diffTo(Contracts.configSync()
                .param("SIGNAL", "description", "Signal sent to the app")
                .param("MAX_SIZE", "secret", "true")
                .port(9100, "description", "metrics")
                .label("org.opencontainers.image.description", "Keeps a config file current")
                .label("dev.sidecar.contract.role", "main"));

        assertThat(diff.changes()).extracting(ContractChange::kind).containsOnly(Kind.DOCUMENTATION_CHANGED);
        assertThat(diff.changes()).hasSize(5);
        assertThat(diff.isBreaking()).isFalse();
    }

    @Test
    void diffListsBreakingChangesAndPrintsEachWithItsClass() {
        ContractDiff diff = diffTo(Contracts.configSync().env("UPDATE_FREQUENCY", "5m")
                .param("SIGNAL", "values", "HUP,TERM,USR1,USR2"));

        assertThat(diff.breaking()).extracting(ContractChange::kind).containsExactly(Kind.DEFAULT_CHANGED);
        assertThat(diff).hasToString("2 change(s), 1 breaking\n"
                + "  breaking DEFAULT_CHANGED: parameter UPDATE_FREQUENCY: default changed from '30s' to '5m'\n"
                + "  compatible VALUES_WIDENED: parameter SIGNAL: values USR2 now allowed too (was HUP, TERM, USR1)");
    }

    @Test
    void everyKindIsClassifiedAsTheReadmeSays() {
        Set<Kind> breaking = Arrays.stream(Kind.values()).filter(Kind::breaking)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Kind.class)));

        assertThat(breaking).containsExactlyInAnyOrder(Kind.PARAMETER_REMOVED, Kind.PARAMETER_RENAMED,
                Kind.PARAMETER_ADDED_REQUIRED, Kind.PARAMETER_NOW_REQUIRED, Kind.DEFAULT_CHANGED, Kind.UNIT_CHANGED,
                Kind.VALUES_NARROWED, Kind.PATTERN_CHANGED, Kind.PORT_REMOVED, Kind.PORT_CHANGED, Kind.VOLUME_REMOVED,
                Kind.VOLUME_CHANGED, Kind.NEEDS_ADDED);
    }

    /** The config-sync contract with parameter {@code from} renamed to {@code to}, described as {@code description}. */
    private static Contracts renamed(String from, String to, String description) {
        return Contracts.configSync().withoutEnv(from).without("dev.sidecar.contract.param." + from + ".unit")
                .without("dev.sidecar.contract.param." + from + ".description")
                .env(to, "1Mi").param(to, "unit", "bytes").param(to, "description", description);
    }
}
