package dev.perfguard.app.web;

import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.FlagState;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LoadTestFinding;
import dev.perfguard.core.incident.LoadTestPlan;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.MitigationFacts;
import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.WindowOutcome;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Incidents in the states the pages have to show, made through the incident service on a fixture's
 * clock: a fresh one, one in the middle of the runbook, and a closed one. Used by the accessibility
 * test and the screenshots.
 */
final class ExampleIncidents {
    static final String LCP = "lighthouse.lcp_ms{page=/search,preset=mobile}";
    static final String TBT = "lighthouse.tbt_ms{page=/search,preset=mobile}";
    static final String RAG = "rag.ndcg_cut_10{dataset=golden}";
    static final String P95 = "telemetry.latency_p95_ms{route=/api/search}";

    private final WebFixture web;

    ExampleIncidents(WebFixture web) {
        this.web = web;
    }

    /** A just-opened incident on LCP alone. */
    String fresh() {
        return web.openIncident(3400);
    }

    /**
     * An incident on two Lighthouse metrics, investigated and mitigated by a feature-flag rollback:
     * a hypothesis, deploy notes, an artefact, a completed and a confirmed load-test slot, one task
     * done, and one in-tolerance reporting window after a breach.
     */
    String underway() {
        IncidentService s = web.incidents;
        Instant opened = web.clock.instant();
        List<PanelLink> vitals = List.of(new PanelLink("Web Vitals", URI.create("https://grafana.example/d/web-vitals")));
        String id = s.report(new RegressionReport("theo-search", List.of(
                new Discrepancy(LCP, new Evidence.LighthouseDelta(2140, 3380, "ms", 5, Optional.of(0.004)), vitals, opened),
                new Discrepancy(TBT, new Evidence.LighthouseDelta(180, 410, "ms", 5, Optional.of(0.031)), vitals, opened))),
                "ci").stored().incident().id();
        s.transition(id, IncidentState.INVESTIGATING, "ana");
        s.addHypothesis(id, "the new ranker loads its model on the request path", Optional.of("search-squad"),
                List.of(new FlagState("new-ranker", "on"), new FlagState("hero-lazy", "off")), "ana");
        s.addDeployNote(id, "search-api 2026.11.27-3 deployed 09:55 UTC (new ranker behind new-ranker)", "ana");
        s.addArtefact(id, "perf_metrics-lighthouse.json", "{\"lcp_ms\":3380}".getBytes(StandardCharsets.UTF_8), "ci");
        Instant slot = opened.plus(Duration.ofHours(3));
        s.requestLoadTest(id, new LoadTestPlan(List.of("search-peak"), 200, "production snapshot", slot), "ana");
        s.confirmLoadTest(id, 1, "devops");
        s.completeLoadTest(id, 1, LoadTestFinding.Verdict.MITIGATE, "p95 430 ms at 200 users; rollback advised",
                List.of(new LoadTestFinding.RetrievalMetric("rag.ndcg_cut_10", "golden", 0.609)), "devops");
        s.requestLoadTest(id, new LoadTestPlan(List.of("search-peak", "search-burst"), 400, "production snapshot",
                slot.plus(Duration.ofHours(2))), "ana");
        s.confirmLoadTest(id, 2, "devops");
        s.decide(id, MitigationFacts.noFix(MitigationFacts.Containment.FEATURE_FLAG_ROLLBACK, Optional.empty()), "ana");
        s.completeTask(id, 1, "ana");
        s.transition(id, IncidentState.MITIGATING, "ana");
        Instant hour = opened.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        web.clock.set(hour.plus(Duration.ofHours(3)).plusSeconds(300));
        s.recordWindow(id, hour.plus(Duration.ofHours(1)), outcomes(MetricOutcome.BREACH, 3300), "watch");
        s.recordWindow(id, hour.plus(Duration.ofHours(2)), outcomes(MetricOutcome.WITHIN_TOLERANCE, 2050), "watch");
        return id;
    }

    /** {@link #underway()} carried to the end: every task done, the summary, two good windows, closed. */
    String closed() {
        IncidentService s = web.incidents;
        String id = underway();
        var decision = s.get(id).incident().decision().orElseThrow();
        decision.tasks().stream().filter(t -> !t.done()).forEach(t -> s.completeTask(id, t.number(), "ana"));
        s.transition(id, IncidentState.MONITORING, "ana");
        s.writeSummary(id, "the new ranker loaded its model on the request path", "new-ranker off; model preloaded at start", "ana");
        // the gate counts the windows that start after the containment (the flag rolled back just now)
        Instant next = web.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(1));
        web.clock.set(next.plus(Duration.ofHours(2)).plusSeconds(300));
        s.recordWindow(id, next, outcomes(MetricOutcome.WITHIN_TOLERANCE, 2010), "watch");
        s.recordWindow(id, next.plus(Duration.ofHours(1)), outcomes(MetricOutcome.WITHIN_TOLERANCE, 1990), "watch");
        s.close(id, "ana");
        return id;
    }

    private static List<WindowOutcome> outcomes(MetricOutcome outcome, double lcp) {
        return List.of(new WindowOutcome(LCP, outcome, Optional.of(lcp)),
                new WindowOutcome(TBT, outcome, Optional.of(outcome == MetricOutcome.BREACH ? 390.0 : 170.0)));
    }

    /** A fresh incident on retrieval quality (rag_eval), with the queries that got worse. */
    String retrieval() {
        Discrepancy d = new Discrepancy(RAG, new Evidence.RagEvalChange("golden", 0.612, 0.548,
                List.of("q-0017", "q-0112", "q-0431")), List.of(new PanelLink("RAG Retrieval Quality",
                URI.create("https://grafana.example/d/rag-quality"))), web.clock.instant());
        return web.incidents.report(new RegressionReport("theo-rag", List.of(d)), "ci").stored().incident().id();
    }

    /** A fresh incident on production telemetry: two windows over the limit. */
    String telemetry() {
        Instant now = web.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Discrepancy d = new Discrepancy(P95, new Evidence.TelemetryWindows(250, List.of(
                new Evidence.WindowValue(now.minus(Duration.ofHours(2)), 262),
                new Evidence.WindowValue(now.minus(Duration.ofHours(1)), 318))),
                List.of(new PanelLink("Edge Latency", URI.create("https://grafana.example/d/edge-latency"))), web.clock.instant());
        return web.incidents.report(new RegressionReport("theo-api", List.of(d)), "watch").stored().incident().id();
    }
}
