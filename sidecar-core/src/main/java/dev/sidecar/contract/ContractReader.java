package dev.sidecar.contract;

import static dev.sidecar.contract.ContractLabels.NEEDS;
import static dev.sidecar.contract.ContractLabels.PARAM;
import static dev.sidecar.contract.ContractLabels.PORT;
import static dev.sidecar.contract.ContractLabels.PREFIX;
import static dev.sidecar.contract.ContractLabels.ROLE;
import static dev.sidecar.contract.ContractLabels.VERSION;
import static dev.sidecar.contract.ContractLabels.VOLUME;

import dev.sidecar.contract.ContractVolume.Access;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** Turns an image's labels, {@code ENV} and {@code EXPOSE} into an {@link ImageContract}, gathering every problem. */
final class ContractReader {

    private static final Set<String> ROLES = Set.of("main", "sidecar", "init");
    /** The pod features a version-1 contract can ask for. */
    private static final Set<String> KNOWN_NEEDS = Set.of("shareProcessNamespace");
    private static final List<String> PARAM_ATTRIBUTES =
            List.of("description", "required", "unit", "values", "pattern", "secret");
    private static final List<String> PORT_ATTRIBUTES = List.of("description", "protocol", "param");
    private static final List<String> VOLUME_ATTRIBUTES = List.of("path", "access", "description", "param");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern VOLUME_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern EXPOSED = Pattern.compile("([0-9]{1,5})(?:/(tcp|udp|sctp))?");

    private final String image;
    private final Map<String, String> labels;
    private final List<String> env;
    private final Collection<String> exposedPorts;
    private final List<String> problems = new ArrayList<>();

    ContractReader(String image, Map<String, String> labels, List<String> env, Collection<String> exposedPorts) {
        this.image = image;
        this.labels = new TreeMap<>(labels);
        this.env = List.copyOf(env);
        this.exposedPorts = List.copyOf(exposedPorts);
    }

    Optional<ImageContract> read() {
        String version = labels.get(VERSION);
        if (version == null) {
            List<String> stray = labels.keySet().stream().filter(k -> k.startsWith(PREFIX)).toList();
            if (!stray.isEmpty()) {
                throw new InvalidContractException(image, List.of("labels " + stray + " without " + VERSION
                        + ": add the label " + VERSION + "=" + ContractLabels.SUPPORTED_VERSION));
            }
            return Optional.empty();
        }
        if (!version.strip().equals(String.valueOf(ContractLabels.SUPPORTED_VERSION))) {
            throw new InvalidContractException(image, List.of("label " + VERSION + " '" + version
                    + "': this library reads contract version " + ContractLabels.SUPPORTED_VERSION + " only"));
        }
        Map<String, Map<String, String>> params = new TreeMap<>();
        Map<String, Map<String, String>> ports = new TreeMap<>();
        Map<String, Map<String, String>> volumes = new TreeMap<>();
        labels.forEach((key, value) -> {
            if (!key.startsWith(PREFIX) || key.equals(VERSION) || key.equals(ROLE) || key.equals(NEEDS)) {
                return;
            }
            if (key.startsWith(PARAM)) {
                group(params, key, PARAM, "<NAME>", value);
            } else if (key.startsWith(PORT)) {
                group(ports, key, PORT, "<number>", value);
            } else if (key.startsWith(VOLUME)) {
                group(volumes, key, VOLUME, "<name>", value);
            } else {
                problems.add("label " + key + ": not a contract label (known: " + VERSION + ", " + ROLE + ", "
                        + NEEDS + ", " + PARAM + "<NAME>.*, " + PORT + "<number>.*, " + VOLUME + "<name>.*)");
            }
        });
        String role = labels.getOrDefault(ROLE, "").strip();
        if (!role.isEmpty() && !ROLES.contains(role)) {
            problems.add("label " + ROLE + " '" + role + "': not a role (main, sidecar or init)");
        }
        Set<String> needs = needs();
        List<ContractParameter> parameters = parameters(params);
        Map<String, ContractParameter> byName = parameters.stream()
                .collect(Collectors.toMap(ContractParameter::name, p -> p));
        List<ContractPort> contractPorts = ports(ports, byName);
        List<ContractVolume> contractVolumes = volumes(volumes, byName);
        if (!problems.isEmpty()) {
            throw new InvalidContractException(image, problems);
        }
        return Optional.of(new ImageContract(ContractLabels.SUPPORTED_VERSION,
                labels.getOrDefault(ContractLabels.OCI_TITLE, ""),
                labels.getOrDefault(ContractLabels.OCI_DESCRIPTION, ""),
                labels.getOrDefault(ContractLabels.OCI_VERSION, ""),
                role, needs, parameters, contractPorts, contractVolumes));
    }

    /** Files {@code value} under the object and attribute of a key {@code <prefix><object>.<attribute>}. */
    private void group(Map<String, Map<String, String>> into, String key, String prefix, String object,
            String value) {
        String rest = key.substring(prefix.length());
        int dot = rest.lastIndexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
            problems.add("label " + key + ": expected " + prefix + object + ".<attribute>");
            return;
        }
        into.computeIfAbsent(rest.substring(0, dot), k -> new TreeMap<>()).put(rest.substring(dot + 1), value);
    }

    private Set<String> needs() {
        Set<String> needs = new TreeSet<>();
        for (String need : labels.getOrDefault(NEEDS, "").split(",")) {
            String trimmed = need.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (KNOWN_NEEDS.contains(trimmed)) {
                needs.add(trimmed);
            } else {
                problems.add("label " + NEEDS + " '" + trimmed + "': not a pod feature this library knows "
                        + "(known: " + String.join(", ", new TreeSet<>(KNOWN_NEEDS)) + ")");
            }
        }
        return needs;
    }

    private List<ContractParameter> parameters(Map<String, Map<String, String>> params) {
        Map<String, String> defaults = envDefaults();
        // The image's ENV order first: it is how the Dockerfile presents them.
        Set<String> order = new LinkedHashSet<>();
        defaults.keySet().stream().filter(params::containsKey).forEach(order::add);
        order.addAll(params.keySet());
        List<ContractParameter> parameters = new ArrayList<>();
        for (String name : order) {
            parameter(name, params.get(name), defaults).ifPresent(parameters::add);
        }
        return parameters;
    }

    private Optional<ContractParameter> parameter(String name, Map<String, String> attributes,
            Map<String, String> defaults) {
        int before = problems.size();
        String label = PARAM + name + ".";
        unknownAttributes(label, attributes, PARAM_ATTRIBUTES);
        if (!ENV_NAME.matcher(name).matches()) {
            problems.add("label " + label + "*: '" + name + "' is not an environment variable name");
        }
        boolean required = bool(label + "required", attributes.get("required"));
        boolean secret = bool(label + "secret", attributes.get("secret"));
        Optional<Unit> unit = Optional.empty();
        if (attributes.containsKey("unit")) {
            unit = Unit.fromLabel(attributes.get("unit"));
            if (unit.isEmpty()) {
                problems.add("label " + label + "unit '" + attributes.get("unit") + "': not a unit (known: "
                        + Arrays.stream(Unit.values()).map(Unit::label).collect(Collectors.joining(", ")) + ")");
            }
        }
        List<String> values = List.of();
        if (attributes.containsKey("values")) {
            values = Arrays.stream(attributes.get("values").split(",", -1)).map(String::strip).toList();
            if (values.contains("")) {
                problems.add("label " + label + "values '" + attributes.get("values")
                        + "': an empty entry (write the allowed values comma-separated)");
            }
        }
        Optional<String> pattern = Optional.ofNullable(attributes.get("pattern"));
        Optional<Pattern> compiled = Optional.empty();
        if (pattern.isPresent()) {
            try {
                compiled = Optional.of(Pattern.compile(pattern.get()));
            } catch (PatternSyntaxException e) {
                problems.add("label " + label + "pattern '" + pattern.get() + "': not a regular expression ("
                        + e.getDescription() + ")");
            }
        }
        Optional<String> defaultValue = Optional.ofNullable(defaults.get(name));
        if (required && defaultValue.isPresent()) {
            if (!defaultValue.get().isEmpty()) {
                problems.add("parameter " + name + " is required but ENV gives it the default '"
                        + defaultValue.get() + "': declare a required parameter with ENV " + name + "=\"\"");
            }
            defaultValue = Optional.empty();
        }
        if (defaultValue.isPresent() && !defaultValue.get().isEmpty()) {
            String value = defaultValue.get();
            unit.filter(u -> !u.accepts(value)).ifPresent(u -> problems.add("parameter " + name + ": its default '"
                    + value + "' is not " + u.description()));
            if (!values.isEmpty() && !values.contains(value)) {
                problems.add("parameter " + name + ": its default '" + value + "' is not one of its values "
                        + String.join(", ", values));
            }
            compiled.filter(p -> !p.matcher(value).matches()).ifPresent(p -> problems.add("parameter " + name
                    + ": its default '" + value + "' does not match its pattern " + p.pattern()));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ContractParameter(name, attributes.getOrDefault("description", "").strip(), required,
                defaultValue, unit, values, pattern, secret));
    }

    private List<ContractPort> ports(Map<String, Map<String, String>> labelled, Map<String, ContractParameter> params) {
        Map<Integer, List<String>> exposed = new TreeMap<>();
        for (String spec : exposedPorts) {
            var m = EXPOSED.matcher(spec.strip());
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
                problems.add("exposed port '" + spec + "' is not a port such as 8080/tcp");
                continue;
            }
            exposed.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>())
                    .add(m.group(2) == null ? "tcp" : m.group(2));
        }
        Map<Integer, Map<String, String>> documented = new TreeMap<>();
        labelled.forEach((number, attributes) -> {
            String label = PORT + number + ".";
            if (!number.matches("[0-9]{1,5}") || Integer.parseInt(number) < 1 || Integer.parseInt(number) > 65535) {
                problems.add("label " + label + "*: '" + number + "' is not a port number (1..65535)");
                return;
            }
            unknownAttributes(label, attributes, PORT_ATTRIBUTES);
            String protocol = attributes.get("protocol");
            if (protocol != null && !protocol.equals("tcp") && !protocol.equals("udp")) {
                problems.add("label " + label + "protocol '" + protocol + "': not tcp or udp");
            }
            String param = attributes.get("param");
            if (param != null) {
                ContractParameter p = params.get(param);
                if (p == null) {
                    problems.add("label " + label + "param '" + param + "': the contract declares no such parameter");
                } else if (p.unit().filter(u -> u == Unit.PORT).isEmpty()) {
                    problems.add("label " + label + "param '" + param + "': parameter " + param
                            + " must have the unit port");
                }
            }
            documented.put(Integer.parseInt(number), attributes);
        });
        Set<Integer> numbers = new TreeSet<>(exposed.keySet());
        numbers.addAll(documented.keySet());
        List<ContractPort> ports = new ArrayList<>();
        for (int number : numbers) {
            Map<String, String> attributes = documented.getOrDefault(number, Map.of());
            List<String> protocols = exposed.getOrDefault(number,
                    List.of(attributes.getOrDefault("protocol", "tcp")));
            if (attributes.containsKey("protocol") && !protocols.contains(attributes.get("protocol"))) {
                problems.add("label " + PORT + number + ".protocol '" + attributes.get("protocol")
                        + "': the image exposes " + number + "/" + String.join(" and " + number + "/", protocols));
            }
            for (String protocol : new TreeSet<>(protocols)) {
                ports.add(new ContractPort(number, protocol, attributes.getOrDefault("description", "").strip(),
                        Optional.ofNullable(attributes.get("param"))));
            }
        }
        return ports;
    }

    private List<ContractVolume> volumes(Map<String, Map<String, String>> labelled,
            Map<String, ContractParameter> params) {
        List<ContractVolume> volumes = new ArrayList<>();
        labelled.forEach((name, attributes) -> {
            int before = problems.size();
            String label = VOLUME + name + ".";
            unknownAttributes(label, attributes, VOLUME_ATTRIBUTES);
            if (!VOLUME_NAME.matcher(name).matches()) {
                problems.add("label " + label + "*: '" + name + "' is not a DNS-1123 label (lower-case letters, "
                        + "digits and '-')");
            }
            String path = attributes.get("path");
            if (path == null || !path.startsWith("/")) {
                problems.add("label " + label + "path " + (path == null ? "is missing" : "'" + path + "'")
                        + ": the absolute path the image reads or writes is required");
            }
            Optional<Access> access = Access.fromLabel(attributes.get("access"));
            if (access.isEmpty()) {
                problems.add("label " + label + "access " + (attributes.containsKey("access")
                        ? "'" + attributes.get("access") + "'" : "is missing") + ": one of read, write, read-write");
            }
            String param = attributes.get("param");
            if (param != null && !params.containsKey(param)) {
                problems.add("label " + label + "param '" + param + "': the contract declares no such parameter");
            }
            if (problems.size() == before) {
                volumes.add(new ContractVolume(name, path, access.get(), attributes.getOrDefault("description", "")
                        .strip(), Optional.ofNullable(param)));
            }
        });
        return volumes;
    }

    private void unknownAttributes(String label, Map<String, String> attributes, List<String> known) {
        attributes.keySet().stream().filter(a -> !known.contains(a)).forEach(a -> problems.add("label " + label + a
                + ": unknown attribute '" + a + "' (known: " + String.join(", ", known) + ")"));
    }

    private boolean bool(String label, String value) {
        if (value == null || value.strip().equals("false")) {
            return false;
        }
        if (value.strip().equals("true")) {
            return true;
        }
        problems.add("label " + label + " '" + value + "': not true or false");
        return false;
    }

    /** The image's ENV as a map, in its order; an entry without '=' counts as empty. */
    private Map<String, String> envDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String entry : env) {
            int eq = entry.indexOf('=');
            defaults.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        return defaults;
    }
}
