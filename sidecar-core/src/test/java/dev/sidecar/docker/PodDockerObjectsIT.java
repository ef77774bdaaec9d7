package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.VolumeSpec;
import dev.sidecar.test.EngineObjects;
import dev.sidecar.test.TestImages;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a pod creates on the engine is labelled and named so that a person or a sweeper can tell whose it is: the
 * library, the pod, the pod instance, the container and its role, the owning JVM.
 */
class PodDockerObjectsIT {

    private static final DockerPodRuntime RUNTIME = DockerPodRuntime.create();

    private static final PodSpec SPEC = PodSpec.builder("labelled")
            .volume(VolumeSpec.emptyDir("disk"))
            .volume(VolumeSpec.emptyDirInMemory("memory", "8Mi"))
            .sidecar(ContainerSpec.builder("side", TestImages.BUSYBOX).command(Scripts.idle())
                    .mount("disk", "/disk").build())
            .main(ContainerSpec.builder("app", TestImages.BUSYBOX).command(Scripts.idle())
                    .mount("memory", "/memory").build())
            .build();

    private static Pod pod;
    private static List<Container> containers;
    private static List<InspectVolumeResponse> volumes;

    @BeforeAll
    static void startPod() {
        pod = RUNTIME.start(SPEC);
        containers = EngineObjects.containersOfInstance(pod.instanceId());
        volumes = EngineObjects.volumesOfInstance(pod.instanceId());
    }

    @AfterAll
    static void closePod() {
        if (pod != null) {
            pod.close();
        }
    }

    @Test
    void everyContainerCarriesTheLibraryPodInstanceAndOwnerLabels() {
        assertThat(containers).hasSize(3).allSatisfy(c -> assertPodLabels(c.getLabels()));
    }

    @Test
    void everyContainerCarriesItsNameAndRole() {
        Map<String, String> roleByContainer = containers.stream()
                .filter(c -> !"infra".equals(c.getLabels().get(Labels.ROLE)))
                .collect(Collectors.toMap(c -> c.getLabels().get(Labels.CONTAINER),
                        c -> c.getLabels().get(Labels.ROLE)));

        assertThat(roleByContainer).containsOnly(Map.entry("side", "sidecar"), Map.entry("app", "main"));
    }

    @Test
    void theInfrastructureContainerIsLabelledWithItsRole() {
        assertThat(containers).filteredOn(c -> "infra".equals(c.getLabels().get(Labels.ROLE))).hasSize(1);
    }

    @Test
    void everyVolumeCarriesTheLibraryPodInstanceAndOwnerLabels() {
        assertThat(volumes).hasSize(2).allSatisfy(v -> assertPodLabels(v.getLabels()));
    }

    @Test
    void containerNamesContainThePodNameAndInstanceId() {
        assertThat(containers).allSatisfy(c -> assertThat(c.getNames())
                .anySatisfy(name -> assertThat(name).contains("labelled").contains(pod.instanceId())));
    }

    @Test
    void volumeNamesContainThePodNameAndInstanceId() {
        assertThat(volumes).allSatisfy(v -> assertThat(v.getName()).contains("labelled").contains(pod.instanceId()));
    }

    private static void assertPodLabels(Map<String, String> labels) {
        assertThat(labels)
                .containsEntry(Labels.LIBRARY, "true")
                .containsEntry(Labels.POD, "labelled")
                .containsEntry(Labels.INSTANCE, pod.instanceId())
                .containsEntry(Labels.OWNER_PID, Long.toString(ProcessHandle.current().pid()))
                .containsKeys(Labels.SESSION, Labels.OWNER_HOST);
    }
}
