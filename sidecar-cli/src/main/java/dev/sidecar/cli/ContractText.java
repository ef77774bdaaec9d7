package dev.sidecar.cli;

import dev.sidecar.contract.ContractChange;
import dev.sidecar.contract.ContractDiff;
import dev.sidecar.contract.ContractParameter;
import dev.sidecar.contract.ContractPort;
import dev.sidecar.contract.ContractVolume;
import dev.sidecar.contract.ImageContract;
import java.util.ArrayList;
import java.util.List;

/** A contract and a diff as text for people: one block per parameter, port and volume, descriptions wrapped. */
final class ContractText {

    private static final int WIDTH = 100;
    private static final String INDENT = "      ";

    private ContractText() {
    }

    static String contract(String image, ImageContract contract) {
        StringBuilder out = new StringBuilder();
        List<String> about = new ArrayList<>();
        if (!contract.title().isEmpty()) {
            about.add(contract.title() + (contract.imageVersion().isEmpty() ? "" : " " + contract.imageVersion()));
        }
        if (!contract.role().isEmpty()) {
            about.add(contract.role());
        }
        about.add("contract version " + contract.version());
        out.append(image).append(" (").append(String.join(", ", about)).append(")\n");
        if (!contract.description().isEmpty()) {
            wrap(contract.description(), "", out);
        }
        if (!contract.needs().isEmpty()) {
            out.append("Needs: ").append(String.join(", ", contract.needs())).append('\n');
        }
        out.append("\nParameters (environment variables):\n");
        if (contract.parameters().isEmpty()) {
            out.append("  none\n");
        }
        for (ContractParameter p : contract.parameters()) {
            out.append("  ").append(p.name());
            if (p.required()) {
                out.append("  required");
            } else if (p.defaultValue().isPresent()) {
                out.append(" = ").append(p.secret() ? "*****" : p.defaultValue().get().isEmpty() ? "\"\""
                        : p.defaultValue().get());
            } else {
                out.append("  (unset)");
            }
            List<String> facts = new ArrayList<>();
            p.unit().ifPresent(u -> facts.add(u.label()));
            if (!p.values().isEmpty()) {
                facts.add("one of " + String.join(", ", p.values()));
            }
            p.pattern().ifPresent(pattern -> facts.add("pattern " + pattern));
            if (p.secret()) {
                facts.add("secret");
            }
            if (!facts.isEmpty()) {
                out.append("  [").append(String.join("; ", facts)).append(']');
            }
            out.append('\n');
            describe(p.description(), out);
        }
        out.append("\nPorts:\n");
        if (contract.ports().isEmpty()) {
            out.append("  none\n");
        }
        for (ContractPort port : contract.ports()) {
            out.append("  ").append(port.spec());
            port.parameter().ifPresent(p -> out.append("  (moved by ").append(p).append(')'));
            out.append('\n');
            describe(port.description(), out);
        }
        out.append("\nShared volumes:\n");
        if (contract.volumes().isEmpty()) {
            out.append("  none\n");
        }
        for (ContractVolume volume : contract.volumes()) {
            out.append("  ").append(volume.name()).append(": ").append(verb(volume.access())).append(' ')
                    .append(volume.path());
            volume.parameter().ifPresent(p -> out.append("  (moved by ").append(p).append(')'));
            out.append('\n');
            describe(volume.description(), out);
        }
        return out.toString();
    }

    static String diff(String oldImage, String newImage, ContractDiff diff) {
        StringBuilder out = new StringBuilder();
        out.append(oldImage).append(" -> ").append(newImage).append(": ");
        if (diff.isEmpty()) {
            return out.append("no change\n").toString();
        }
        out.append(diff.changes().size()).append(" change").append(diff.changes().size() == 1 ? "" : "s")
                .append(", ").append(diff.breaking().size()).append(" breaking\n");
        int kindWidth = diff.changes().stream().mapToInt(c -> c.kind().name().length()).max().orElse(0);
        for (ContractChange change : diff.changes()) {
            out.append(String.format("  %-10s  %-" + kindWidth + "s  %s: %s%n", change.classification(),
                    change.kind().name(), change.subject(), change.detail()));
        }
        out.append(diff.isBreaking() ? "breaking: pods written for " + oldImage + " may fail with " + newImage
                : "compatible: pods written for " + oldImage + " work with " + newImage).append('\n');
        return out.toString();
    }

    private static String verb(ContractVolume.Access access) {
        return switch (access) {
            case READ -> "reads";
            case WRITE -> "writes";
            case READ_WRITE -> "reads and writes";
        };
    }

    private static void describe(String description, StringBuilder out) {
        if (!description.isEmpty()) {
            wrap(description, INDENT, out);
        }
    }

    /** Appends {@code text} in lines of at most {@link #WIDTH} characters (a longer word stays whole). */
    private static void wrap(String text, String indent, StringBuilder out) {
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split("\\s+")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        out.append(line).append('\n');
    }
}
