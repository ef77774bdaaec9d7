package dev.sidecar.assertj;

import dev.sidecar.ContainerStatus;
import dev.sidecar.ExecResult;
import dev.sidecar.PodContainer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;

/**
 * Assertions on one running container of a pod (a sidecar or main), each on a fresh {@link PodContainer#status()}
 * (Kubernetes' {@code containerStatuses}), and on its output. A failure shows the container's status and last log
 * lines. To wait for a condition, start from the pod: {@code assertThat(pod).eventually(timeout).container(name)}.
 *
 * <pre>{@code
 * assertThat(pod).container("envoy").isRunning().isReady().hasRestartCount(0);
 * assertThat(pod).container("app").logs().contains("ready");
 * }</pre>
 */
public class PodContainerAssert extends AbstractAssert<PodContainerAssert, PodContainer> {

    private final String podName;

    /** Creates the assertion; {@link SidecarAssertions#assertThat(PodContainer)} is the usual way in. */
    public PodContainerAssert(PodContainer actual) {
        this(actual, null);
    }

    /** From a pod: messages name it. */
    PodContainerAssert(PodContainer actual, String podName) {
        super(actual, PodContainerAssert.class);
        this.podName = podName;
    }

    /** The container's process runs (state {@code running}). */
    public PodContainerAssert isRunning() {
        return check(ContainerExpectation.running());
    }

    /** The container waits: created and not running yet, or waiting to be restarted (state {@code waiting}). */
    public PodContainerAssert isWaiting() {
        return check(ContainerExpectation.waiting());
    }

    /** The container's process has exited (state {@code terminated}). */
    public PodContainerAssert isTerminated() {
        return check(ContainerExpectation.terminated());
    }

    /**
     * The container waits or terminated for {@code reason}, as Kubernetes says it: {@code Completed}, {@code Error},
     * {@code OOMKilled}, {@code CrashLoopBackOff}, {@code ContainerCreating}.
     */
    public PodContainerAssert hasReason(String reason) {
        return check(ContainerExpectation.reason(reason));
    }

    /** The container is ready: its readiness probe passes, or it runs and has none. */
    public PodContainerAssert isReady() {
        return check(ContainerExpectation.ready());
    }

    /** The container is not ready. */
    public PodContainerAssert isNotReady() {
        return check(ContainerExpectation.notReady());
    }

    /** The container has started (Kubernetes' {@code started}: its startup probe passed, or it runs and has none). */
    public PodContainerAssert hasStarted() {
        return check(ContainerExpectation.started());
    }

    /** The container was restarted exactly {@code count} times ({@code restartCount}). */
    public PodContainerAssert hasRestartCount(int count) {
        return check(ContainerExpectation.restartCount(count));
    }

    /** The container's last run has ended with {@code code}. */
    public PodContainerAssert hasExitCode(int code) {
        return check(ContainerExpectation.exitCode(code));
    }

    /**
     * A line of the container's output so far (both streams, all runs) matches {@code regex} (searched, not matched
     * whole).
     *
     * @throws IllegalArgumentException when {@code regex} is invalid
     * @throws IllegalStateException when the pod is closed (its output is gone)
     */
    public PodContainerAssert hasLogLineMatching(String regex) {
        Pattern pattern = compile(regex);
        isNotNull();
        List<String> lines = actual.logs().lines().toList();
        if (lines.stream().noneMatch(line -> pattern.matcher(line).find())) {
            failWithMessage("%s", FailureText.expecting(subject(), "to have a log line matching '" + regex + "'",
                    lines.isEmpty() ? "it has written nothing" : "none of its " + lines.size() + " lines did")
                    + FailureText.details(actual.status(), actual));
        }
        return myself;
    }

    /**
     * AssertJ's string assertions on everything the container wrote so far (both streams, all runs, as
     * {@link PodContainer#logs()}), described with the container's status.
     *
     * @throws IllegalStateException when the pod is closed (its output is gone)
     */
    public AbstractStringAssert<?> logs() {
        isNotNull();
        return Navigation.text(this, actual.logs(), () -> "logs of " + subject() + " (" + status() + ")");
    }

    /**
     * Runs {@code command} in the container (as {@link PodContainer#exec(String...)}, not through a shell) and gives
     * assertions on what it returned.
     */
    public ExecResultAssert exec(String... command) {
        isNotNull();
        ExecResult result = actual.exec(command);
        return Navigation.carry(this, new ExecResultAssert(result,
                "command " + Arrays.asList(command) + " in " + subject()));
    }

    private PodContainerAssert check(ContainerExpectation expectation) {
        isNotNull();
        ContainerStatus status = actual.status();
        if (!expectation.test().test(status)) {
            failWithMessage("%s", FailureText.expecting(subject(), expectation.expected(),
                    expectation.actual().apply(status)) + FailureText.details(status, actual));
        }
        return myself;
    }

    private String subject() {
        return FailureText.container(podName, actual.name());
    }

    private String status() {
        try {
            return actual.status().toString();
        } catch (RuntimeException e) {
            return "status unknown: " + e.getMessage();
        }
    }

    /** Compiles as {@link PodContainer#awaitLog} does, with the same message for an invalid one. */
    static Pattern compile(String regex) {
        Objects.requireNonNull(regex, "regex");
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex '" + regex + "' is invalid: " + e.getDescription(), e);
        }
    }
}
