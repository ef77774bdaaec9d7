package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidecar.Pod;
import dev.sidecar.docker.DockerPodRuntime;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Example 5: a push to the repository is served by the pod within one git-sync period. */
class TinyPaasIT {

    /** One sync period, plus the fetch, the checkout and the GET. */
    private static final Duration DEPLOY_BOUND = TinyPaas.SYNC_PERIOD.plusSeconds(3);

    private static GitRepo repo;
    private static Pod pod;
    private static URI site;

    @BeforeAll
    static void pushAndStart() {
        repo = GitRepo.create();
        repo.commit("index.html", "<h1>version 1</h1>\n", "version 1");
        pod = DockerPodRuntime.create().start(TinyPaas.spec(repo.bare()));
        site = pod.endpoint("web", TinyPaas.WEB_PORT).http("/");
    }

    @AfterAll
    static void closeAndDelete() {
        if (pod != null) {
            pod.close();
        }
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void newCommitIsServedWithinOneSyncPeriod() {
        String before = Http.get(site).body();
        assertThat(before).doesNotContain("version 2");

        String commit = repo.commit("index.html", "<h1>version 2</h1>\n", "version 2");
        long pushed = System.nanoTime();
        String after = Poll.until("version 2 to be served", DEPLOY_BOUND, () -> Http.get(site).body(),
                body -> body.contains("version 2"));

        assertThat(Duration.ofNanos(System.nanoTime() - pushed)).isLessThanOrEqualTo(DEPLOY_BOUND);
        assertThat(after).isEqualTo("<h1>version 2</h1>\n");
        assertThat(pod.container("git-sync").awaitLog(Pattern.quote("at " + commit + " into /git/site: version 2"),
                Duration.ofSeconds(10))).startsWith("git-sync: synced main");
    }

    @Test
    void servedDirectoryHoldsNoGitMetadata() {
        assertThat(pod.main().exec("ls", "-A", "/var/www/site").stdout().strip()).isEqualTo("index.html");
        assertThatThrownBy(() -> Http.get(site.resolve("/.git/HEAD")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("answered 404");
    }
}
