package dev.sidecar.kubernetes;

import dev.sidecar.Probe;
import dev.sidecar.RestartPolicy;
import dev.sidecar.SidecarStartOrder;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The library's settings that Kubernetes has no field for, kept in one pod annotation ({@value #ANNOTATION}, JSON) by
 * a lenient export so that importing the manifest again gives the same spec. Kubernetes ignores the annotation; the
 * manifest's own fields hold the nearest Kubernetes equivalent. Durations are ISO-8601 ({@code PT0.5S}).
 *
 * <pre>{@code
 * sidecar.dev/extensions: '{"sidecarStartOrder":"PARALLEL","containers":{"git-sync":{"readinessProbe":
 *     {"logLine":"synced","period":"PT0.5S"}}}}'
 * }</pre>
 *
 * @param sidecarStartOrder the start order, if not the default
 * @param shareIpcNamespace false when the pod does not share IPC, else null
 * @param terminationGracePeriod the exact grace period when it is not whole seconds, else null
 * @param containers per container: a probe Kubernetes cannot express, a user by name, a sidecar's restart policy
 * @param volumes per volume with files: in memory (with its size) and whether mounts may write to it; per hostPath
 *     volume that is writable though no mount writes to it
 */
record Extensions(SidecarStartOrder sidecarStartOrder, Boolean shareIpcNamespace, Duration terminationGracePeriod,
        Map<String, Container> containers, Map<String, Volume> volumes) {

    /** The annotation's key. */
    static final String ANNOTATION = "sidecar.dev/extensions";

    static final Extensions NONE = new Extensions(null, null, null, Map.of(), Map.of());

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A container's settings without a Kubernetes field.
     *
     * @param readinessProbe the exact readiness probe, or null
     * @param user the user by name, or null
     * @param restartPolicy a sidecar's restart policy other than Always, or null
     */
    record Container(Probe readinessProbe, String user, RestartPolicy restartPolicy) {
        boolean isEmpty() {
            return readinessProbe == null && user == null && restartPolicy == null;
        }
    }

    /**
     * A file volume's settings that a ConfigMap volume does not have.
     *
     * @param memorySizeLimitBytes the size of an in-memory emptyDir, or 0 for one on disk
     * @param writable whether its mounts keep their own readOnly flags (a ConfigMap volume is always read-only); for
     *     a hostPath, that the volume is writable
     */
    record Volume(long memorySizeLimitBytes, boolean writable) {
    }

    Extensions {
        containers = Map.copyOf(containers);
        volumes = Map.copyOf(volumes);
    }

    boolean isEmpty() {
        return sidecarStartOrder == null && shareIpcNamespace == null && terminationGracePeriod == null
                && containers.isEmpty() && volumes.isEmpty();
    }

    Container container(String name) {
        return containers.getOrDefault(name, new Container(null, null, null));
    }

    /** The annotation's JSON value. */
    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        if (sidecarStartOrder != null) {
            root.put("sidecarStartOrder", sidecarStartOrder.name());
        }
        if (shareIpcNamespace != null) {
            root.put("shareIpcNamespace", shareIpcNamespace);
        }
        if (terminationGracePeriod != null) {
            root.put("terminationGracePeriod", terminationGracePeriod.toString());
        }
        if (!containers.isEmpty()) {
            ObjectNode cs = root.putObject("containers");
            new java.util.TreeMap<>(containers).forEach((name, c) -> {
                ObjectNode n = cs.putObject(name);
                if (c.readinessProbe() != null) {
                    n.set("readinessProbe", probe(c.readinessProbe()));
                }
                if (c.user() != null) {
                    n.put("user", c.user());
                }
                if (c.restartPolicy() != null) {
                    n.put("restartPolicy", c.restartPolicy().name());
                }
            });
        }
        if (!volumes.isEmpty()) {
            ObjectNode vs = root.putObject("volumes");
            new java.util.TreeMap<>(volumes).forEach((name, v) -> {
                ObjectNode n = vs.putObject(name);
                if (v.memorySizeLimitBytes() > 0) {
                    n.put("memorySizeLimit", Quantities.bytes(v.memorySizeLimitBytes()));
                }
                if (v.writable()) {
                    n.put("writable", true);
                }
            });
        }
        return JSON.writeValueAsString(root);
    }

    private static ObjectNode probe(Probe probe) {
        ObjectNode n = JSON.createObjectNode();
        if (probe.action() instanceof Probe.Exec e) {
            e.command().forEach(n.putArray("exec")::add);
        } else if (probe.action() instanceof Probe.HttpGet h) {
            ObjectNode get = n.putObject("httpGet");
            get.put("port", h.port());
            get.put("path", h.path());
            get.put("scheme", h.scheme().name());
            ObjectNode headers = get.putObject("headers");
            h.headers().forEach(headers::put);
        } else if (probe.action() instanceof Probe.TcpSocket t) {
            n.put("tcpSocket", t.port());
        } else if (probe.action() instanceof Probe.LogLine l) {
            n.put("logLine", l.regex());
        }
        n.put("initialDelay", probe.initialDelay().toString());
        n.put("period", probe.period().toString());
        n.put("timeout", probe.timeout().toString());
        n.put("successThreshold", probe.successThreshold());
        n.put("failureThreshold", probe.failureThreshold());
        return n;
    }

    /**
     * The settings in the annotation's {@code json}, or problems recorded at {@code path}.
     */
    static Extensions read(String json, String path, ImportContext ctx) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            ctx.problem(path, json, "not JSON: " + e.getOriginalMessage());
            return NONE;
        }
        if (root == null || !root.isObject()) {
            ctx.problem(path, json, "must be a JSON object");
            return NONE;
        }
        List<String> bad = new ArrayList<>();
        SidecarStartOrder order = null;
        Boolean ipc = null;
        Duration grace = null;
        Map<String, Container> containers = new LinkedHashMap<>();
        Map<String, Volume> volumes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode v = e.getValue();
            try {
                switch (e.getKey()) {
                    case "sidecarStartOrder" -> order = SidecarStartOrder.valueOf(v.asString()
                            .toUpperCase(Locale.ROOT));
                    case "shareIpcNamespace" -> ipc = requireBoolean(v);
                    case "terminationGracePeriod" -> grace = Duration.parse(v.asString());
                    case "containers" -> v.properties().forEach(c -> containers.put(c.getKey(),
                            container(c.getValue(), bad, c.getKey())));
                    case "volumes" -> v.properties().forEach(c -> volumes.put(c.getKey(), new Volume(
                            c.getValue().has("memorySizeLimit") ? Quantities.parseBytes(c.getValue()
                                    .get("memorySizeLimit").asString()) : 0,
                            c.getValue().path("writable").asBoolean(false))));
                    default -> bad.add("unknown key '" + e.getKey() + "'");
                }
            } catch (IllegalArgumentException | DateTimeParseException | JacksonException ex) {
                bad.add(e.getKey() + ": " + ex.getMessage());
            }
        }
        if (!bad.isEmpty()) {
            ctx.problem(path, json, "not the library's extensions: " + String.join("; ", bad) + " (keys: "
                    + "sidecarStartOrder, shareIpcNamespace, terminationGracePeriod, containers, volumes)");
        }
        return new Extensions(order, ipc, grace, containers, volumes);
    }

    private static Boolean requireBoolean(JsonNode v) {
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("not true or false: " + v);
        }
        return v.booleanValue();
    }

    private static Container container(JsonNode node, List<String> bad, String name) {
        Probe probe = null;
        if (node.has("readinessProbe")) {
            try {
                probe = probe(node.get("readinessProbe"));
            } catch (RuntimeException e) {
                bad.add("containers." + name + ".readinessProbe: " + e.getMessage());
            }
        }
        RestartPolicy policy = node.has("restartPolicy") ? RestartPolicy.valueOf(node.get("restartPolicy")
                .asString()) : null;
        return new Container(probe, node.has("user") ? node.get("user").asString() : null, policy);
    }

    private static Probe probe(JsonNode n) {
        Probe.Action action;
        if (n.has("exec")) {
            List<String> command = new ArrayList<>();
            n.get("exec").values().forEach(a -> command.add(a.asString()));
            action = new Probe.Exec(command);
        } else if (n.has("httpGet")) {
            JsonNode h = n.get("httpGet");
            Map<String, String> headers = new LinkedHashMap<>();
            h.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
            action = new Probe.HttpGet(h.get("port").asInt(), h.path("path").asString("/"),
                    Probe.Scheme.valueOf(h.path("scheme").asString("HTTP")), headers);
        } else if (n.has("tcpSocket")) {
            action = new Probe.TcpSocket(n.get("tcpSocket").asInt());
        } else if (n.has("logLine")) {
            action = new Probe.LogLine(n.get("logLine").asString());
        } else {
            throw new IllegalArgumentException("a probe needs exec, httpGet, tcpSocket or logLine");
        }
        Probe.Builder b = Probe.builder(action);
        if (n.has("initialDelay")) {
            b.initialDelay(Duration.parse(n.get("initialDelay").asString()));
        }
        if (n.has("period")) {
            b.period(Duration.parse(n.get("period").asString()));
        }
        if (n.has("timeout")) {
            b.timeout(Duration.parse(n.get("timeout").asString()));
        }
        if (n.has("successThreshold")) {
            b.successThreshold(n.get("successThreshold").asInt());
        }
        if (n.has("failureThreshold")) {
            b.failureThreshold(n.get("failureThreshold").asInt());
        }
        return b.build();
    }
}
