package dev.perfguard.runbook.notify;

import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.FlagState;
import dev.perfguard.core.incident.FollowUp;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LoadTestPlan;
import dev.perfguard.core.incident.MitigationFacts;
import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.incident.SquadAssignment;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A realistic incident (a rag_eval regression) and its messages, shared by the channel tests. */
final class NotifyFixtures {

    static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private NotifyFixtures() {}

    static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static Incident opened() {
        Discrepancy ndcg = new Discrepancy("rag.ndcg_cut_10{dataset=golden}",
                new Evidence.RagEvalChange("golden", 0.7412, 0.6931, List.of("q-0017", "q-0342")),
                List.of(new PanelLink("RAG Retrieval Quality",
                        URI.create("https://grafana.theo.internal/d/rag-quality/rag-retrieval-efficacy?viewPanel=2"))),
                at(0));
        Discrepancy recall = new Discrepancy("rag.recall_100{dataset=golden}",
                new Evidence.RagEvalChange("golden", 0.95, 0.91, List.of("q-0342")),
                List.of(new PanelLink("RAG Retrieval Quality",
                        URI.create("https://grafana.theo.internal/d/rag-quality/rag-retrieval-efficacy?viewPanel=2"))),
                at(0));
        return Incident.open("INC-7", "theo-engine-web", List.of(ndcg, recall), "perfguard-ci", at(0))
                .transition(IncidentState.INVESTIGATING, "alice", at(5))
                .addHypothesis("Reranker v2 truncates passages to 256 tokens.", SquadAssignment.byRule("search-quality", "rag.*"),
                        List.of(new FlagState("reranker_v2", "on"), new FlagState("hybrid_search", "25%")), "alice", at(12))
                .addDeployNote("deploy 8f3c2a1: reranker v2 at 100%", "bob", at(15));
    }

    static Incident decided() {
        return opened()
                .requestLoadTest(new LoadTestPlan(List.of("search-burst", "long-answers"), 200, "reindex golden corpus",
                        at(20).plus(Duration.ofHours(2))), "alice", at(20))
                .decide(MitigationFacts.noFix(MitigationFacts.Containment.FEATURE_FLAG_ROLLBACK, Optional.empty()), "alice", at(35));
    }

    static Incident closed() {
        return decided()
                .transition(IncidentState.MITIGATING, "alice", at(36))
                .transition(IncidentState.MONITORING, "alice", at(210))
                .addFollowUp(FollowUp.Kind.MISSING_BASELINE, "Add a baseline for rag.retrieval_latency_p95_ms",
                        Optional.of("search-quality"), "alice", at(300))
                .addFollowUp(FollowUp.Kind.FLAKY_DASHBOARD, "Fix the flaky RAG quality panel", Optional.empty(), "alice", at(301))
                .writeSummary("Reranker v2 truncated passages to 256 tokens.", "Rolled back reranker_v2; fix in 8f3c2a2.",
                        "alice", at(400))
                .closeWithOverride("verified by hand on the dashboards", ClosingGate.DEFAULT, List.of(), "root", at(500));
    }

    /** {@code server.public_url} as configured (with the trailing slash a person may well write). */
    static final IncidentPages PAGES = new IncidentPages(URI.create("https://perfguard.example.com/"));
    /** INC-7's page under {@link #PAGES}. */
    static final URI PAGE = URI.create("https://perfguard.example.com/incidents/INC-7");

    static Message.IncidentOpened openedMessage() {
        return Messages.opened(opened());
    }
}
