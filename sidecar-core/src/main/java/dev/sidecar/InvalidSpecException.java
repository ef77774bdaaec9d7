package dev.sidecar;

import java.util.List;

/**
 * A pod, container, volume or probe spec breaks one or more rules. Thrown by {@code build()} (and by the factories
 * that build a value at once, such as {@link Probe#tcp(int)}) before anything is created; the message lists every
 * problem at once, each naming the field and the value.
 */
public final class InvalidSpecException extends SidecarException {

    private final List<String> problems;

    InvalidSpecException(String what, List<String> problems) {
        super("invalid " + what + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, one sentence each, in the order the rules were checked. */
    public List<String> problems() {
        return problems;
    }
}
