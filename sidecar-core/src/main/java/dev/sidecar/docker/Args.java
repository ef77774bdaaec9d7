package dev.sidecar.docker;

import java.time.Duration;
import java.util.List;

/** The checks of arguments to a running pod's methods: each failure names the parameter (and an element's index). */
final class Args {

    private Args() {
    }

    static Duration positive(Duration value, String parameter) {
        if (value == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(parameter + " must be a positive duration, was " + value);
        }
        return value;
    }

    static List<String> elements(String[] values, String parameter) {
        if (values == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(parameter + "[" + i + "] must not be null");
            }
        }
        return List.of(values);
    }

    /** A copy of {@code values}, none of them null. */
    static <T> List<T> elements(List<T> values, String parameter) {
        if (values == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new NullPointerException(parameter + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(values);
    }

    /** A command to run: not empty, no null or NUL in it, not starting with a blank. */
    static List<String> command(List<String> command) {
        if (command == null) {
            throw new NullPointerException("command must not be null");
        }
        for (int i = 0; i < command.size(); i++) {
            String part = command.get(i);
            if (part == null) {
                throw new NullPointerException("command[" + i + "] must not be null");
            }
            if (part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("command[" + i + "] contains a NUL character, which no process "
                        + "argument can hold");
            }
        }
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("command must not be empty or start with a blank, was " + command);
        }
        return List.copyOf(command);
    }
}
