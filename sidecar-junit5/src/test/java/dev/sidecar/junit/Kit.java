package dev.sidecar.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs fixture classes through the JUnit Platform Test Kit, as junit-pioneer tests its extensions. Fixtures are
 * static nested classes of the tests, which Failsafe and Surefire never run on their own (they exclude
 * {@code **}{@code /*$*}), and {@link KitOnly} keeps an IDE from doing so; they tell their tests what they saw
 * through {@code TestReporter} entries.
 */
final class Kit {

    private Kit() {
    }

    /** Runs {@code fixtures} with the given configuration parameters. */
    static EngineExecutionResults run(Map<String, String> configuration, Class<?>... fixtures) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .configurationParameter(KitOnly.PARAMETER, "true")
                .selectors(Arrays.stream(fixtures).map(c -> selectClass(c)).toArray(
                        org.junit.platform.engine.DiscoverySelector[]::new))
                .execute();
    }

    /** Runs {@code fixtures}. */
    static EngineExecutionResults run(Class<?>... fixtures) {
        return run(Map.of(), fixtures);
    }

    /** Every report entry published during the run, in order. */
    static List<Map<String, String>> entries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs()).toList();
    }

    /** The report entries published by the test or container whose display name starts with {@code name}. */
    static List<Map<String, String>> entriesOf(EngineExecutionResults results, String name) {
        return results.allEvents().reportingEntryPublished().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(name))
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs()).toList();
    }

    /** The values published under {@code key}, in order. */
    static List<String> values(EngineExecutionResults results, String key) {
        return entries(results).stream().map(m -> m.get(key)).filter(v -> v != null).toList();
    }

    /** Every failure of the run with its stack trace, for an assertion that shows why when it fails. */
    static List<String> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .map(e -> e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable).map(Kit::stackTrace).orElse("?"))
                .toList();
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    /** The message of the failure that ended the test or container whose display name starts with {@code name}. */
    static String failureOf(EngineExecutionResults results, String name) {
        return throwableOf(results, name).map(Throwable::getMessage).orElseThrow(() ->
                new AssertionError("no failure reported for '" + name + "'"));
    }

    /** The throwable that ended the test or container whose display name starts with {@code name}. */
    static Optional<Throwable> throwableOf(EngineExecutionResults results, String name) {
        return results.allEvents().finished().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(name))
                .map(Event::getPayload)
                .flatMap(Optional::stream)
                .filter(p -> p instanceof org.junit.platform.engine.TestExecutionResult)
                .map(p -> (org.junit.platform.engine.TestExecutionResult) p)
                .flatMap(r -> r.getThrowable().stream())
                .findFirst();
    }
}
