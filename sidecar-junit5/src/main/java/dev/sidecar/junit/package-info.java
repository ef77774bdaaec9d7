/**
 * The JUnit Jupiter extension: {@link dev.sidecar.junit.SidecarPod} on a {@link dev.sidecar.PodSpec} field (or
 * {@link dev.sidecar.junit.SidecarPodExtension} registered programmatically) runs the pod around the tests and
 * injects it, its containers and endpoints ({@link dev.sidecar.junit.PodRef}, {@link dev.sidecar.junit.ContainerRef},
 * {@link dev.sidecar.junit.ContainerPort}). The public annotations are the API; the extension behind them keeps all
 * state in JUnit's extension store.
 */
package dev.sidecar.junit;
