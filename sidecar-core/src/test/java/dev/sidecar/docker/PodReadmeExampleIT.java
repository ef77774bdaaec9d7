package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The pod of issue 3's "done when", written the way the README shows it: an application with two sidecars, one
 * process namespace, a log directory on disk and a cache in memory. One start checks everything a pod shares, and
 * the close leaves nothing behind.
 */
class PodReadmeExampleIT {

    private static final PodSpec WEB = PodSpec.builder("web")
            .volume(VolumeSpec.emptyDir("logs"))
            .volume(VolumeSpec.emptyDirInMemory("cache", "32Mi"))
            .volume(VolumeSpec.emptyDir("www").toBuilder().file("index.html", "hello from the pod").build())
            .sidecar(ContainerSpec.builder("log-shipper", TestImages.BUSYBOX)
                    .command(Scripts.idle())
                    .mountReadOnly("logs", "/logs")
                    .build())
            .sidecar(ContainerSpec.builder("metrics", TestImages.BUSYBOX)
                    .command(Scripts.thenIdle(Scripts.serve(9100, "metrics", "requests_total 1")))
                    .mount("cache", "/cache")
                    .port(9100)
                    .readyWhen(Probe.http(9100, "/metrics"))
                    .build())
            .main(ContainerSpec.builder("app", TestImages.BUSYBOX)
                    .command(Scripts.thenIdle("echo started > /var/log/app/app.log\n"
                            + "httpd -f -p 8080 -h /www &"))
                    .mount("www", "/www")
                    .mount("logs", "/var/log/app")
                    .mount("cache", "/cache")
                    .port(8080)
                    .readyWhen(Probe.http(8080, "/index.html"))
                    .build())
            .shareProcessNamespace(true)
            .build();

    private final DockerPodRuntime runtime = DockerPodRuntime.create();

    @Test
    void mainAndTwoSidecarsShareWhatAPodSharesAndLeaveNothingBehind() {
        String instanceId;
        try (Pod pod = runtime.start(WEB)) {
            instanceId = pod.instanceId();
            PodContainer app = pod.container("app");
            PodContainer shipper = pod.container("log-shipper");
            PodContainer metrics = pod.container("metrics");

            // every declared port, main's and a sidecar's, from the host
            assertThat(HostHttp.get(pod.endpoint("app", 8080).http("/index.html")).body())
                    .isEqualTo("hello from the pod");
            assertThat(HostHttp.get(pod.endpoint("metrics", 9100).http("/metrics")).body())
                    .isEqualTo("requests_total 1\n");

            // processes: a sidecar sees main's server
            assertThat(shipper.exec("ps", "-o", "args").stdout()).contains("httpd -f -p 8080");

            // network: a sidecar reaches main on localhost
            assertThat(shipper.exec("wget", "-q", "-O", "-", "http://localhost:8080/index.html").stdout())
                    .isEqualTo("hello from the pod");

            // hostname: the pod's name, in every container
            assertThat(pod.containers()).allSatisfy(c -> assertThat(c.exec("hostname").stdout()).isEqualTo("web\n"));

            // IPC: shared memory written by one container is read by another
            metrics.exec("sh", "-c", "echo shared > /dev/shm/from-metrics");
            assertThat(app.exec("cat", "/dev/shm/from-metrics").stdout()).isEqualTo("shared\n");

            // a volume on disk: main writes its log, the shipper reads it (and may not write)
            assertThat(shipper.exec("cat", "/logs/app.log").stdout()).isEqualTo("started\n");
            assertThat(shipper.exec("touch", "/logs/shipped").exitCode()).isNotZero();

            // a volume in memory: tmpfs of its size limit, written by main, read by a sidecar
            assertThat(metrics.exec("grep", " /cache ", "/proc/mounts").stdout()).contains("tmpfs", "size=32768k");
            app.exec("sh", "-c", "echo cached > /cache/entry");
            assertThat(metrics.exec("cat", "/cache/entry").stdout()).isEqualTo("cached\n");
        }

        assertThat(EngineObjects.containersOfInstance(instanceId)).as("containers left").isEmpty();
        assertThat(EngineObjects.volumesOfInstance(instanceId)).as("volumes left").isEmpty();
    }
}
