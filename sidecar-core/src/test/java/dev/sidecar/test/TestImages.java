package dev.sidecar.test;

/**
 * The project's own test images, built locally by {@code scripts/docker-env.sh}. Their names live in one place,
 * {@code scripts/test-images.properties}, which the Maven build hands to the tests as system properties.
 */
public final class TestImages {

    /** busybox-static from Debian: sh, httpd, wget, nc, ps, kill and the other applets. */
    public static final String BUSYBOX = image("busybox");
    /** Debian bookworm with nginx-light, openssl, git and procps. */
    public static final String DEBIAN = image("debian");
    /** The project's pause image; the runtime reads it from {@code sidecar.infra-image}. */
    public static final String PAUSE = System.getProperty("sidecar.infra-image", "");

    private TestImages() {
    }

    private static String image(String key) {
        String name = System.getProperty("sidecar.test.image." + key);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("system property sidecar.test.image." + key + " is not set: run the "
                    + "tests through Maven (mvn verify), which reads the image names from "
                    + "scripts/test-images.properties, after scripts/docker-env.sh built the images");
        }
        return name;
    }
}
