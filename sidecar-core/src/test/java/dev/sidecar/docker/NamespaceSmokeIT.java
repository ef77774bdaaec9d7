package dev.sidecar.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import dev.sidecar.ExecResult;
import dev.sidecar.test.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The environment's smoke test, below the pod API: two busybox containers, the second joined to the first's network
 * and PID namespaces, see each other's processes and reach each other on localhost.
 */
class NamespaceSmokeIT {

    private final DockerClient docker = DockerClientFactory.instance().client();
    private final DockerEngine engine = TestEngine.of(docker, DockerEngine.CALL_BOUND);
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void removeContainers() {
        created.forEach(engine::remove);
    }

    @Test
    void joinedContainerSeesFirstContainersProcessAndReachesItsPortOnLocalhost() {
        String first = engine.createContainer(TestEngine.config(TestImages.BUSYBOX,
                List.of("httpd", "-f", "-p", "8080", "-h", "/etc"), Map.of("dev.sidecar.test", "smoke"),
                HostConfig.newHostConfig()));
        created.add(first);
        engine.start(first);
        String second = engine.createContainer(TestEngine.config(TestImages.BUSYBOX, List.of("sleep", "600"),
                Map.of("dev.sidecar.test", "smoke"), HostConfig.newHostConfig()
                        .withNetworkMode("container:" + first)
                        .withPidMode("container:" + first)));
        created.add(second);
        engine.start(second);

        ExecResult ps = engine.exec(second, List.of("ps", "-o", "pid,args"), Duration.ofSeconds(10));
        assertThat(ps.stdout()).contains("httpd -f -p 8080");

        ExecResult fetched = awaitFetch(second);
        assertThat(fetched.exitCode()).isZero();
        assertThat(fetched.stdout()).contains("root:x:0:0");
    }

    private ExecResult awaitFetch(String container) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ExecResult r;
        do {
            r = engine.exec(container, List.of("wget", "-q", "-O", "-", "http://localhost:8080/passwd"),
                    Duration.ofSeconds(5));
        } while (r.exitCode() != 0 && System.nanoTime() < deadline);
        return r;
    }
}
