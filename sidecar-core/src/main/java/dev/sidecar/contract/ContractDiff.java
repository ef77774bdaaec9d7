package dev.sidecar.contract;

import dev.sidecar.contract.ContractChange.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The differences between two versions of an image's contract, each classified as breaking or compatible: a CI
 * pipeline can refuse a new sidecar version whose diff {@link #breaking()} is not empty. See
 * {@link ContractChange.Kind} for the classification.
 */
public final class ContractDiff {

    private final List<ContractChange> changes;

    private ContractDiff(List<ContractChange> changes) {
        this.changes = List.copyOf(changes);
    }

    /**
     * Compares two versions of a contract.
     *
     * <p>Parameters are matched by name. A parameter that disappears while another appears counts as renamed when
     * both have the same non-empty description, or close names (as {@link ContractCheck} suggests them) and the same
     * unit. Ports are matched by number, volume uses by name.
     *
     * @param oldContract the version pods were written against
     * @param newContract the version to use instead
     * @return every change, parameters first, then ports, volumes and the image's own fields
     */
    public static ContractDiff between(ImageContract oldContract, ImageContract newContract) {
        Objects.requireNonNull(oldContract, "oldContract");
        Objects.requireNonNull(newContract, "newContract");
        List<ContractChange> changes = new ArrayList<>();
        parameters(oldContract, newContract, changes);
        ports(oldContract, newContract, changes);
        volumes(oldContract, newContract, changes);
        image(oldContract, newContract, changes);
        return new ContractDiff(changes);
    }

    /** Every change, in the order described at {@link #between}. */
    public List<ContractChange> changes() {
        return changes;
    }

    /** The breaking changes. */
    public List<ContractChange> breaking() {
        return changes.stream().filter(ContractChange::breaking).toList();
    }

    /** Whether any change is breaking. */
    public boolean isBreaking() {
        return changes.stream().anyMatch(ContractChange::breaking);
    }

    /** Whether the two contracts are the same. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    @Override
    public String toString() {
        if (changes.isEmpty()) {
            return "no change";
        }
        return changes.size() + " change(s), " + breaking().size() + " breaking\n  "
                + changes.stream().map(ContractChange::toString).collect(Collectors.joining("\n  "));
    }

    private static void parameters(ImageContract oldContract, ImageContract newContract, List<ContractChange> out) {
        Map<String, ContractParameter> before = byName(oldContract.parameters(), ContractParameter::name);
        Map<String, ContractParameter> after = byName(newContract.parameters(), ContractParameter::name);
        Set<String> removed = new LinkedHashSet<>(before.keySet());
        removed.removeAll(after.keySet());
        Set<String> added = new LinkedHashSet<>(after.keySet());
        added.removeAll(before.keySet());
        for (String name : new ArrayList<>(removed)) {
            ContractParameter old = before.get(name);
            Optional<String> renamedTo = renamed(old, added, after);
            if (renamedTo.isPresent()) {
                removed.remove(name);
                added.remove(renamedTo.get());
                out.add(new ContractChange(Kind.PARAMETER_RENAMED, "parameter " + name, "renamed to "
                        + renamedTo.get() + ": pods that set " + name + " lose their setting"));
            }
        }
        removed.forEach(name -> out.add(new ContractChange(Kind.PARAMETER_REMOVED, "parameter " + name,
                "removed: pods that set it lose their setting")));
        for (String name : before.keySet()) {
            if (after.containsKey(name)) {
                changed(before.get(name), after.get(name), out);
            }
        }
        for (String name : added) {
            ContractParameter parameter = after.get(name);
            if (parameter.required()) {
                out.add(new ContractChange(Kind.PARAMETER_ADDED_REQUIRED, "parameter " + name,
                        "added as required: pods that do not set it fail"));
            } else {
                out.add(new ContractChange(Kind.PARAMETER_ADDED_OPTIONAL, "parameter " + name, "added, "
                        + parameter.defaultValue().map(d -> "default " + shown(parameter.defaultValue(), parameter.secret()))
                        .orElse("unset by default")));
            }
        }
    }

    /** The added parameter that {@code old} was renamed to, if one looks like it. */
    private static Optional<String> renamed(ContractParameter old, Set<String> added,
            Map<String, ContractParameter> after) {
        if (!old.description().isEmpty()) {
            Optional<String> sameDescription = added.stream()
                    .filter(name -> after.get(name).description().equals(old.description())).findFirst();
            if (sameDescription.isPresent()) {
                return sameDescription;
            }
        }
        List<String> sameUnit = added.stream().filter(name -> after.get(name).unit().equals(old.unit())).toList();
        return Names.closest(old.name(), sameUnit);
    }

    private static void changed(ContractParameter old, ContractParameter now, List<ContractChange> out) {
        String subject = "parameter " + old.name();
        if (!old.required() && now.required()) {
            out.add(new ContractChange(Kind.PARAMETER_NOW_REQUIRED, subject,
                    "now required (was optional" + old.defaultValue().map(d -> ", default "
                            + shown(old.defaultValue(), old.secret())).orElse("") + "): pods that do not set it fail"));
        } else if (old.required() && !now.required()) {
            out.add(new ContractChange(Kind.PARAMETER_NOW_OPTIONAL, subject, "now optional"
                    + now.defaultValue().map(d -> ", default " + shown(now.defaultValue(), now.secret())).orElse("")));
        } else if (!old.defaultValue().equals(now.defaultValue())) {
            boolean secret = old.secret() || now.secret();
            out.add(new ContractChange(Kind.DEFAULT_CHANGED, subject, "default changed from "
                    + shown(old.defaultValue(), secret) + " to " + shown(now.defaultValue(), secret)));
        }
        if (!old.unit().equals(now.unit())) {
            out.add(new ContractChange(Kind.UNIT_CHANGED, subject, "unit changed from "
                    + old.unit().map(Unit::label).orElse("none") + " to " + now.unit().map(Unit::label).orElse("none")));
        }
        values(subject, old.values(), now.values(), out);
        if (!old.pattern().equals(now.pattern())) {
            if (now.pattern().isEmpty()) {
                out.add(new ContractChange(Kind.PATTERN_REMOVED, subject, "pattern " + old.pattern().get()
                        + " dropped"));
            } else {
                out.add(new ContractChange(Kind.PATTERN_CHANGED, subject, "pattern "
                        + old.pattern().map(p -> "changed from " + p + " to ").orElse("added: ") + now.pattern().get()));
            }
        }
        if (!old.description().equals(now.description())) {
            out.add(new ContractChange(Kind.DOCUMENTATION_CHANGED, subject, "description changed from '"
                    + old.description() + "' to '" + now.description() + "'"));
        }
        if (old.secret() != now.secret()) {
            out.add(new ContractChange(Kind.DOCUMENTATION_CHANGED, subject, now.secret() ? "now secret"
                    : "no longer secret"));
        }
    }

    private static void values(String subject, List<String> old, List<String> now, List<ContractChange> out) {
        if (old.equals(now)) {
            return;
        }
        if (old.isEmpty()) {
            out.add(new ContractChange(Kind.VALUES_NARROWED, subject, "now restricted to " + String.join(", ", now)));
            return;
        }
        if (now.isEmpty()) {
            out.add(new ContractChange(Kind.VALUES_WIDENED, subject, "no longer restricted (was "
                    + String.join(", ", old) + ")"));
            return;
        }
        List<String> dropped = old.stream().filter(v -> !now.contains(v)).toList();
        List<String> gained = now.stream().filter(v -> !old.contains(v)).toList();
        if (!dropped.isEmpty()) {
            out.add(new ContractChange(Kind.VALUES_NARROWED, subject, "values " + String.join(", ", dropped)
                    + " no longer allowed (was " + String.join(", ", old) + "; now " + String.join(", ", now) + ")"));
        } else if (!gained.isEmpty()) {
            out.add(new ContractChange(Kind.VALUES_WIDENED, subject, "values " + String.join(", ", gained)
                    + " now allowed too (was " + String.join(", ", old) + ")"));
        }
    }

    private static void ports(ImageContract oldContract, ImageContract newContract, List<ContractChange> out) {
        Map<Integer, ContractPort> before = byName(oldContract.ports(), ContractPort::number);
        Map<Integer, ContractPort> after = byName(newContract.ports(), ContractPort::number);
        Set<Integer> numbers = new TreeSet<>(before.keySet());
        numbers.addAll(after.keySet());
        for (int number : numbers) {
            ContractPort old = before.get(number);
            ContractPort now = after.get(number);
            if (now == null) {
                out.add(new ContractChange(Kind.PORT_REMOVED, "port " + old.spec(), "no longer served"));
            } else if (old == null) {
                out.add(new ContractChange(Kind.PORT_ADDED, "port " + now.spec(), "added"
                        + (now.description().isEmpty() ? "" : ": " + now.description())));
            } else {
                String subject = "port " + old.spec();
                if (!old.protocol().equals(now.protocol())) {
                    out.add(new ContractChange(Kind.PORT_CHANGED, subject, "protocol changed to " + now.protocol()));
                }
                if (!old.parameter().equals(now.parameter())) {
                    if (old.parameter().isEmpty()) {
                        out.add(new ContractChange(Kind.DOCUMENTATION_CHANGED, subject, "now moved by parameter "
                                + now.parameter().get()));
                    } else {
                        out.add(new ContractChange(Kind.PORT_CHANGED, subject, "no longer moved by parameter "
                                + old.parameter().get() + now.parameter().map(p -> " but by " + p).orElse("")));
                    }
                }
                if (!old.description().equals(now.description())) {
                    out.add(new ContractChange(Kind.DOCUMENTATION_CHANGED, subject, "description changed from '"
                            + old.description() + "' to '" + now.description() + "'"));
                }
            }
        }
    }

    private static void volumes(ImageContract oldContract, ImageContract newContract, List<ContractChange> out) {
        Map<String, ContractVolume> before = byName(oldContract.volumes(), ContractVolume::name);
        Map<String, ContractVolume> after = byName(newContract.volumes(), ContractVolume::name);
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            ContractVolume old = before.get(name);
            ContractVolume now = after.get(name);
            String subject = "volume " + name;
            if (now == null) {
                out.add(new ContractChange(Kind.VOLUME_REMOVED, subject, "the image no longer "
                        + verb(old.access()) + " " + old.path()));
            } else if (old == null) {
                out.add(new ContractChange(Kind.VOLUME_ADDED, subject, "the image " + verb(now.access()) + " "
                        + now.path()));
            } else {
                if (!old.path().equals(now.path())) {
                    out.add(new ContractChange(Kind.VOLUME_CHANGED, subject, "path changed from " + old.path()
                            + " to " + now.path()));
                }
                if (old.access() != now.access()) {
                    out.add(new ContractChange(Kind.VOLUME_CHANGED, subject, "access changed from " + old.access()
                            + " to " + now.access()));
                }
                if (!old.parameter().equals(now.parameter())) {
                    out.add(new ContractChange(Kind.VOLUME_CHANGED, subject, "parameter changed from "
                            + old.parameter().orElse("none") + " to " + now.parameter().orElse("none")));
                }
                if (!old.description().equals(now.description())) {
                    out.add(new ContractChange(Kind.DOCUMENTATION_CHANGED, subject, "description changed from '"
                            + old.description() + "' to '" + now.description() + "'"));
                }
            }
        }
    }

    private static void image(ImageContract oldContract, ImageContract newContract, List<ContractChange> out) {
        for (String need : newContract.needs()) {
            if (!oldContract.needs().contains(need)) {
                out.add(new ContractChange(Kind.NEEDS_ADDED, "pod", "the image now needs " + need));
            }
        }
        for (String need : oldContract.needs()) {
            if (!newContract.needs().contains(need)) {
                out.add(new ContractChange(Kind.NEEDS_REMOVED, "pod", "the image no longer needs " + need));
            }
        }
        if (!oldContract.role().equals(newContract.role())) {
            out.add(new ContractChange(Kind.DOCUMENTATION_CHANGED, "image", "role changed from '"
                    + oldContract.role() + "' to '" + newContract.role() + "'"));
        }
        if (!oldContract.description().equals(newContract.description())) {
            out.add(new ContractChange(Kind.DOCUMENTATION_CHANGED, "image", "description changed from '"
                    + oldContract.description() + "' to '" + newContract.description() + "'"));
        }
    }

    private static String verb(ContractVolume.Access access) {
        return switch (access) {
            case READ -> "reads";
            case WRITE -> "writes";
            case READ_WRITE -> "reads and writes";
        };
    }

    private static String shown(Optional<String> value, boolean secret) {
        return value.map(v -> secret ? "'*****'" : "'" + v + "'").orElse("unset");
    }

    private static <K, V> Map<K, V> byName(Collection<V> values, Function<V, K> key) {
        Map<K, V> map = new LinkedHashMap<>();
        values.forEach(v -> map.putIfAbsent(key.apply(v), v));
        return map;
    }
}
