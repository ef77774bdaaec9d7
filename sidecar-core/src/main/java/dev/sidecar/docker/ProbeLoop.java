package dev.sidecar.docker;

import dev.sidecar.Probe;
import dev.sidecar.RuntimeUnavailableException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One probe of one run of a container, tried for as long as the run lasts, as the kubelet tries it: after its initial
 * delay, then every period, each try bounded by the probe's timeout; a result counts once it has held for the
 * threshold of consecutive tries. No thread waits between tries: each try runs on the runtime's pool and the pause
 * before the next is a timer tick.
 *
 * <p>Until the probe has passed once, a loop that is asked to hurry (a pod that is starting) tries again after 1 ms,
 * doubling up to 100 ms (never less often than the period), instead of waiting a whole period.
 */
final class ProbeLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeLoop.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(1);
    private static final Duration MAX_HURRIED_PAUSE = Duration.ofMillis(100);

    /** What the loop tells about its probe. */
    interface Listener {
        /** The probe passed {@code successThreshold} times in a row (after failing, or at first). */
        void passed();

        /** The probe failed {@code failureThreshold} times in a row (after passing, or at first). */
        void failed();
    }

    private final EngineThreads threads;
    private final Prober prober;
    private final Member member;
    private final Run run;
    private final Probe probe;
    private final boolean hurry;
    private final Listener listener;
    private volatile boolean cancelled;
    private volatile String lastFailure;
    private int passes;
    private int failures;
    private Boolean passing;
    private Duration pause = FIRST_PAUSE;
    /** While hurrying, a failure counts toward the threshold only once per period, as the kubelet would count it. */
    private long nextCountedFailure = Long.MIN_VALUE;

    /**
     * @param hurry whether to retry quickly until the probe first passes
     */
    ProbeLoop(EngineThreads threads, Prober prober, Member member, Run run, Probe probe, boolean hurry,
            Listener listener) {
        this.threads = threads;
        this.prober = prober;
        this.member = member;
        this.run = run;
        this.probe = probe;
        this.hurry = hurry;
        this.listener = listener;
    }

    /** Starts trying, after the probe's initial delay. */
    ProbeLoop start() {
        schedule(probe.initialDelay());
        return this;
    }

    /** Why its last failed try failed, or {@code null} when none has failed: for a start that gives up on it. */
    String lastFailure() {
        return lastFailure;
    }

    /** Stops trying; a try under way finishes but is not counted. */
    void cancel() {
        cancelled = true;
    }

    private void schedule(Duration after) {
        if (cancelled || threads.isShutdown()) {
            return;
        }
        threads.delay(after).thenRunAsync(this::tryOnce, threads.pool());
    }

    private void tryOnce() {
        if (cancelled) {
            return;
        }
        java.util.Optional<String> failure;
        try {
            failure = prober.tryOnce(member, probe, run);
        } catch (RuntimeUnavailableException e) {
            // The engine is gone: the supervisor hears of it from the event stream; try again later.
            LOG.debug("probe {} of '{}' could not run: {}", probe, member.name(), e.getMessage());
            schedule(probe.period());
            return;
        }
        if (cancelled) {
            return;
        }
        failure.ifPresent(why -> lastFailure = why);
        if (failure.isEmpty()) {
            passes++;
            failures = 0;
            if (passes >= probe.successThreshold() && !Boolean.TRUE.equals(passing)) {
                passing = true;
                listener.passed();
            }
        } else {
            passes = 0;
            long now = System.nanoTime();
            if (now < nextCountedFailure) {
                schedule(next());
                return;
            }
            nextCountedFailure = now + probe.period().toNanos();
            failures++;
            if (failures >= probe.failureThreshold() && !Boolean.FALSE.equals(passing)) {
                passing = false;
                listener.failed();
            }
        }
        schedule(next());
    }

    private Duration next() {
        if (!hurry || Boolean.TRUE.equals(passing)) {
            return probe.period();
        }
        Duration now = pause;
        Duration cap = probe.period().compareTo(MAX_HURRIED_PAUSE) < 0 ? probe.period() : MAX_HURRIED_PAUSE;
        Duration doubled = pause.multipliedBy(2);
        pause = doubled.compareTo(cap) > 0 ? cap : doubled;
        return now;
    }
}
