package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.PodSpec;
import dev.sidecar.SecretSpec;
import dev.sidecar.examples.ConfigSyncWithReload;
import dev.sidecar.examples.HttpsForLegacyApp;
import dev.sidecar.examples.LogShipping;
import dev.sidecar.examples.ProcessMonitoring;
import dev.sidecar.examples.QuickStartDemo;
import dev.sidecar.examples.SharedPidNamespace;
import dev.sidecar.examples.TinyPaas;
import java.net.URI;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code spec → YAML → spec}: a spec exported (lenient, with secret values) and imported again (strict) is the spec
 * it was, for every example of {@code sidecar-examples} and for specs built at random from a seed
 * ({@link RandomSpecs}).
 */
class RoundTripTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("QuickStartDemo", QuickStartDemo.spec("quickstart.sidecar.test")),
                Arguments.of("HttpsForLegacyApp", HttpsForLegacyApp.spec(SecretSpec.builder("legacy-tls")
                        .stringData("tls.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
                        .data("tls.key", new byte[] {0x30, (byte) 0x82, 0x04, (byte) 0xa4}).build())),
                Arguments.of("ConfigSyncWithReload", ConfigSyncWithReload.spec(URI.create("http://10.0.2.2:8000/c"))),
                Arguments.of("LogShipping", LogShipping.spec()),
                Arguments.of("LogShipping to a sink", LogShipping.spec(URI.create("http://10.0.2.2:9000/logs"))),
                Arguments.of("ProcessMonitoring", ProcessMonitoring.spec()),
                Arguments.of("TinyPaas", TinyPaas.spec(Path.of("/tmp/site.git"))),
                Arguments.of("SharedPidNamespace", SharedPidNamespace.spec()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleComesBackFromItsManifest(String example, PodSpec spec) {
        assertThat(roundTrip(spec)).isEqualTo(spec);
    }

    static IntStream seeds() {
        return IntStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRandomSpecComesBackFromItsManifest(int seed) {
        PodSpec spec = new RandomSpecs(new Random(seed)).pod();

        assertThat(roundTrip(spec)).as("seed %d:\n%s", seed, KubernetesExport.of(spec).lenient().withSecretValues()
                .toYaml()).isEqualTo(spec);
    }

    private static PodSpec roundTrip(PodSpec spec) {
        String yaml = KubernetesExport.of(spec).lenient().withSecretValues().toYaml();
        ImportResult imported = KubernetesManifests.parse(yaml).workload("Pod", spec.name()).importPod();
        assertThat(imported.report().hasUnsupported()).as(imported.report().toString()).isFalse();
        return imported.spec();
    }
}
