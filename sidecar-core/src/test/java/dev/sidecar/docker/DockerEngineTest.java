package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mockito.Mockito.mock;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import dev.sidecar.SidecarException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.Mockito;
import org.mockito.invocation.InvocationOnMock;
import org.mockito.stubbing.Answer;

/**
 * The Docker daemon disappearing: every call of the engine fails at once with a {@link DockerUnavailableException}
 * that says what was being done and what to check, rather than a transport exception or a hang.
 */
class DockerEngineTest {

    /** A refused connection fails in milliseconds; the bound leaves room for Mockito making classes on a busy CI. */
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    /**
     * A client whose commands build as usual and whose {@code exec} fails the way docker-java's transport does when
     * nothing listens on the socket any more.
     */
    private static DockerClient clientWhoseExecFailsWith(Supplier<RuntimeException> failure) {
        Answer<Object> answer = new Answer<>() {
            @Override
            public Object answer(InvocationOnMock invocation) throws Throwable {
                if (invocation.getMethod().getName().equals("exec")) {
                    throw failure.get();
                }
                Class<?> type = invocation.getMethod().getReturnType();
                if (type.isInterface() && type.getName().startsWith("com.github.dockerjava.")) {
                    return mock(type, this); // a command builder: with…() returns the command
                }
                return Mockito.RETURNS_DEFAULTS.answer(invocation);
            }
        };
        return mock(DockerClient.class, answer);
    }

    private static RuntimeException connectionRefused() {
        return new RuntimeException(new IOException("Connection refused"));
    }

    static Stream<Arguments> engineCalls() {
        String id = "0123456789ab";
        return Stream.of(
                call("inspect image busybox:1", e -> e.imagePresent("busybox:1")),
                call("pull image busybox:1", e -> e.pull("busybox:1", Duration.ofMinutes(2))),
                call("create container from busybox:1", e -> e.createContainer(TestEngine.config("busybox:1",
                        List.of(), Map.of(), null))),
                call("start container " + id, e -> e.start(id)),
                call("signal container " + id, e -> e.kill(id, "SIGTERM")),
                call("wait for container " + id, e -> e.awaitExit(id, Duration.ofMinutes(1))),
                call("remove container " + id, e -> e.remove(id)),
                call("inspect container " + id, e -> e.inspect(id)),
                call("exec in container " + id, e -> e.exec(id, List.of("true"), Duration.ofMinutes(1))),
                call("read logs of container " + id, e -> e.logs(id, 10, true, true, Duration.ofMinutes(1))),
                call("copy into container " + id, e -> e.copyTo(id, "/tmp", Map.of("f", new byte[1]))),
                call("copy from container " + id, e -> e.copyFrom(id, "/etc/hostname")),
                call("create volume v", e -> EngineThreads.join(e.createVolumeAsync("v", Map.of(), Map.of()))),
                call("remove volume v", e -> e.removeVolume("v")),
                call("list containers", e -> e.containersLabelled("dev.sidecar")),
                call("list volumes", e -> e.volumesLabelled("dev.sidecar")));
    }

    private static Arguments call(String what, Consumer<DockerEngine> call) {
        return arguments(what, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engineCalls")
    void daemonThatIsGoneGivesAClearErrorPromptly(String what, Consumer<DockerEngine> call) {
        DockerEngine engine = TestEngine.of(clientWhoseExecFailsWith(DockerEngineTest::connectionRefused),
                DockerEngine.CALL_BOUND);

        Throwable thrown = assertTimeoutPreemptively(PROMPTLY, () -> catchThrowable(() -> call.accept(engine)));

        assertThat(thrown).isExactlyInstanceOf(DockerUnavailableException.class)
                .hasMessageContaining("the Docker engine did not answer while trying to " + what)
                .hasMessageContaining("Connection refused")
                .hasMessageContaining("docker info")
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void engineThatAnswersWithAnErrorIsNotReportedAsGone() {
        DockerEngine engine = TestEngine.of(clientWhoseExecFailsWith(
                () -> new InternalServerErrorException("no space left on device")), DockerEngine.CALL_BOUND);

        Throwable thrown = catchThrowable(() -> engine.start("0123456789ab"));

        assertThat(thrown).isExactlyInstanceOf(SidecarException.class)
                .hasMessageContaining("Docker refused to start container 0123456789ab")
                .hasMessageContaining("no space left on device");
    }

    @Test
    void engineThatNeverAnswersGivesAClearErrorWhenTheCallBoundPasses() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        DockerEngine engine = TestEngine.of(clientWhoseExecFailsWith(() -> {
            try {
                release.await(); // a hung engine: accepts the call, never answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return connectionRefused();
        }), Duration.ofMillis(500));
        try {
            Throwable thrown = assertTimeoutPreemptively(PROMPTLY,
                    () -> catchThrowable(() -> engine.inspect("0123456789ab")));

            assertThat(thrown).isExactlyInstanceOf(DockerUnavailableException.class)
                    .hasMessageContaining("did not answer within PT0.5S")
                    .hasMessageContaining("inspect container 0123456789ab");
        } finally {
            release.countDown();
        }
    }
}
