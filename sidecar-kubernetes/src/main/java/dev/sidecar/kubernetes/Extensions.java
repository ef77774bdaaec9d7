package dev.sidecar.kubernetes;

import dev.sidecar.Hook;
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
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The library's settings that Kubernetes has no field for, kept in one pod annotation ({@value #ANNOTATION}, JSON) by
 * an export so that importing the manifest again gives the same spec. Kubernetes ignores the annotation; the
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
 * @param activeDeadline the exact active deadline when it is not whole seconds, else null
 * @param secretEnv the Secret holding the pod's {@code secretEnv} values: references to it are {@code secretEnv}
 *     values, and it is not carried with the pod; else null
 * @param containers per container: probes and hooks Kubernetes cannot express, a user by name, a sidecar's restart
 *     policy
 * @param volumes per volume with files given from the test: in memory (with its size) and whether mounts may write to
 *     it; per hostPath volume that is writable though no mount writes to it
 */
record Extensions(SidecarStartOrder sidecarStartOrder, Boolean shareIpcNamespace, Duration terminationGracePeriod,
        Duration activeDeadline, String secretEnv, Map<String, Container> containers, Map<String, Volume> volumes) {

    /** The annotation's key. */
    static final String ANNOTATION = "sidecar.dev/extensions";

    static final Extensions NONE = new Extensions(null, null, null, null, null, Map.of(), Map.of());

    /** The probe fields of a container, in the order they are written. */
    static final List<String> PROBES = List.of("readinessProbe", "startupProbe", "livenessProbe");
    /** The hook fields of a container. */
    static final List<String> HOOKS = List.of("postStart", "preStop");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A container's settings without a Kubernetes field.
     *
     * @param probes exact probes by field ({@code readinessProbe}…), where Kubernetes cannot say them exactly
     * @param hooks exact hooks by field ({@code postStart}, {@code preStop}): sleeps that are not whole seconds
     * @param user the user by name or {@code uid[:gid]} ({@code user(...)}), or null
     * @param userIsRunAs whether the manifest's {@code runAsUser}/{@code runAsGroup} were written from {@code user}
     * @param restartPolicy a sidecar's restart policy other than Always, or null
     */
    record Container(Map<String, Probe> probes, Map<String, Hook> hooks, String user, boolean userIsRunAs,
            RestartPolicy restartPolicy) {

        static final Container NONE = new Container(Map.of(), Map.of(), null, false, null);

        Container {
            probes = Map.copyOf(probes);
            hooks = Map.copyOf(hooks);
        }

        boolean isEmpty() {
            return probes.isEmpty() && hooks.isEmpty() && user == null && restartPolicy == null;
        }

        Container withProbe(String field, Probe probe) {
            Map<String, Probe> p = new LinkedHashMap<>(probes);
            p.put(field, probe);
            return new Container(p, hooks, user, userIsRunAs, restartPolicy);
        }

        Container withHook(String field, Hook hook) {
            Map<String, Hook> h = new LinkedHashMap<>(hooks);
            h.put(field, hook);
            return new Container(probes, h, user, userIsRunAs, restartPolicy);
        }

        Container withUser(String name, boolean asRunAs) {
            return new Container(probes, hooks, name, asRunAs, restartPolicy);
        }

        Container withRestartPolicy(RestartPolicy policy) {
            return new Container(probes, hooks, user, userIsRunAs, policy);
        }
    }

    /**
     * A volume's settings that its Kubernetes volume does not have.
     *
     * @param files whether it is an emptyDir with files given from the test, written as a ConfigMap volume
     * @param memorySizeLimitBytes the size of such an emptyDir in memory, or 0 for one on disk
     * @param writable whether mounts of such a volume keep their own readOnly flags (a ConfigMap volume is always
     *     read-only); for a hostPath, that the volume is writable though no mount writes to it
     */
    record Volume(boolean files, long memorySizeLimitBytes, boolean writable) {
    }

    Extensions {
        containers = Map.copyOf(containers);
        volumes = Map.copyOf(volumes);
    }

    boolean isEmpty() {
        return sidecarStartOrder == null && shareIpcNamespace == null && terminationGracePeriod == null
                && activeDeadline == null && secretEnv == null && containers.isEmpty() && volumes.isEmpty();
    }

    Container container(String name) {
        return containers.getOrDefault(name, Container.NONE);
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
        if (activeDeadline != null) {
            root.put("activeDeadline", activeDeadline.toString());
        }
        if (secretEnv != null) {
            root.put("secretEnv", secretEnv);
        }
        if (!containers.isEmpty()) {
            ObjectNode cs = root.putObject("containers");
            new TreeMap<>(containers).forEach((name, c) -> {
                ObjectNode n = cs.putObject(name);
                PROBES.stream().filter(c.probes()::containsKey).forEach(f -> n.set(f, probe(c.probes().get(f))));
                HOOKS.stream().filter(c.hooks()::containsKey).forEach(f -> n.set(f, hook(c.hooks().get(f))));
                if (c.user() != null) {
                    n.put("user", c.user());
                }
                if (c.userIsRunAs()) {
                    n.put("userIsRunAs", true);
                }
                if (c.restartPolicy() != null) {
                    n.put("restartPolicy", c.restartPolicy().name());
                }
            });
        }
        if (!volumes.isEmpty()) {
            ObjectNode vs = root.putObject("volumes");
            new TreeMap<>(volumes).forEach((name, v) -> {
                ObjectNode n = vs.putObject(name);
                if (v.files()) {
                    n.put("files", true);
                }
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
        ObjectNode n = action(probe.action());
        n.put("initialDelay", probe.initialDelay().toString());
        n.put("period", probe.period().toString());
        n.put("timeout", probe.timeout().toString());
        n.put("successThreshold", probe.successThreshold());
        n.put("failureThreshold", probe.failureThreshold());
        return n;
    }

    private static ObjectNode hook(Hook hook) {
        if (hook instanceof Hook.Sleep s) {
            ObjectNode n = JSON.createObjectNode();
            n.put("sleep", s.duration().toString());
            return n;
        }
        return action((Probe.Action) hook);
    }

    private static ObjectNode action(Probe.Action action) {
        ObjectNode n = JSON.createObjectNode();
        if (action instanceof Probe.Exec e) {
            e.command().forEach(n.putArray("exec")::add);
        } else if (action instanceof Probe.HttpGet h) {
            ObjectNode get = n.putObject("httpGet");
            port(get, h.port(), h.portName());
            get.put("path", h.path());
            get.put("scheme", h.scheme().name());
            ObjectNode headers = get.putObject("headers");
            h.headers().forEach(headers::put);
        } else if (action instanceof Probe.TcpSocket t) {
            port(n.putObject("tcpSocket"), t.port(), t.portName());
        } else if (action instanceof Probe.LogLine l) {
            n.put("logLine", l.regex());
        }
        return n;
    }

    private static void port(ObjectNode n, int port, String portName) {
        if (portName == null) {
            n.put("port", port);
        } else {
            n.put("port", portName);
        }
    }

    /** The settings in the annotation's {@code json}, or problems recorded at {@code path}. */
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
        Duration deadline = null;
        String secretEnv = null;
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
                    case "activeDeadline" -> deadline = Duration.parse(v.asString());
                    case "secretEnv" -> secretEnv = v.asString();
                    case "containers" -> v.properties().forEach(c -> containers.put(c.getKey(),
                            container(c.getValue(), bad, c.getKey())));
                    case "volumes" -> v.properties().forEach(c -> volumes.put(c.getKey(), new Volume(
                            c.getValue().path("files").asBoolean(false),
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
                    + "sidecarStartOrder, shareIpcNamespace, terminationGracePeriod, activeDeadline, secretEnv, "
                    + "containers, volumes)");
        }
        return new Extensions(order, ipc, grace, deadline, secretEnv, containers, volumes);
    }

    private static Boolean requireBoolean(JsonNode v) {
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("not true or false: " + v);
        }
        return v.booleanValue();
    }

    private static Container container(JsonNode node, List<String> bad, String name) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        Map<String, Hook> hooks = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String field = e.getKey();
            try {
                if (PROBES.contains(field)) {
                    probes.put(field, probe(e.getValue()));
                } else if (HOOKS.contains(field)) {
                    hooks.put(field, hook(e.getValue()));
                } else if (!List.of("user", "userIsRunAs", "restartPolicy").contains(field)) {
                    bad.add("containers." + name + ": unknown key '" + field + "'");
                }
            } catch (RuntimeException ex) {
                bad.add("containers." + name + "." + field + ": " + ex.getMessage());
            }
        }
        RestartPolicy policy = node.has("restartPolicy") ? RestartPolicy.valueOf(node.get("restartPolicy")
                .asString()) : null;
        return new Container(probes, hooks, node.has("user") ? node.get("user").asString() : null,
                node.path("userIsRunAs").asBoolean(false), policy);
    }

    private static Hook hook(JsonNode n) {
        if (n.has("sleep")) {
            return Hook.sleep(Duration.parse(n.get("sleep").asString()));
        }
        Probe.Action action = action(n);
        if (action instanceof Hook hook) {
            return hook;
        }
        throw new IllegalArgumentException("a hook is exec, httpGet or sleep");
    }

    private static Probe.Action action(JsonNode n) {
        if (n.has("exec")) {
            List<String> command = new ArrayList<>();
            n.get("exec").values().forEach(a -> command.add(a.asString()));
            return new Probe.Exec(command);
        }
        if (n.has("httpGet")) {
            JsonNode h = n.get("httpGet");
            Map<String, String> headers = new LinkedHashMap<>();
            h.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
            JsonNode port = h.get("port");
            return new Probe.HttpGet(port.isNumber() ? port.asInt() : 0, port.isNumber() ? null : port.asString(),
                    h.path("path").asString("/"), Probe.Scheme.valueOf(h.path("scheme").asString("HTTP")), headers);
        }
        if (n.has("tcpSocket")) {
            JsonNode port = n.get("tcpSocket").get("port");
            return new Probe.TcpSocket(port.isNumber() ? port.asInt() : 0, port.isNumber() ? null : port.asString());
        }
        if (n.has("logLine")) {
            return new Probe.LogLine(n.get("logLine").asString());
        }
        throw new IllegalArgumentException("a probe needs exec, httpGet, tcpSocket or logLine");
    }

    private static Probe probe(JsonNode n) {
        Probe.Builder b = Probe.builder(action(n));
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
