package dev.sidecar.benchmark;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodRuntime;
import dev.sidecar.PodSpec;
import dev.sidecar.Probe;
import dev.sidecar.SidecarStartOrder;
import dev.sidecar.docker.DockerPodRuntime;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * This library: {@code DockerPodRuntime.create().start(spec)} with the pod as a spec (shared process namespace,
 * main ready on {@code Probe.tcp(8080)} with its default period), and {@code pod.close()}, which stops main and then
 * the sidecars with SIGTERM, in the library's order, and removes them; or, with a grace period of zero, kills and
 * removes them all at once.
 */
final class Library implements Approach {

    private final SidecarStartOrder order;
    private final Duration gracePeriod;
    private final Supplier<PodRuntime> runtimes;

    /** The library as a user calls it: a new runtime per pod, {@code DockerPodRuntime.create()}. */
    Library(SidecarStartOrder order) {
        this(order, PodSpec.DEFAULT_TERMINATION_GRACE_PERIOD);
    }

    /** The same, with the pod's {@code terminationGracePeriod} set. */
    Library(SidecarStartOrder order, Duration gracePeriod) {
        this(order, gracePeriod, DockerPodRuntime::create);
    }

    Library(SidecarStartOrder order, Duration gracePeriod, Supplier<PodRuntime> runtimes) {
        this.order = order;
        this.gracePeriod = gracePeriod;
        this.runtimes = runtimes;
    }

    @Override
    public String name() {
        return "library-" + order.name().toLowerCase(Locale.ROOT) + (gracePeriod.isZero() ? "-grace0" : "");
    }

    @Override
    public String description() {
        return "DockerPodRuntime.create().start(spec), SidecarStartOrder." + order + ", Probe.tcp(8080) (period "
                + Probe.DEFAULT_PERIOD.toMillis() + " ms once ready; while the pod starts, tried again after 1 ms, "
                + "doubling up to 100 ms); close = pod.close() (" + (gracePeriod.isZero()
                ? "terminationGracePeriod 0: every container killed and removed at once, no SIGTERM"
                : "SIGTERM, grace period " + gracePeriod.toSeconds() + " s") + ")";
    }

    @Override
    public Started start(int sidecars) {
        Pod pod = runtimes.get().start(spec(sidecars, order).toBuilder().terminationGracePeriod(gracePeriod).build());
        return pod::close;
    }

    /** The benchmark's pod as a spec. */
    static PodSpec spec(int sidecars, SidecarStartOrder order) {
        PodSpec.Builder pod = PodSpec.builder("bench").shareProcessNamespace(true).sidecarStartOrder(order);
        for (int i = 1; i <= sidecars; i++) {
            pod.sidecar(ContainerSpec.builder(Workload.sidecarName(i), Workload.BUSYBOX)
                    .command(Workload.SIDECAR_COMMAND.toArray(String[]::new)).build());
        }
        return pod.main(ContainerSpec.builder(Workload.mainName(), Workload.BUSYBOX)
                .command(Workload.MAIN_COMMAND.toArray(String[]::new))
                .port(Workload.PORT)
                .readyWhen(Probe.tcp(Workload.PORT))
                .build()).build();
    }
}
