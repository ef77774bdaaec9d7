/**
 * Pods among Testcontainers' containers: {@link dev.sidecar.testcontainers.SidecarPodContainer} is a pod as a
 * Testcontainers {@link org.testcontainers.lifecycle.Startable} (a {@code @Container} field, a dependency in
 * {@code dependsOn}), whose containers are handed out as {@link org.testcontainers.containers.ContainerState};
 * {@link dev.sidecar.testcontainers.AttachedSidecars} gives any Testcontainers container (a
 * {@code GenericContainer} or a module's, such as a database) sidecars and init containers in its network and, when
 * asked, process namespace, with shared volumes and published ports, as if it were a pod's main container.
 *
 * <p>Both talk to the engine through a {@link dev.sidecar.docker.DockerPodRuntime}: one runtime shared by the JVM
 * unless {@code withRuntime} gives another.
 */
package dev.sidecar.testcontainers;
