package dev.sidecar.docker;

import dev.sidecar.PodSpec;
import java.util.List;

/** Masks the values of a pod's secret env variables in every text the library prints or reports. */
final class Redactor {

    private static final String MASK = "*****";

    private final List<String> secrets;

    Redactor(PodSpec spec) {
        this.secrets = spec.allContainers().stream()
                .flatMap(c -> c.secretEnvNames().stream().map(n -> c.env().get(n)))
                .filter(v -> v != null && !v.isEmpty())
                .distinct()
                .toList();
    }

    String redact(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    List<String> redact(List<String> lines) {
        return secrets.isEmpty() ? lines : lines.stream().map(this::redact).toList();
    }
}
