package dev.sidecar.contract;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an image declares about itself: its parameters (environment variables with defaults, units, allowed values),
 * its ports and the paths it reads and writes on shared volumes, read from its labels, {@code ENV} and
 * {@code EXPOSE}. An immutable value: compare two with {@link ContractDiff}, check a container's configuration
 * against one with {@link ContractCheck}. In Kubernetes terms, the documentation of a container's {@code env},
 * {@code ports} and {@code volumeMounts}.
 */
public final class ImageContract {

    /** The label whose presence makes an image a contract image: {@code dev.sidecar.contract.version}. */
    public static final String VERSION_LABEL = ContractLabels.VERSION;

    private final int version;
    private final String title;
    private final String description;
    private final String imageVersion;
    private final String role;
    private final Set<String> needs;
    private final List<ContractParameter> parameters;
    private final List<ContractPort> ports;
    private final List<ContractVolume> volumes;

    ImageContract(int version, String title, String description, String imageVersion, String role, Set<String> needs,
            List<ContractParameter> parameters, List<ContractPort> ports, List<ContractVolume> volumes) {
        this.version = version;
        this.title = title;
        this.description = description;
        this.imageVersion = imageVersion;
        this.role = role;
        this.needs = Set.copyOf(needs);
        this.parameters = List.copyOf(parameters);
        this.ports = List.copyOf(ports);
        this.volumes = List.copyOf(volumes);
    }

    /**
     * Reads the contract of an image from what its inspection gives, with no engine call: a pure function.
     *
     * @param image the image's name, for messages
     * @param labels the image's labels ({@code Config.Labels})
     * @param env the image's environment as {@code NAME=value} entries ({@code Config.Env}); each parameter's
     *     default is its value here
     * @param exposedPorts the image's exposed ports as Docker writes them: {@code 8080/tcp}, {@code 53/udp} or
     *     {@code 8080} ({@code Config.ExposedPorts})
     * @return the contract, or empty when the image declares none (it has no {@code dev.sidecar.contract.version}
     *     label)
     * @throws InvalidContractException listing every problem when the contract labels break the convention
     */
    public static Optional<ImageContract> read(String image, Map<String, String> labels, List<String> env,
            Collection<String> exposedPorts) {
        return new ContractReader(Objects.requireNonNull(image, "image"), Objects.requireNonNull(labels, "labels"),
                Objects.requireNonNull(env, "env"), Objects.requireNonNull(exposedPorts, "exposedPorts")).read();
    }

    /** The version of the convention the image follows ({@code dev.sidecar.contract.version}). */
    public int version() {
        return version;
    }

    /** The image's name for humans ({@code org.opencontainers.image.title}); empty when not given. */
    public String title() {
        return title;
    }

    /** What the image does ({@code org.opencontainers.image.description}); empty when not given. */
    public String description() {
        return description;
    }

    /** The image's own version ({@code org.opencontainers.image.version}); empty when not given. */
    public String imageVersion() {
        return imageVersion;
    }

    /** How the image is meant to run in a pod: {@code main}, {@code sidecar} or {@code init}; empty when not given. */
    public String role() {
        return role;
    }

    /** The pod features the image needs, as Kubernetes names them, for example {@code shareProcessNamespace}. */
    public Set<String> needs() {
        return needs;
    }

    /** The parameters, in the order of the image's {@code ENV}, then those without {@code ENV} by name. */
    public List<ContractParameter> parameters() {
        return parameters;
    }

    /** The parameter of that name, if the contract declares it. */
    public Optional<ContractParameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The ports, exposed or documented, by number. */
    public List<ContractPort> ports() {
        return ports;
    }

    /** The paths the image reads or writes on shared volumes, by name. */
    public List<ContractVolume> volumes() {
        return volumes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageContract other && version == other.version && title.equals(other.title)
                && description.equals(other.description) && imageVersion.equals(other.imageVersion)
                && role.equals(other.role) && needs.equals(other.needs) && parameters.equals(other.parameters)
                && ports.equals(other.ports) && volumes.equals(other.volumes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, title, description, imageVersion, role, needs, parameters, ports, volumes);
    }

    @Override
    public String toString() {
        return "ImageContract[version=" + version + ", title=" + title + ", role=" + role + ", needs=" + needs
                + ", parameters=" + parameters.stream().map(ContractParameter::name).toList()
                + ", ports=" + ports.stream().map(ContractPort::spec).toList()
                + ", volumes=" + volumes.stream().map(v -> v.name() + ":" + v.path() + ":" + v.access()).toList()
                + "]";
    }
}
