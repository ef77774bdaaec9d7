package dev.sidecar.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent from a moment on: by the whole machine (every process, the Docker engine and the kernel included,
 * from {@code /proc/stat}) and by this JVM. On an otherwise idle machine the difference is what the engine spent for
 * the benchmark; with two cores, a machine figure near twice the wall time means the work was bound by the CPU.
 */
final class CpuTime {

    /** Linux counts {@code /proc/stat} in ticks of 1/100 s (USER_HZ) on every common architecture. */
    private static final double MS_PER_TICK = 10.0;

    /**
     * CPU spent since {@link #now()}, in ms; NaN where the machine's counters cannot be read.
     *
     * @param machineMs busy time of all cores together: user, nice, system, irq, softirq and steal
     * @param jvmMs this JVM's own CPU time
     */
    record Spent(double machineMs, double jvmMs) {
    }

    private final double machineMs;
    private final double jvmMs;

    private CpuTime(double machineMs, double jvmMs) {
        this.machineMs = machineMs;
        this.jvmMs = jvmMs;
    }

    static CpuTime now() {
        return new CpuTime(machineBusyMs(), jvmMs());
    }

    Spent spentSince() {
        return new Spent(machineBusyMs() - machineMs, jvmMs() - jvmMs);
    }

    private static double jvmMs() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e6;
        }
        return Double.NaN;
    }

    /** The first line of /proc/stat: cpu user nice system idle iowait irq softirq steal ... */
    private static double machineBusyMs() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy * MS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
