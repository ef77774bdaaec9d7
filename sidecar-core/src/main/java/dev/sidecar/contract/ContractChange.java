package dev.sidecar.contract;

import java.util.Objects;

/**
 * One difference between two versions of an image's contract, classified: a {@link #breaking()} change can break a
 * pod that worked with the old version; a compatible one cannot.
 *
 * @param kind what changed, and so whether it breaks
 * @param subject what it concerns, for example {@code parameter UPDATE_FREQUENCY_SECONDS} or {@code port 8080/tcp}
 * @param detail the change itself, for example {@code default changed from '5' to '10'}
 */
public record ContractChange(Kind kind, String subject, String detail) {

    /** Checks that nothing is missing. */
    public ContractChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detail, "detail");
    }

    /** Whether the change can break a pod that worked with the old version. */
    public boolean breaking() {
        return kind.breaking();
    }

    /** {@code breaking} or {@code compatible}. */
    public String classification() {
        return kind.breaking() ? "breaking" : "compatible";
    }

    @Override
    public String toString() {
        return classification() + " " + kind + ": " + subject + ": " + detail;
    }

    /** The kinds of change, each breaking or compatible. */
    public enum Kind {
        /** A parameter is gone: pods that set it lose the setting. */
        PARAMETER_REMOVED(true),
        /** A parameter has a new name (same description, or a close name with the same unit): pods set the old one. */
        PARAMETER_RENAMED(true),
        /** A new parameter is required: pods that do not set it fail. */
        PARAMETER_ADDED_REQUIRED(true),
        /** An optional parameter became required. */
        PARAMETER_NOW_REQUIRED(true),
        /** A parameter's default changed: pods relying on it behave differently. */
        DEFAULT_CHANGED(true),
        /** A parameter's unit changed (or was added or dropped): values written for the old unit mean another thing. */
        UNIT_CHANGED(true),
        /** A parameter allows fewer values (some were dropped, or a list now restricts it). */
        VALUES_NARROWED(true),
        /** A parameter got a pattern, or a different one: values that matched may no longer match. */
        PATTERN_CHANGED(true),
        /** A port is no longer served. */
        PORT_REMOVED(true),
        /** A port's protocol changed, or the parameter that moved it was dropped or changed. */
        PORT_CHANGED(true),
        /** The image no longer reads or writes a path on a shared volume. */
        VOLUME_REMOVED(true),
        /** A volume path, its access or the parameter that moves it changed. */
        VOLUME_CHANGED(true),
        /** The image needs a pod feature it did not need ({@code shareProcessNamespace}). */
        NEEDS_ADDED(true),
        /** A new optional parameter: pods that do not set it get its default. */
        PARAMETER_ADDED_OPTIONAL(false),
        /** A required parameter became optional. */
        PARAMETER_NOW_OPTIONAL(false),
        /** A parameter allows more values (new ones, or no list any more). */
        VALUES_WIDENED(false),
        /** A parameter's pattern was dropped: every value that matched is still accepted. */
        PATTERN_REMOVED(false),
        /** A new port. */
        PORT_ADDED(false),
        /** A new path on a shared volume. */
        VOLUME_ADDED(false),
        /** The image no longer needs a pod feature. */
        NEEDS_REMOVED(false),
        /** A description, the secret flag, the role or a port's new moving parameter: nothing a pod depends on. */
        DOCUMENTATION_CHANGED(false);

        private final boolean breaking;

        Kind(boolean breaking) {
            this.breaking = breaking;
        }

        /** Whether changes of this kind can break a pod that worked with the old version. */
        public boolean breaking() {
            return breaking;
        }
    }
}
