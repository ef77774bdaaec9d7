package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each example image's Dockerfile documents its API surface: what it is, each parameter (ENV) with its default and a
 * comment on meaning and unit, each port (EXPOSE), and labels; and its entry point names each required parameter
 * when it is missing. No Docker needed.
 */
class ExampleDockerfilesTest {

    private static final Path IMAGES = Path.of("images");
    private static final Pattern ENV = Pattern.compile("ENV (\\w+)=(.*)");
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
        List<String> lines = dockerfile(name);

        assertThat(lines.get(0)).startsWith("# " + name + ": ");
        assertThat(lines).containsAnyOf("ARG BUSYBOX_IMAGE=sidecar-test/busybox:1", "ARG DEBIAN_IMAGE=sidecar-test/debian:1");
        assertThat(lines).containsAnyOf("FROM ${BUSYBOX_IMAGE}", "FROM ${DEBIAN_IMAGE}");
        assertThat(labels(lines)).containsEntry("org.opencontainers.image.title", name)
                .containsEntry("org.opencontainers.image.version", "1")
                .containsKeys("org.opencontainers.image.description", "dev.sidecar.example.role",
                        "dev.sidecar.example.required-env");
    }

    @ParameterizedTest
    @MethodSource("images")
    void everyParameterHasADefaultAndACommentAboveIt(String name) throws IOException {
        List<String> lines = dockerfile(name);

        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("ENV ")) {
                assertThat(lines.get(i)).as("%s: one parameter per ENV, with its default", name).matches(ENV);
                assertThat(lines.get(i - 1)).as("%s: the line above %s", name, lines.get(i)).startsWith("# ");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("images")
    void requiredParametersAreMarkedAndNamedWhenMissing(String name) throws IOException {
        List<String> lines = dockerfile(name);
        String script = Files.readString(IMAGES.resolve(name).resolve(name + ".sh"));
        String required = labels(lines).get("dev.sidecar.example.required-env");

        for (String variable : required.isEmpty() ? new String[0] : required.split(",")) {
            int at = lines.indexOf("ENV " + variable + "=\"\"");
            assertThat(at).as("%s: required %s has an empty default", name, variable).isPositive();
            assertThat(comment(lines, at)).as("%s: comment of %s", name, variable).startsWith("# Required.");
            assertThat(script).contains(variable + " is required: ");
        }
    }

    @ParameterizedTest
    @MethodSource("images")
    void theDefaultPortIsExposed(String name) throws IOException {
        List<String> lines = dockerfile(name);
        lines.stream().map(ENV::matcher).filter(Matcher::matches).filter(m -> m.group(1).equals("PORT"))
                .forEach(port -> assertThat(lines).contains("EXPOSE " + port.group(2)));
    }

    private static List<String> dockerfile(String name) throws IOException {
        return Files.readAllLines(IMAGES.resolve(name).resolve("Dockerfile"));
    }

    /** The comment lines right above line {@code at}, joined. */
    private static String comment(List<String> lines, int at) {
        List<String> comment = new ArrayList<>();
        for (int i = at - 1; i >= 0 && lines.get(i).startsWith("#"); i--) {
            comment.add(0, lines.get(i));
        }
        return String.join(" ", comment);
    }

    /** The LABEL instruction's key="value" pairs, continuation lines joined. */
    private static Map<String, String> labels(List<String> lines) {
        String joined = String.join("\n", lines).replace("\\\n", " ");
        Map<String, String> labels = new LinkedHashMap<>();
        Arrays.stream(joined.split("\n")).filter(l -> l.startsWith("LABEL ")).forEach(l -> {
            Matcher m = LABEL.matcher(l);
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
        });
        return labels;
    }
}
