package dev.perfguard.runbook.incident;

import dev.perfguard.core.incident.Incident;
import java.util.Objects;

/** An incident as stored, with its version (incremented by every change; optimistic concurrency). */
public record StoredIncident(long version, Incident incident) {
    public StoredIncident {
        Objects.requireNonNull(incident, "incident");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
    }
}
