package dev.perfguard.core.incident;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** A follow-up task for tech debt found during the incident (runbook step 5.3), numbered from 1. */
public record FollowUp(int number, Kind kind, String title, Optional<String> squad, String createdBy, Instant createdAt) {

    public enum Kind {
        MISSING_BASELINE, FLAKY_DASHBOARD, OBSERVABILITY_GAP, TECH_DEBT, OTHER;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public FollowUp {
        if (number < 1) {
            throw new IllegalArgumentException("follow-up number must be at least 1, was " + number);
        }
        Objects.requireNonNull(kind, "kind");
        Checks.name(title, "follow-up title");
        Objects.requireNonNull(squad, "squad");
        squad.ifPresent(s -> Checks.name(s, "squad"));
        Checks.name(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
