package dev.perfguard.runbook.flags;

import dev.perfguard.core.incident.FlagState;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One feature flag as its store holds it now: whether it is enabled, and the variant it serves when it is
 * (flagd's {@code defaultVariant}; empty for a store without variants, Unleash). {@link #state} is the one
 * word the incident shows: {@code off} for a disabled flag, {@code on} or {@code off} for a boolean
 * variant, else the variant's name.
 */
public record FlagValue(String name, boolean enabled, Optional<String> variant, String state) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    public FlagValue {
        requireName(name, "flag name");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(state, "state");
        if (state.isBlank()) {
            throw new IllegalArgumentException("flag state is blank");
        }
    }

    /** A flag without variants (Unleash): {@code on} or {@code off}. */
    public static FlagValue onOff(String name, boolean enabled) {
        return new FlagValue(name, enabled, Optional.empty(), enabled ? "on" : "off");
    }

    /** The incident's record of this flag. */
    public FlagState asFlagState() {
        return new FlagState(name, state);
    }

    /** Checks a flag name: 1-200 letters, digits, '.', '_', ':' or '-', starting with a letter or digit. */
    public static String requireName(String name, String field) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw dev.perfguard.core.PerfguardException.badInput(field + " '" + name
                    + "' is invalid; expected 1-200 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
        return name;
    }
}
