package dev.sidecar.docker;

import dev.sidecar.ContainerRole;
import dev.sidecar.ContainerSpec;
import dev.sidecar.RestartPolicy;

/**
 * One created container of a pod, with what the spec resolved for it: what the starter, the prober, the supervisor and
 * the running pod need of it, handed over as one value.
 *
 * @param spec its spec
 * @param role its part in the pod
 * @param restartPolicy the policy in force, as the pod spec resolved it
 * @param id the Docker container id
 * @param output its output, masked
 */
record Member(ContainerSpec spec, ContainerRole role, RestartPolicy restartPolicy, String id, ContainerOutput output) {

    String name() {
        return spec.name();
    }

    /** Whether its policy restarts it after it exited with {@code exitCode}. */
    boolean restartsAfter(long exitCode) {
        return restartPolicy == RestartPolicy.ALWAYS || restartPolicy == RestartPolicy.ON_FAILURE && exitCode != 0;
    }
}
