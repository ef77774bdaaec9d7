package dev.sidecar.contract;

import java.util.Objects;
import java.util.Optional;

/**
 * A port an image serves on: exposed with {@code EXPOSE} and documented by the labels
 * {@code dev.sidecar.contract.port.<number>.*}. The Kubernetes counterpart is a container's {@code ports} entry
 * ({@code containerPort}, {@code protocol}).
 *
 * @param number the port number
 * @param protocol {@code tcp} or {@code udp}
 * @param description what is served there; empty when the image says nothing
 * @param parameter the parameter that moves the port, when there is one (a container that sets it serves on the
 *     parameter's value instead of {@code number})
 */
public record ContractPort(int number, String protocol, String description, Optional<String> parameter) {

    /** Checks the number and that nothing is missing. */
    public ContractPort {
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("port " + number + " is not a port number (1..65535)");
        }
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parameter, "parameter");
    }

    /** The port as Docker writes it, for example {@code 8080/tcp}. */
    public String spec() {
        return number + "/" + protocol;
    }
}
