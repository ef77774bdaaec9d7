package dev.sidecar.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A bare git repository on this machine and a clone of it to commit from, made with the {@code git} command, as a
 * developer pushing to a git host would. Closing it deletes both.
 */
final class GitRepo implements AutoCloseable {

    /** The branch the repository has. */
    static final String BRANCH = "main";

    private static final long GIT_TIMEOUT_SECONDS = 30;

    private final Path root;
    private final Path bare;
    private final Path work;

    private GitRepo(Path root) {
        this.root = root;
        this.bare = root.resolve("site.git");
        this.work = root.resolve("work");
    }

    /** Creates an empty bare repository with branch {@link #BRANCH} in a new temporary directory. */
    static GitRepo create() {
        try {
            GitRepo repo = new GitRepo(Files.createTempDirectory("sidecar-git-"));
            repo.git(repo.root, "init", "-q", "--bare", "-b", BRANCH, repo.bare.toString());
            repo.git(repo.root, "init", "-q", "-b", BRANCH, repo.work.toString());
            repo.git(repo.work, "remote", "add", "origin", repo.bare.toString());
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the repository", e);
        }
    }

    /** The bare repository's directory. */
    Path bare() {
        return bare;
    }

    /** Commits {@code path} with {@code content} and pushes it; returns the commit's id. */
    String commit(String path, String content, String message) {
        try {
            Files.writeString(work.resolve(path), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + " in " + work, e);
        }
        git(work, "add", path);
        git(work, "-c", "user.name=sidecar examples", "-c", "user.email=examples@sidecar.invalid",
                "-c", "commit.gpgsign=false", "commit", "-q", "-m", message);
        git(work, "push", "-q", "origin", "HEAD:" + BRANCH);
        return git(work, "rev-parse", "HEAD").strip();
    }

    private String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + GIT_TIMEOUT_SECONDS + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
