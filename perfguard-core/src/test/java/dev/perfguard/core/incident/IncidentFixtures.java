package dev.perfguard.core.incident;

import dev.perfguard.core.incident.LoadTestFinding.RetrievalMetric;
import dev.perfguard.core.incident.LoadTestFinding.Verdict;
import dev.perfguard.core.incident.MitigationFacts.Containment;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Incidents built through the command API, shared by the aggregate and rendering tests. */
final class IncidentFixtures {

    static final Instant T0 = Instant.parse("2026-11-27T08:30:00Z");
    static final String NDCG = "rag.ndcg_cut_10{dataset=golden}";
    static final String LATENCY = "rag.retrieval_latency_p95_ms";
    static final PanelLink RAG_PANEL = new PanelLink("RAG Retrieval Quality",
            URI.create("https://grafana.theo.internal/d/rag-quality/rag-retrieval-efficacy?viewPanel=2"));

    private IncidentFixtures() {}

    static Instant at(long minutesAfterT0) {
        return T0.plus(Duration.ofMinutes(minutesAfterT0));
    }

    static Discrepancy ndcg() {
        return new Discrepancy(NDCG, new Evidence.RagEvalChange("golden", 0.7125, 0.6581, List.of("q-0042", "q-0107")),
                List.of(RAG_PANEL), T0);
    }

    static Discrepancy latency() {
        return new Discrepancy(LATENCY, new Evidence.TelemetryWindows(300, List.of(
                new Evidence.WindowValue(Instant.parse("2026-11-27T07:00:00Z"), 312.5),
                new Evidence.WindowValue(Instant.parse("2026-11-27T08:00:00Z"), 341))), List.of(RAG_PANEL), T0);
    }

    static Incident opened() {
        return Incident.open("INC-7", "theo-engine-web", List.of(ndcg(), latency()), "perfguard-ci", T0);
    }

    static ReportingWindow good(String start) {
        return new ReportingWindow(Instant.parse(start), Duration.ofHours(1),
                Map.of(NDCG, MetricOutcome.WITHIN_TOLERANCE, LATENCY, MetricOutcome.WITHIN_TOLERANCE));
    }

    static final List<ReportingWindow> TWO_GOOD = List.of(good("2026-11-27T14:00:00Z"), good("2026-11-27T15:00:00Z"));
    static final Instant CLOSE_AT = Instant.parse("2026-11-27T16:05:00Z");

    /** The whole runbook up to (not including) closing: the incident is monitoring with a summary. */
    static Incident readyToClose() {
        OwnershipRules rules = OwnershipRules.of(List.of(new OwnershipRules.Rule("web-perf", "lighthouse.*"),
                new OwnershipRules.Rule("search-quality", "rag.*")));
        Incident i = opened()
                .transition(IncidentState.INVESTIGATING, "alice", at(5))
                .addHypothesis("Reranker v2 truncates passages to 256 tokens.\nSeen on long answers.",
                        rules.resolve(List.of(NDCG), Optional.empty()),
                        List.of(new FlagState("reranker_v2", "on"), new FlagState("hybrid_search", "25%")), "alice", at(12))
                .addDeployNote("2026-11-27 07:55 deploy 8f3c2a1: reranker v2 at 100%", "bob", at(15))
                .addArtefact(new ArtefactRef("rag_eval-8f3c2a1.json",
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 48213, "perfguard-ci", at(16)))
                .requestLoadTest(new LoadTestPlan(List.of("search-burst", "long-answers"), 200,
                        "reindex golden corpus | refresh embeddings", at(20).plus(Duration.ofHours(2))), "alice", at(20))
                .confirmLoadTest(1, "devops-dan", at(30))
                .decide(MitigationFacts.noFix(Containment.FEATURE_FLAG_ROLLBACK, Optional.empty()), "alice", at(35))
                .transition(IncidentState.MITIGATING, "alice", at(36))
                .completeTask(1, "alice", at(40))
                .completeTask(2, "devops-dan", at(50))
                .completeLoadTest(1, new LoadTestFinding(Verdict.ROLLBACK, "Recall holds with reranker v2 off.",
                        List.of(new RetrievalMetric("rag.ndcg_cut_10", "golden", 0.7119),
                                new RetrievalMetric("rag.recall_100", "golden", 0.93)), "devops-dan", at(200)))
                .transition(IncidentState.MONITORING, "alice", at(210))
                .addFollowUp(FollowUp.Kind.MISSING_BASELINE, "Add a baseline for rag.retrieval_latency_p95_ms",
                        Optional.of("search-quality"), "alice", at(300))
                .note(TimelineEntry.Kind.NOTIFICATION, "paged on-call via PagerDuty", "perfguard", at(301));
        return i.writeSummary("Reranker v2 truncated passages to 256 tokens, dropping relevant context.",
                "Rolled reranker v2 back with its flag; fix tracked in SEARCH-88.", "alice", at(400));
    }

    static Incident closed() {
        return readyToClose().close(ClosingGate.DEFAULT, TWO_GOOD, "alice", CLOSE_AT);
    }
}
