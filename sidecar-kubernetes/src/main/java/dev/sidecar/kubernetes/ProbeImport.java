package dev.sidecar.kubernetes;

import dev.sidecar.Probe;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/** A Kubernetes probe as a spec {@link Probe}: its action, its port (by number or name) and its timing fields. */
final class ProbeImport {

    private ProbeImport() {
    }

    /**
     * The probe at {@code path}, or empty when it cannot be mapped (a problem or a report entry says why).
     *
     * @param ports the container's declared ports, to resolve named ones
     * @param declare called with a port the probe reaches that the container does not declare
     */
    static Optional<Probe> map(ImportContext ctx, io.fabric8.kubernetes.api.model.Probe p, String path,
            List<ContainerPort> ports, IntConsumer declare) {
        Probe.Action action;
        if (p.getExec() != null) {
            List<String> command = p.getExec().getCommand() == null ? List.of() : p.getExec().getCommand();
            if (command.isEmpty()) {
                ctx.problem(FieldPath.sub(path, "exec.command"), "", "an exec probe needs a command");
                return Optional.empty();
            }
            ctx.consume(FieldPath.sub(path, "exec.command"));
            action = new Probe.Exec(command);
        } else if (p.getHttpGet() != null) {
            HTTPGetAction get = p.getHttpGet();
            String at = FieldPath.child(path, "httpGet");
            Optional<Integer> port = port(ctx, get.getPort(), FieldPath.child(at, "port"), ports);
            if (port.isEmpty()) {
                return Optional.empty();
            }
            String scheme = get.getScheme() == null ? "HTTP" : get.getScheme().toUpperCase(Locale.ROOT);
            if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
                ctx.problem(FieldPath.child(at, "scheme"), get.getScheme(), "a probe's scheme is HTTP or HTTPS");
                return Optional.empty();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (get.getHttpHeaders() != null) {
                get.getHttpHeaders().forEach(h -> headers.put(h.getName(), h.getValue() == null ? "" : h.getValue()));
            }
            for (String field : List.of("port", "path", "scheme", "httpHeaders")) {
                ctx.consume(FieldPath.child(at, field));
            }
            action = new Probe.HttpGet(port.get(), get.getPath() == null ? "/" : get.getPath(),
                    Probe.Scheme.valueOf(scheme), headers);
            declareIfNeeded(ctx, FieldPath.child(at, "port"), port.get(), ports, declare);
        } else if (p.getTcpSocket() != null) {
            String at = FieldPath.sub(path, "tcpSocket.port");
            Optional<Integer> port = port(ctx, p.getTcpSocket().getPort(), at, ports);
            if (port.isEmpty()) {
                return Optional.empty();
            }
            ctx.consume(at);
            action = new Probe.TcpSocket(port.get());
            declareIfNeeded(ctx, at, port.get(), ports, declare);
        } else {
            if (p.getGrpc() == null) {
                ctx.problem(path, "", "a probe needs exec, httpGet or tcpSocket");
            }
            return Optional.empty(); // gRPC: the field rules report it unsupported
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

    private static void seconds(ImportContext ctx, String path, String field, Integer seconds,
            java.util.function.Function<Duration, Probe.Builder> set) {
        if (seconds != null) {
            set.apply(Duration.ofSeconds(seconds));
            ctx.consume(FieldPath.child(path, field));
        }
    }

    /** The port number: a number, or the name of one of the container's ports. */
    private static Optional<Integer> port(ImportContext ctx, IntOrString port, String path, List<ContainerPort> ports) {
        if (port == null || port.getIntVal() == null && port.getStrVal() == null) {
            ctx.problem(path, "", "a probe needs a port");
            return Optional.empty();
        }
        if (port.getIntVal() != null) {
            return Optional.of(port.getIntVal());
        }
        String name = port.getStrVal();
        if (name.matches("[0-9]+")) {
            return Optional.of(Integer.parseInt(name));
        }
        Optional<Integer> found = ports.stream().filter(cp -> name.equals(cp.getName()))
                .map(ContainerPort::getContainerPort).findFirst();
        if (found.isEmpty()) {
            ctx.problem(path, name, "the container has no port named '" + name + "' (named ports: " + ports.stream()
                    .filter(cp -> cp.getName() != null).map(cp -> cp.getName() + "=" + cp.getContainerPort())
                    .toList() + ")");
        }
        return found;
    }

    private static void declareIfNeeded(ImportContext ctx, String path, int port, List<ContainerPort> ports,
            IntConsumer declare) {
        boolean declared = ports.stream().anyMatch(cp -> cp.getContainerPort() != null && cp.getContainerPort() == port);
        if (!declared) {
            declare.accept(port);
            ctx.note(path, Verdict.DIFFERENT, "port " + port + " is not among the container's ports: declared here "
                    + "so that the probe may reach it, which also publishes it on the host");
        }
    }
}
