package dev.sidecar.test;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Probe;
import java.util.Locale;

/**
 * Small HTTP servers and proxies on the project's test images, for tests of containers that talk to each other: a
 * busybox server of one page, and an nginx reverse proxy (busybox's own tools crash when busybox's servers run them,
 * so its {@code nc -e} and CGI cannot forward) that plays a proxy sidecar.
 */
public final class HttpContainers {

    private HttpContainers() {
    }

    /** A shell command serving {@code body} at {@code /index.html} on {@code address} (a port, or {@code ip:port}). */
    public static String serveCommand(String address, String body) {
        return "mkdir -p /www && echo '" + body + "' > /www/index.html && exec httpd -f -p " + address + " -h /www";
    }

    /** A busybox container serving {@code body} at {@code /index.html} on {@code address}, ready when it listens. */
    public static ContainerSpec.Builder server(String name, String address, String body) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX)
                .command("sh", "-c", serveCommand(address, body))
                .readyWhen(listening(port(address)))
                .stopSignal("SIGKILL"); // busybox as PID 1 ignores SIGTERM
    }

    /**
     * An nginx container listening on {@code address} (a port, or {@code ip:port}) that passes every request to
     * {@code upstream} (a URL such as {@code http://orders:9000}, whose host must resolve when it starts): a proxy
     * sidecar, ready when it listens.
     */
    public static ContainerSpec.Builder proxy(String name, String address, String upstream) {
        String conf = "worker_processes 1; pid /tmp/proxy.pid; error_log stderr; events {} http { access_log off; "
                + "server { listen " + address + "; location / { proxy_pass " + upstream + "; } } }";
        return ContainerSpec.builder(name, TestImages.DEBIAN)
                .command("sh", "-c", "echo '" + conf + "' > /tmp/proxy.conf && exec nginx -c /tmp/proxy.conf -g "
                        + "'daemon off;'")
                .readyWhen(listening(port(address)))
                .stopSignal("SIGQUIT"); // nginx's graceful stop
    }

    /** Ready when something listens on TCP {@code port} on any address of the pod, loopback included. */
    public static Probe listening(int port) {
        String hex = String.format(Locale.ROOT, "%04X", port);
        return Probe.exec("sh", "-c", "grep -qE '[0-9A-F]+:" + hex + " [0-9A-F]+:[0-9A-F]+ 0A' /proc/net/tcp "
                + "/proc/net/tcp6");
    }

    /** A busybox container that only sleeps, to exec commands in. */
    public static ContainerSpec.Builder idle(String name) {
        return ContainerSpec.builder(name, TestImages.BUSYBOX).command("sleep", "3600").stopSignal("SIGKILL");
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
