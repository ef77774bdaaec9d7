package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Pod;
import dev.sidecar.PodStatus;
import dev.sidecar.docker.DockerPodRuntime;
import dev.sidecar.examples.SharedPidNamespace.Process;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Example 6: a busybox sidecar sees nginx's processes in main and signals them through the shared PID namespace. */
class SharedPidNamespaceIT {

    private static final Duration SIGNAL_BOUND = Duration.ofSeconds(10);

    @Test
    void sidecarSeesNginxMasterAndWorkerProcesses() {
        try (Pod pod = DockerPodRuntime.create().start(SharedPidNamespace.spec())) {
            List<Process> seen = SharedPidNamespace.processes(pod);

            Process master = SharedPidNamespace.master(pod);
            assertThat(master.args()).isEqualTo("nginx: master process nginx -g daemon off;");
            assertThat(seen).filteredOn(p -> p.args().equals("nginx: worker process"))
                    .isNotEmpty()
                    .allSatisfy(worker -> assertThat(worker.ppid()).isEqualTo(master.pid()));
            assertThat(seen).extracting(Process::args).contains("/pause", "sleep 2147483647");
        }
    }

    @Test
    void hangupFromSidecarMakesNginxReplaceItsWorkers() {
        try (Pod pod = DockerPodRuntime.create().start(SharedPidNamespace.spec())) {
            Process master = SharedPidNamespace.master(pod);
            Set<Integer> before = SharedPidNamespace.workerPids(pod);

            SharedPidNamespace.kill(pod, "HUP", master.pid());

            Set<Integer> after = Poll.until("nginx to replace workers " + before, SIGNAL_BOUND,
                    () -> SharedPidNamespace.workerPids(pod),
                    now -> !now.isEmpty() && now.stream().noneMatch(before::contains));
            assertThat(after).doesNotContainAnyElementsOf(before);
            assertThat(SharedPidNamespace.master(pod)).as("the same master, reloaded").isEqualTo(master);
            assertThat(pod.main().status().restartCount()).isZero();
        }
    }

    @Test
    void quitFromSidecarStopsNginxGracefullyAndThePodShowsIt() {
        try (Pod pod = DockerPodRuntime.create().start(SharedPidNamespace.spec())) {
            Process master = SharedPidNamespace.master(pod);

            SharedPidNamespace.kill(pod, "QUIT", master.pid());

            PodStatus status = pod.awaitStatus(s -> s.phase() == PodStatus.Phase.SUCCEEDED
                    && s.container("toolbox").terminated(), SIGNAL_BOUND);
            assertThat(status.container("nginx").exitCode()).isZero();
            assertThat(status.container("toolbox").restartCount())
                    .as("a finished pod's sidecar is stopped, not restarted").isZero();
        }
    }
}
