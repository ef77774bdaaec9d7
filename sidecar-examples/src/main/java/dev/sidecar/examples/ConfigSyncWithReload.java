package dev.sidecar.examples;

import dev.sidecar.ConfigMapSpec;
import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvFromSource;
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
 * restart. The sidecar is configured by a ConfigMap ({@code envFrom}). The synced config itself stays in an
 * {@code emptyDir}: a ConfigMap volume is read-only to the pod, and the point is a config that changes.
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
    /** The ConfigMap holding the sidecar's settings. */
    static final String SETTINGS = "config-sync-settings";

    private ConfigSyncWithReload() {
    }

    /**
     * The pod: the reloading app (main) and config-sync (sidecar) fetching from {@code configUrl}. The sidecar's own
     * settings are a ConfigMap whose every key becomes a variable ({@code envFrom}), as they would be in a cluster,
     * where the same image is configured per environment without changing the pod.
     */
    public static PodSpec spec(URI configUrl) {
        return PodSpec.builder("config-sync")
                .shareProcessNamespace(true)
                .configMap(ConfigMapSpec.builder(SETTINGS)
                        .data("CONFIG_URL", configUrl.toString())
                        .data("CONFIG_FILE", "/config/app.conf")
                        .data("UPDATE_FREQUENCY_SECONDS", String.valueOf(SYNC_PERIOD.toSeconds()))
                        .data("PROCESS_NAME", "config-app")
                        .data("SIGNAL", "HUP")
                        .build())
                .volume(VolumeSpec.emptyDir("config"))
                .sidecar(ContainerSpec.builder("config-sync", ExampleImages.CONFIG_SYNC)
                        .envFrom(EnvFromSource.configMap(SETTINGS))
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
