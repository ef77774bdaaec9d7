package dev.sidecar.docker;

import dev.sidecar.RuntimeUnavailableException;

/** No Docker engine answered, or it stopped answering; the message says which and what to do. */
public final class DockerUnavailableException extends RuntimeUnavailableException {

    DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
