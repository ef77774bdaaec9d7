package dev.sidecar.examples;

/**
 * The images the examples run. The example images are built by {@code sidecar-examples/images/build.sh} (run by
 * {@code scripts/docker-env.sh}) from the directory of the same name, tagged {@code sidecar-examples/<name>:1};
 * the base images are the project's test images, whose names Maven passes in as system properties read from
 * {@code scripts/test-images.properties}.
 */
public final class ExampleImages {

    /** A plain-HTTP web app (busybox httpd) serving {@code WWW_ROOT} on {@code PORT} (8080). */
    public static final String LEGACY_APP = example("legacy-app");
    /** Init container writing a self-signed certificate for {@code COMMON_NAME} into {@code CERT_DIR}. */
    public static final String SELF_SIGNED_CERT = example("self-signed-cert");
    /** nginx terminating TLS on {@code PORT} (8443) in front of {@code localhost:UPSTREAM_PORT}. */
    public static final String TLS_PROXY = example("tls-proxy");
    /** Polls {@code CONFIG_URL} into {@code CONFIG_FILE} and signals the process {@code PROCESS_NAME} on change. */
    public static final String CONFIG_SYNC = example("config-sync");
    /** An app that reloads {@code CONFIG_FILE} on SIGHUP and serves what it loaded on {@code PORT} (8080). */
    public static final String CONFIG_APP = example("config-app");
    /** Follows {@code LOG_FILE} across rotations and ships its lines to stdout or {@code SINK_URL}. */
    public static final String LOG_SHIPPER = example("log-shipper");
    /** Serves the pod's process list on {@code PORT} (9090) at {@code /cgi-bin/topz}. */
    public static final String TOPZ = example("topz");
    /** Checks out {@code BRANCH} of {@code REPO} into {@code DEST} every {@code PERIOD_SECONDS}. */
    public static final String GIT_SYNC = example("git-sync");

    private ExampleImages() {
    }

    /** busybox-static: sh, httpd, wget, ps, kill and the other applets. */
    public static String busybox() {
        return testImage("busybox");
    }

    /** Debian bookworm with nginx-light, openssl, git and procps. */
    public static String debian() {
        return testImage("debian");
    }

    private static String example(String name) {
        return "sidecar-examples/" + name + ":1";
    }

    private static String testImage(String key) {
        String name = System.getProperty("sidecar.test.image." + key);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("system property sidecar.test.image." + key + " is not set: run the "
                    + "example through Maven, which reads the image names from scripts/test-images.properties: "
                    + "mvn -q -pl sidecar-examples -am package -DskipTests -Ddemo=<class name>");
        }
        return name;
    }
}
