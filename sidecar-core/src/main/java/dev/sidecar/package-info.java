/**
 * The pod, as data and as a running thing, independent of what runs it.
 *
 * <ul>
 *   <li>Specs: {@link dev.sidecar.PodSpec}, {@link dev.sidecar.ContainerSpec}, {@link dev.sidecar.VolumeSpec},
 *       {@link dev.sidecar.Probe}: immutable values with Kubernetes' names, built with builders whose
 *       {@code build()} reports every broken rule at once ({@link dev.sidecar.InvalidSpecException}).</li>
 *   <li>Running pods: {@link dev.sidecar.PodRuntime} starts a {@link dev.sidecar.Pod} with its
 *       {@link dev.sidecar.PodContainer}s; {@link dev.sidecar.PodStatus} is a snapshot of one.</li>
 *   <li>Failures: {@link dev.sidecar.SidecarException} and its subclasses.</li>
 * </ul>
 *
 * <p>No type here knows Docker: {@code dev.sidecar.docker} translates these specs for a Docker engine.
 */
package dev.sidecar;
