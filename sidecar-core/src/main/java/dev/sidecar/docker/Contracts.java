package dev.sidecar.docker;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.contract.ContractCheck;
import dev.sidecar.contract.ContractCheckResult;
import dev.sidecar.contract.ImageContract;
import dev.sidecar.contract.InvalidContractException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each container against its image's contract (the image's {@code dev.sidecar.contract.*} labels) before
 * anything is created: a broken contract rule fails the start naming the image, the parameter, the value and its
 * documentation; what may be a mistake (an unknown name, a port the image does not expose) is logged at WARN.
 * Images without a contract are used as they are. Each image's contract is read once per runtime.
 */
final class Contracts {

    private static final Logger LOG = LoggerFactory.getLogger(Contracts.class);

    private final Map<String, Optional<ImageContract>> byImage = new ConcurrentHashMap<>();

    /**
     * @param facts what the environment's downward API values need
     * @throws PodStartException listing every container whose configuration breaks its image's contract
     */
    void check(DockerEngine engine, PodSpec spec, PodFacts facts) {
        List<String> errors = new ArrayList<>();
        java.util.Set<String> toBlame = new java.util.LinkedHashSet<>();
        for (ContainerSpec c : spec.allContainers()) {
            Optional<ImageContract> contract = byImage.computeIfAbsent(c.image(), image -> read(engine, image));
            if (contract.isEmpty()) {
                continue;
            }
            // The environment the container will get: envFrom and valueFrom count as much as env.
            Map<String, String> env = EnvResolver.beforeStart(spec, c, facts);
            ContractCheckResult result = ContractCheck.check(contract.get(), c.image(), env, c.ports());
            result.warnings().forEach(w -> LOG.warn("pod '{}', container '{}': {}", spec.name(), c.name(),
                    spec.maskSecrets(w)));
            result.errors().forEach(e -> errors.add("container '" + c.name() + "': " + e));
            if (!result.errors().isEmpty()) {
                toBlame.add(c.name());
            }
        }
        if (!errors.isEmpty()) {
            String message = spec.maskSecrets("pod '" + spec.name() + "' breaks the contract of its images; nothing "
                    + "was created:\n  - " + String.join("\n  - ", errors));
            throw toBlame.size() == 1 ? new PodStartException(message, toBlame.iterator().next(), List.of(), null)
                    : new PodStartException(message, null);
        }
    }

    /** The image's contract; a contract that breaks the convention is the image's fault: warned of, not applied. */
    private static Optional<ImageContract> read(DockerEngine engine, String image) {
        DockerEngine.ImageConfig config = engine.imageConfig(image);
        try {
            return ImageContract.read(image, config.labels(), config.env(), config.exposedPorts());
        } catch (InvalidContractException e) {
            LOG.warn("image '{}' has a contract that breaks the convention, so it is not checked: {}", image,
                    e.getMessage());
            return Optional.empty();
        }
    }
}
