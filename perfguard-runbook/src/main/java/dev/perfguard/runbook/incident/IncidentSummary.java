package dev.perfguard.runbook.incident;

import dev.perfguard.core.incident.IncidentState;
import java.time.Instant;

/** One line of an incident list. */
public record IncidentSummary(String id, String fingerprint, IncidentState state, Instant openedAt, Instant updatedAt,
        long version) {}
