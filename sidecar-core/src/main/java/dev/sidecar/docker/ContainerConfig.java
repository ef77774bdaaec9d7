package dev.sidecar.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;
import java.util.Map;

/**
 * What one container of a pod is created with: {@link Wiring}'s translation of a spec, as plain values that a test
 * can read without an engine.
 *
 * @param name the Docker container name, or {@code null} for one Docker makes up
 * @param image the image
 * @param labels the labels
 * @param env {@code NAME=value} pairs, in declared order
 * @param entrypoint replaces the image's entrypoint when not empty
 * @param cmd replaces the image's command when not empty
 * @param user the user, or {@code null} for the image's
 * @param workingDir the working directory, or {@code null} for the image's
 * @param stopSignal Docker's stop signal, or {@code null} for Docker's default
 * @param hostname the hostname, or {@code null} (a container joined to another's namespaces may not set one)
 * @param exposedPorts the ports it exposes
 * @param stdinOpen whether its standard input stays open ({@code stdin})
 * @param tty whether it gets a terminal ({@code tty})
 * @param hostConfig the namespaces, mounts, limits, restart policy and privileges
 * @param networkAliases its aliases on the network its {@code hostConfig}'s network mode names (a network users
 *     created)
 */
record ContainerConfig(String name, String image, Map<String, String> labels, List<String> env,
        List<String> entrypoint, List<String> cmd, String user, String workingDir, String stopSignal, String hostname,
        List<ExposedPort> exposedPorts, boolean stdinOpen, boolean tty, HostConfig hostConfig,
        List<String> networkAliases) {

    /** A container with no network aliases. */
    ContainerConfig(String name, String image, Map<String, String> labels, List<String> env, List<String> entrypoint,
            List<String> cmd, String user, String workingDir, String stopSignal, String hostname,
            List<ExposedPort> exposedPorts, boolean stdinOpen, boolean tty, HostConfig hostConfig) {
        this(name, image, labels, env, entrypoint, cmd, user, workingDir, stopSignal, hostname, exposedPorts, stdinOpen,
                tty, hostConfig, List.of());
    }

    void applyTo(CreateContainerCmd create) {
        if (name != null) {
            create.withName(name);
        }
        create.withLabels(labels).withEnv(env).withExposedPorts(exposedPorts)
                .withHostConfig(hostConfig);
        if (!entrypoint.isEmpty()) {
            create.withEntrypoint(entrypoint);
        }
        if (!cmd.isEmpty()) {
            create.withCmd(cmd);
        }
        if (user != null) {
            create.withUser(user);
        }
        if (workingDir != null) {
            create.withWorkingDir(workingDir);
        }
        if (stopSignal != null) {
            create.withStopSignal(stopSignal);
        }
        if (hostname != null) {
            create.withHostName(hostname);
        }
        if (stdinOpen) {
            create.withStdinOpen(true);
        }
        if (tty) {
            create.withTty(true);
        }
        if (!networkAliases.isEmpty()) {
            // docker-java puts them in the endpoint of the network the network mode names.
            create.withAliases(networkAliases);
        }
    }
}
