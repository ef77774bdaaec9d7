package dev.sidecar.docker;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodRuntime;
import dev.sidecar.PodSpec;
import dev.sidecar.PodStartException;
import dev.sidecar.SidecarException;
import dev.sidecar.VolumeSpec;
import dev.sidecar.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pods on a Docker engine, found the way Testcontainers finds it ({@code DOCKER_HOST},
 * {@code ~/.testcontainers.properties}, the local socket). Cheap to create; one instance may start any number of
 * pods, concurrently.
 *
 * <pre>{@code
 * try (Pod pod = DockerPodRuntime.create().start(spec)) { ... }
 * }</pre>
 *
 * <p>Each pod gets an infrastructure container holding its namespaces, like Kubernetes' pause container. Its image is
 * {@value #DEFAULT_INFRA_IMAGE} unless the system property {@code sidecar.infra-image} or the environment variable
 * {@code SIDECAR_INFRA_IMAGE} names another (read when the builder is created), or {@link Builder#infraImage} does.
 */
public final class DockerPodRuntime implements PodRuntime {

    /** The infrastructure image unless configured: Kubernetes' pause image. */
    public static final String DEFAULT_INFRA_IMAGE = "registry.k8s.io/pause:3.10";
    /** How long pulling a missing image may take unless {@link Builder#pullTimeout} says otherwise. */
    public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(2);
    /** How long each init container may run unless {@link Builder#initContainerTimeout} says otherwise. */
    public static final Duration DEFAULT_INIT_CONTAINER_TIMEOUT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(DockerPodRuntime.class);

    /** What a runtime was configured with. */
    record Settings(String infraImage, List<String> infraCommand, Duration pullTimeout,
            Duration initContainerTimeout) {
    }

    private final Settings settings;
    private final Object engineLock = new Object();
    private volatile DockerEngine engine;
    private final Set<String> imagesPresent = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean swept = new java.util.concurrent.atomic.AtomicBoolean();

    private DockerPodRuntime(Settings settings, DockerEngine engine) {
        this.settings = settings;
        this.engine = engine;
    }

    /** A runtime with the defaults. */
    public static DockerPodRuntime create() {
        return builder().build();
    }

    /** A builder to change the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether a Docker engine answers, found as a runtime would find it. The answer is remembered for the life of the
     * JVM, as Testcontainers remembers it.
     */
    public static boolean isDockerAvailable() {
        return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    }

    /** The infrastructure image this runtime uses. */
    public String infraImage() {
        return settings.infraImage();
    }

    @Override
    public Pod start(PodSpec spec) {
        Objects.requireNonNull(spec, "spec");
        preflight(spec);
        DockerEngine docker = engine();
        if (swept.compareAndSet(false, true)) {
            // Sweeping touches only objects of dead owners, so it need not hold up this pod.
            Parallel.EXECUTOR.execute(() -> sweep(docker));
        }
        ensureImages(docker, spec);
        return new PodStarter(docker, settings, spec).start();
    }

    /** Removes what pods of dead JVMs on this host left; a failure is logged, never fatal to the start. */
    private static void sweep(DockerEngine docker) {
        try {
            Sweeper.Result r = new Sweeper(docker).sweep();
            if (r.containers() + r.volumes() > 0) {
                LOG.info("removed {} container(s) and {} volume(s) left by pods of JVMs that are gone", r.containers(),
                        r.volumes());
            }
        } catch (RuntimeException e) {
            LOG.warn("sweeping objects left by dead JVMs failed: {}", e.getMessage());
        }
    }

    /** Checks what the spec cannot know (Docker's names for capabilities) and warns of privileges. */
    private static void preflight(PodSpec spec) {
        List<String> problems = new ArrayList<>();
        for (ContainerSpec c : spec.allContainers()) {
            for (String cap : c.addedCapabilities()) {
                try {
                    Wiring.capability(cap);
                } catch (IllegalArgumentException e) {
                    problems.add("container '" + c.name() + "': " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new dev.sidecar.InvalidSpecException("pod '" + spec.name() + "' for Docker", problems);
        }
        for (ContainerSpec c : spec.allContainers()) {
            if (c.privileged()) {
                LOG.warn("pod '{}': container '{}' runs privileged, as its spec asks", spec.name(), c.name());
            }
            if (!c.addedCapabilities().isEmpty()) {
                LOG.warn("pod '{}': container '{}' gets added capabilities {}, as its spec asks", spec.name(),
                        c.name(), c.addedCapabilities());
            }
        }
        for (VolumeSpec v : spec.volumes()) {
            if (v.kind() == VolumeSpec.Kind.HOST_PATH && v.hostPath().contains("docker.sock")) {
                LOG.warn("pod '{}': volume '{}' mounts the Docker socket {} into the pod, as its spec asks",
                        spec.name(), v.name(), v.hostPath());
            }
            if (v.kind() == VolumeSpec.Kind.HOST_PATH && !v.readOnly()) {
                LOG.warn("pod '{}': hostPath volume '{}' ({}) is writable, as its spec asks", spec.name(), v.name(),
                        v.hostPath());
            }
        }
    }

    /** Makes sure every image is on the engine before anything is created, pulling what is missing. */
    private void ensureImages(DockerEngine docker, PodSpec spec) {
        Set<String> images = new LinkedHashSet<>();
        images.add(settings.infraImage());
        spec.allContainers().forEach(c -> images.add(c.image()));
        images.removeAll(imagesPresent);
        Parallel.forEach(List.copyOf(images), image -> {
            if (!docker.imagePresent(image)) {
                LOG.info("pulling image {} (not present on the engine)", image);
                try {
                    docker.pull(image, settings.pullTimeout());
                } catch (SidecarException e) {
                    throw new PodStartException("pod '" + spec.name() + "' cannot start: image '" + image
                            + "' (of " + usersOf(spec, image) + ") is not on the engine and could not be pulled: "
                            + e.getMessage()
                            + (image.equals(settings.infraImage()) ? " (it is the infrastructure image: set "
                            + "sidecar.infra-image to an image the engine has)" : ""), e);
                }
            }
            imagesPresent.add(image);
            return null;
        });
    }

    /** Which containers of the pod run {@code image}, for a message. */
    private String usersOf(PodSpec spec, String image) {
        List<String> users = new ArrayList<>();
        spec.allContainers().stream().filter(c -> c.image().equals(image))
                .forEach(c -> users.add("container '" + c.name() + "'"));
        if (image.equals(settings.infraImage())) {
            users.add("the infrastructure container");
        }
        return String.join(", ", users);
    }

    private DockerEngine engine() {
        DockerEngine e = engine;
        if (e == null) {
            synchronized (engineLock) {
                if (engine == null) {
                    engine = DockerEngine.fromTestcontainers();
                }
                e = engine;
            }
        }
        return e;
    }

    @Override
    public String toString() {
        return "DockerPodRuntime{infraImage=" + settings.infraImage() + "}";
    }

    /** Builds a {@link DockerPodRuntime}. */
    public static final class Builder {
        private String infraImage = configuredInfraImage();
        private List<String> infraCommand = List.of();
        private Duration pullTimeout = DEFAULT_PULL_TIMEOUT;
        private Duration initContainerTimeout = DEFAULT_INIT_CONTAINER_TIMEOUT;

        private Builder() {
        }

        /**
         * The image of each pod's infrastructure container and, optionally, the command that keeps it running
         * (for example {@code infraImage("busybox:1.36", "sleep", "2147483647")}). It must run until stopped.
         */
        public Builder infraImage(String image, String... command) {
            Checks checks = new Checks("infrastructure image");
            checks.image("infraImage", image);
            checks.throwIfAny();
            this.infraImage = image;
            this.infraCommand = List.of(command);
            return this;
        }

        /** How long pulling a missing image may take (default {@link #DEFAULT_PULL_TIMEOUT}). */
        public Builder pullTimeout(Duration timeout) {
            this.pullTimeout = Checks.positive("pullTimeout", timeout);
            return this;
        }

        /** How long each init container may run (default {@link #DEFAULT_INIT_CONTAINER_TIMEOUT}). */
        public Builder initContainerTimeout(Duration timeout) {
            this.initContainerTimeout = Checks.positive("initContainerTimeout", timeout);
            return this;
        }

        /** The runtime. Nothing talks to the engine until the first pod starts. */
        public DockerPodRuntime build() {
            return new DockerPodRuntime(new Settings(infraImage, infraCommand, pullTimeout, initContainerTimeout),
                    null);
        }

        private static String configuredInfraImage() {
            String image = System.getProperty("sidecar.infra-image");
            if (image == null || image.isBlank()) {
                image = System.getenv("SIDECAR_INFRA_IMAGE");
            }
            return image == null || image.isBlank() ? DEFAULT_INFRA_IMAGE : image.strip();
        }
    }
}
