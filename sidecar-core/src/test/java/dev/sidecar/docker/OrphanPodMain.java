package dev.sidecar.docker;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.TestImages;
import java.net.URI;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * A JVM that starts a pod, prints {@code instance <id>} and sleeps until it is killed: {@link SweeperIT} kills it
 * with SIGKILL, so no close or shutdown hook runs and the pod's objects are left behind.
 *
 * <p>Arguments: the pod's name and, optionally, the Docker engine to use (a {@code unix://} URI); without it, the
 * one Testcontainers finds.
 */
final class OrphanPodMain {

    private OrphanPodMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String loop = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";
        PodSpec spec = PodSpec.builder(args[0])
                .volume(VolumeSpec.emptyDir("shared"))
                .sidecar(ContainerSpec.builder("helper", TestImages.BUSYBOX).command("sh", "-c", loop)
                        .mount("shared", "/shared").build())
                .main(ContainerSpec.builder("app", TestImages.BUSYBOX).command("sh", "-c", loop)
                        .mount("shared", "/shared").build())
                .build();
        DockerPodRuntime runtime = args.length > 1
                ? DockerPodRuntime.builder().transportConfig(TransportConfig.builder()
                        .dockerHost(URI.create(args[1])).build()).build()
                : DockerPodRuntime.create();
        Pod pod = runtime.start(spec);
        System.out.println("instance " + pod.instanceId());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
