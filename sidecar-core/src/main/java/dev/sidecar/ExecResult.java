package dev.sidecar;

/**
 * What a command run in a container with {@link PodContainer#exec} returned.
 *
 * @param exitCode the command's exit code
 * @param stdout what it wrote to standard output, as UTF-8
 * @param stderr what it wrote to standard error, as UTF-8
 */
public record ExecResult(int exitCode, String stdout, String stderr) {

    /** Whether the command exited 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
