package dev.sidecar.examples;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ExecResult;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.Probe;
import dev.sidecar.docker.DockerPodRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Example 6, the shared PID namespace: main runs nginx; a busybox sidecar ("toolbox") sees nginx's master and
 * worker processes with {@code ps} and signals them with {@code kill}: SIGHUP makes nginx start new workers, SIGQUIT
 * stops it gracefully; the pod then succeeds and stops its sidecar, as Kubernetes ends a pod whose main containers
 * have finished.
 *
 * <pre>
 * mvn -q -pl sidecar-examples -am package -DskipTests -Ddemo=SharedPidNamespace
 * </pre>
 */
public final class SharedPidNamespace {

    /** One row of {@code ps -o pid,ppid,args}. */
    record Process(int pid, int ppid, String args) {
    }

    private static final Pattern PS_ROW = Pattern.compile("\\s*(\\d+)\\s+(\\d+)\\s+(.*)");

    private SharedPidNamespace() {
    }

    /** The pod: nginx (main) and a busybox toolbox (sidecar), sharing one PID namespace. */
    public static PodSpec spec() {
        return PodSpec.builder("shared-pid")
                .shareProcessNamespace(true)
                .sidecar(ContainerSpec.builder("toolbox", ExampleImages.busybox())
                        .command("sleep", "2147483647")
                        .build())
                .main(ContainerSpec.builder("nginx", ExampleImages.debian())
                        .command("nginx", "-g", "daemon off;")
                        .port(80)
                        .stopSignal("SIGQUIT")
                        .readyWhen(Probe.http(80, "/"))
                        .build())
                .build();
    }

    /** The processes the toolbox sidecar sees. */
    static List<Process> processes(Pod pod) {
        ExecResult ps = pod.container("toolbox").exec("ps", "-o", "pid,ppid,args");
        if (!ps.succeeded()) {
            throw new IllegalStateException("ps in the toolbox failed: " + ps.stderr());
        }
        return ps.stdout().lines().map(PS_ROW::matcher).filter(Matcher::matches)
                .map(m -> new Process(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)))
                .toList();
    }

    /** nginx's master process, as the toolbox sees it. */
    static Process master(Pod pod) {
        return processes(pod).stream().filter(p -> p.args().startsWith("nginx: master process")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the toolbox sees no nginx master process"));
    }

    /** The pids of nginx's worker processes, as the toolbox sees them. */
    static Set<Integer> workerPids(Pod pod) {
        return Set.copyOf(processes(pod).stream().filter(p -> p.args().startsWith("nginx: worker process"))
                .map(Process::pid).toList());
    }

    /** Sends {@code signal} to {@code pid} from the toolbox sidecar. */
    static void kill(Pod pod, String signal, int pid) {
        ExecResult kill = pod.container("toolbox").exec("kill", "-s", signal, String.valueOf(pid));
        if (!kill.succeeded()) {
            throw new IllegalStateException("kill -s " + signal + " " + pid + " failed: " + kill.stderr());
        }
    }

    /** Starts the pod, shows nginx from the toolbox, reloads it with SIGHUP and stops it with SIGQUIT. */
    public static void main(String[] args) {
        try (Pod pod = DockerPodRuntime.create().start(spec())) {
            System.out.println("ps in the toolbox sidecar:");
            processes(pod).forEach(p -> System.out.printf("%5d %5d %s%n", p.pid(), p.ppid(), p.args()));

            Process master = master(pod);
            Set<Integer> before = workerPids(pod);
            kill(pod, "HUP", master.pid());
            Set<Integer> after = Poll.until("nginx to replace its workers", Duration.ofSeconds(10),
                    () -> workerPids(pod), now -> !now.isEmpty() && now.stream().noneMatch(before::contains));
            System.out.println("kill -HUP " + master.pid() + " from the toolbox: workers " + before + " -> " + after);

            kill(pod, "QUIT", master.pid());
            PodStatus status = pod.awaitStatus(s -> s.phase() == PodStatus.Phase.SUCCEEDED
                    && s.container("toolbox").terminated(), Duration.ofSeconds(20));
            System.out.println("kill -QUIT " + master.pid() + " from the toolbox: nginx exited with code "
                    + status.container("nginx").exitCode() + ", pod phase " + status.phase()
                    + "; the pod then stopped the toolbox, as Kubernetes stops a finished pod's sidecars");
        }
    }
}
