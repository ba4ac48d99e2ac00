package dev.perfguard.core.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders an incident as the post-incident Markdown record (runbook step 5): overview, timeline, root
 * cause, remediation, the metrics evidence table, hypotheses, deploy notes, the decision with its
 * tasks, load tests, artefacts, follow-ups and how it was closed. A pure function of the incident:
 * the same incident always renders to the same text (times in UTC, numbers rounded for people:
 * Lighthouse milliseconds to one decimal, its score to two, CLS to three, the rest to at most four
 * decimals, as trec_eval prints its measures; independent of the default locale).
 *
 * <p>The timeline section is the summary's (possibly edited) draft followed by the entries appended
 * after it was written; without a summary it is drafted from the whole timeline.
 */
public final class PostIncidentReport {

    private PostIncidentReport() {}

    public static String render(Incident incident) {
        StringBuilder out = new StringBuilder();
        out.append("# Post-incident report: ").append(Markdown.text(incident.id())).append(" — ")
                .append(Markdown.text(incident.metricFamily())).append(" regression on ")
                .append(Markdown.text(incident.service())).append("\n\n");
        overview(out, incident);
        timeline(out, incident);
        Optional<PostIncidentSummary> summary = incident.summary();
        out.append("## Root cause\n\n")
                .append(summary.map(s -> Markdown.block(s.rootCause())).orElse("_Not written yet._")).append("\n\n");
        out.append("## Remediation\n\n")
                .append(summary.map(s -> Markdown.block(s.remediation())).orElse("_Not written yet._")).append("\n\n");
        evidence(out, incident);
        hypotheses(out, incident);
        deployNotes(out, incident);
        decision(out, incident);
        loadTests(out, incident);
        artefacts(out, incident);
        followUps(out, incident);
        return out.toString();
    }

    private static void overview(StringBuilder out, Incident incident) {
        out.append("| Field | Value |\n| --- | --- |\n");
        row(out, "Incident", Markdown.text(incident.id()));
        row(out, "Fingerprint", Markdown.text(incident.fingerprint().key()));
        row(out, "State", incident.state().wireName());
        row(out, "Opened", time(incident.openedAt()));
        incident.closure().ifPresent(c -> {
            row(out, "Closed", time(c.closedAt()) + " by " + Markdown.text(c.closedBy()));
            row(out, "Closed on", switch (c.basis()) {
                case Closure.Basis.GatePassed g -> "closing gate: within tolerance in the windows starting "
                        + g.windowStarts().stream().map(PostIncidentReport::time).collect(Collectors.joining(", "));
                case Closure.Basis.AdminOverride o -> "admin override: " + Markdown.text(o.reason())
                        + (o.overriddenProblems().isEmpty() ? "" : " (set aside: "
                                + Markdown.text(String.join("; ", o.overriddenProblems())) + ")");
            });
        });
        out.append('\n');
    }

    /** A row of the overview; {@code value} is Markdown already (user text escaped by the caller). */
    private static void row(StringBuilder out, String field, String value) {
        out.append("| ").append(field).append(" | ").append(Markdown.cell(value)).append(" |\n");
    }

    private static void timeline(StringBuilder out, Incident incident) {
        if (!incident.holdsWholeTimeline()) {
            throw new IllegalArgumentException("the report needs the whole timeline; incident " + incident.id()
                    + " holds it from seq " + incident.timeline().get(0).seq());
        }
        out.append("## Timeline\n\n");
        long through = 0;
        if (incident.summary().isPresent()) {
            PostIncidentSummary s = incident.summary().get();
            out.append(Markdown.authored(s.timeline().strip())).append('\n');
            through = s.timelineThrough();
        }
        for (TimelineEntry e : incident.timeline()) {
            if (e.seq() > through) {
                out.append(PostIncidentSummary.timelineLine(e)).append('\n');
            }
        }
        out.append('\n');
    }

    private static void evidence(StringBuilder out, Incident incident) {
        out.append("## Metrics evidence\n\n");
        out.append("| Metric | Source | Before | After | Delta | Details | Panels |\n");
        out.append("| --- | --- | ---: | ---: | ---: | --- | --- |\n");
        for (Discrepancy d : incident.discrepancies()) {
            String[] cells = switch (d.evidence()) {
                case Evidence.LighthouseDelta l -> {
                    int places = Markdown.lighthouseDecimals(d.metric(), l.unit());
                    String unit = Markdown.text(l.unit());
                    yield new String[] {
                        (d.metricFamily().equals("lighthouse") ? "Lighthouse (" + l.runs() + (l.runs() == 1 ? " run)" : " runs)")
                                : d.metricFamily() + " (" + l.runs() + (l.runs() == 1 ? " sample)" : " samples)")),
                        withUnit(Markdown.num(l.baseline(), places), unit), withUnit(Markdown.num(l.current(), places), unit),
                        withUnit(Markdown.signed(l.delta(), places), unit), ""};
                }
                case Evidence.RagEvalChange r -> new String[] {
                    "rag_eval (" + Markdown.text(r.dataset()) + ")", Markdown.num(r.before()), Markdown.num(r.after()),
                    Markdown.signed(r.delta()),
                    r.failingQueryIds().isEmpty() ? "" : "failing queries: " + Markdown.text(String.join(", ", r.failingQueryIds()))};
                case Evidence.TelemetryWindows t -> {
                    Evidence.WindowValue last = t.values().get(t.values().size() - 1);
                    yield new String[] {
                        "telemetry", "limit " + Markdown.num(t.limit()), Markdown.num(last.value()),
                        Markdown.signed(last.value() - t.limit()),
                        "windows: " + t.values().stream().map(v -> time(v.windowStart()) + " = " + Markdown.num(v.value()))
                                .collect(Collectors.joining(", "))};
                }
            };
            String panels = d.panels().stream().map(Markdown::link).collect(Collectors.joining(", "));
            out.append("| ").append(Markdown.cell(Markdown.code(d.metric()))).append(" |");
            for (String c : cells) {
                out.append(' ').append(Markdown.cell(c)).append(" |");
            }
            out.append(' ').append(Markdown.cell(panels)).append(" |\n");
        }
        out.append('\n');
    }

    private static void hypotheses(StringBuilder out, Incident incident) {
        out.append("## Hypotheses\n\n");
        if (incident.hypotheses().isEmpty()) {
            out.append("_None recorded._\n\n");
            return;
        }
        for (Hypothesis h : incident.hypotheses()) {
            out.append(h.number()).append(". ").append(Markdown.text(h.rootCause().strip()))
                    .append(" — owner: ").append(Markdown.text(h.owner().describe()))
                    .append("; flags: ").append(h.flags().isEmpty() ? "none recorded" : h.flags().stream()
                            .map(f -> Markdown.code(f.flag()) + " = " + Markdown.text(f.state())).collect(Collectors.joining(", ")))
                    .append(" (").append(Markdown.text(h.author())).append(", ").append(time(h.recordedAt())).append(")\n");
        }
        out.append('\n');
    }

    private static void deployNotes(StringBuilder out, Incident incident) {
        out.append("## Deploy notes\n\n");
        if (incident.deployNotes().isEmpty()) {
            out.append("_None recorded._\n\n");
            return;
        }
        for (DeployNote n : incident.deployNotes()) {
            out.append("- ").append(time(n.recordedAt())).append(" — ").append(Markdown.text(n.author())).append(": ")
                    .append(Markdown.text(n.text().strip())).append('\n');
        }
        out.append('\n');
    }

    private static void decision(StringBuilder out, Incident incident) {
        out.append("## Decision\n\n");
        if (incident.decision().isEmpty()) {
            out.append("_No mitigation decided._\n\n");
            return;
        }
        MitigationDecision d = incident.decision().get();
        MitigationFacts f = d.facts();
        out.append("- Branch: **").append(d.branch().wireName()).append("** (decided by ").append(Markdown.text(d.decidedBy()))
                .append(", ").append(time(d.decidedAt())).append(")\n");
        out.append("- Facts: fix available: ").append(f.fixAvailable() ? "yes (estimate "
                + Durations.text(f.fixEstimate().orElseThrow()) + ")" : "no")
                .append("; needs infrastructure changes: ").append(f.needsInfrastructure() ? "yes" : "no").append('\n');
        d.containment().ifPresent(c -> out.append("- Containment: ").append(c.wireName()).append('\n'));
        d.riskAcceptance().ifPresent(r -> out.append("- Risk accepted by ").append(Markdown.text(r.acceptedBy())).append(" until ")
                .append(time(r.until())).append(": ").append(Markdown.text(r.reason().strip())).append('\n'));
        out.append("- DevOps DM needed: ").append(d.devopsDmNeeded() ? "yes" : "no").append("\n\nTasks:\n\n");
        for (MitigationTask t : d.tasks()) {
            out.append("- [").append(t.done() ? 'x' : ' ').append("] Task ").append(t.number()).append(": ")
                    .append(Markdown.text(t.title()));
            if (t.done()) {
                out.append(" (done by ").append(Markdown.text(t.doneBy().orElseThrow())).append(", ")
                        .append(time(t.doneAt().orElseThrow())).append(')');
            }
            out.append('\n');
        }
        out.append('\n');
    }

    private static void loadTests(StringBuilder out, Incident incident) {
        out.append("## Load tests\n\n");
        if (incident.loadTests().isEmpty()) {
            out.append("_None requested._\n\n");
            return;
        }
        out.append("| # | State | Start | Scenarios | Concurrency | Data refresh | Verdict | Re-collected metrics |\n");
        out.append("| ---: | --- | --- | --- | ---: | --- | --- | --- |\n");
        for (LoadTestRequest t : incident.loadTests()) {
            LoadTestPlan p = t.plan();
            out.append("| ").append(t.number()).append(" | ").append(t.state().wireName()).append(" | ")
                    .append(time(p.start())).append(" | ").append(Markdown.cell(Markdown.text(String.join(", ", p.scenarios()))))
                    .append(" | ").append(p.concurrency()).append(" | ").append(Markdown.cell(Markdown.text(p.dataRefresh().strip())))
                    .append(" | ").append(t.finding().map(fd -> fd.verdict().wireName()).orElse(""))
                    .append(" | ").append(Markdown.cell(t.finding().map(fd -> fd.recollected().stream()
                            .map(m -> Markdown.code(m.metric()) + " (" + Markdown.text(m.dataset()) + ") = " + Markdown.num(m.value()))
                            .collect(Collectors.joining(", "))).orElse("")))
                    .append(" |\n");
        }
        out.append('\n');
        for (LoadTestRequest t : incident.loadTests()) {
            t.finding().ifPresent(fd -> out.append("- Load test ").append(t.number()).append(" finding (")
                    .append(Markdown.text(fd.author())).append(", ").append(time(fd.recordedAt())).append("): ")
                    .append(Markdown.text(fd.summary().strip())).append('\n'));
        }
        if (incident.loadTests().stream().anyMatch(t -> t.finding().isPresent())) {
            out.append('\n');
        }
    }

    private static void artefacts(StringBuilder out, Incident incident) {
        out.append("## Artefacts\n\n");
        if (incident.artefacts().isEmpty()) {
            out.append("_None attached._\n\n");
            return;
        }
        out.append("| Name | Size (bytes) | sha256 |\n| --- | ---: | --- |\n");
        for (ArtefactRef a : incident.artefacts()) {
            out.append("| ").append(Markdown.text(a.name())).append(" | ").append(a.sizeBytes()).append(" | `").append(a.sha256())
                    .append("` |\n");
        }
        out.append('\n');
    }

    private static void followUps(StringBuilder out, Incident incident) {
        out.append("## Follow-ups\n\n");
        if (incident.followUps().isEmpty()) {
            out.append("_None filed._\n");
            return;
        }
        for (FollowUp f : incident.followUps()) {
            out.append(f.number()).append(". (").append(f.kind().wireName()).append(") ")
                    .append(Markdown.text(f.title()))
                    .append(f.squad().map(s -> " — " + Markdown.text(s)).orElse("")).append('\n');
        }
    }

    private static String withUnit(String number, String unit) {
        return unit.isEmpty() ? number : number + " " + unit;
    }

    static String time(Instant instant) {
        return PostIncidentSummary.TIME.format(instant);
    }

    static List<String> panelsOf(Incident incident) {
        return incident.discrepancies().stream().flatMap(d -> d.panels().stream())
                .map(Markdown::link).distinct().toList();
    }
}
