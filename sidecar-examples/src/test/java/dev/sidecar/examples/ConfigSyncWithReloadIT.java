package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerStatus;
import dev.sidecar.Pod;
import dev.sidecar.docker.DockerPodRuntime;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Example 2: config sync from an HTTP config API, with the app reloading on SIGHUP through the shared PID namespace. */
class ConfigSyncWithReloadIT {

    /** One sync period for the sidecar to fetch, plus time to signal and reload. */
    private static final Duration RELOAD_BOUND = ConfigSyncWithReload.SYNC_PERIOD.plusSeconds(4);
    private static final Pattern LOADED_BY = Pattern.compile("# loaded by config-app pid (\\d+), reload (\\d+)");

    @Test
    void changedConfigReachesTheAppWithinBoundWithoutRestartingIt() {
        try (ConfigApi api = ConfigApi.start("greeting=hello\n");
                Pod pod = DockerPodRuntime.create().start(ConfigSyncWithReload.spec(api.url()))) {
            URI app = pod.endpoint("app", ConfigSyncWithReload.APP_PORT).http("/");
            String before = Http.get(app).body();
            ContainerStatus mainBefore = pod.main().status();
            assertThat(before).startsWith("greeting=hello\n");
            assertThat(pod.container("config-sync").logs())
                    .as("the first config is no change: no signal, which could end the app while it starts")
                    .contains("/config/app.conf written").doesNotContain("sent SIG").doesNotContain("to signal");

            api.set("greeting=bonjour\n");
            long changed = System.nanoTime();
            String after = Poll.until("the app to serve the changed config", RELOAD_BOUND,
                    () -> Http.get(app).body(), page -> page.startsWith("greeting=bonjour\n"));

            assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThanOrEqualTo(RELOAD_BOUND);
            assertThat(pid(after)).as("the app's pid after the reload").isEqualTo(pid(before));
            assertThat(reloads(after)).isGreaterThan(reloads(before));
            ContainerStatus mainAfter = pod.main().status();
            assertThat(mainAfter.running()).isTrue();
            assertThat(mainAfter.restartCount()).isZero();
            assertThat(mainAfter.startedAt()).isEqualTo(mainBefore.startedAt());
            assertThat(pod.container("config-sync").logs()).contains("sent SIGHUP to config-app");
            assertThat(pod.container("config-sync").exec("sh", "-c", "echo $CONFIG_URL").stdout())
                    .as("the sidecar's settings, from its ConfigMap").isEqualTo(api.url() + "\n");
        }
    }

    private static int pid(String page) {
        return Integer.parseInt(loadedBy(page).group(1));
    }

    private static int reloads(String page) {
        return Integer.parseInt(loadedBy(page).group(2));
    }

    private static Matcher loadedBy(String page) {
        Matcher m = LOADED_BY.matcher(page);
        assertThat(m.find()).as("the page says who loaded it: %s", page).isTrue();
        return m;
    }
}
