package dev.sidecar.cli;

import dev.sidecar.ContainerPort;
import dev.sidecar.ContainerStatus;
import dev.sidecar.Pod;
import dev.sidecar.PodContainer;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.PodStatus;
import dev.sidecar.PodTimeoutException;
import dev.sidecar.RestartPolicy;
import dev.sidecar.RuntimeUnavailableException;
import dev.sidecar.docker.DockerPodRuntime;
import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * {@code sidecar play FILE... [--workload KIND/NAME] [--image FROM=TO]... [--timeout DURATION]}: runs a manifest's pod
 * on the Docker engine through the library's runtime, as {@code podman kube play} runs one, and removes it at the end.
 * It prints the pod's endpoints and forwards its containers' output, then waits for one of three ends: the main
 * containers end for good (a Job's pod: the exit code follows the pod's phase), {@code --timeout} elapses, or Ctrl-C
 * or SIGTERM arrives. Each closes the pod within its grace period and removes its containers and volumes.
 */
@Command(name = "play", mixinStandardHelpOptions = true, versionProvider = SidecarCli.Version.class,
        sortOptions = false,
        description = {"Runs the pod of a Kubernetes workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, "
                + "Job, CronJob) on the Docker engine as the library does: init containers and native sidecars in "
                + "order, probes, restarts. The import report goes to stderr; a refused manifest creates nothing.",
            "On stdout: the pod's start, the endpoint of every TCP port (published on the engine's host), each "
                + "container's output (\"INFO <container> - [<instance>] <line>\") and, at the end, the pod's phase "
                + "and every container's status.",
            "It runs until the main containers have ended for good (a Job's pod; the exit code follows the pod's "
                + "phase), until --timeout elapses, or until Ctrl-C or SIGTERM. Then the pod is closed (preStop "
                + "hooks, the grace period, then SIGKILL) and its containers and volumes are removed; a second "
                + "Ctrl-C kills its containers at once instead of waiting out the grace period.",
            "Images are used as the engine has them, pulled as their pull policy says; --image replaces one, such as "
                + "a registry image by a local one (--image-map is the same option). The infrastructure image is "
                + "registry.k8s.io/pause:3.10 unless "
                + "--infra-image, SIDECAR_INFRA_IMAGE or -Dsidecar.infra-image names another."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:the pod SUCCEEDED (every main container exited 0); or, with restartPolicy Always, it still ran when "
                + "--timeout elapsed",
            "1:the pod FAILED (a main container exited with another code, or its active deadline passed) or its "
                + "infrastructure container was lost",
            "2:bad arguments, or a FILE does not exist",
            "4:no Docker engine answers",
            "6:a manifest cannot be read, or is refused (each problem on stderr with its field path)",
            "7:the pod did not start (a missing image, a failing init container, a container not ready in time)",
            "124:a pod that runs to completion (restartPolicy Never or OnFailure) had not ended when --timeout elapsed",
            "130, 143:stopped by Ctrl-C (SIGINT) or SIGTERM; the pod was closed and removed first",
        })
final class PlayCommand implements Callable<Integer> {

    /** How long one wait for the pod's end lasts before the next; without --timeout the pod runs until stopped. */
    static final Duration WAIT_STEP = Duration.ofMinutes(1);
    /** How long Ctrl-C during the start waits for the start to remove what it created. */
    static final Duration START_CLEANUP = Duration.ofMinutes(1);
    private static final Set<PodStatus.Phase> ENDED = Set.of(PodStatus.Phase.SUCCEEDED, PodStatus.Phase.FAILED,
            PodStatus.Phase.BROKEN, PodStatus.Phase.CLOSED);

    @Mixin
    private ManifestInput input;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "close the pod after this long (such as 30s, 5m, 1h), whatever it does; without it, it runs "
                    + "until its main containers end, or Ctrl-C")
    private Duration timeout;

    @Option(names = "--startup-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "2m", description = "how long the pod may take to start: pulls excluded, init containers "
                    + "and readiness included (default: ${DEFAULT-VALUE})")
    private Duration startupTimeout;

    @Option(names = "--infra-image", paramLabel = "IMAGE",
            description = "the pause image of the infrastructure container, which holds the pod's namespaces")
    private String infraImage;

    @Spec
    private CommandSpec spec;

    /** Set by the shutdown hook: Ctrl-C or SIGTERM arrived, and the hook closes the pod. */
    private volatile boolean stopping;
    private volatile Pod running;
    /** The running pod's containers, for a second Ctrl-C: a closing pod no longer lists them. */
    private volatile List<String> containerIds = List.of();
    private TransportConfig transport;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        forwardContainerOutput();
        PodSpec pod = input.importPod(err).spec();
        transport = EngineImages.transport();
        DockerPodRuntime.Builder builder = DockerPodRuntime.builder().transportConfig(transport)
                .startupTimeout(startupTimeout);
        if (infraImage != null) {
            builder.infraImage(infraImage);
        }
        try (DockerPodRuntime runtime = builder.build()) {
            return play(runtime, pod);
        } catch (RuntimeUnavailableException e) {
            throw new CliException(ExitCodes.ENGINE, e.getMessage(), e);
        }
    }

    private int play(DockerPodRuntime runtime, PodSpec pod) {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = stopHook(pod, Thread.currentThread(), finished);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Instant t0 = Instant.now();
            try {
                Pod started = runtime.start(pod);
                containerIds = started.containers().stream().map(PodContainer::id).toList();
                running = started;
            } catch (RuntimeException e) {
                if (stopping) {
                    // Interrupted by the hook: the start removed what it created; the JVM exits with 130 or 143.
                    return ExitCodes.OK;
                }
                if (e instanceof PodStartException) {
                    throw new CliException(ExitCodes.NOT_STARTED, "play: pod " + pod.name() + " did not start: "
                            + e.getMessage(), e);
                }
                throw e;
            }
            out.println("pod " + pod.name() + " started (instance " + running.instanceId() + ") in "
                    + DurationConverter.format(Duration.between(t0, Instant.now()).withNanos(0)));
            endpoints(out, running);
            Optional<PodStatus> ended = awaitEnd(running);
            if (stopping) {
                return ExitCodes.OK;
            }
            int exitCode;
            if (ended.isPresent()) {
                PodStatus status = ended.get();
                out.println("pod " + pod.name() + " " + status.phase() + (status.reason() == null ? ""
                        : " (" + status.reason() + ")"));
                exitCode = status.phase() == PodStatus.Phase.SUCCEEDED ? ExitCodes.OK : ExitCodes.POD_FAILED;
            } else {
                boolean service = pod.restartPolicy() == RestartPolicy.ALWAYS;
                out.println("pod " + pod.name() + " still " + running.status().phase() + " after --timeout "
                        + DurationConverter.format(timeout) + (service ? "" : ", where its main containers were "
                        + "to run to completion (restartPolicy " + pod.restartPolicy() + ")"));
                exitCode = service ? ExitCodes.OK : ExitCodes.TIMEOUT;
            }
            close(out, running);
            return exitCode;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C or SIGTERM: the hook is running and closes the pod.
            }
        }
    }

    /**
     * Ctrl-C and SIGTERM run the shutdown hooks before the JVM exits: this one closes a started pod gracefully, or
     * interrupts a start, which then removes what it created, and waits for that.
     */
    private Thread stopHook(PodSpec pod, Thread main, CountDownLatch finished) {
        PrintWriter out = spec.commandLine().getOut();
        return new Thread(() -> {
            stopping = true;
            Pod started = running;
            if (started == null) {
                out.println("pod " + pod.name() + " stopping during its start: the start removes what it created");
                out.flush();
                main.interrupt();
                try {
                    finished.await(START_CLEANUP.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            forceOnSecondStop(started, out);
            out.println("pod " + pod.name() + " stopping (grace period "
                    + DurationConverter.format(pod.terminationGracePeriod()) + "; Ctrl-C again to kill it now)");
            out.flush();
            close(out, started);
        }, "sidecar-play-stop");
    }

    /**
     * A second Ctrl-C (or SIGTERM) while the pod closes kills its containers at once, as a second Ctrl-C does to
     * {@code docker compose up}: the close in progress then removes them without waiting out the grace period. The
     * JVM's own handler would block until the hooks end; {@code sun.misc.Signal} is the JDK's one way to replace it.
     */
    private void forceOnSecondStop(Pod pod, PrintWriter out) {
        List<String> ids = containerIds;
        sun.misc.SignalHandler force = signal -> {
            out.println("pod " + pod.name() + ": SIG" + signal.getName() + " again, killing its containers now");
            out.flush();
            kill(ids);
        };
        for (String name : List.of("INT", "TERM")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), force);
        }
    }

    /** Sends SIGKILL to each container; one that has already exited or gone is skipped. */
    private void kill(List<String> containerIds) {
        try (DockerClient client = DockerClientProviderStrategy.getClientForConfig(transport)) {
            for (String id : containerIds) {
                try {
                    client.killContainerCmd(id).exec();
                } catch (RuntimeException exitedOrGone) {
                    // Nothing to kill: the close goes on with it.
                }
            }
        } catch (IOException closing) {
            // Closing the client of a few kill calls loses nothing.
        }
    }

    private static void close(PrintWriter out, Pod pod) {
        pod.close();
        for (ContainerStatus c : pod.status().containers()) {
            out.println("  " + c);
        }
        out.println("pod " + pod.name() + " closed: its containers and volumes are removed");
        out.flush();
    }

    private static void endpoints(PrintWriter out, Pod pod) {
        boolean any = false;
        for (PodContainer c : pod.containers()) {
            for (ContainerPort port : c.spec().containerPorts()) {
                if (port.protocol() == ContainerPort.Protocol.TCP) {
                    out.println("endpoint " + c.name() + " " + port.containerPort() + "/tcp "
                            + pod.endpoint(c.name(), port.containerPort()));
                } else {
                    out.println("endpoint " + c.name() + " " + port.containerPort() + "/udp (published as UDP)");
                }
                any = true;
            }
        }
        if (!any) {
            out.println("pod " + pod.name() + " declares no port");
        }
        out.flush();
    }

    /** The pod's status once it has ended, or empty when {@code --timeout} elapsed first. */
    private Optional<PodStatus> awaitEnd(Pod pod) {
        Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
        while (!stopping) {
            Duration step = WAIT_STEP;
            if (deadline != null) {
                Duration left = Duration.between(Instant.now(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return Optional.empty();
                }
                step = left.compareTo(WAIT_STEP) < 0 ? left : WAIT_STEP;
            }
            try {
                return Optional.of(pod.awaitStatus(s -> ENDED.contains(s.phase()), step));
            } catch (PodTimeoutException stillRunning) {
                // The next step, until it ends or the deadline passes.
            } catch (IllegalStateException closedByTheHook) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Container output reaches SLF4J ({@code dev.sidecar.pod.<pod>.<container>} at INFO); the command line's
     * slf4j-simple prints it on stdout with the container's name. Set before the first logger is made, which is after
     * parsing.
     */
    private static void forwardContainerOutput() {
        System.setProperty("org.slf4j.simpleLogger.log.dev.sidecar.pod", "info");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }
}
