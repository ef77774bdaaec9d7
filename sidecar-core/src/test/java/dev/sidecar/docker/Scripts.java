package dev.sidecar.docker;

/**
 * Commands for containers of the busybox test image that run until the pod stops them. As PID 1 of its own process
 * namespace, {@code sh} would ignore SIGTERM and make every close wait for the whole grace period; these trap it and
 * exit at once.
 */
final class Scripts {

    private Scripts() {
    }

    /**
     * {@code sh -c}: runs {@code setup} (lines of shell; end a line with {@code &} to keep a server running), then
     * idles until SIGTERM.
     */
    static String[] thenIdle(String setup) {
        return new String[] {"sh", "-c", "trap 'exit 0' TERM\n" + setup + "\nsleep infinity & wait"};
    }

    /** Idles until SIGTERM. */
    static String[] idle() {
        return new String[] {"sh", "-c", "trap 'exit 0' TERM\nsleep infinity & wait"};
    }

    /** Setup lines that serve {@code text} as {@code /<file>} over HTTP on {@code port} from {@code /www/<port>}. */
    static String serve(int port, String file, String text) {
        return "mkdir -p /www/" + port + "\n"
                + "echo '" + text + "' > /www/" + port + "/" + file + "\n"
                + "httpd -f -p " + port + " -h /www/" + port + " &";
    }
}
