package dev.sidecar.kubernetes.runtime;

import dev.sidecar.RuntimeUnavailableException;

/**
 * The Kubernetes API server did not answer, or refused the runtime's credentials or rights: nothing could be done.
 * The message names the server, the request and what to check (kubeconfig context, the Role of
 * the README's "Running on Kubernetes").
 */
public final class KubernetesUnavailableException extends RuntimeUnavailableException {

    KubernetesUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
