package dev.perfguard.runbook.incident;

import java.util.Objects;

/** What filing a regression report did: opened a new incident, or attached to the open one; the incident as stored. */
public record Reported(StoredIncident stored, boolean opened) {
    public Reported {
        Objects.requireNonNull(stored, "stored");
    }
}
