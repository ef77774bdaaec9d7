/**
 * AssertJ assertions on pods: {@link dev.sidecar.assertj.SidecarAssertions#assertThat} for a running
 * {@link dev.sidecar.Pod} or {@link dev.sidecar.PodContainer}, a {@link dev.sidecar.PodStatus} or
 * {@link dev.sidecar.ContainerStatus} snapshot, or an {@link dev.sidecar.ExecResult}; navigation from a pod to its
 * containers, their logs and commands; and awaiting variants ({@link dev.sidecar.assertj.PodAssert#eventually}) for
 * conditions that become true while the pod runs. Failure messages show the statuses and last log lines concerned.
 */
package dev.sidecar.assertj;
