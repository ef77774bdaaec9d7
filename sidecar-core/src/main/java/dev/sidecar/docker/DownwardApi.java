package dev.sidecar.docker;

import dev.sidecar.ContainerSpec;
import dev.sidecar.EnvVarSource;
import dev.sidecar.PodSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of the downward API (Kubernetes {@code fieldRef} and {@code resourceFieldRef}) for a pod on Docker,
 * formatted as the kubelet formats them, for environment variables and {@code downwardAPI} volume files alike.
 * What Kubernetes takes from the node or the pod's status comes from the engine: {@code spec.nodeName} is the
 * engine's host name, {@code status.podIP} the infrastructure container's address, {@code status.hostIP} the gateway
 * of its network (the engine's host as the pod reaches it), and a resource a container does not limit is what the
 * engine offers containers (the node's allocatable).
 */
final class DownwardApi {

    /** The service account Kubernetes gives a pod that names none. */
    static final String DEFAULT_SERVICE_ACCOUNT = "default";

    private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");
    private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");

    private DownwardApi() {
    }

    /** Whether {@code fieldPath} is known only once the pod's infrastructure container runs. */
    static boolean needsAddresses(String fieldPath) {
        return fieldPath.startsWith("status.");
    }

    /**
     * The value of a pod field: what an environment variable gets, and what a {@code downwardAPI} file holds
     * ({@code metadata.labels} and {@code metadata.annotations} as {@code key="value"} lines, sorted by key).
     *
     * @throws IllegalStateException for a {@code status.*} field while the pod's addresses are not known yet
     */
    static String field(PodSpec spec, String fieldPath, PodFacts facts) {
        Matcher subscript = SUBSCRIPT.matcher(fieldPath);
        if (subscript.matches()) {
            Map<String, String> map = subscript.group(1).equals("labels") ? spec.labels() : spec.annotations();
            return map.getOrDefault(subscript.group(2), "");
        }
        if (needsAddresses(fieldPath) && !facts.addressesKnown()) {
            throw new IllegalStateException("the pod's addresses are not known before its infrastructure container "
                    + "runs: " + fieldPath);
        }
        return switch (fieldPath) {
            case "metadata.name" -> spec.name();
            case "metadata.namespace" -> spec.namespace();
            case "metadata.uid" -> facts.uid();
            case "metadata.labels" -> formatMap(spec.labels());
            case "metadata.annotations" -> formatMap(spec.annotations());
            case "spec.nodeName" -> facts.node().name();
            case "spec.serviceAccountName" -> spec.serviceAccountName().orElse(DEFAULT_SERVICE_ACCOUNT);
            case "status.podIP" -> facts.podIp();
            case "status.podIPs" -> String.join(",", facts.podIps());
            case "status.hostIP", "status.hostIPs" -> facts.hostIp();
            default -> throw new IllegalArgumentException("not a downward API field: " + fieldPath);
        };
    }

    /**
     * The value of a container's resource in units of the reference's divisor, rounded up as Kubernetes rounds it: a
     * limit the container does not set is what the engine offers containers (the node's allocatable); a request it
     * does not set is its limit if it has one (Kubernetes' defaulting), else 0.
     *
     * @param self the container whose variable or file asks, when the reference names no container
     */
    static String resource(PodSpec spec, ContainerSpec self, EnvVarSource.ResourceFieldRef ref,
            DockerEngine.NodeInfo node) {
        ContainerSpec c = ref.containerName() == null ? self : spec.container(ref.containerName());
        BigDecimal divisor = quantity(ref.divisor());
        return switch (ref.resource()) {
            case "limits.cpu" -> cpu(c.cpuLimitMillis() > 0 ? c.cpuLimitMillis() : node.cpus() * 1000L, divisor);
            case "requests.cpu" -> cpu(c.cpuRequestMillis() > 0 ? c.cpuRequestMillis() : c.cpuLimitMillis(), divisor);
            case "limits.memory" -> memory(c.memoryLimitBytes() > 0 ? c.memoryLimitBytes() : node.memoryBytes(),
                    divisor);
            case "requests.memory" -> memory(c.memoryRequestBytes() > 0 ? c.memoryRequestBytes()
                    : c.memoryLimitBytes(), divisor);
            default -> throw new IllegalArgumentException("not a container resource: " + ref.resource());
        };
    }

    /** Millicores in units of {@code divisor} (a quantity of cores), rounded up. */
    private static String cpu(long millis, BigDecimal divisor) {
        BigDecimal divisorMillis = divisor.movePointRight(3).setScale(0, RoundingMode.CEILING);
        return BigDecimal.valueOf(millis).divide(divisorMillis, 0, RoundingMode.CEILING).toPlainString();
    }

    /** Bytes in units of {@code divisor} (a quantity of bytes, itself rounded up to whole bytes), rounded up. */
    private static String memory(long bytes, BigDecimal divisor) {
        BigDecimal unit = divisor.setScale(0, RoundingMode.CEILING);
        return BigDecimal.valueOf(bytes).divide(unit, 0, RoundingMode.CEILING).toPlainString();
    }

    /** A Kubernetes quantity ({@code 1}, {@code 1m}, {@code 1Mi}, {@code 1k}…) as a number. */
    static BigDecimal quantity(String quantity) {
        Matcher m = QUANTITY.matcher(quantity);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quantity: " + quantity);
        }
        BigDecimal n = new BigDecimal(m.group(1));
        String suffix = m.group(2) == null ? "" : m.group(2);
        return switch (suffix) {
            case "" -> n;
            case "m" -> n.movePointLeft(3);
            case "k" -> n.movePointRight(3);
            case "M" -> n.movePointRight(6);
            case "G" -> n.movePointRight(9);
            case "T" -> n.movePointRight(12);
            case "P" -> n.movePointRight(15);
            case "E" -> n.movePointRight(18);
            default -> n.multiply(new BigDecimal(BigInteger.TWO.pow(10 * (" KMGTPE".indexOf(suffix.charAt(0))))));
        };
    }

    /**
     * A map as the kubelet writes it into a downward API file: one {@code key="value"} line per entry, sorted by key,
     * the value quoted as Go's {@code %q} quotes it, without a line end after the last.
     */
    static String formatMap(Map<String, String> map) {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(map).forEach((k, v) -> s.append(k).append('=').append(goQuote(v)).append('\n'));
        if (s.length() > 0) {
            s.setLength(s.length() - 1);
        }
        return s.toString();
    }

    /** {@code text} as Go's {@code strconv.Quote} writes it: printable characters as they are, others escaped. */
    static String goQuote(String text) {
        StringBuilder q = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case 7 -> q.append("\\a");
                case '\b' -> q.append("\\b");
                case '\f' -> q.append("\\f");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                case 11 -> q.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        q.append(String.format("\\x%02x", cp));
                    } else if (!printable(cp)) {
                        q.append(cp <= 0xffff ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
                    } else {
                        q.appendCodePoint(cp);
                    }
                }
            }
        });
        return q.append('"').toString();
    }

    private static boolean printable(int cp) {
        int type = Character.getType(cp);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                && type != Character.PRIVATE_USE && type != Character.UNASSIGNED && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && (type != Character.SPACE_SEPARATOR || cp == ' ');
    }

    /** The bytes of a downward API file holding {@code value}. */
    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
