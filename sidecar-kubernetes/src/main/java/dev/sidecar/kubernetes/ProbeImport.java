package dev.sidecar.kubernetes;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Hook;
import dev.sidecar.Probe;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Kubernetes probes and lifecycle hooks as spec {@link Probe}s and {@link Hook}s: their action (exec, httpGet,
 * tcpSocket; sleep for a hook), their port by number or by name as written, and a probe's timing fields.
 */
final class ProbeImport {

    /** A port as written: its number, or the name of one of the container's ports. */
    private record Port(int number, String name) {
    }

    private ProbeImport() {
    }

    /**
     * The probe at {@code path}, or empty when it cannot be mapped (a problem or a report entry says why).
     *
     * @param ports the container's declared ports, to check named ones
     * @param declare called with a port number the probe reaches that the container does not declare
     */
    static Optional<Probe> probe(ImportContext ctx, io.fabric8.kubernetes.api.model.Probe p, String path,
            List<ContainerPort> ports, IntConsumer declare) {
        Probe.Action action;
        if (p.getExec() != null) {
            Optional<Probe.Exec> exec = exec(ctx, p.getExec().getCommand(), FieldPath.sub(path, "exec.command"));
            if (exec.isEmpty()) {
                return Optional.empty();
            }
            action = exec.get();
        } else if (p.getHttpGet() != null) {
            Optional<Probe.HttpGet> get = httpGet(ctx, p.getHttpGet(), FieldPath.child(path, "httpGet"), ports);
            if (get.isEmpty()) {
                return Optional.empty();
            }
            action = get.get();
            declareIfNeeded(ctx, FieldPath.sub(path, "httpGet.port"), get.get().port(), get.get().portName(), ports,
                    declare);
        } else if (p.getTcpSocket() != null) {
            String at = FieldPath.sub(path, "tcpSocket.port");
            Optional<Port> port = port(ctx, p.getTcpSocket().getPort(), at, ports);
            if (port.isEmpty()) {
                return Optional.empty();
            }
            ctx.consume(at);
            action = new Probe.TcpSocket(port.get().number(), port.get().name());
            declareIfNeeded(ctx, at, port.get().number(), port.get().name(), ports, declare);
        } else {
            if (p.getGrpc() == null) {
                ctx.problem(path, "", "a probe needs exec, httpGet or tcpSocket");
            } else {
                ctx.report(FieldPath.child(path, "grpc"), Verdict.UNSUPPORTED, "no gRPC probe: the probe is left out");
                ctx.consume(path); // its timing fields go with it
            }
            return Optional.empty();
        }
        Probe.Builder b = Probe.builder(action);
        seconds(ctx, path, "initialDelaySeconds", p.getInitialDelaySeconds(), b::initialDelay);
        seconds(ctx, path, "periodSeconds", p.getPeriodSeconds(), b::period);
        seconds(ctx, path, "timeoutSeconds", p.getTimeoutSeconds(), b::timeout);
        if (p.getSuccessThreshold() != null) {
            b.successThreshold(p.getSuccessThreshold());
            ctx.consume(FieldPath.child(path, "successThreshold"));
        }
        if (p.getFailureThreshold() != null) {
            b.failureThreshold(p.getFailureThreshold());
            ctx.consume(FieldPath.child(path, "failureThreshold"));
        }
        return ctx.build(path, b::build);
    }

    /** The lifecycle hook at {@code path} (exec, httpGet or sleep), or empty when it cannot be mapped. */
    static Optional<Hook> hook(ImportContext ctx, LifecycleHandler h, String path, List<ContainerPort> ports) {
        if (h.getExec() != null) {
            return exec(ctx, h.getExec().getCommand(), FieldPath.sub(path, "exec.command")).map(e -> e);
        }
        if (h.getHttpGet() != null) {
            return httpGet(ctx, h.getHttpGet(), FieldPath.child(path, "httpGet"), ports).map(g -> g);
        }
        if (h.getSleep() != null) {
            Long seconds = h.getSleep().getSeconds();
            if (seconds == null) {
                ctx.problem(FieldPath.sub(path, "sleep.seconds"), "", "a sleep hook needs seconds");
                return Optional.empty();
            }
            ctx.consume(FieldPath.sub(path, "sleep.seconds"));
            return Optional.of(Hook.sleep(Duration.ofSeconds(seconds)));
        }
        if (h.getTcpSocket() == null) {
            ctx.problem(path, "", "a lifecycle hook needs exec, httpGet or sleep");
        }
        return Optional.empty(); // tcpSocket: the field rules report it unsupported
    }

    /** The container's probes, the extensions' exact ones first; a numbered port not declared is declared. */
    static void probes(ImportContext ctx, Container c, String path,
            List<io.fabric8.kubernetes.api.model.ContainerPort> ports, Extensions.Container extra,
            ContainerSpec.Builder b, Set<Integer> declared) {
        for (String field : Extensions.PROBES) {
            io.fabric8.kubernetes.api.model.Probe written = switch (field) {
                case "readinessProbe" -> c.getReadinessProbe();
                case "startupProbe" -> c.getStartupProbe();
                default -> c.getLivenessProbe();
            };
            String at = FieldPath.child(path, field);
            Optional<Probe> probe;
            if (extra.probes().containsKey(field)) {
                ctx.consume(at); // the nearest Kubernetes probe an export wrote for it
                probe = Optional.of(extra.probes().get(field));
            } else if (written == null || ctx.consumed(at)) {
                continue;
            } else {
                probe = probe(ctx, written, at, ports, port -> {
                    if (declared.add(port)) {
                        b.port(port);
                    }
                });
            }
            probe.ifPresent(p -> {
                switch (field) {
                    case "readinessProbe" -> b.readyWhen(p);
                    case "startupProbe" -> b.startupProbe(p);
                    default -> b.livenessProbe(p);
                }
            });
        }
    }

    /** The container's stop signal and hooks, the extensions' exact ones first. */
    static void lifecycle(ImportContext ctx, Container c, String path,
            List<io.fabric8.kubernetes.api.model.ContainerPort> ports, Extensions.Container extra,
            ContainerSpec.Builder b) {
        var lifecycle = c.getLifecycle();
        if (lifecycle != null && lifecycle.getStopSignal() != null) {
            b.stopSignal(lifecycle.getStopSignal());
            ctx.consume(FieldPath.sub(path, "lifecycle.stopSignal"));
        }
        for (String field : Extensions.HOOKS) {
            LifecycleHandler written = lifecycle == null ? null : field.equals("postStart") ? lifecycle.getPostStart()
                    : lifecycle.getPreStop();
            String at = FieldPath.sub(path, "lifecycle." + field);
            Optional<Hook> hook;
            if (extra.hooks().containsKey(field)) {
                ctx.consume(at);
                hook = Optional.of(extra.hooks().get(field));
            } else if (written == null || ctx.consumed(at)) {
                continue;
            } else {
                hook = hook(ctx, written, at, ports);
            }
            hook.ifPresent(h -> {
                if (field.equals("postStart")) {
                    b.postStart(h);
                } else {
                    b.preStop(h);
                }
            });
        }
    }

    private static Optional<Probe.Exec> exec(ImportContext ctx, List<String> command, String at) {
        if (command == null || command.isEmpty()) {
            ctx.problem(at, "", "an exec action needs a command");
            return Optional.empty();
        }
        ctx.consume(at);
        return Optional.of(new Probe.Exec(command));
    }

    private static Optional<Probe.HttpGet> httpGet(ImportContext ctx, HTTPGetAction get, String at,
            List<ContainerPort> ports) {
        Optional<Port> port = port(ctx, get.getPort(), FieldPath.child(at, "port"), ports);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        String scheme = get.getScheme() == null ? "HTTP" : get.getScheme().toUpperCase(Locale.ROOT);
        if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
            ctx.problem(FieldPath.child(at, "scheme"), get.getScheme(), "the scheme is HTTP or HTTPS");
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (get.getHttpHeaders() != null) {
            get.getHttpHeaders().forEach(h -> headers.put(h.getName(), h.getValue() == null ? "" : h.getValue()));
        }
        for (String field : List.of("port", "path", "scheme", "httpHeaders")) {
            ctx.consume(FieldPath.child(at, field));
        }
        return Optional.of(new Probe.HttpGet(port.get().number(), port.get().name(),
                get.getPath() == null ? "/" : get.getPath(), Probe.Scheme.valueOf(scheme), headers));
    }

    private static void seconds(ImportContext ctx, String path, String field, Integer seconds,
            java.util.function.Function<Duration, Probe.Builder> set) {
        if (seconds != null) {
            set.apply(Duration.ofSeconds(seconds));
            ctx.consume(FieldPath.child(path, field));
        }
    }

    /** The port as written: a number, or the name of one of the container's ports (kept as a name). */
    private static Optional<Port> port(ImportContext ctx, IntOrString port, String path, List<ContainerPort> ports) {
        if (port == null || port.getIntVal() == null && port.getStrVal() == null) {
            ctx.problem(path, "", "a port is needed");
            return Optional.empty();
        }
        if (port.getIntVal() != null) {
            return Optional.of(new Port(port.getIntVal(), null));
        }
        String name = port.getStrVal();
        if (name.matches("[0-9]+")) {
            return Optional.of(new Port(Integer.parseInt(name), null));
        }
        if (ports.stream().noneMatch(cp -> name.equals(cp.getName()))) {
            ctx.problem(path, name, "the container has no port named '" + name + "' (named ports: " + ports.stream()
                    .filter(cp -> cp.getName() != null).map(cp -> cp.getName() + "=" + cp.getContainerPort())
                    .toList() + ")");
            return Optional.empty();
        }
        return Optional.of(new Port(0, name));
    }

    /**
     * A probe may reach any port of the pod; the spec's reaches the container's declared TCP ports: a number the
     * container does not declare is declared, which publishes it too.
     */
    private static void declareIfNeeded(ImportContext ctx, String path, int port, String name,
            List<ContainerPort> ports, IntConsumer declare) {
        if (name != null) {
            return;
        }
        boolean declared = ports.stream().anyMatch(cp -> cp.getContainerPort() != null && cp.getContainerPort() == port
                && (cp.getProtocol() == null || cp.getProtocol().equals("TCP")));
        if (!declared) {
            declare.accept(port);
            ctx.note(path, Verdict.DIFFERENT, "port " + port + " is not among the container's TCP ports: declared "
                    + "here so that the probe may reach it, which also publishes it on the host");
        }
    }
}
