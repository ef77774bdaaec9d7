package dev.sidecar.examples;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.VolumeSpec;
import dev.sidecar.docker.DockerPodRuntime;
import dev.sidecar.docker.PodNetwork;
import dev.sidecar.testcontainers.AttachedSidecars;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A service under test and its dependency, each with a sidecar, among Testcontainers containers. The dependency
 * ({@code inventory}, a plain-HTTP store) is a Testcontainers {@code GenericContainer} on a Testcontainers
 * {@code Network}; {@link AttachedSidecars} puts TLS in front of it without changing it, as the {@link QuickStartDemo}
 * pod has it: an init container makes a certificate for the name {@code inventory} in a shared {@code emptyDir} and
 * the {@code tls-proxy} sidecar serves TLS on {@value #INVENTORY_TLS_PORT} with it, a port the dependency publishes for
 * it. The service under test
 * ({@code shop}) is a pod on the same network: its app speaks plain HTTP to {@code localhost:}{@value #ORIGIN_PORT},
 * where its {@code tls-origin} sidecar (Debian's nginx) opens TLS to {@code inventory:}{@value #INVENTORY_TLS_PORT} and
 * verifies the dependency's certificate, as a service mesh's sidecar would. The dependency reaches the pod back by its
 * alias, {@code shop}.
 *
 * <pre>
 * bash scripts/demo.sh DependencyBehindTls
 * </pre>
 */
public final class DependencyBehindTls {

    /** The dependency's name on the network, and the name its certificate is made for. */
    static final String INVENTORY = "inventory";
    /** The port of the dependency's TLS sidecar (the quick start's), published by the dependency's container. */
    static final int INVENTORY_TLS_PORT = QuickStartDemo.HTTPS_PORT;
    /** The dependency's own plain-HTTP port, where the TLS sidecar forwards to. */
    static final int INVENTORY_PORT = QuickStartDemo.APP_PORT;
    /** Where, inside the shop pod, the app finds the dependency: the tls-origin sidecar, on localhost only. */
    static final int ORIGIN_PORT = 9000;
    /** The shop pod's name on the network. */
    static final String SHOP = "shop";
    /** What the dependency stores: one document. */
    static final String STOCK = "{\"widgets\": 12}";

    private static final String ORIGIN_DIR = "/etc/tls-origin";

    private DependencyBehindTls() {
    }

    /**
     * The dependency, as a Testcontainers user has it: a container with its own wait strategy, on {@code network}
     * as {@value #INVENTORY}, serving {@link #STOCK} at {@code /stock.json} over plain HTTP.
     */
    public static GenericContainer<?> inventory(Network network) {
        return new GenericContainer<>(DockerImageName.parse(ExampleImages.LEGACY_APP))
                .withNetwork(network)
                .withNetworkAliases(INVENTORY)
                .withCopyToContainer(Transferable.of(STOCK + "\n"), "/var/www/stock.json")
                .waitingFor(Wait.forLogMessage(".*serving .* on port " + INVENTORY_PORT + ".*", 1));
    }

    /**
     * TLS in front of the dependency: an init container writes a certificate for {@value #INVENTORY} into a shared
     * {@code emptyDir}, the {@code tls-proxy} sidecar serves it on {@value #INVENTORY_TLS_PORT} and forwards to the
     * dependency on {@code localhost}, in its network namespace.
     */
    public static AttachedSidecars tlsFor(GenericContainer<?> inventory) {
        return AttachedSidecars.to(inventory)
                .withVolume(VolumeSpec.emptyDir("tls"))
                .withInitContainer(QuickStartDemo.certificateMaker(INVENTORY)
                        .env("SUBJECT_ALT_NAMES", "DNS:" + INVENTORY + ",DNS:localhost,IP:127.0.0.1")
                        .build())
                .withSidecar(QuickStartDemo.tlsProxy());
    }

    /**
     * The service under test: an app whose {@code tls-origin} sidecar turns its plain-HTTP calls to
     * {@code localhost:}{@value #ORIGIN_PORT} into TLS to the dependency, trusting only {@code inventoryCertificate}
     * (PEM).
     */
    public static PodSpec shop(String inventoryCertificate) {
        return PodSpec.builder(SHOP)
                .volume(VolumeSpec.emptyDir("tls-origin").toBuilder()
                        .file("nginx.conf", originConfig())
                        .file("inventory.crt", inventoryCertificate)
                        .build())
                .sidecar(ContainerSpec.builder("tls-origin", ExampleImages.debian())
                        .command("nginx", "-c", ORIGIN_DIR + "/nginx.conf", "-g", "daemon off;")
                        .mountReadOnly("tls-origin", ORIGIN_DIR)
                        // Not a declared port (that would publish it): nginx writes its pid once it listens.
                        .readyWhen(Probe.exec("test", "-s", "/tmp/tls-origin.pid"))
                        .build())
                .main(ContainerSpec.builder("app", ExampleImages.LEGACY_APP)
                        .port(8080)
                        .readyWhen(Probe.http(8080, "/"))
                        .build())
                .build();
    }

    /** nginx on localhost, opening TLS to the dependency and verifying its certificate and name. */
    private static String originConfig() {
        return String.join("\n",
                "worker_processes 1;",
                "pid /tmp/tls-origin.pid;",
                "error_log stderr notice;",
                "events { worker_connections 64; }",
                "http {",
                "    access_log /dev/stdout;",
                "    server {",
                "        listen 127.0.0.1:" + ORIGIN_PORT + ";",
                "        location / {",
                "            proxy_pass https://" + INVENTORY + ":" + INVENTORY_TLS_PORT + ";",
                "            proxy_ssl_verify on;",
                "            proxy_ssl_trusted_certificate " + ORIGIN_DIR + "/inventory.crt;",
                "            proxy_ssl_name " + INVENTORY + ";",
                "        }",
                "    }",
                "}",
                "");
    }

    /** What one run saw. */
    record Seen(String certificateSubject, String stockOverHttps, String stockFromShop, String shopFromInventory) {
    }

    /** Starts the dependency with its sidecars and the shop pod, asks each the way through the other, prints it. */
    public static void main(String[] args) {
        run(System.out);
    }

    static Seen run(PrintStream out) {
        try (Network network = Network.newNetwork();
             DockerPodRuntime runtime = DockerPodRuntime.create()) {
            AttachedSidecars sidecars = tlsFor(inventory(network)).withRuntime(runtime);
            try {
                sidecars.start();
                byte[] pem = sidecars.getSidecar("tls-proxy").copyFromContainer(QuickStartDemo.TLS_DIR + "/tls.crt");
                X509Certificate cert = Tls.certificate(pem);
                ContainerState proxy = sidecars.getContainer("tls-proxy");
                URI url = URI.create("https://" + proxy.getHost() + ":" + proxy.getMappedPort(INVENTORY_TLS_PORT)
                        + "/stock.json");
                String overHttps = Http.get(Http.trusting(Tls.trusting(cert)), url).body().strip();
                out.println("inventory (a Testcontainers container) serves TLS through its sidecar: GET " + url
                        + " -> " + overHttps);
                try (Pod shop = runtime.start(shop(new String(pem, StandardCharsets.US_ASCII)),
                        List.of(PodNetwork.of(network, SHOP)))) {
                    String fromShop = shop.main().exec("wget", "-q", "-O-",
                            "http://127.0.0.1:" + ORIGIN_PORT + "/stock.json").stdout().strip();
                    out.println("shop's app asks localhost:" + ORIGIN_PORT + ", its sidecar asks https://" + INVENTORY
                            + ":" + INVENTORY_TLS_PORT + " -> " + fromShop);
                    String page = sidecars.getTarget().execInContainer("wget", "-q", "-O-", "http://" + SHOP + ":8080/")
                            .getStdout();
                    out.println("inventory reaches the pod by its alias: GET http://" + SHOP + ":8080/ -> "
                            + QuickStartDemo.heading(page));
                    return new Seen(cert.getSubjectX500Principal().getName(), overHttps, fromShop,
                            QuickStartDemo.heading(page));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                sidecars.stop();
                out.println("stopped the sidecars, then inventory; closed the pod: nothing of them is left");
            }
        }
    }
}
