package dev.sidecar.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.contract.ContractChange.Kind;
import dev.sidecar.test.ContractImages;
import dev.sidecar.test.ContractImages.Built;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The breaking-change check on real images: versions of one sidecar built in the test from the local busybox image,
 * each with changed labels, ENV or EXPOSE, their contracts read from the engine's inspection.
 */
class ContractDiffIT {

    /** Version 1: what pods were written against. */
    static final String V1 = """
            LABEL dev.sidecar.contract.version="1" org.opencontainers.image.title="poller" \\
                  org.opencontainers.image.description="Polls TARGET_URL" dev.sidecar.contract.role="sidecar"
            LABEL dev.sidecar.contract.param.TARGET_URL.required="true" dev.sidecar.contract.param.TARGET_URL.unit="url" \\
                  dev.sidecar.contract.param.TARGET_URL.description="Where it polls"
            ENV TARGET_URL=""
            LABEL dev.sidecar.contract.param.MODE.values="fast,safe" dev.sidecar.contract.param.MODE.description="How it polls"
            ENV MODE=safe
            LABEL dev.sidecar.contract.param.INTERVAL_SECONDS.unit="seconds" \\
                  dev.sidecar.contract.param.INTERVAL_SECONDS.description="How often it polls"
            ENV INTERVAL_SECONDS=10
            LABEL dev.sidecar.contract.param.TIMEOUT.unit="seconds" dev.sidecar.contract.param.TIMEOUT.description="How long a poll may take"
            ENV TIMEOUT=5
            LABEL dev.sidecar.contract.param.LEGACY_FLAG.unit="boolean" dev.sidecar.contract.param.LEGACY_FLAG.description="Old behaviour"
            ENV LEGACY_FLAG=false
            EXPOSE 8080 9090
            LABEL dev.sidecar.contract.port.8080.description="status page" dev.sidecar.contract.port.9090.description="metrics"
            LABEL dev.sidecar.contract.volume.state.path="/state" dev.sidecar.contract.volume.state.access="write" \\
                  dev.sidecar.contract.volume.state.description="last poll result"
            """;

    /** Version 2 with every breaking kind of change. */
    static final String V2_BREAKING = """
            LABEL dev.sidecar.contract.version="1" org.opencontainers.image.title="poller" \\
                  org.opencontainers.image.description="Polls TARGET_URL" dev.sidecar.contract.role="sidecar" \\
                  dev.sidecar.contract.needs="shareProcessNamespace"
            LABEL dev.sidecar.contract.param.POLL_URL.required="true" dev.sidecar.contract.param.POLL_URL.unit="url" \\
                  dev.sidecar.contract.param.POLL_URL.description="Where it polls"
            ENV POLL_URL=""
            LABEL dev.sidecar.contract.param.MODE.values="fast" dev.sidecar.contract.param.MODE.description="How it polls"
            ENV MODE=fast
            LABEL dev.sidecar.contract.param.INTERVAL_SECONDS.unit="seconds" \\
                  dev.sidecar.contract.param.INTERVAL_SECONDS.description="How often it polls"
            ENV INTERVAL_SECONDS=30
            LABEL dev.sidecar.contract.param.TIMEOUT.unit="milliseconds" dev.sidecar.contract.param.TIMEOUT.description="How long a poll may take"
            ENV TIMEOUT=5
            LABEL dev.sidecar.contract.param.API_KEY.required="true" dev.sidecar.contract.param.API_KEY.secret="true" \\
                  dev.sidecar.contract.param.API_KEY.description="Key for the target"
            ENV API_KEY=""
            EXPOSE 8080
            LABEL dev.sidecar.contract.port.8080.description="status page"
            LABEL dev.sidecar.contract.volume.state.path="/var/state" dev.sidecar.contract.volume.state.access="write" \\
                  dev.sidecar.contract.volume.state.description="last poll result"
            """;

    /** Version 2 with only compatible changes. */
    static final String V2_COMPATIBLE = """
            LABEL dev.sidecar.contract.version="1" org.opencontainers.image.title="poller" \\
                  org.opencontainers.image.description="Polls TARGET_URL and reports" dev.sidecar.contract.role="sidecar"
            LABEL dev.sidecar.contract.param.TARGET_URL.unit="url" \\
                  dev.sidecar.contract.param.TARGET_URL.description="Where it polls"
            ENV TARGET_URL="http://localhost:8080/"
            LABEL dev.sidecar.contract.param.MODE.values="fast,safe,paranoid" dev.sidecar.contract.param.MODE.description="How it polls"
            ENV MODE=safe
            LABEL dev.sidecar.contract.param.INTERVAL_SECONDS.unit="seconds" \\
                  dev.sidecar.contract.param.INTERVAL_SECONDS.description="How often it polls"
            ENV INTERVAL_SECONDS=10
            LABEL dev.sidecar.contract.param.TIMEOUT.unit="seconds" dev.sidecar.contract.param.TIMEOUT.description="How long a poll may take"
            ENV TIMEOUT=5
            LABEL dev.sidecar.contract.param.LEGACY_FLAG.unit="boolean" dev.sidecar.contract.param.LEGACY_FLAG.description="Old behaviour"
            ENV LEGACY_FLAG=false
            LABEL dev.sidecar.contract.param.LOG_LEVEL.values="debug,info" dev.sidecar.contract.param.LOG_LEVEL.description="Verbosity"
            ENV LOG_LEVEL=info
            EXPOSE 8080 9090 9100
            LABEL dev.sidecar.contract.port.8080.description="status page" dev.sidecar.contract.port.9090.description="metrics" \\
                  dev.sidecar.contract.port.9100.description="health"
            LABEL dev.sidecar.contract.volume.state.path="/state" dev.sidecar.contract.volume.state.access="write" \\
                  dev.sidecar.contract.volume.state.description="last poll result" \\
                  dev.sidecar.contract.volume.cache.path="/cache" dev.sidecar.contract.volume.cache.access="read-write" \\
                  dev.sidecar.contract.volume.cache.description="poll cache"
            """;

    private static Built v1;
    private static Built v1Again;
    private static Built v2Breaking;
    private static Built v2Compatible;
    private static Built plain;

    @BeforeAll
    static void buildImages() {
        v1 = ContractImages.build("poller-v1", V1);
        v1Again = ContractImages.build("poller-v1-again", V1);
        v2Breaking = ContractImages.build("poller-v2-breaking", V2_BREAKING);
        v2Compatible = ContractImages.build("poller-v2-compatible", V2_COMPATIBLE);
        plain = ContractImages.build("plain", "ENV MODE=fast\nEXPOSE 8080");
    }

    @AfterAll
    static void removeImages() {
        for (Built built : new Built[] {v1, v1Again, v2Breaking, v2Compatible, plain}) {
            if (built != null) {
                built.close();
            }
        }
    }

    private static ImageContract contractOf(Built built) {
        return ContractImages.contractOf(built.image()).orElseThrow();
    }

    @Test
    void contractIsReadFromTheBuiltImage() {
        ImageContract contract = contractOf(v1);

        assertThat(contract.parameters()).extracting(ContractParameter::name)
                .containsExactly("TARGET_URL", "MODE", "INTERVAL_SECONDS", "TIMEOUT", "LEGACY_FLAG");
        assertThat(contract.ports()).extracting(ContractPort::spec).containsExactly("8080/tcp", "9090/tcp");
        assertThat(contract.volumes()).extracting(ContractVolume::path).containsExactly("/state");
    }

    @Test
    void imageWithoutContractLabelsHasNoContract() {
        assertThat(ContractImages.contractOf(plain.image())).isEmpty();
    }

    @Test
    void rebuildingWithTheSameLabelsChangesNothing() {
        assertThat(ContractDiff.between(contractOf(v1), contractOf(v1Again)).isEmpty()).isTrue();
    }

    @Test
    void everyBreakingKindOfChangeIsFoundBetweenBuiltImages() {
        ContractDiff diff = ContractDiff.between(contractOf(v1), contractOf(v2Breaking));

        assertThat(diff.changes()).extracting(ContractChange::kind).containsExactlyInAnyOrder(
                Kind.PARAMETER_RENAMED, Kind.PARAMETER_REMOVED, Kind.DEFAULT_CHANGED, Kind.VALUES_NARROWED,
                Kind.DEFAULT_CHANGED, Kind.UNIT_CHANGED, Kind.PARAMETER_ADDED_REQUIRED, Kind.PORT_REMOVED,
                Kind.VOLUME_CHANGED, Kind.NEEDS_ADDED);
        assertThat(diff.changes()).extracting(ContractChange::subject).contains("parameter TARGET_URL",
                "parameter LEGACY_FLAG", "parameter MODE", "parameter INTERVAL_SECONDS", "parameter TIMEOUT",
                "parameter API_KEY", "port 9090/tcp", "volume state");
        assertThat(diff.changes()).allMatch(ContractChange::breaking);
    }

    @Test
    void everyCompatibleKindOfChangeIsFoundBetweenBuiltImages() {
        ContractDiff diff = ContractDiff.between(contractOf(v1), contractOf(v2Compatible));

        assertThat(diff.changes()).extracting(ContractChange::kind).containsExactlyInAnyOrder(
                Kind.PARAMETER_NOW_OPTIONAL, Kind.VALUES_WIDENED, Kind.PARAMETER_ADDED_OPTIONAL, Kind.PORT_ADDED,
                Kind.VOLUME_ADDED, Kind.DOCUMENTATION_CHANGED);
        assertThat(diff.isBreaking()).isFalse();
    }

    @Test
    void goingBackIsBreakingWhereGoingForwardWasCompatible() {
        ContractDiff diff = ContractDiff.between(contractOf(v2Compatible), contractOf(v1));

        assertThat(diff.breaking()).extracting(ContractChange::kind).containsExactlyInAnyOrder(
                Kind.PARAMETER_NOW_REQUIRED, Kind.VALUES_NARROWED, Kind.PARAMETER_REMOVED, Kind.PORT_REMOVED,
                Kind.VOLUME_REMOVED);
    }
}
