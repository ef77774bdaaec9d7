/**
 * Kubernetes manifests in and out, on fabric8's Kubernetes model: {@link dev.sidecar.kubernetes.KubernetesManifests}
 * reads YAML and {@link dev.sidecar.kubernetes.Workload} turns a workload's pod template into a
 * {@link dev.sidecar.PodSpec}, with an {@link dev.sidecar.kubernetes.ManifestReport} of every field not carried over
 * exactly; {@link dev.sidecar.kubernetes.KubernetesExport} writes a spec as a v1 Pod manifest and
 * {@link dev.sidecar.kubernetes.ComposeExport} as a Compose file. Problems are a
 * {@link dev.sidecar.kubernetes.ManifestException} naming document, line, field path and value. Nothing here talks to a
 * cluster or an engine; the other classes are the mapping's internals. Running a spec on a cluster is the part of
 * {@link dev.sidecar.kubernetes.runtime.KubernetesPodRuntime}, in {@code dev.sidecar.kubernetes.runtime}.
 */
package dev.sidecar.kubernetes;
