package dev.perfguard.runbook.incident;

import java.util.List;

/** A page of the incident list, newest first; {@code total} counts all matching incidents. */
public record IncidentPage(List<IncidentSummary> items, int offset, int limit, long total) {
    public IncidentPage {
        items = List.copyOf(items);
    }
}
