/**
 * Pods on a Kubernetes cluster: {@link dev.sidecar.kubernetes.runtime.KubernetesPodRuntime} runs a
 * {@link dev.sidecar.PodSpec} as a v1 Pod through the API server, with the same {@link dev.sidecar.Pod} interface as
 * the Docker runtime. {@code ClusterApi} is the only class that calls the API server; the other package-private
 * classes map the spec to objects and the Pod's status back.
 */
package dev.sidecar.kubernetes.runtime;
