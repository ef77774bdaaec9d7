package dev.sidecar.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerStatus;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStatus;
import dev.sidecar.Probe;
import dev.sidecar.RuntimeUnavailableException;
import dev.sidecar.SidecarException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;

/**
 * What the kubelet does for a running pod, on Docker: it starts each container and runs its postStart hook, probes it
 * (startup, then readiness and liveness) for as long as it runs, restarts it by its restart policy with Kubernetes'
 * exponential back-off when it exits or fails its liveness probe, stops the sidecars once every main container has
 * finished for good (a Job's pod), and stops the pod at its active deadline. Docker restarts nothing itself: every
 * container is created with restart policy {@code no}, so that the back-off, the restart count, the hooks and the
 * probes of each new run are the library's, as they are the kubelet's.
 *
 * <p>Exits arrive from the runtime's one event stream ({@link EngineEvents}); probes and back-off waits are timer
 * ticks; no thread is held per container.
 */
final class PodSupervisor {

    /** Kubernetes resets a container's back-off once it has run this long without exiting. */
    static final Duration BACKOFF_RESET = Duration.ofMinutes(10);
    /** How long killed containers may take to exit, past the grace period, before a stop gives up waiting. */
    static final Duration KILL_WAIT = Duration.ofSeconds(10);

    /** How long restarts wait: Kubernetes' 10 s doubling to 5 min unless the runtime says otherwise. */
    record Backoff(Duration initial, Duration max) {
        Duration after(int crashes) {
            Duration d = initial;
            for (int i = 1; i < crashes && d.compareTo(max) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(max) > 0 ? max : d;
        }
    }

    /** How a container's last run ended. */
    record Termination(int exitCode, String reason, Instant startedAt, Instant finishedAt) {
    }

    /** The container ended for good before it started or became ready: why, for the start's message. */
    static final class Ended extends SidecarException {
        final int exitCode;

        Ended(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** One supervised container: its current run and what the kubelet keeps of it. */
    final class Watched {
        final Member member;
        volatile Run run;
        volatile int restartCount;
        volatile Termination last;
        volatile String waiting = "ContainerCreating";
        volatile String lastProblem;
        /** The probes a start waits on, in the current run: a start that gives up names their last failure. */
        volatile ProbeLoop startupLoop;
        volatile ProbeLoop readinessLoop;
        /** The pod stops it on purpose: its exit is not restarted. */
        volatile boolean stopping;
        /** It has ended for good: no run will follow. */
        volatile boolean done;
        int crashes;
        /** Completes when a run of it has started, whichever; fails when it ends for good before. */
        final CompletableFuture<Void> everStarted = new CompletableFuture<>();
        /** Completes when a run of it is first ready; fails when it ends for good before. */
        final CompletableFuture<Void> everReady = new CompletableFuture<>();

        Watched(Member member) {
            this.member = member;
        }

        String name() {
            return member.name();
        }
    }

    private final DockerEngine engine;
    private final EngineEvents events;
    private final PodSpec spec;
    private final String infraId;
    private final Prober prober;
    private final Hooks hooks;
    private final Backoff backoff;
    private final PodLifecycle lifecycle;
    private final Logger log;
    private final Map<String, Watched> watched = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile boolean hurry = true;
    private volatile PodStatus.Phase finalPhase;
    private volatile CompletableFuture<Void> deadline;

    PodSupervisor(DockerEngine engine, EngineEvents events, PodSpec spec, String infraId, Prober prober,
            Backoff backoff, PodLifecycle lifecycle, Logger log) {
        this.engine = engine;
        this.events = events;
        this.spec = spec;
        this.infraId = infraId;
        this.prober = prober;
        this.hooks = new Hooks(engine, prober);
        this.backoff = backoff;
        this.lifecycle = lifecycle;
        this.log = log;
        spec.activeDeadline().ifPresent(d -> {
            deadline = engine.threads().delay(d);
            deadline.thenRunAsync(this::deadlinePassed, engine.threads().pool());
        });
    }

    /** Starts supervising {@code m}: its exits reach this supervisor from now on. */
    Watched watch(Member m) {
        Watched w = new Watched(m);
        watched.put(m.name(), w);
        events.watch(m.id(), code -> exited(w, code));
        return w;
    }

    Watched watched(String name) {
        return watched.get(name);
    }

    /**
     * Starts the container and its first run; the future completes once Docker has started it (its postStart hook and
     * startup probe go on; see {@link Watched#everStarted}).
     */
    CompletableFuture<Void> start(Watched w) {
        return CompletableFuture.runAsync(() -> {
            try {
                startRun(w);
            } catch (RuntimeUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new dev.sidecar.PodStartException("container '" + w.name() + "' of pod '" + spec.name()
                        + "' failed to start: " + e.getMessage(), w.name(), w.member.output().lastLines(), e);
            }
        }, engine.threads().pool());
    }

    /**
     * Starts the container and begins its run as one step under the container's lock, so that its exit, which the
     * event stream may bring at once, always finds the run it ends.
     */
    private void startRun(Watched w) {
        synchronized (w) {
            engine.start(w.member.id());
            beginRun(w);
        }
    }

    /** The pod has started: probes of later runs wait their whole period between tries, as the kubelet's do. */
    void doneStarting() {
        hurry = false;
    }

    /** A new run of a container that Docker has just started: postStart, then the startup probe, then the others. */
    private void beginRun(Watched w) {
        Run run = new Run();
        synchronized (w) {
            w.run = run;
            w.waiting = null;
        }
        Member m = w.member;
        if (m.spec().postStart().isEmpty()) {
            afterPostStart(w, run);
            return;
        }
        hooks.run(m.spec().postStart().get(), m, DockerEngine.CALL_BOUND).thenAcceptAsync(ok -> {
            if (ok) {
                afterPostStart(w, run);
            } else if (!run.ended) {
                w.lastProblem = "its postStart hook " + m.spec().postStart().get() + " failed";
                log.info("container '{}' of pod {}: {}; killing it", m.name(), spec.name(), w.lastProblem);
                kill(w);
            }
        }, engine.threads().pool());
    }

    private void afterPostStart(Watched w, Run run) {
        Member m = w.member;
        Probe startup = m.spec().startupProbe().orElse(null);
        if (startup == null) {
            started(w, run);
            return;
        }
        w.startupLoop = new ProbeLoop(engine.threads(), prober, m, run, startup, hurry, new ProbeLoop.Listener() {
            private boolean once;

            @Override
            public void passed() {
                if (!once) {
                    once = true;
                    started(w, run);
                }
            }

            @Override
            public void failed() {
                if (!once && !run.ended) {
                    w.lastProblem = "its startup probe " + startup + " failed " + startup.failureThreshold()
                            + " times";
                    log.info("container '{}' of pod {}: {}; killing it", m.name(), spec.name(), w.lastProblem);
                    stopLater(w);
                }
            }
        });
        run.add(w.startupLoop);
    }

    /** The run has started: readiness and liveness are probed from now on. */
    private void started(Watched w, Run run) {
        if (run.ended) {
            return;
        }
        Member m = w.member;
        run.started.complete(null);
        w.everStarted.complete(null);
        Probe readiness = m.spec().readinessProbe().orElse(null);
        if (readiness == null) {
            ready(w, run, true);
        } else {
            w.readinessLoop = new ProbeLoop(engine.threads(), prober, m, run, readiness, hurry,
                    new ProbeLoop.Listener() {
                        @Override
                        public void passed() {
                            ready(w, run, true);
                        }

                        @Override
                        public void failed() {
                            ready(w, run, false);
                        }
                    });
            run.add(w.readinessLoop);
        }
        m.spec().livenessProbe().ifPresent(liveness -> run.add(new ProbeLoop(engine.threads(), prober, m, run,
                liveness, false, new ProbeLoop.Listener() {
                    @Override
                    public void passed() {
                    }

                    @Override
                    public void failed() {
                        if (!run.ended) {
                            w.lastProblem = "its liveness probe " + liveness + " failed "
                                    + liveness.failureThreshold() + " times";
                            log.info("container '{}' of pod {}: {}; restarting it by its policy", m.name(),
                                    spec.name(), w.lastProblem);
                            stopLater(w);
                        }
                    }
                })));
    }

    private void ready(Watched w, Run run, boolean ready) {
        if (run.ended) {
            return;
        }
        run.ready = ready;
        if (ready) {
            run.firstReady.complete(null);
            w.everReady.complete(null);
        }
    }

    /** Docker says the container exited: end its run, then restart it by its policy, or let it rest. */
    private void exited(Watched w, int code) {
        Run run;
        synchronized (w) {
            run = w.run;
            if (run == null || run.ended) {
                return;
            }
        }
        Termination t = termination(w, code, run);
        w.last = t;
        run.end(new Ended("container '" + w.name() + "' exited with code " + t.exitCode() + " (" + t.reason() + ")"
                + (w.lastProblem == null ? "" : ": " + w.lastProblem), t.exitCode()));
        if (w.stopping || !lifecycle.isOpen() || finalPhase != null) {
            endForGood(w, t);
            return;
        }
        if (w.member.restartsAfter(t.exitCode()) && infraRuns()) {
            if (Duration.between(t.startedAt() == null ? Instant.now() : t.startedAt(), t.finishedAt() == null
                    ? Instant.now() : t.finishedAt()).compareTo(BACKOFF_RESET) >= 0) {
                w.crashes = 0;
            }
            w.crashes++;
            Duration wait = backoff.after(w.crashes);
            w.waiting = "CrashLoopBackOff";
            log.info("container '{}' of pod {} exited with code {}; restarting it in {} ({} restart(s) so far)",
                    w.name(), spec.name(), t.exitCode(), wait, w.restartCount);
            engine.threads().delay(wait).thenRunAsync(() -> restart(w), engine.threads().pool());
        } else {
            endForGood(w, t);
            if (w.member.role() == ContainerRole.MAIN) {
                completeIfMainsDone();
            }
        }
    }

    private void endForGood(Watched w, Termination t) {
        w.done = true;
        Ended why = new Ended("container '" + w.name() + "' exited with code " + t.exitCode() + " (" + t.reason()
                + ")" + (w.lastProblem == null ? "" : ": " + w.lastProblem), t.exitCode());
        w.everStarted.completeExceptionally(why);
        w.everReady.completeExceptionally(why);
    }

    private void restart(Watched w) {
        if (w.stopping || !lifecycle.isOpen() || finalPhase != null || engine.threads().isShutdown()) {
            return;
        }
        try {
            synchronized (w) {
                w.restartCount++;
                w.lastProblem = null;
                startRun(w);
            }
        } catch (RuntimeException e) {
            log.warn("restarting container '{}' of pod {} failed: {}", w.name(), spec.name(), e.getMessage());
            Termination t = w.last;
            endForGood(w, t == null ? new Termination(-1, "Error", null, Instant.now()) : t);
        }
    }

    private Termination termination(Watched w, int code, Run run) {
        try {
            InspectContainerResponse.ContainerState s = engine.inspect(w.member.id()).getState();
            int exit = s.getExitCodeLong() == null ? code : s.getExitCodeLong().intValue();
            String reason = Boolean.TRUE.equals(s.getOOMKilled()) ? "OOMKilled" : exit == 0 ? "Completed" : "Error";
            return new Termination(exit, reason, run.startedAt, instant(s.getFinishedAt()));
        } catch (RuntimeException e) {
            return new Termination(code, code == 0 ? "Completed" : "Error", run.startedAt, Instant.now());
        }
    }

    /** A Job's pod: once every main container has ended for good, the sidecars stop and the pod ends. */
    private void completeIfMainsDone() {
        List<Watched> mains = byRole(ContainerRole.MAIN);
        if (mains.size() < spec.mainContainers().size() || !mains.stream().allMatch(w -> w.done)) {
            return;
        }
        synchronized (this) {
            if (finalPhase != null) {
                return;
            }
            finalPhase = mains.stream().allMatch(w -> w.last != null && w.last.exitCode() == 0)
                    ? PodStatus.Phase.SUCCEEDED : PodStatus.Phase.FAILED;
        }
        log.info("pod {}: every main container has finished; the pod {}; stopping its sidecars", spec.name(),
                finalPhase == PodStatus.Phase.SUCCEEDED ? "succeeded" : "failed");
        stopSidecarsInReverse();
    }

    private void deadlinePassed() {
        synchronized (this) {
            if (finalPhase != null || !lifecycle.isOpen()) {
                return;
            }
            finalPhase = PodStatus.Phase.FAILED;
        }
        log.info("pod {} reached its active deadline {}: stopping it (DeadlineExceeded)", spec.name(),
                spec.activeDeadline().orElseThrow());
        long until = System.nanoTime() + spec.terminationGracePeriod().toNanos();
        List<CompletableFuture<Void>> mains = byRole(ContainerRole.MAIN).stream()
                .map(w -> CompletableFuture.runAsync(() -> stopGracefully(w, until), engine.threads().pool()))
                .toList();
        CompletableFuture.allOf(mains.toArray(CompletableFuture[]::new))
                .whenCompleteAsync((r, e) -> stopSidecarsInReverse(), engine.threads().pool());
    }

    private void stopSidecarsInReverse() {
        List<Watched> sidecars = new ArrayList<>(byRole(ContainerRole.SIDECAR));
        Collections.reverse(sidecars);
        long until = System.nanoTime() + spec.terminationGracePeriod().toNanos();
        CompletableFuture.runAsync(() -> sidecars.forEach(w -> stopGracefully(w, until)), engine.threads().pool());
    }

    /** Whether the pod ended on its own (a Job's pod, or its active deadline): its phase, if so. */
    PodStatus.Phase finalPhase() {
        return finalPhase;
    }

    /** Why the pod failed, when its active deadline did it. */
    boolean deadlineExceeded() {
        return deadline != null && deadline.isDone() && finalPhase == PodStatus.Phase.FAILED;
    }

    /** Kills the container now; its exit then goes by its restart policy. */
    private void kill(Watched w) {
        try {
            engine.kill(w.member.id(), "SIGKILL");
        } catch (RuntimeException e) {
            log.debug("killing container '{}' failed: {}", w.name(), e.getMessage());
        }
    }

    /** Stops the container gracefully on the pool (a failed liveness or startup probe); its exit goes by its policy. */
    private void stopLater(Watched w) {
        long until = System.nanoTime() + spec.terminationGracePeriod().toNanos();
        CompletableFuture.runAsync(() -> stopGracefully(w, until, false), engine.threads().pool());
    }

    /** Stops the container for good: preStop, its stop signal, what is left of the grace period, then SIGKILL. */
    Integer stopGracefully(Watched w, long untilNanos) {
        return stopGracefully(w, untilNanos, true);
    }

    private Integer stopGracefully(Watched w, long untilNanos, boolean forGood) {
        Member m = w.member;
        if (forGood) {
            w.stopping = true;
        }
        if (w.done || !engine.running(m.id())) {
            return w.last == null ? null : w.last.exitCode();
        }
        Duration remaining = remaining(untilNanos);
        if (m.spec().preStop().isPresent() && !remaining.isZero()) {
            try {
                boolean ok = EngineThreads.join(hooks.run(m.spec().preStop().get(), m, remaining));
                if (!ok) {
                    log.info("container '{}' of pod {}: its preStop hook {} failed; stopping it anyway", m.name(),
                            spec.name(), m.spec().preStop().get());
                }
            } catch (RuntimeException e) {
                log.debug("preStop hook of '{}' failed: {}", m.name(), e.getMessage());
            }
        }
        engine.kill(m.id(), m.spec().stopSignal().name());
        remaining = remaining(untilNanos);
        Integer code = remaining.isZero() ? null : engine.awaitExit(m.id(), remaining);
        if (code == null) {
            log.warn("container '{}' of pod {} {}; killing it", m.name(), spec.name(), remaining.isZero()
                    ? "had no time left of the pod's grace period"
                    : "did not stop on " + m.spec().stopSignal() + " within the grace period");
            engine.kill(m.id(), "SIGKILL");
            code = engine.awaitExit(m.id(), KILL_WAIT);
        }
        return code;
    }

    /** Stops supervising: no restart, no probe, no deadline from now on (the pod is closing). */
    void stopSupervising() {
        synchronized (watched) {
            watched.values().forEach(w -> {
                w.stopping = true;
                Run run = w.run;
                if (run != null) {
                    run.end(new Ended("the pod is closing", -1));
                }
            });
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    /** Forgets every container: their exits no longer reach this supervisor. */
    void close() {
        stopSupervising();
        synchronized (watched) {
            watched.values().forEach(w -> events.forget(w.member.id()));
        }
    }

    /** The status of container {@code w}, from Docker's inspection and what this supervisor knows of its runs. */
    ContainerStatus status(Watched w, InspectContainerResponse.ContainerState s) {
        Run run = w.run;
        boolean dockerRuns = Boolean.TRUE.equals(s.getRunning());
        boolean running = dockerRuns && run != null && !run.ended;
        ContainerStatus.State state;
        String reason = null;
        int exitCode = -1;
        if (running) {
            state = ContainerStatus.State.RUNNING;
        } else if (!w.done && (run == null || run.ended && !w.stopping) && w.waiting != null) {
            state = ContainerStatus.State.WAITING;
            reason = w.waiting;
        } else {
            state = ContainerStatus.State.TERMINATED;
            Termination t = w.last;
            if (t == null && s.getExitCodeLong() != null) {
                t = new Termination(s.getExitCodeLong().intValue(), Boolean.TRUE.equals(s.getOOMKilled())
                        ? "OOMKilled" : s.getExitCodeLong() == 0 ? "Completed" : "Error",
                        null, instant(s.getFinishedAt()));
            }
            exitCode = t == null ? -1 : t.exitCode();
            reason = t == null ? "Error" : t.reason();
        }
        Termination t = w.last;
        return new ContainerStatus(w.name(), w.member.role(), state, exitCode, w.restartCount,
                running && run.ready, running && run.startedYet(), reason,
                run == null ? instant(s.getStartedAt()) : run.startedAt,
                running ? null : t == null ? instant(s.getFinishedAt()) : t.finishedAt());
    }

    private List<Watched> byRole(ContainerRole role) {
        synchronized (watched) {
            return watched.values().stream().filter(w -> w.member.role() == role).toList();
        }
    }

    private boolean infraRuns() {
        try {
            return engine.running(infraId);
        } catch (RuntimeUnavailableException e) {
            return false;
        }
    }

    private static Duration remaining(long untilNanos) {
        return Duration.ofNanos(Math.max(0, untilNanos - System.nanoTime()));
    }

    static Instant instant(String dockerTime) {
        if (dockerTime == null || dockerTime.isEmpty() || dockerTime.startsWith("0001-")) {
            return null;
        }
        return Instant.parse(dockerTime);
    }
}
