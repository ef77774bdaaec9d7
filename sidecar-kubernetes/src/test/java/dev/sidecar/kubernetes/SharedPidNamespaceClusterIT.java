package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ExecResult;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.examples.SharedPidNamespace;
import dev.sidecar.junit.ContainerRef;
import dev.sidecar.junit.DisabledWithoutRuntime;
import dev.sidecar.junit.SidecarPod;
import org.junit.jupiter.api.Test;

/**
 * The shared process namespace example on the runtime the run is configured for: Docker in the normal build, the
 * kubeconfig's cluster with the profile {@code kubernetes-cluster} (skipped when there is none).
 */
@DisabledWithoutRuntime
class SharedPidNamespaceClusterIT {

    @SidecarPod
    static final PodSpec POD = SharedPidNamespace.spec();

    @Test
    void sidecarSeesNginxMasterAndWorkerProcesses(@ContainerRef("toolbox") PodContainer toolbox) {
        ExecResult ps = toolbox.exec("ps", "-o", "pid,ppid,args");

        assertThat(ps.succeeded()).as(ps.stderr()).isTrue();
        assertThat(ps.stdout()).contains("nginx: master process nginx -g daemon off;", "nginx: worker process",
                "sleep 2147483647");
    }
}
