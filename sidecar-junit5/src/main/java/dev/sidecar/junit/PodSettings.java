package dev.sidecar.junit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * How the extension treats one pod: how many log lines a failed test reports, and whether a start failure aborts.
 *
 * @param failureLogLines log lines per container on failure, or negative for the configured default
 * @param abortOnStartFailure whether a start failure aborts instead of failing
 * @param startAhead whether a pod of an instance field may be started ahead for the next test
 * @param shared whether one pod of the spec serves every class of the run
 */
record PodSettings(int failureLogLines, boolean abortOnStartFailure, boolean startAhead, boolean shared) {

    static final PodSettings DEFAULTS = new PodSettings(-1, false, true, false);

    static PodSettings of(SidecarPod annotation) {
        return new PodSettings(annotation.failureLogLines(), annotation.abortOnStartFailure(),
                annotation.startAhead(), annotation.shared());
    }

    /** The number of log lines to report: the annotation's, else the configuration parameter, else the default. */
    int failureLogLines(ExtensionContext context) {
        if (failureLogLines >= 0) {
            return failureLogLines;
        }
        return context.getConfigurationParameter(SidecarPod.FAILURE_LOG_LINES_PARAMETER)
                .map(PodSettings::parseLines)
                .orElse(SidecarPod.DEFAULT_FAILURE_LOG_LINES);
    }

    private static int parseLines(String value) {
        try {
            int lines = Integer.parseInt(value.strip());
            if (lines >= 0) {
                return lines;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ExtensionConfigurationException("configuration parameter " + SidecarPod.FAILURE_LOG_LINES_PARAMETER
                + "='" + value + "' is not a number of lines (0 or more)");
    }
}
