package dev.sidecar.cli;

/** The command line's exit codes, for scripts and CI pipelines. */
final class ExitCodes {

    /** Done; for {@code contract diff}: no breaking change. */
    static final int OK = 0;
    /** {@code contract diff} found a breaking change. */
    static final int BREAKING = 1;
    /** {@code play}: the pod failed (a main container exited non-zero, its deadline passed, its infra was lost). */
    static final int POD_FAILED = 1;
    /** Bad arguments: an unknown command or option, a missing or extra argument. */
    static final int USAGE = 2;
    /** An image is missing, declares no contract, or declares an invalid one. */
    static final int IMAGE = 3;
    /** No Docker engine answers, or it did not answer in time. */
    static final int ENGINE = 4;
    /** An unexpected failure of the command line itself; the stack trace goes to stderr. */
    static final int INTERNAL = 5;
    /** A Kubernetes manifest cannot be read, or its import or export refuses it (each problem with its field path). */
    static final int MANIFEST = 6;
    /** {@code play}: the pod did not start; everything created for it was removed. */
    static final int NOT_STARTED = 7;
    /** {@code play}: a pod that runs to completion had not ended when {@code --timeout} elapsed (as timeout(1)). */
    static final int TIMEOUT = 124;

    private ExitCodes() {
    }
}
