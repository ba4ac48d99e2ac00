package dev.perfguard.app.web;

import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.LoadTestSlots;
import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.runbook.flags.FlagDiff;
import dev.perfguard.runbook.flags.FlagService;
import dev.perfguard.runbook.flags.Rollback;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.StoredIncident;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the incident page shows, read once per request. */
record IncidentView(Chrome chrome, Viewer viewer, StoredIncident stored, IncidentService.Closability closability,
        String gate, ClosingGate gateRule, List<TimelineEntry> timeline, long timelineTotal,
        List<IncidentService.NumberedNote> notes, long noteTotal, String squad, Severity severity, Instant now,
        Optional<URI> ticket, boolean rerun, Optional<Flags> flags) {

    /** The flags changed before the regression, the states captured with the evidence, the rollbacks asked for. */
    record Flags(FlagDiff diff, List<FlagService.Capture> captures, List<Rollback> rollbacks) {
        static Flags of(FlagService f, String id) {
            return new Flags(f.diffFor(id, Optional.empty()), f.captures(id), f.rollbacks(id));
        }
    }

    /** Whether the decision's containment is a flag rollback or traffic shaping still to ask for. */
    boolean containmentAsked() {
        return incident().decision().flatMap(d -> d.containment())
                .filter(c -> c != dev.perfguard.core.incident.MitigationFacts.Containment.LEAVE_LIVE).isPresent();
    }

    Incident incident() {
        return stored.incident();
    }

    String id() {
        return stored.incident().id();
    }

    /** The earliest start a load-test slot may have if requested now (the two-hour rule). */
    Instant earliestSlot() {
        return now.plus(LoadTestSlots.MIN_NOTICE);
    }

    /** A suggested start: three hours ahead on the next quarter hour. */
    Instant suggestedSlot() {
        Instant t = now.plus(LoadTestSlots.MIN_NOTICE).plusSeconds(3600);
        long quarter = 15 * 60;
        return Instant.ofEpochSecond((t.getEpochSecond() + quarter - 1) / quarter * quarter);
    }

    /** Every Grafana panel of the triggering metrics, once each. */
    List<PanelLink> panels() {
        Map<String, PanelLink> out = new LinkedHashMap<>();
        incident().discrepancies().forEach(d -> d.panels().forEach(p -> out.putIfAbsent(p.url().toString(), p)));
        return new ArrayList<>(out.values());
    }

    /** The artefacts a load test attached ({@code loadtest-N-...}), by name. */
    List<dev.perfguard.core.incident.ArtefactRef> slotArtefacts(int number) {
        String prefix = "loadtest-" + number + "-";
        return incident().artefacts().stream().filter(a -> a.name().startsWith(prefix)).toList();
    }

    boolean hasLatency(int number) {
        return slotArtefacts(number).stream().anyMatch(a -> a.name().equals("loadtest-" + number + "-latency-over-time.json"));
    }

    boolean open() {
        return incident().closure().isEmpty();
    }

    boolean acts() {
        return viewer.acts() && open();
    }

    String base() {
        return "/incidents/" + id();
    }
}
