package dev.perfguard.runbook.incident;

import dev.perfguard.core.incident.Incident;
import java.util.Objects;

/**
 * An incident as stored, with its version (incremented by every change; optimistic concurrency) and how many
 * deploy notes it has: {@code incident} holds the bounded state and a part of the history (the newest
 * timeline entries and deploy notes, or what a change added), {@code incident.timelineSize()} and
 * {@code deployNoteCount} say how much there is.
 */
public record StoredIncident(long version, Incident incident, long deployNoteCount) {
    public StoredIncident {
        Objects.requireNonNull(incident, "incident");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        if (deployNoteCount < incident.deployNotes().size()) {
            throw new IllegalArgumentException("deploy note count " + deployNoteCount + " below the "
                    + incident.deployNotes().size() + " held");
        }
    }
}
