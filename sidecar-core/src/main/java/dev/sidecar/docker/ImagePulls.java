package dev.sidecar.docker;

import dev.sidecar.ContainerSpec;
import dev.sidecar.ImagePullPolicy;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.RuntimeUnavailableException;
import dev.sidecar.SidecarException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runtime's images: before anything of a pod is created, every image it needs is on the engine, as each
 * container's {@code imagePullPolicy} says. {@code NEVER}: the image must be there already, checked first so that
 * the start fails at once, naming the container and the image; {@code ALWAYS}: pulled at every start, even when
 * present; {@code IF_NOT_PRESENT}: pulled only when missing, and remembered as present for the runtime's life.
 */
final class ImagePulls {

    /** Pulls are logged as the runtime's. */
    private static final Logger LOG = LoggerFactory.getLogger(DockerPodRuntime.class);

    private final String infraImage;
    private final Duration pullTimeout;
    private final Executor pool;
    private final Set<String> present = ConcurrentHashMap.newKeySet();

    /**
     * @param infraImage the infrastructure image, which every pod needs
     * @param pullTimeout how long one pull may take
     * @param pool where the images are checked and pulled, at once
     */
    ImagePulls(String infraImage, Duration pullTimeout, Executor pool) {
        this.infraImage = infraImage;
        this.pullTimeout = pullTimeout;
        this.pool = pool;
    }

    /**
     * Makes sure every image of {@code spec} and the infrastructure image are on the engine.
     *
     * @throws PodStartException naming the containers and images that are missing or could not be pulled
     */
    void ensure(DockerEngine docker, PodSpec spec) {
        Set<String> never = new LinkedHashSet<>();
        Set<String> always = new LinkedHashSet<>();
        spec.allContainers().forEach(c -> {
            if (c.imagePullPolicy() == ImagePullPolicy.NEVER) {
                never.add(c.image());
            } else if (c.imagePullPolicy() == ImagePullPolicy.ALWAYS) {
                always.add(c.image());
            }
        });
        List<String> missing = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String image : never) {
            if (present.contains(image) || docker.imagePresent(image)) {
                present.add(image);
                continue;
            }
            for (ContainerSpec c : spec.allContainers()) {
                if (c.image().equals(image) && c.imagePullPolicy() == ImagePullPolicy.NEVER) {
                    refused.add(c.name());
                    missing.add("container '" + c.name() + "': image '" + image + "' is not on the engine, and its "
                            + "imagePullPolicy is NEVER");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new PodStartException("pod '" + spec.name() + "' cannot start; nothing was created:\n  - "
                    + String.join("\n  - ", missing), refused.size() == 1 ? refused.get(0) : null, List.of(), null);
        }
        Set<String> ifMissing = new LinkedHashSet<>();
        ifMissing.add(infraImage);
        spec.allContainers().forEach(c -> ifMissing.add(c.image()));
        ifMissing.removeAll(never);
        ifMissing.removeAll(always);
        ifMissing.removeAll(present);
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (String image : always) {
            checks.add(CompletableFuture.runAsync(() -> pull(docker, spec, image, true), pool));
        }
        for (String image : ifMissing) {
            checks.add(CompletableFuture.runAsync(() -> pullIfMissing(docker, spec, image), pool));
        }
        EngineThreads.joinAll(checks);
    }

    private void pullIfMissing(DockerEngine docker, PodSpec spec, String image) {
        if (!docker.imagePresent(image)) {
            LOG.info("pulling image {} (not present on the engine)", image);
            pull(docker, spec, image, false);
        }
        present.add(image);
    }

    /** Pulls {@code image}; a failure fails the start naming the image and the containers that run it. */
    private void pull(DockerEngine docker, PodSpec spec, String image, boolean always) {
        if (always) {
            LOG.info("pulling image {} (imagePullPolicy ALWAYS)", image);
        }
        try {
            docker.pull(image, pullTimeout);
        } catch (RuntimeUnavailableException e) {
            throw e;
        } catch (SidecarException e) {
            boolean infra = image.equals(infraImage);
            String user = spec.allContainers().stream().filter(c -> c.image().equals(image))
                    .map(ContainerSpec::name).findFirst().orElse(null);
            String message = "pod '" + spec.name() + "' cannot start: image '" + image + "' (of "
                    + usersOf(spec, image) + ") " + (always ? "has imagePullPolicy ALWAYS" : "is not on the engine")
                    + ", and pulling it failed: " + e.getMessage() + (infra ? " (it is the infrastructure image: set "
                    + DockerPodRuntime.INFRA_IMAGE_PROPERTY + " to an image the engine has)" : "");
            throw user == null ? new PodStartException(message, e)
                    : new PodStartException(message, user, List.of(), e);
        }
    }

    /** Which containers of the pod run {@code image}, for a message. */
    private String usersOf(PodSpec spec, String image) {
        List<String> users = new ArrayList<>();
        spec.allContainers().stream().filter(c -> c.image().equals(image))
                .forEach(c -> users.add("container '" + c.name() + "'"));
        if (image.equals(infraImage)) {
            users.add("the infrastructure container");
        }
        return String.join(", ", users);
    }
}
