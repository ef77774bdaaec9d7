package dev.sidecar.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;

/** Kubernetes quantities to and from the spec's numbers, through fabric8's {@link Quantity}. */
final class Quantities {

    private static final long KI = 1024;

    private Quantities() {
    }

    /**
     * The bytes of a quantity such as {@code 64Mi}, {@code 1.5Gi} or {@code 1e6}.
     *
     * @throws IllegalArgumentException when it is malformed, not a whole number of bytes, or not above zero
     */
    static long parseBytes(String quantity) {
        BigDecimal bytes;
        try {
            bytes = Quantity.getAmountInBytes(Quantity.parse(quantity));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + quantity + "' is not a Kubernetes quantity (for example 64Mi)");
        }
        try {
            long value = bytes.longValueExact();
            if (value <= 0) {
                throw new IllegalArgumentException("'" + quantity + "' must be more than zero bytes");
            }
            return value;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + quantity + "' is not a whole number of bytes");
        }
    }

    /**
     * The millicores of a CPU quantity such as {@code 500m}, {@code 1.5} or {@code 2}.
     *
     * @throws IllegalArgumentException when it is malformed, finer than a millicore, or not above zero
     */
    static long parseMillicores(String quantity) {
        BigDecimal cores;
        try {
            cores = Quantity.getAmountInBytes(Quantity.parse(quantity));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + quantity + "' is not a Kubernetes quantity (for example 500m)");
        }
        try {
            long millis = cores.movePointRight(3).longValueExact();
            if (millis <= 0) {
                throw new IllegalArgumentException("'" + quantity + "' must be more than zero");
            }
            return millis;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + quantity + "' is finer than a millicore");
        }
    }

    /** Bytes as Kubernetes writes them: {@code 64Mi} when a whole number of Gi, Mi or Ki, else the number. */
    static String bytes(long bytes) {
        for (String unit : new String[] {"Ti", "Gi", "Mi", "Ki"}) {
            long factor = switch (unit) {
                case "Ti" -> KI * KI * KI * KI;
                case "Gi" -> KI * KI * KI;
                case "Mi" -> KI * KI;
                default -> KI;
            };
            if (bytes % factor == 0) {
                return bytes / factor + unit;
            }
        }
        return Long.toString(bytes);
    }

    /** Millicores as Kubernetes writes them: {@code 2} for whole cores, else {@code 500m}. */
    static String millicores(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }
}
