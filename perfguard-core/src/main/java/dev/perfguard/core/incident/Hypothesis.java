package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A suspected root cause, with the owning squad (resolved from the ownership rules or overridden) and
 * the feature-flag states current when it was recorded. {@code number} counts from 1 within the incident.
 */
public record Hypothesis(int number, String rootCause, SquadAssignment owner, List<FlagState> flags,
        String author, Instant recordedAt) {
    public Hypothesis {
        if (number < 1) {
            throw new IllegalArgumentException("hypothesis number must be at least 1, was " + number);
        }
        Checks.text(rootCause, "root cause", Checks.LONG);
        Objects.requireNonNull(owner, "owner");
        flags = Checks.list(flags, "flags");
        if (new HashSet<>(flags.stream().map(FlagState::flag).toList()).size() != flags.size()) {
            throw PerfguardException.badInput("flags name the same flag twice");
        }
        Checks.name(author, "author");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}
