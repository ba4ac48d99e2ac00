package dev.perfguard.core.incident;

import static dev.perfguard.core.incident.IncidentFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class IncidentTest {

    private static void assertCode(ThrowingCallable call, ErrorCode code, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(messagePart);
    }

    @Test
    void openingDerivesTheFingerprintAndStartsTheTimeline() {
        Incident i = IncidentFixtures.opened();

        assertThat(i.state()).isEqualTo(IncidentState.OPEN);
        assertThat(i.fingerprint().key()).isEqualTo("theo-engine-web/rag");
        assertThat(i.service()).isEqualTo("theo-engine-web");
        assertThat(i.metricFamily()).isEqualTo("rag");
        assertThat(i.triggeringMetrics()).containsExactly(IncidentFixtures.NDCG, IncidentFixtures.LATENCY);
        assertThat(i.timeline()).singleElement().satisfies(e -> {
            assertThat(e.seq()).isEqualTo(1);
            assertThat(e.kind()).isEqualTo(TimelineEntry.Kind.OPENED);
            assertThat(e.who()).isEqualTo("perfguard-ci");
        });
        assertThat(IncidentFixtures.opened().fingerprint().attachesTo(i)).isTrue();
    }

    @Test
    void discrepanciesOfAnotherFamilyAreRefused() {
        Discrepancy lcp = new Discrepancy("lighthouse.lcp_ms", new Evidence.LighthouseDelta(2100, 2600, "ms", 5),
                List.of(), IncidentFixtures.T0);

        assertCode(() -> Incident.open("INC-1", "web", List.of(IncidentFixtures.ndcg(), lcp), "ci", IncidentFixtures.T0),
                ErrorCode.BAD_INPUT, "is of family lighthouse but incident fingerprint web/rag");
        assertCode(() -> IncidentFixtures.opened().attach(List.of(lcp), "ci", at(1)), ErrorCode.BAD_INPUT, "family lighthouse");
    }

    @Test
    void aRepeatedReportUpdatesEvidenceAndAddsNewMetrics() {
        Discrepancy worse = new Discrepancy(IncidentFixtures.NDCG, new Evidence.RagEvalChange("golden", 0.7125, 0.61,
                List.of("q-0042")), List.of(), at(60));
        Discrepancy recall = new Discrepancy("rag.recall_100", new Evidence.RagEvalChange("golden", 0.95, 0.9,
                List.of()), List.of(), at(60));

        Incident i = IncidentFixtures.opened().attach(List.of(worse, recall), "perfguard-ci", at(60));

        assertThat(i.discrepancies()).containsExactly(worse, IncidentFixtures.latency(), recall);
        assertThat(i.timeline().get(1).what())
                .isEqualTo("report attached: added rag.recall_100; updated evidence for " + IncidentFixtures.NDCG);
    }

    @Test
    void timelineIsAppendOnlyAndNumbered() {
        Incident before = IncidentFixtures.opened();
        Incident after = before.transition(IncidentState.INVESTIGATING, "alice", at(5));

        assertThat(after.timeline()).startsWith(before.timeline().toArray(TimelineEntry[]::new));
        assertThat(after.timeline()).extracting(TimelineEntry::seq).containsExactly(1L, 2L);
        assertThat(after.timeline().get(1).what()).isEqualTo("open → investigating");
        assertThat(before.state()).isEqualTo(IncidentState.OPEN);
        assertThatThrownBy(() -> after.timeline().add(after.timeline().get(0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anIncidentHoldingOnlyItsNewestEntriesAppendsAfterThem() {
        Incident whole = IncidentFixtures.opened().transition(IncidentState.INVESTIGATING, "alice", at(5))
                .addDeployNote("deploy 412", "alice", at(6));
        Incident newest = whole.heldAs(List.of(), List.of(whole.timeline().get(2)));

        Incident next = newest.addDeployNote("deploy 413", "bob", at(7));
        assertThat(next.timelineSize()).isEqualTo(4);
        assertThat(next.holdsWholeTimeline()).isFalse();
        assertThat(next.timeline()).extracting(TimelineEntry::seq).containsExactly(3L, 4L);
        assertThat(next.deployNotes()).extracting(DeployNote::text).containsExactly("deploy 413");
        assertThatThrownBy(() -> newest.heldAs(List.of(), List.of(whole.timeline().get(0), whole.timeline().get(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeline seq 3 at position 2 after seq 1");
        assertThatThrownBy(() -> newest.writeSummary("root", "fix", "alice", at(8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("from seq 3");
        assertThatThrownBy(() -> PostIncidentReport.render(newest))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the whole timeline");
    }

    @Test
    void aTimelineEntryRepeatsAnExcerptOfALongNote() {
        String line = "deploy 412 " + "x".repeat(19_000);
        Incident i = IncidentFixtures.opened().addDeployNote(line + "\nsecond line", "alice", at(6));

        assertThat(i.deployNotes().get(0).text()).startsWith(line);
        assertThat(i.timeline().get(1).what()).hasSize("deploy note: ".length() + Incident.TIMELINE_EXCERPT + 2)
                .startsWith("deploy note: deploy 412 xxx").endsWith("x …");
        assertThat(IncidentFixtures.opened().addDeployNote("short\nmore", "alice", at(6)).timeline().get(1).what())
                .isEqualTo("deploy note: short …");
    }

    @Test
    void illegalTransitionsAreConflicts() {
        assertCode(() -> IncidentFixtures.opened().transition(IncidentState.MITIGATING, "alice", at(1)), ErrorCode.CONFLICT,
                "cannot move from open to mitigating");
        assertCode(() -> IncidentFixtures.readyToClose().transition(IncidentState.CLOSED, "alice", at(500)),
                ErrorCode.CONFLICT, "closing goes through the closing gate");
    }

    @Test
    void tooEarlyLoadTestIsRefusedWithTheEarliestStart() {
        Instant now = at(20);
        LoadTestPlan soon = new LoadTestPlan(List.of("search-burst"), 50, "none", now.plus(Duration.ofMinutes(119)));

        assertCode(() -> IncidentFixtures.opened().requestLoadTest(soon, "alice", now), ErrorCode.BAD_INPUT,
                "the earliest allowed start is 2026-11-27T10:50:00Z");
    }

    @Test
    void loadTestMovesAreChecked() {
        Incident i = IncidentFixtures.opened().requestLoadTest(new LoadTestPlan(List.of("s"), 5, "none",
                at(0).plus(Duration.ofHours(3))), "alice", at(0));

        assertCode(() -> i.completeLoadTest(1, new LoadTestFinding(LoadTestFinding.Verdict.ACCEPT, "fine",
                List.of(new LoadTestFinding.RetrievalMetric("rag.x", "golden", 1)), "dan", at(5))),
                ErrorCode.CONFLICT, "load test 1 is requested and cannot become done");
        assertCode(() -> i.confirmLoadTest(2, "dan", at(1)), ErrorCode.NOT_FOUND, "has no load test 2");
        Incident cancelled = i.cancelLoadTest(1, "slot taken", "dan", at(2));
        assertThat(cancelled.loadTests().get(0).state()).isEqualTo(LoadTestState.CANCELLED);
        assertCode(() -> cancelled.confirmLoadTest(1, "dan", at(3)), ErrorCode.CONFLICT, "cancelled");
    }

    @Test
    void decisionBecomesTasksAndRefusedFactsAreBadInput() {
        Incident i = IncidentFixtures.opened().decide(MitigationFacts.fix(Duration.ofMinutes(45), false), "alice", at(10));

        assertThat(i.decision().orElseThrow().tasks()).extracting(MitigationTask::action).containsExactly(
                MitigationTask.Action.PATCH, MitigationTask.Action.RERUN_CI_LIGHTHOUSE,
                MitigationTask.Action.RERUN_CI_RAG_EVAL, MitigationTask.Action.MONITOR_DASHBOARDS);
        assertThat(i.decision().orElseThrow().tasks()).noneMatch(MitigationTask::done);
        assertCode(() -> i.decide(MitigationFacts.noFix(MitigationFacts.Containment.LEAVE_LIVE, Optional.empty()),
                "alice", at(11)), ErrorCode.BAD_INPUT, "risk acceptance");

        Incident done = i.completeTask(1, "bob", at(12));
        assertThat(done.decision().orElseThrow().tasks().get(0).doneBy()).contains("bob");
        assertCode(() -> done.completeTask(1, "bob", at(13)), ErrorCode.CONFLICT, "already done by bob");
        assertCode(() -> done.completeTask(9, "bob", at(13)), ErrorCode.NOT_FOUND, "tasks are 1 to 4");
        assertCode(() -> IncidentFixtures.opened().completeTask(1, "bob", at(13)), ErrorCode.NOT_FOUND, "no mitigation decision");
    }

    @Test
    void aRetriedArtefactUploadIsANoOpButOtherContentUnderTheSameNameConflicts() {
        ArtefactRef a = new ArtefactRef("lhr.json", "a".repeat(64), 10, "ci", at(1));
        Incident once = IncidentFixtures.opened().addArtefact(a);

        assertThat(once.addArtefact(a)).isSameAs(once);
        assertCode(() -> once.addArtefact(new ArtefactRef("lhr.json", "b".repeat(64), 10, "ci", at(2))),
                ErrorCode.CONFLICT, "already has an artefact named lhr.json");
    }

    @Test
    void pathTraversalArtefactNamesAreRefused() {
        for (String bad : List.of("../etc/passwd", "a/b.json", "..", ".hidden", "C:\\x.json", "x\u0000.json", "")) {
            assertCode(() -> new ArtefactRef(bad, "a".repeat(64), 1, "ci", at(1)), ErrorCode.BAD_INPUT, "not a safe file name");
        }
        assertThat(new ArtefactRef("perf_metrics-lcp.v2.json", "a".repeat(64), 1, "ci", at(1)).name())
                .isEqualTo("perf_metrics-lcp.v2.json");
    }

    @Test
    void closingThroughTheGate() {
        Incident closed = IncidentFixtures.closed();

        assertThat(closed.state()).isEqualTo(IncidentState.CLOSED);
        assertThat(closed.closure().orElseThrow().basis()).isEqualTo(new Closure.Basis.GatePassed(List.of(
                Instant.parse("2026-11-27T14:00:00Z"), Instant.parse("2026-11-27T15:00:00Z"))));
        assertThat(closed.timeline().get(closed.timeline().size() - 1).kind()).isEqualTo(TimelineEntry.Kind.CLOSED);
        assertThat(closed.fingerprint().openKey(closed.state())).isEmpty();
        assertThat(closed.fingerprint().attachesTo(closed)).isFalse();
    }

    @Test
    void closingRefusalListsEveryBlocker() {
        Incident investigating = IncidentFixtures.opened().transition(IncidentState.INVESTIGATING, "alice", at(5));

        assertThat(investigating.closeBlockers(ClosingGate.DEFAULT, List.of(IncidentFixtures.good("2026-11-27T15:00:00Z")),
                IncidentFixtures.CLOSE_AT)).containsExactly(
                "cannot move from investigating to closed; from investigating the incident can move to mitigating",
                "the post-incident summary (root cause, remediation) is not written",
                "window 2026-11-27T14:00:00Z to 2026-11-27T15:00:00Z is missing");
        assertCode(() -> investigating.close(ClosingGate.DEFAULT, IncidentFixtures.TWO_GOOD, "alice", IncidentFixtures.CLOSE_AT),
                ErrorCode.CONFLICT, "incident INC-7 cannot be closed: cannot move from investigating to closed");
    }

    @Test
    void closingNeedsTheSummary() {
        Incident monitoring = IncidentFixtures.opened()
                .transition(IncidentState.INVESTIGATING, "a", at(1))
                .transition(IncidentState.MITIGATING, "a", at(2))
                .transition(IncidentState.MONITORING, "a", at(3));

        assertCode(() -> monitoring.close(ClosingGate.DEFAULT, IncidentFixtures.TWO_GOOD, "a", IncidentFixtures.CLOSE_AT),
                ErrorCode.CONFLICT, "cannot be closed: the post-incident summary (root cause, remediation) is not written");
        assertCode(() -> monitoring.closeWithOverride("metrics fine", ClosingGate.DEFAULT, List.of(), "root",
                IncidentFixtures.CLOSE_AT), ErrorCode.CONFLICT, "post-incident summary");
    }

    @Test
    void adminOverrideRecordsTheReasonAndTheProblemsSetAside() {
        Incident closed = IncidentFixtures.readyToClose().closeWithOverride("dashboard broken, verified by hand",
                ClosingGate.DEFAULT, List.of(IncidentFixtures.good("2026-11-27T15:00:00Z")), "root", IncidentFixtures.CLOSE_AT);

        assertThat(closed.closure().orElseThrow()).isEqualTo(new Closure("root", IncidentFixtures.CLOSE_AT,
                new Closure.Basis.AdminOverride("dashboard broken, verified by hand",
                        List.of("window 2026-11-27T14:00:00Z to 2026-11-27T15:00:00Z is missing"))));
        assertThat(closed.timeline().get(closed.timeline().size() - 1).what()).startsWith(
                "closed by admin override: dashboard broken, verified by hand (gate problems set aside: window");
        assertCode(() -> IncidentFixtures.readyToClose().closeWithOverride(" ", ClosingGate.DEFAULT, List.of(), "root",
                IncidentFixtures.CLOSE_AT), ErrorCode.BAD_INPUT, "override reason must not be blank");
    }

    @Test
    void everyCommandOnAClosedIncidentIsAConflict() {
        Incident c = IncidentFixtures.closed();
        List<ThrowingCallable> commands = List.of(
                () -> c.attach(List.of(IncidentFixtures.ndcg()), "x", at(999)),
                () -> c.transition(IncidentState.MONITORING, "x", at(999)),
                () -> c.addHypothesis("x", SquadAssignment.unowned(), List.of(), "x", at(999)),
                () -> c.addDeployNote("x", "x", at(999)),
                () -> c.addArtefact(new ArtefactRef("a.json", "a".repeat(64), 1, "x", at(999))),
                () -> c.requestLoadTest(new LoadTestPlan(List.of("s"), 1, "none", at(9999)), "x", at(999)),
                () -> c.confirmLoadTest(1, "x", at(999)),
                () -> c.cancelLoadTest(1, "x", "x", at(999)),
                () -> c.decide(MitigationFacts.fix(Duration.ofHours(1), false), "x", at(999)),
                () -> c.completeTask(3, "x", at(999)),
                () -> c.addFollowUp(FollowUp.Kind.OTHER, "x", Optional.empty(), "x", at(999)),
                () -> c.writeSummary("x", "y", "x", at(999)),
                () -> c.note(TimelineEntry.Kind.NOTE, "x", "x", at(999)),
                () -> c.close(ClosingGate.DEFAULT, IncidentFixtures.TWO_GOOD, "x", IncidentFixtures.CLOSE_AT),
                () -> c.closeWithOverride("x", ClosingGate.DEFAULT, IncidentFixtures.TWO_GOOD, "x", IncidentFixtures.CLOSE_AT));
        for (ThrowingCallable command : commands) {
            assertThatThrownBy(command).isInstanceOfSatisfying(PerfguardException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        }
    }

    @Test
    void theSummaryTimelineIsDraftedFromTheTimeline() {
        Incident i = IncidentFixtures.readyToClose();
        PostIncidentSummary s = i.summary().orElseThrow();

        assertThat(s.timelineThrough()).isEqualTo(i.timeline().size() - 1);
        assertThat(s.timeline().lines()).hasSize((int) s.timelineThrough());
        assertThat(s.timeline().lines().findFirst()).contains("- 2026-11-27 08:30:00 UTC — perfguard-ci — opened "
                + "theo-engine-web/rag from rag.ndcg_cut_10{dataset=golden}, rag.retrieval_latency_p95_ms");
    }

    @Test
    void incidentIdsAreSafeForMarkersAndUrls() {
        for (String bad : List.of("INC 7", "INC-7-->", "../7", "", "-7")) {
            assertCode(() -> Incident.open(bad, "svc", List.of(IncidentFixtures.ndcg()), "ci", IncidentFixtures.T0), ErrorCode.BAD_INPUT,
                    "incident id");
        }
    }

    @Test
    void recordsValidateOnce() {
        assertCode(() -> new Discrepancy("web-vitals.lcp", new Evidence.LighthouseDelta(1, 2, "ms", 1), List.of(),
                IncidentFixtures.T0), ErrorCode.BAD_INPUT, "no valid family");
        assertCode(() -> new PanelLink("x", URI.create("javascript:alert(1)")), ErrorCode.BAD_INPUT, "absolute http(s) URL");
        assertCode(() -> new Evidence.RagEvalChange("golden", Double.NaN, 1, List.of()), ErrorCode.BAD_INPUT, "finite");
        assertCode(() -> new Evidence.RagEvalChange("golden", 1, 1, List.of("q1", "q1")), ErrorCode.BAD_INPUT, "duplicates");
        assertCode(() -> new Hypothesis(1, "x", SquadAssignment.unowned(),
                List.of(new FlagState("f", "on"), new FlagState("f", "off")), "a", at(1)), ErrorCode.BAD_INPUT, "same flag");
        assertCode(() -> new DeployNote("x".repeat(20_001), "a", at(1)), ErrorCode.BAD_INPUT, "at most 20000");
        List<FlagState> flags = new ArrayList<>(List.of(new FlagState("f", "on")));
        Hypothesis h = new Hypothesis(1, "x", SquadAssignment.unowned(), flags, "a", at(1));
        flags.clear();
        assertThat(h.flags()).hasSize(1);
    }

    /** The limit applies to what the user wrote; the prefix the timeline puts before it never counts. */
    @Test
    void userTextAtItsLimitIsAcceptedWhateverPrefixTheTimelineAdds() {
        String full = "n".repeat(20_000);
        Incident i = IncidentFixtures.opened()
                .addDeployNote(full, "bob", at(1))
                .addHypothesis(full, SquadAssignment.unowned(), List.of(), "alice", at(2))
                .requestLoadTest(new LoadTestPlan(List.of("s"), 10, full, at(3).plus(Duration.ofHours(2))), "alice", at(3))
                .cancelLoadTest(1, full, "alice", at(4));

        assertThat(i.deployNotes().get(0).text()).isEqualTo(full);
        assertThat(i.hypotheses().get(0).rootCause()).isEqualTo(full);
        assertThat(i.loadTests().get(0).plan().dataRefresh()).isEqualTo(full);
        List<TimelineEntry> t = i.timeline();
        // a note's or hypothesis's entry repeats an excerpt; any other entry is cut at the limit, prefix included
        assertThat(t.get(1).what()).startsWith("deploy note: nnn").endsWith("…")
                .hasSizeLessThanOrEqualTo("deploy note: ".length() + Incident.TIMELINE_EXCERPT + " …".length());
        assertThat(t.get(2).what()).startsWith("hypothesis 1 (owner ").endsWith("…").hasSizeLessThanOrEqualTo(20_000);
        assertThat(t.get(4).what()).startsWith("load test 1 cancelled: nnn").endsWith("…").hasSize(20_000);

        assertCode(() -> IncidentFixtures.opened().addDeployNote(full + "x", "bob", at(1)), ErrorCode.BAD_INPUT,
                "deploy note is 20001 characters long; at most 20000 allowed");
        assertCode(() -> IncidentFixtures.opened().note(TimelineEntry.Kind.NOTE, full + "x", "bob", at(1)), ErrorCode.BAD_INPUT,
                "note is 20001 characters long; at most 20000 allowed");
    }
}
