package dev.sidecar.contract;

import java.util.List;

/**
 * What {@link ContractCheck} found: errors (the container would not work as configured, so it should not start) and
 * warnings (probably a mistake, such as a misspelt parameter name). Each is one sentence naming the image, the
 * parameter or port, the value and the parameter's own documentation.
 *
 * @param errors the problems that should stop the container from starting, in the contract's order
 * @param warnings the problems worth telling, in the order of the configuration
 */
public record ContractCheckResult(List<String> errors, List<String> warnings) {

    /** Copies the lists. */
    public ContractCheckResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** Whether the configuration has no error (it may have warnings). */
    public boolean ok() {
        return errors.isEmpty();
    }

    /** Whether the configuration has neither error nor warning. */
    public boolean clean() {
        return errors.isEmpty() && warnings.isEmpty();
    }

    @Override
    public String toString() {
        if (clean()) {
            return "contract check: no problem";
        }
        StringBuilder text = new StringBuilder("contract check: " + errors.size() + " error(s), " + warnings.size()
                + " warning(s)");
        errors.forEach(e -> text.append("\n  error: ").append(e));
        warnings.forEach(w -> text.append("\n  warning: ").append(w));
        return text.toString();
    }
}
