package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.util.Locale;

/**
 * Where an incident is in its lifecycle. The happy path is {@code open → investigating → mitigating →
 * monitoring → closed}; {@link Lifecycle} says which other moves are allowed.
 */
public enum IncidentState {
    OPEN,
    INVESTIGATING,
    MITIGATING,
    MONITORING,
    CLOSED;

    /** The lower-case name used in the API, the CLI and the store ({@code open}, {@code monitoring}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #wireName()}; an unknown name is a {@code BAD_INPUT} error naming the allowed values. */
    public static IncidentState fromWireName(String name) {
        for (IncidentState s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw PerfguardException.badInput(
                "incident state '" + name + "' is unknown; expected one of open, investigating, mitigating, monitoring, closed");
    }
}
