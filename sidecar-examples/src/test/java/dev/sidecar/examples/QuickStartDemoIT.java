package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's quick start runs as written and says what it did. */
class QuickStartDemoIT {

    @Test
    void quickStartServesTheLegacyAppOverHttpsAndSaysWhere() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            QuickStartDemo.run(out);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .containsPattern("served https://[^ ]+:\\d+/ with the certificate CN=quickstart.sidecar.test")
                .containsPattern("GET https://[^ ]+:\\d+/ -> Hello from the legacy app")
                .contains("closed the pod");
    }
}
