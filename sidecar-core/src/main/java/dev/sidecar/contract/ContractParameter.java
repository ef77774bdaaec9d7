package dev.sidecar.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One parameter of an image: an environment variable the image reads, with what it means and what values it takes.
 * Declared by the labels {@code dev.sidecar.contract.param.<NAME>.*}; its default is the image's {@code ENV} value.
 * The Kubernetes counterpart is a container's {@code env} entry.
 *
 * @param name the environment variable's name
 * @param description what it means, in the image's words; empty when the image says nothing
 * @param required whether a container must set it (to a non-empty value)
 * @param defaultValue the value the image's {@code ENV} gives it; empty for a required parameter or one without
 *     {@code ENV} (unset by default)
 * @param unit what kind of value it takes, when declared
 * @param values the values it allows; empty when any value of its unit and pattern is allowed
 * @param pattern a regular expression every value must match as a whole, when declared
 * @param secret whether its values are secret and are masked in messages
 */
public record ContractParameter(String name, String description, boolean required, Optional<String> defaultValue,
        Optional<Unit> unit, List<String> values, Optional<String> pattern, boolean secret) {

    /** Checks that nothing is missing and copies the allowed values. */
    public ContractParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(unit, "unit");
        values = List.copyOf(values);
        Objects.requireNonNull(pattern, "pattern");
    }

    /**
     * The parameter's own documentation in one line, as messages quote it, for example
     * {@code UPDATE_FREQUENCY_SECONDS: How often the config is fetched (unit seconds, default 5)}.
     */
    public String documentation() {
        List<String> facts = new ArrayList<>();
        if (required) {
            facts.add("required");
        }
        unit.ifPresent(u -> facts.add("unit " + u.label()));
        if (!values.isEmpty()) {
            facts.add("one of " + String.join(", ", values));
        }
        pattern.ifPresent(p -> facts.add("pattern " + p));
        defaultValue.ifPresent(d -> facts.add("default " + (d.isEmpty() ? "empty" : shown(d))));
        String text = description.isEmpty() ? "(no description)" : description;
        return name + ": " + text + (facts.isEmpty() ? "" : " (" + String.join(", ", facts) + ")");
    }

    /** A value of this parameter as messages show it: quoted, or masked when the parameter is secret. */
    public String shown(String value) {
        return secret ? "'*****'" : "'" + value + "'";
    }
}
