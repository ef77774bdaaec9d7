package dev.sidecar.contract;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A path on a shared volume that an image reads or writes, declared by the labels
 * {@code dev.sidecar.contract.volume.<name>.*}: where the pod should mount a volume it shares with the container
 * that produces or consumes the files. The Kubernetes counterpart is a {@code volumeMounts} entry.
 *
 * @param name the name the image gives this use, for example {@code config}
 * @param path the file or directory, as an absolute path in the container
 * @param access whether the image reads it, writes it, or both
 * @param description what the files are; empty when the image says nothing
 * @param parameter the parameter that moves the path, when there is one
 */
public record ContractVolume(String name, String path, Access access, String description,
        Optional<String> parameter) {

    /** Checks that nothing is missing. */
    public ContractVolume {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parameter, "parameter");
    }

    /** What an image does with a path on a shared volume. */
    public enum Access {
        /** The image only reads the path: a read-only mount ({@code readOnly: true}) is enough. */
        READ,
        /** The image writes the path, for other containers to read. */
        WRITE,
        /** The image reads and writes the path. */
        READ_WRITE;

        /** How the access is written in the label: {@code read}, {@code write} or {@code read-write}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The access a label value names, or empty when it names none. */
        public static Optional<Access> fromLabel(String label) {
            for (Access access : values()) {
                if (access.label().equals(label == null ? "" : label.strip().toLowerCase(Locale.ROOT))) {
                    return Optional.of(access);
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return label();
        }
    }
}
