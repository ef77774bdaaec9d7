package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.Endpoint;
import dev.sidecar.PodSpec;
import dev.sidecar.junit.ContainerPort;
import dev.sidecar.junit.SidecarPod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The git-sync Deployment of the corpus: its {@code hostPath} repository ({@code /srv/git/site.git}) moved under a
 * directory of the build by {@code hostPathRoot}, where the test pushed a site; the web server serves what git-sync
 * checked out.
 */
class GitSyncManifestIT {

    /** The root the manifest's host paths move under: a bare repository at {@code srv/git/site.git} in it. */
    static final Path ROOT = bareRepositoryWithSite();

    @SidecarPod
    static final PodSpec SITE = KubernetesManifests.load("k8s/corpus/git-sync.yaml")
            .workload("Deployment", "site")
            .imagePrefix("ghcr.io/acme/", "sidecar-examples/")
            .hostPathRoot(ROOT)
            .toPodSpec();

    @Test
    void theWebServerServesTheCheckedOutSite(@ContainerPort(8080) Endpoint web) {
        assertThat(Web.get(web.http("/index.html")).body()).isEqualTo("<h1>from git</h1>\n");
    }

    @Test
    void theHostPathIsUnderTheGivenRootAndReadOnly() {
        assertThat(SITE.volumes().get(0).hostPath()).isEqualTo(ROOT.resolve("srv/git/site.git").toString());
        assertThat(SITE.volumes().get(0).readOnly()).isTrue();
    }

    private static Path bareRepositoryWithSite() {
        try {
            Path root = Path.of("target", "git-sync-it", UUID.randomUUID().toString()).toAbsolutePath();
            Path bare = root.resolve("srv/git/site.git");
            Path work = root.resolve("work");
            Files.createDirectories(bare);
            git(root, "init", "-q", "--bare", "-b", "main", bare.toString());
            git(root, "init", "-q", "-b", "main", work.toString());
            Files.writeString(work.resolve("index.html"), "<h1>from git</h1>\n", StandardCharsets.UTF_8);
            git(work, "add", "index.html");
            git(work, "-c", "user.name=sidecar tests", "-c", "user.email=tests@sidecar.invalid",
                    "-c", "commit.gpgsign=false", "commit", "-q", "-m", "site");
            git(work, "push", "-q", bare.toString(), "HEAD:main");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void git(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!git.waitFor(30, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (git.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + new String(git.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }
}
