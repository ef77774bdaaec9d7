package dev.sidecar.benchmark;

import java.util.List;
import java.util.Locale;

/**
 * One run of the suite part's test class through the JUnit Platform launcher (sidecar-junit5's SuiteBenchmark),
 * written to {@code suite.csv}.
 *
 * @param round 0 for the warm-up round, which is discarded
 * @param approach how the class's tests get their pods, for example {@code library-start-ahead}; {@code no-pod} is
 *     the baseline
 * @param tests the tests the launcher ran
 * @param succeeded how many of them succeeded
 * @param wallMs the launcher's execution of the class, from the call to its return
 * @param machineCpuMs busy time of the whole machine meanwhile (all cores, the engine included)
 * @param jvmCpuMs this JVM's CPU time meanwhile
 * @param cores the cores of the machine
 * @param error empty, or the first failure
 * @param leaks empty, or what the run left on the engine (then swept)
 */
record SuiteSample(int round, String approach, int tests, int succeeded, double wallMs, double machineCpuMs,
        double jvmCpuMs, int cores, String error, String leaks) {

    static final String CSV_HEADER = "round,approach,tests,succeeded,wall_ms,machine_cpu_ms,jvm_cpu_ms,cores,error,"
            + "leaks";

    boolean ok() {
        return tests > 0 && succeeded == tests && error.isEmpty() && leaks.isEmpty();
    }

    String csv() {
        return String.join(",", Integer.toString(round), approach, Integer.toString(tests),
                Integer.toString(succeeded), fmt(wallMs), fmt(machineCpuMs), fmt(jvmCpuMs), Integer.toString(cores),
                Csv.quote(error), Csv.quote(leaks));
    }

    static SuiteSample parse(String line) {
        List<String> f = Csv.split(line);
        return new SuiteSample(Integer.parseInt(f.get(0)), f.get(1), Integer.parseInt(f.get(2)),
                Integer.parseInt(f.get(3)), Double.parseDouble(f.get(4)), Double.parseDouble(f.get(5)),
                Double.parseDouble(f.get(6)), Integer.parseInt(f.get(7)), f.get(8), f.get(9));
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
