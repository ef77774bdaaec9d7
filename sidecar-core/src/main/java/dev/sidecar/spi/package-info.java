/**
 * How a runtime is chosen by configuration rather than by code: {@link dev.sidecar.spi.PodRuntimeProvider}s, found
 * with {@link java.util.ServiceLoader}, each making one kind of {@link dev.sidecar.PodRuntime} from
 * {@link dev.sidecar.spi.RuntimeSettings}; {@link dev.sidecar.spi.PodRuntimeProviders#select} picks the one that the
 * key {@value dev.sidecar.spi.RuntimeSettings#RUNTIME} names. The Docker provider is in {@code sidecar-core}, the
 * Kubernetes one in {@code sidecar-kubernetes}; the JUnit extension chooses its runtime here. What runtimes share
 * besides: {@link dev.sidecar.spi.PodClosers}.
 */
package dev.sidecar.spi;
