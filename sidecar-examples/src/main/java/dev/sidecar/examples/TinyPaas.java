package dev.sidecar.examples;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import dev.sidecar.docker.DockerPodRuntime;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Example 5, a tiny PaaS: a web server (main) serves a directory that the {@code git-sync} sidecar keeps checked
 * out at the newest commit of a repository, pulling every {@link #SYNC_PERIOD}. A push deploys: the new commit is
 * served within one sync period. The repository is a bare one on this machine, mounted read-only ({@code hostPath}).
 *
 * <pre>
 * mvn -q -pl sidecar-examples -am package -DskipTests -Ddemo=TinyPaas
 * </pre>
 */
public final class TinyPaas {

    /** How often git-sync pulls. */
    static final Duration SYNC_PERIOD = Duration.ofSeconds(2);
    /** The port the web server serves on. */
    static final int WEB_PORT = 8080;

    private TinyPaas() {
    }

    /** The pod: the web server (main) and git-sync (sidecar) pulling the bare repository {@code bareRepo}. */
    public static PodSpec spec(Path bareRepo) {
        return PodSpec.builder("tiny-paas")
                .volume(VolumeSpec.hostPath("repo", bareRepo))
                .volume(VolumeSpec.emptyDir("site"))
                .sidecar(ContainerSpec.builder("git-sync", ExampleImages.GIT_SYNC)
                        .env("REPO", "/repos/site.git")
                        .env("BRANCH", GitRepo.BRANCH)
                        .env("DEST", "/git/site")
                        .env("PERIOD_SECONDS", String.valueOf(SYNC_PERIOD.toSeconds()))
                        .mountReadOnly("repo", "/repos/site.git")
                        .mount("site", "/git/site")
                        // Ready after the first checkout, so the server never starts on an empty directory.
                        .readyWhen(Probe.logLine("git-sync: synced"))
                        .build())
                .main(ContainerSpec.builder("web", ExampleImages.LEGACY_APP)
                        .env("WWW_ROOT", "/var/www/site")
                        .port(WEB_PORT)
                        .mountReadOnly("site", "/var/www/site")
                        .readyWhen(Probe.http(WEB_PORT, "/"))
                        .build())
                .build();
    }

    /** Pushes a site, starts the pod, pushes a change and shows it deployed. */
    public static void main(String[] args) {
        try (GitRepo repo = GitRepo.create()) {
            repo.commit("index.html", "<h1>version 1</h1>\n", "version 1");
            try (Pod pod = DockerPodRuntime.create().start(spec(repo.bare()))) {
                URI site = pod.endpoint("web", WEB_PORT).http("/");
                System.out.println("pushed version 1 to " + repo.bare() + "; " + site + " serves: "
                        + Http.get(site).body().strip());
                long pushed = System.nanoTime();
                String commit = repo.commit("index.html", "<h1>version 2</h1>\n", "version 2");
                String page = Poll.until("version 2 to be served", SYNC_PERIOD.plusSeconds(5),
                        () -> Http.get(site).body(), body -> body.contains("version 2"));
                System.out.println("pushed version 2 (" + commit.substring(0, 7) + "); served after "
                        + (System.nanoTime() - pushed) / 1_000_000 + " ms: " + page.strip());
                System.out.println("git-sync said: " + pod.container("git-sync").logTail(1));
            }
        }
    }
}
