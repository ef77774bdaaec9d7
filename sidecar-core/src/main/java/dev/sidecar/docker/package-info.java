/**
 * The Docker runtime: {@link dev.sidecar.docker.DockerPodRuntime} runs a {@link dev.sidecar.PodSpec} on a Docker
 * engine, through docker-java and Testcontainers' engine discovery. Everything else in this package is its
 * machinery and package-private: the one class that calls the engine, the translation of a spec into container
 * configurations, start, probes, close and the sweep of what dead JVMs left.
 */
package dev.sidecar.docker;
