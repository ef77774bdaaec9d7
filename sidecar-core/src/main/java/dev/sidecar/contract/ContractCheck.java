package dev.sidecar.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a container's configuration (its image, environment and declared ports) against the image's contract
 * before anything is created.
 *
 * <p>Errors: a required parameter that is not set or empty; a value that is not one of the parameter's values, does
 * not match its pattern or does not parse as its unit (a duration {@code 5 minutes} where {@code 300s} is expected).
 * The unit is checked before the pattern, so that a value in the wrong unit is told so. Warnings: an environment
 * variable the contract does not know, with the closest parameter name when there is one
 * ({@code UPDATE_FREQENCY: did you mean UPDATE_FREQUENCY?}); a declared port the image does not serve on.
 *
 * <p>An empty value is accepted for an optional parameter whose default is empty or unset (the image gives the
 * empty value a meaning), and refused otherwise as any other value that does not fit. Environment variables every
 * process may get ({@link #CONVENTIONAL_ENV}) are never reported as unknown.
 */
public final class ContractCheck {

    /**
     * Names a container may set without the contract declaring them, since they are the process environment's own:
     * {@code PATH}, {@code HOME}, {@code HOSTNAME}, {@code TERM}, {@code TZ}, {@code LANG}, {@code LANGUAGE},
     * {@code USER}, {@code SHELL} and every {@code LC_*}.
     */
    public static final Set<String> CONVENTIONAL_ENV =
            Set.of("PATH", "HOME", "HOSTNAME", "TERM", "TZ", "LANG", "LANGUAGE", "USER", "SHELL");

    private ContractCheck() {
    }

    /**
     * Checks a container's configuration against its image's contract.
     *
     * @param contract the image's contract
     * @param image the image's name, for messages
     * @param env the environment the container sets (not the image's defaults)
     * @param ports the TCP ports the container declares
     * @return every error and warning found, none when the configuration fits
     */
    public static ContractCheckResult check(ImageContract contract, String image, Map<String, String> env,
            Collection<Integer> ports) {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(ports, "ports");
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String prefix = "image '" + image + "': ";
        for (ContractParameter parameter : contract.parameters()) {
            parameterProblem(parameter, env.get(parameter.name())).ifPresent(p -> errors.add(prefix + p
                    + " -- " + parameter.documentation()));
        }
        Set<String> known = contract.parameters().stream().map(ContractParameter::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        env.keySet().stream().sorted()
                .filter(name -> !known.contains(name) && !CONVENTIONAL_ENV.contains(name) && !name.startsWith("LC_"))
                .forEach(name -> warnings.add(prefix + Names.closest(name, known)
                        .map(closest -> name + ": did you mean " + closest + "? The image has no parameter " + name
                                + ".")
                        .orElse(name + " is not a parameter of the image (its parameters: "
                                + (known.isEmpty() ? "none" : String.join(", ", known)) + ").")));
        Set<Integer> served = served(contract, env);
        ports.stream().distinct().sorted().filter(port -> !served.contains(port))
                .forEach(port -> warnings.add(prefix + "port " + port + " is declared but the image does not serve "
                        + "on it (" + servedText(contract, env) + ")."));
        return new ContractCheckResult(errors, warnings);
    }

    /** What is wrong with one parameter's value, if anything; {@code value} is null when the container does not set it. */
    private static Optional<String> parameterProblem(ContractParameter parameter, String value) {
        String name = parameter.name();
        if (parameter.required() && value == null) {
            return Optional.of("required parameter " + name + " is not set");
        }
        if (parameter.required() && value.isBlank()) {
            return Optional.of("required parameter " + name + " is empty");
        }
        if (value == null) {
            return Optional.empty();
        }
        if (value.isEmpty() && parameter.defaultValue().map(String::isEmpty).orElse(true)) {
            return Optional.empty();
        }
        String shown = name + " " + parameter.shown(value);
        if (!parameter.values().isEmpty() && !parameter.values().contains(value)) {
            return Optional.of(shown + " is not one of the allowed values " + String.join(", ", parameter.values()));
        }
        if (parameter.unit().isPresent() && !parameter.unit().get().accepts(value)) {
            Unit unit = parameter.unit().get();
            return Optional.of(shown + " is not " + unit.description() + " (for example " + unit.example() + ")");
        }
        if (parameter.pattern().isPresent() && !Pattern.compile(parameter.pattern().get()).matcher(value).matches()) {
            return Optional.of(shown + " does not match the pattern " + parameter.pattern().get());
        }
        return Optional.empty();
    }

    /** The TCP ports the container will serve on: each contract port, or its parameter's value when set. */
    private static Set<Integer> served(ImageContract contract, Map<String, String> env) {
        Set<Integer> served = new TreeSet<>();
        for (ContractPort port : contract.ports()) {
            if (port.protocol().equals("tcp")) {
                served.add(movedTo(port, env).orElse(port.number()));
            }
        }
        return served;
    }

    private static Optional<Integer> movedTo(ContractPort port, Map<String, String> env) {
        return port.parameter().map(env::get).filter(Unit.PORT::accepts).map(Integer::valueOf);
    }

    private static String servedText(ImageContract contract, Map<String, String> env) {
        List<String> served = new ArrayList<>();
        for (ContractPort port : contract.ports()) {
            Optional<Integer> moved = movedTo(port, env);
            if (moved.isPresent()) {
                served.add(moved.get() + "/" + port.protocol() + " (" + port.parameter().get() + ")");
            } else {
                served.add(port.spec() + port.parameter().map(p -> ", moved by " + p).orElse(""));
            }
        }
        return served.isEmpty() ? "it exposes no port" : "it serves on " + String.join("; ", served);
    }
}
