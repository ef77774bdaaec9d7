package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.examples.LogShipping;
import dev.sidecar.junit.ContainerRef;
import dev.sidecar.junit.DisabledWithoutRuntime;
import dev.sidecar.junit.SidecarPod;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The log shipping example on the runtime the run is configured for: Docker in the normal build,
 * the kubeconfig's cluster with the profile {@code kubernetes-cluster} (skipped when there is none).
 */
@DisabledWithoutRuntime
class LogShippingClusterIT {

    /** The app writes its 400 lines over about three seconds; the rest is slack for a cluster. */
    private static final Duration SHIPPED_BOUND = Duration.ofSeconds(30);
    private static final Pattern APP_LINE = Pattern.compile("line (\\d+) of 400");

    @SidecarPod
    static final PodSpec POD = LogShipping.spec();

    @Test
    void linesArriveInOrderWithNoneLostAcrossRotationOnTheShippersStdout(
            @ContainerRef("log-shipper") PodContainer shipper) {
        shipper.awaitLog("line 400 of 400", SHIPPED_BOUND);

        List<Integer> shipped = shipper.logs().lines().map(APP_LINE::matcher).filter(Matcher::matches)
                .map(m -> Integer.parseInt(m.group(1))).toList();
        assertThat(shipped).containsExactlyElementsOf(IntStream.rangeClosed(1, 400).boxed().toList());
        assertThat(shipper.exec("ls", "/var/log/app").stdout()).contains("app.log.1");
    }
}
