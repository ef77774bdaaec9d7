/**
 * Sidecar contracts: what an image declares about itself in its labels, beside {@code ENV} and {@code EXPOSE}
 * (parameters with defaults, units and allowed values; ports; the paths it reads and writes on shared volumes), read
 * into an {@link dev.sidecar.contract.ImageContract}, a check of a container's configuration against it
 * ({@link dev.sidecar.contract.ContractCheck}) and a comparison of two versions
 * ({@link dev.sidecar.contract.ContractDiff}).
 *
 * <p>Runtime-neutral: everything here takes plain Java values (an image's labels, its {@code ENV} list, its exposed
 * ports), so a Docker runtime, a Kubernetes manifest writer or a command line can use it alike. The label scheme is
 * described in the README's "Sidecar contracts" section.
 */
package dev.sidecar.contract;
