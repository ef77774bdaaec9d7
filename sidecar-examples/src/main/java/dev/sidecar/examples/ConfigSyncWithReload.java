package dev.sidecar.examples;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import dev.sidecar.docker.DockerPodRuntime;
import java.net.URI;
import java.time.Duration;

/**
 * Example 2, config sync with reload: the {@code config-sync} sidecar polls a config API every second, writes the
 * config into an {@code emptyDir} shared with the app and, when it changed, sends SIGHUP to the app's process,
 * which it finds by name because the pod shares one PID namespace. The app reloads in place: same process, no
 * restart.
 *
 * <pre>
 * mvn -q -pl sidecar-examples -am package -DskipTests -Ddemo=ConfigSyncWithReload
 * </pre>
 */
public final class ConfigSyncWithReload {

    /** The port the app serves what it loaded on. */
    static final int APP_PORT = 8080;
    /** How often the sidecar polls the config API. */
    static final Duration SYNC_PERIOD = Duration.ofSeconds(1);

    private ConfigSyncWithReload() {
    }

    /** The pod: the reloading app (main) and config-sync (sidecar) fetching from {@code configUrl}. */
    public static PodSpec spec(URI configUrl) {
        return PodSpec.builder("config-sync")
                .shareProcessNamespace(true)
                .volume(VolumeSpec.emptyDir("config"))
                .sidecar(ContainerSpec.builder("config-sync", ExampleImages.CONFIG_SYNC)
                        .env("CONFIG_URL", configUrl.toString())
                        .env("CONFIG_FILE", "/config/app.conf")
                        .env("UPDATE_FREQUENCY_SECONDS", String.valueOf(SYNC_PERIOD.toSeconds()))
                        .env("PROCESS_NAME", "config-app")
                        .env("SIGNAL", "HUP")
                        .mount("config", "/config")
                        // Ready once the first config is written, so main finds it when it starts.
                        .readyWhen(Probe.exec("test", "-s", "/config/app.conf"))
                        .build())
                .main(ContainerSpec.builder("app", ExampleImages.CONFIG_APP)
                        .env("CONFIG_FILE", "/config/app.conf")
                        .port(APP_PORT)
                        .mountReadOnly("config", "/config")
                        .readyWhen(Probe.http(APP_PORT, "/"))
                        .build())
                .build();
    }

    /** Starts a config API and the pod, changes the config and shows the app picking it up without a restart. */
    public static void main(String[] args) {
        try (ConfigApi api = ConfigApi.start("greeting=hello\n");
                Pod pod = DockerPodRuntime.create().start(spec(api.url()))) {
            URI app = pod.endpoint("app", APP_PORT).http("/");
            System.out.println("config API at " + api.url() + "; the app answers at " + app + ":");
            System.out.print(Http.get(app).body());

            api.set("greeting=bonjour\n");
            System.out.println("changed the config on the API to greeting=bonjour; the app answers:");
            String reloaded = Poll.until("the app to serve the new config", SYNC_PERIOD.plusSeconds(5),
                    () -> Http.get(app).body(), page -> page.contains("greeting=bonjour"));
            System.out.print(reloaded);
            System.out.println("restarts of the app: " + pod.main().status().restartCount());
            System.out.println("config-sync said: " + pod.container("config-sync").logTail(2));
        }
    }
}
