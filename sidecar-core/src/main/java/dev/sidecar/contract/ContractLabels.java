package dev.sidecar.contract;

/**
 * The label keys of the contract convention, version 1: the one place that spells them. The README's "Sidecar
 * contracts" section documents them for image authors.
 */
final class ContractLabels {

    /** The prefix of every contract label. */
    static final String PREFIX = "dev.sidecar.contract.";
    /** The contract's version; its presence is what makes an image a contract image. */
    static final String VERSION = PREFIX + "version";
    /** How the image is meant to run: {@code main}, {@code sidecar} or {@code init}. */
    static final String ROLE = PREFIX + "role";
    /** Comma-separated pod features the image needs, as Kubernetes names them ({@code shareProcessNamespace}). */
    static final String NEEDS = PREFIX + "needs";
    /** {@code dev.sidecar.contract.param.<NAME>.<attribute>}. */
    static final String PARAM = PREFIX + "param.";
    /** {@code dev.sidecar.contract.port.<number>.<attribute>}. */
    static final String PORT = PREFIX + "port.";
    /** {@code dev.sidecar.contract.volume.<name>.<attribute>}. */
    static final String VOLUME = PREFIX + "volume.";

    /** The OCI annotation naming the image. */
    static final String OCI_TITLE = "org.opencontainers.image.title";
    /** The OCI annotation describing the image. */
    static final String OCI_DESCRIPTION = "org.opencontainers.image.description";
    /** The OCI annotation giving the image's version. */
    static final String OCI_VERSION = "org.opencontainers.image.version";

    /** The contract version this library reads. */
    static final int SUPPORTED_VERSION = 1;

    private ContractLabels() {
    }
}
