package dev.perfguard.runbook.incident;

import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.Timeline;
import dev.perfguard.runbook.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The console channel's {@link Timeline}: {@code notification} entries written to the stored incident
 * under its version check, like every incident change. Such entries route no outbox message (that would
 * notify about notifying, without end), and the same line twice is written once, so a redelivery after
 * a crash leaves one entry.
 */
public final class TimelineNotes implements Timeline {

    static final String WHO = "perfguard-notify";

    private final Store store;
    private final Clock clock;
    private final IncidentRepository repo;

    public TimelineNotes(Store store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.repo = new IncidentRepository(OutboxRouting.none(), store.dialect());
    }

    @Override
    public boolean notified(String incidentId, String what) {
        return IncidentService.retrying(() -> store.inTransaction(h -> {
            StoredIncident current = repo.load(h, incidentId);
            Incident incident = current.incident();
            if (incident.state() == IncidentState.CLOSED
                    || IncidentRepository.hasEntry(h, incidentId, TimelineEntry.Kind.NOTIFICATION, what)) {
                return false;
            }
            Instant now = clock.instant();
            repo.update(h, current, incident.note(TimelineEntry.Kind.NOTIFICATION, what, WHO, now), now);
            return true;
        }));
    }
}
