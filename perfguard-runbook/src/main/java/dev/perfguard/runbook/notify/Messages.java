package dev.perfguard.runbook.notify;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.ArtefactRef;
import dev.perfguard.core.incident.Closure;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.FlagState;
import dev.perfguard.core.incident.Hypothesis;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.LoadTestRequest;
import dev.perfguard.core.incident.MitigationDecision;
import dev.perfguard.core.incident.MitigationTask;
import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.incident.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link Message}s from the incident domain, in the transaction that changes the incident, so the
 * outbox row says what was true then. Pure functions of the incident.
 */
public final class Messages {

    private Messages() {}

    public static Message.IncidentOpened opened(Incident incident) {
        List<Message.MetricRow> metrics = new ArrayList<>();
        Map<String, Message.Link> panels = new LinkedHashMap<>();
        for (Discrepancy d : incident.discrepancies()) {
            metrics.add(row(d));
            for (PanelLink p : d.panels()) {
                panels.putIfAbsent(p.url().toString(), new Message.Link(p.title(), p.url()));
            }
        }
        List<Message.HypothesisRow> hypotheses = incident.hypotheses().stream().map(Messages::row).toList();
        String squad = incident.hypotheses().stream().map(h -> h.owner().squad()).flatMap(Optional::stream)
                .reduce((a, b) -> b).orElse("unowned");
        return new Message.IncidentOpened(incident.id(), incident.service(), incident.fingerprint().key(),
                incident.openedAt(), metrics, List.copyOf(panels.values()), hypotheses,
                incident.deployNotes().stream().map(n -> n.text()).toList(), squad);
    }

    public static Message.Acknowledged acknowledged(Incident incident, String by, Instant at) {
        return new Message.Acknowledged(incident.id(), by, at);
    }

    public static Message.Milestone milestone(Incident incident, TimelineEntry entry) {
        return new Message.Milestone(incident.id(), entry.seq(), entry.who(), entry.at(), entry.what());
    }

    /** The decision message; {@code BAD_INPUT} when the incident has no decision. */
    public static Message.MitigationDecided decided(Incident incident) {
        MitigationDecision d = decision(incident);
        return new Message.MitigationDecided(incident.id(), d.branch().wireName(),
                d.containment().map(c -> c.wireName()), tasks(d), d.devopsDmNeeded(), d.decidedBy(), d.decidedAt());
    }

    /** The DevOps DM, present exactly when the decision says one is needed ({@code devopsDmNeeded}). */
    public static Optional<Message.DevOpsDmNeeded> devopsDm(Incident incident) {
        MitigationDecision d = decision(incident);
        if (!d.devopsDmNeeded()) {
            return Optional.empty();
        }
        return Optional.of(new Message.DevOpsDmNeeded(incident.id(), d.branch().wireName(),
                d.containment().map(c -> c.wireName()), tasks(d), d.decidedBy(), d.decidedAt()));
    }

    public static Message.LoadTestSlotRequested loadTestRequested(Incident incident, int number) {
        if (number < 1 || number > incident.loadTests().size()) {
            throw PerfguardException.badInput("incident " + incident.id() + " has no load test " + number);
        }
        LoadTestRequest r = incident.loadTests().get(number - 1);
        return new Message.LoadTestSlotRequested(incident.id(), number, r.plan().scenarios(), r.plan().concurrency(),
                r.plan().dataRefresh(), r.plan().start(), r.requestedBy());
    }

    public static Message.ArtefactAdded artefactAdded(Incident incident, ArtefactRef ref) {
        return new Message.ArtefactAdded(incident.id(), ref.name(), ref.sha256(), ref.sizeBytes());
    }

    /** The closing message; {@code BAD_INPUT} when the incident is not closed. */
    public static Message.Closed closed(Incident incident) {
        Closure c = incident.closure().orElseThrow(() -> PerfguardException.badInput("incident " + incident.id() + " is not closed"));
        String basis = switch (c.basis()) {
            case Closure.Basis.GatePassed g -> "metrics back within tolerance for " + g.windowStarts().size()
                    + " consecutive reporting windows";
            case Closure.Basis.AdminOverride o -> "closed by admin override: " + o.reason();
        };
        String rootCause = incident.summary().map(s -> s.rootCause()).orElse("not written");
        String remediation = incident.summary().map(s -> s.remediation()).orElse("not written");
        List<Message.FollowUpRow> followUps = incident.followUps().stream()
                .map(f -> new Message.FollowUpRow(f.number(), f.kind().wireName(), f.title(), f.squad().orElse("unowned")))
                .toList();
        return new Message.Closed(incident.id(), c.closedBy(), c.closedAt(), basis, rootCause, remediation, followUps);
    }

    private static MitigationDecision decision(Incident incident) {
        return incident.decision().orElseThrow(() -> PerfguardException.badInput("incident " + incident.id() + " has no decision"));
    }

    private static List<String> tasks(MitigationDecision d) {
        List<String> out = new ArrayList<>();
        for (MitigationTask t : d.tasks()) {
            out.add((t.done() ? "[x] " : "[ ] ") + t.title());
        }
        return out;
    }

    private static Message.HypothesisRow row(Hypothesis h) {
        return new Message.HypothesisRow(h.number(), h.rootCause(), h.owner().describe(),
                h.flags().stream().map((FlagState f) -> f.flag() + "=" + f.state()).toList());
    }

    private static Message.MetricRow row(Discrepancy d) {
        return switch (d.evidence()) {
            // CI metrics of 'perfguard ingest' (jmh., k6., ci. ...) carry lab-delta evidence too: name their family
            case Evidence.LighthouseDelta l -> new Message.MetricRow(d.metric(), d.metricFamily().equals("lighthouse")
                    ? "lighthouse (" + l.runs() + " runs)" : d.metricFamily() + " (" + l.runs() + " samples)",
                    l.baseline(), l.current(), l.unit(), List.of());
            case Evidence.RagEvalChange r -> new Message.MetricRow(d.metric(), "rag_eval " + r.dataset(), r.before(),
                    r.after(), "", r.failingQueryIds());
            case Evidence.TelemetryWindows t -> new Message.MetricRow(d.metric(), "telemetry (limit " + Text.num(t.limit()) + ")",
                    t.limit(), t.values().get(t.values().size() - 1).value(), "", List.of());
        };
    }
}
