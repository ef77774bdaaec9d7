package dev.sidecar.junit;

import static dev.sidecar.test.TestImages.BUSYBOX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Endpoint;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ReadmeExampleIT {

    @SidecarPod
    static final PodSpec WEB = PodSpec.builder("web")
            .volume(VolumeSpec.emptyDir("www"))
            .sidecar(ContainerSpec.builder("content", BUSYBOX)
                    .command("sh", "-c", "echo 'hello from the sidecar' > /www/index.html && exec sleep 3600")
                    .mount("www", "/www")
                    .readyWhen(Probe.exec("test", "-f", "/www/index.html"))
                    .stopSignal("SIGKILL") // busybox as PID 1 ignores SIGTERM
                    .build())
            .main(ContainerSpec.builder("app", BUSYBOX)
                    .command("httpd", "-f", "-p", "8080", "-h", "/www")
                    .mountReadOnly("www", "/www")
                    .port(8080)
                    .readyWhen(Probe.tcp(8080))
                    .stopSignal("SIGKILL")
                    .build())
            .build();

    @Test
    void appServesWhatTheSidecarWrote(@ContainerPort(8080) Endpoint app) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(app.http("/index.html")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("hello from the sidecar\n");
    }

    @Test
    void sidecarSeesTheSharedVolume(@ContainerRef("content") PodContainer content) {
        assertThat(content.exec("ls", "/www").stdout()).contains("index.html");
    }
}
