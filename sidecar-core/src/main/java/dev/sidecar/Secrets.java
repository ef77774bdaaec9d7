package dev.sidecar;

import java.util.Comparator;
import java.util.List;

/** Masks secret values in text: the one implementation behind every masked string the library gives out. */
final class Secrets {

    /** What a secret value is printed as. */
    static final String MASK = "*****";

    private Secrets() {
    }

    /** The distinct non-empty values, longest first, so that a value containing another is masked whole. */
    static List<String> ordered(List<String> values) {
        return values.stream().filter(v -> v != null && !v.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** {@code text} with each of {@code values} replaced by {@link #MASK}. */
    static String mask(String text, List<String> values) {
        String masked = text;
        for (String secret : ordered(values)) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}
