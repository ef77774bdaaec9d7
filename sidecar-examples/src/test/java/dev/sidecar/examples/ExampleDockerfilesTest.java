package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.contract.ContractParameter;
import dev.sidecar.contract.ContractPort;
import dev.sidecar.contract.ContractVolume;
import dev.sidecar.contract.ImageContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each example image's Dockerfile follows the sidecar contract convention: it says what the image is, and declares
 * each parameter (ENV) with its documentation, unit and rules, each port (EXPOSE) and each path it reads or writes on
 * a shared volume in {@code dev.sidecar.contract.*} labels, which read as a valid contract; its entry point names
 * each required parameter when it is missing. No Docker needed: the Dockerfile's LABEL, ENV and EXPOSE are read as
 * the engine would record them (ExampleImagesIT reads the built images).
 */
class ExampleDockerfilesTest {

    private static final Path IMAGES = Path.of("images");
    private static final Pattern ENV = Pattern.compile("ENV (\\w+)=(\"[^\"]*\"|[^\" ]*)");
    private static final Pattern LABEL = Pattern.compile("([\\w.-]+)=\"([^\"]*)\"");

    static Stream<String> images() throws IOException {
        try (Stream<Path> dirs = Files.list(IMAGES)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("Dockerfile")))
                    .map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("images")
    void dockerfileSaysWhatTheImageIsAndBuildsFromALocalTestImage(String name) throws IOException {
        Dockerfile dockerfile = Dockerfile.of(name);

        assertThat(dockerfile.lines.get(0)).startsWith("# " + name + ": ");
        assertThat(dockerfile.lines).containsAnyOf("ARG BUSYBOX_IMAGE=sidecar-test/busybox:1",
                "ARG DEBIAN_IMAGE=sidecar-test/debian:1");
        assertThat(dockerfile.lines).containsAnyOf("FROM ${BUSYBOX_IMAGE}", "FROM ${DEBIAN_IMAGE}");
        assertThat(dockerfile.labels).containsEntry("org.opencontainers.image.title", name)
                .containsEntry("org.opencontainers.image.version", "1")
                .containsEntry("dev.sidecar.contract.version", "1")
                .containsKeys("org.opencontainers.image.description", "dev.sidecar.contract.role");
    }

    @ParameterizedTest
    @MethodSource("images")
    void everyEnvIsADocumentedParameterOfAValidContract(String name) throws IOException {
        Dockerfile dockerfile = Dockerfile.of(name);
        ImageContract contract = dockerfile.contract();

        assertThat(contract.parameters()).extracting(ContractParameter::name)
                .as("%s: the parameters are the ENV names", name).containsExactlyElementsOf(dockerfile.env.keySet());
        assertThat(contract.parameters()).allSatisfy(p ->
                assertThat(p.description()).as("%s: description of %s", name, p.name()).isNotBlank());
    }

    @ParameterizedTest
    @MethodSource("images")
    void everyParameterIsDeclaredRightAboveItsEnv(String name) throws IOException {
        Dockerfile dockerfile = Dockerfile.of(name);

        for (int i = 0; i < dockerfile.lines.size(); i++) {
            Matcher env = ENV.matcher(dockerfile.lines.get(i));
            if (dockerfile.lines.get(i).startsWith("ENV ")) {
                assertThat(env.matches()).as("%s: one parameter per ENV: %s", name, dockerfile.lines.get(i)).isTrue();
                assertThat(dockerfile.lines.get(i - 1)).as("%s: the line above ENV %s", name, env.group(1))
                        .contains("dev.sidecar.contract.param." + env.group(1) + ".");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("images")
    void requiredParametersHaveAnEmptyEnvAndAreNamedWhenMissing(String name) throws IOException {
        Dockerfile dockerfile = Dockerfile.of(name);
        String script = Files.readString(IMAGES.resolve(name).resolve(name + ".sh"));

        dockerfile.contract().parameters().stream().filter(ContractParameter::required).forEach(p -> {
            assertThat(dockerfile.lines).as("%s: required %s", name, p.name()).contains("ENV " + p.name() + "=\"\"");
            assertThat(script).contains(p.name() + " is required: ");
        });
    }

    @ParameterizedTest
    @MethodSource("images")
    void everyPortIsExposedDocumentedAndMovedByItsPortParameter(String name) throws IOException {
        ImageContract contract = Dockerfile.of(name).contract();

        for (ContractPort port : contract.ports()) {
            assertThat(port.description()).as("%s: port %s", name, port.number()).isNotBlank();
            contract.parameter("PORT").ifPresent(p -> {
                assertThat(port.parameter()).as("%s: port %s", name, port.number()).contains("PORT");
                assertThat(p.defaultValue()).contains(String.valueOf(port.number()));
            });
        }
        if (contract.parameter("PORT").isPresent()) {
            assertThat(contract.ports()).as("%s exposes its PORT", name).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("images")
    void everyVolumeUseIsDescribedAndFollowsItsParametersDefault(String name) throws IOException {
        ImageContract contract = Dockerfile.of(name).contract();

        for (ContractVolume volume : contract.volumes()) {
            assertThat(volume.description()).as("%s: volume %s", name, volume.name()).isNotBlank();
            volume.parameter().flatMap(contract::parameter).flatMap(ContractParameter::defaultValue)
                    .filter(d -> !d.isEmpty())
                    .ifPresent(d -> assertThat(d).as("%s: volume %s", name, volume.name()).startsWith(volume.path()));
        }
    }

    /** A Dockerfile's lines, and its LABEL, ENV and EXPOSE as the engine records them. */
    private record Dockerfile(String name, List<String> lines, Map<String, String> labels, Map<String, String> env,
            List<String> exposed) {

        static Dockerfile of(String name) throws IOException {
            List<String> lines = Files.readAllLines(IMAGES.resolve(name).resolve("Dockerfile"));
            // Continuation lines joined, so that each instruction is one line.
            String joined = String.join("\n", lines).replace("\\\n", " ");
            Map<String, String> labels = new LinkedHashMap<>();
            Map<String, String> env = new LinkedHashMap<>();
            List<String> exposed = new ArrayList<>();
            for (String instruction : joined.split("\n")) {
                if (instruction.startsWith("LABEL ")) {
                    Matcher m = LABEL.matcher(instruction);
                    while (m.find()) {
                        labels.put(m.group(1), m.group(2));
                    }
                } else if (instruction.startsWith("ENV ")) {
                    Matcher m = ENV.matcher(instruction);
                    if (m.matches()) {
                        env.put(m.group(1), m.group(2).replace("\"", ""));
                    }
                } else if (instruction.startsWith("EXPOSE ")) {
                    exposed.addAll(List.of(instruction.substring("EXPOSE ".length()).strip().split("\\s+")));
                }
            }
            return new Dockerfile(name, lines, labels, env, exposed);
        }

        ImageContract contract() {
            List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
            return ImageContract.read("sidecar-examples/" + name + ":1", labels, envList, exposed).orElseThrow();
        }
    }
}
