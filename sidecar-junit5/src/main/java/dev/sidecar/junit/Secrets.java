package dev.sidecar.junit;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import java.util.Comparator;
import java.util.List;

/** Masks the values of a pod's secret environment variables in text that is about to be printed. */
final class Secrets {

    static final String MASK = "*****";

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    static Secrets of(PodSpec spec) {
        // Longest first, so that a secret containing another is masked whole.
        return new Secrets(spec.allContainers().stream()
                .flatMap(c -> c.secretEnvNames().stream().map(name -> value(c, name)))
                .filter(v -> v != null && !v.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList());
    }

    private static String value(ContainerSpec container, String name) {
        return container.env().get(name);
    }

    String mask(String text) {
        String masked = text;
        for (String secret : values) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}
