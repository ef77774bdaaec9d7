package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class PodQuickIT {

    @Test
    void quick() throws Exception {
        PodSpec spec = PodSpec.builder("quick")
                .volume(VolumeSpec.emptyDir("www").withFile("index.html", "hello from the pod"))
                .sidecar(ContainerSpec.builder("side", TestImages.BUSYBOX).command("sleep", "600").build())
                .main(ContainerSpec.builder("app", TestImages.BUSYBOX)
                        .command("httpd", "-f", "-p", "8080", "-h", "/www")
                        .mount("www", "/www").port(8080).readyWhen(Probe.tcp(8080)).build())
                .shareProcessNamespace(true)
                .build();
        try (Pod pod = DockerPodRuntime.create().start(spec)) {
            URI uri = pod.endpoint("app", 8080).http("/index.html");
            var body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).isEqualTo("hello from the pod");
            assertThat(pod.container("side").exec("ps").stdout()).contains("httpd");
        }
    }
}
