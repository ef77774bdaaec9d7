package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.examples.ProcessMonitoring;
import dev.sidecar.junit.DisabledWithoutRuntime;
import dev.sidecar.junit.SidecarPod;
import org.junit.jupiter.api.Test;

/**
 * The process monitoring example (topz in a shared process namespace) on the runtime the run is configured for:
 * Docker in the normal build, the kubeconfig's cluster with the profile {@code kubernetes-cluster} (skipped when there
 * is none).
 */
@DisabledWithoutRuntime
class ProcessMonitoringClusterIT {

    @SidecarPod
    static final PodSpec POD = ProcessMonitoring.spec();

    @Test
    void topzListsMainsServerAndItsOwnProcesses(Pod pod) {
        String topz = Web.get(pod.endpoint("topz", 9090).http("/cgi-bin/topz")).body();

        assertThat(topz.lines().findFirst()).hasValueSatisfying(header -> assertThat(header)
                .matches("PID\\s+PPID\\s+USER\\s+VSZ\\s+RSS\\s+STAT\\s+COMMAND"));
        assertThat(topz).contains("httpd -f -v -p 8080 -h /var/www", "httpd -f -p 9090 -h /www", "/pause");
    }
}
