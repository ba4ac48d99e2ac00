package dev.perfguard.runbook.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.FlagState;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.MitigationFacts;
import dev.perfguard.core.incident.MitigationTask;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.incident.WindowOutcome;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FlagServiceTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:20:00Z");
    static final String METRIC = "lighthouse.lcp_ms{page=/,preset=mobile}";

    @TempDir Path tmp;

    record Fixture(Store store, MutableClock clock, IncidentService incidents, FlagService flags, FlagdFile file) {}

    private Fixture fixture(TestStores.Kind kind) throws Exception {
        Path p = tmp.resolve("flags.json");
        Files.writeString(p, FlagdFileTest.FLAGS);
        FlagdFile file = FlagdFile.at(p);
        Store store = TestStores.open(kind, tmp);
        MutableClock clock = new MutableClock(T0);
        OutboxRouting routing = OutboxRouting.console();
        IncidentService incidents = new IncidentService(store, IncidentService.Settings.defaults(), clock, routing)
                .withFlagCapture(FlagService.capture(file));
        return new Fixture(store, clock, incidents, new FlagService(store, file, incidents, routing, FlagService.DEFAULT_LOOKBACK), file);
    }

    private static String open(Fixture f) {
        return f.incidents().report(new RegressionReport("theo-engine-web", List.of(new Discrepancy(METRIC,
                new Evidence.LighthouseDelta(2100, 3400, "ms", 5), List.of(), T0))), "ci").stored().incident().id();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void flagsAreCapturedAtTheOpeningAndWithHypothesesAndDeployNotes(TestStores.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String id = open(f);
        f.clock().advance(Duration.ofMinutes(5));
        f.incidents().addHypothesis(id, "the new ranker is slow", Optional.of("search"), List.of(), "alice");
        f.file().set("slow-ranker", true, "someone");
        f.clock().advance(Duration.ofMinutes(5));
        f.incidents().addDeployNote(id, "deploy 412: slow-ranker on\nmore", "alice");

        List<FlagService.Capture> captures = f.flags().captures(id);
        assertThat(captures).extracting(FlagService.Capture::cause)
                .containsExactly("the opening of " + id, "hypothesis 1", "deploy note 1: deploy 412: slow-ranker on");
        assertThat(captures.get(0).at()).isEqualTo(T0);
        assertThat(captures.get(0).flags()).containsExactly(new FlagState("colour", "blue"),
                new FlagState("new-ranker", "on"), new FlagState("slow-ranker", "off"));
        assertThat(captures.get(2).flags()).contains(new FlagState("slow-ranker", "slow"));
        // a hypothesis without flag states given records the captured ones
        Incident i = f.incidents().get(id).incident();
        assertThat(i.hypotheses().get(0).flags()).contains(new FlagState("new-ranker", "on"));

        FlagDiff d = f.flags().diff(T0, T0.plus(Duration.ofMinutes(10)));
        assertThat(d.lines()).hasSize(1);
        assertThat(d.lines().get(0).describe())
                .isEqualTo("slow-ranker: off → slow, seen at 10:30 UTC with deploy note 1: deploy 412: slow-ranker on");
        assertThat(f.flags().diff(T0, T0.plus(Duration.ofMinutes(9))).lines()).isEmpty();
        // from before perfguard first saw the flag: the first state seen stands for the baseline
        assertThat(f.flags().diff(T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofMinutes(10))).lines())
                .extracting(FlagDiff.Line::describe)
                .containsExactly("slow-ranker: off → slow, seen at 10:30 UTC with deploy note 1: deploy 412: slow-ranker on");
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void anUnreadableStoreIsRecordedNotFatal(TestStores.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        Files.writeString(f.file().file(), "{\"flags\": 1}");
        String id = open(f);
        assertThat(f.flags().captures(id)).singleElement().satisfies(c -> {
            assertThat(c.flags()).isEmpty();
            assertThat(c.error()).hasValueSatisfying(e -> assertThat(e).contains("field 'flags' must be an object"));
        });
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aRollbackIsRequestedApprovedByAnotherResponderAndTogglesTheFlag(TestStores.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String id = open(f);
        FlagService.Target ranker = new FlagService.Target.Flag("new-ranker");
        assertThatThrownBy(() -> f.flags().request(id, ranker, "alice"))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("--containment feature-flag-rollback");
        f.incidents().decide(id, MitigationFacts.noFix(MitigationFacts.Containment.FEATURE_FLAG_ROLLBACK, Optional.empty()), "alice");
        // the DevOps DM's dedup key is its time: the request comes later than the decision
        f.clock().advance(Duration.ofMinutes(1));
        Rollback r = f.flags().request(id, ranker, "alice");
        assertThat(r.state()).isEqualTo(Rollback.State.REQUESTED);
        assertThat(r.before()).contains("on");
        assertThat(f.flags().request(id, ranker, "alice")).isEqualTo(r); // pending: answered as it is
        assertThat(new StoreOutbox(f.store(), "t", Duration.ofMinutes(2)).list(StoreOutbox.State.PENDING, 1000))
                .filteredOn(e -> e.dedupKey().contains(":devops-dm-needed:")).hasSize(2); // the decision's and the request's
        assertThat(f.file().get("new-ranker").orElseThrow().enabled()).isTrue();

        assertThatThrownBy(() -> f.flags().approve(id, 1, "alice")).hasMessageContaining("another responder");
        f.clock().advance(Duration.ofMinutes(21)); // 10:42
        Rollback done = f.flags().approve(id, 1, "bob");
        assertThat(done.state()).isEqualTo(Rollback.State.DONE);
        assertThat(done.decidedBy()).contains("bob");
        assertThat(done.before()).contains("on");
        assertThat(done.after()).contains("off");
        assertThat(done.doneAt()).contains(Instant.parse("2026-11-27T10:42:00Z"));
        assertThat(f.file().value("new-ranker")).isEmpty();
        assertThat(f.flags().audit("new-ranker")).last().satisfies(c -> {
            assertThat(c.before()).contains("on");
            assertThat(c.after()).isEqualTo("off");
            assertThat(c.by()).startsWith("bob");
            assertThat(c.source()).isEqualTo("toggle");
        });
        Incident i = f.incidents().get(id).incident();
        assertThat(i.decision().orElseThrow().tasks()).filteredOn(t -> t.action() == MitigationTask.Action.FEATURE_FLAG_ROLLBACK)
                .singleElement().satisfies(t -> assertThat(t.doneBy()).contains("bob"));
        assertThat(i.timeline()).extracting(TimelineEntry::what)
                .anySatisfy(w -> assertThat(w).startsWith("flag new-ranker on → off in flagd:").contains("by bob (rollback 1)"));
        assertThat(i.containedAt()).contains(Instant.parse("2026-11-27T10:42:00Z"));
        assertThatThrownBy(() -> f.flags().approve(id, 1, "bob")).hasMessageContaining("is done");
        assertThatThrownBy(() -> f.flags().request(id, ranker, "alice")).hasMessageContaining("already off");
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void theClosingGateCountsOnlyWindowsAfterTheRollback(TestStores.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String id = open(f);
        f.incidents().decide(id, MitigationFacts.noFix(MitigationFacts.Containment.FEATURE_FLAG_ROLLBACK, Optional.empty()), "alice");
        f.flags().request(id, new FlagService.Target.Flag("new-ranker"), "alice");
        f.clock().set(Instant.parse("2026-11-27T11:15:00Z"));
        f.flags().approve(id, 1, "bob");
        for (IncidentState s : List.of(IncidentState.INVESTIGATING, IncidentState.MITIGATING, IncidentState.MONITORING)) {
            f.incidents().transition(id, s, "alice");
        }
        f.incidents().writeSummary(id, "new ranker", "rolled back", "alice");
        List<WindowOutcome> ok = List.of(new WindowOutcome(METRIC, MetricOutcome.WITHIN_TOLERANCE, Optional.of(2000.0)));
        f.clock().set(Instant.parse("2026-11-27T13:05:00Z"));
        f.incidents().recordWindow(id, Instant.parse("2026-11-27T11:00:00Z"), ok, "ci");
        f.incidents().recordWindow(id, Instant.parse("2026-11-27T12:00:00Z"), ok, "ci");
        // windows 11:00 and 12:00 are required now; 11:00 started before the rollback at 11:15
        assertThat(f.incidents().closability(id).blockers())
                .containsExactly("window 2026-11-27T11:00:00Z to 2026-11-27T12:00:00Z started before the containment at 2026-11-27T11:15:00Z");
        f.clock().set(Instant.parse("2026-11-27T14:05:00Z"));
        f.incidents().recordWindow(id, Instant.parse("2026-11-27T13:00:00Z"), ok, "ci");
        assertThat(f.incidents().closability(id).closable()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aDeniedRequestTogglesNothingAndAFailedToggleIsAnErrorOnTheIncident(TestStores.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String id = open(f);
        f.incidents().decide(id, MitigationFacts.noFix(MitigationFacts.Containment.FEATURE_FLAG_ROLLBACK, Optional.empty()), "alice");
        f.flags().request(id, new FlagService.Target.Flag("new-ranker"), "alice");
        assertThatThrownBy(() -> f.flags().deny(id, 1, " ", "bob")).hasMessageContaining("reason is required");
        Rollback denied = f.flags().deny(id, 1, "peak traffic, wait an hour", "bob");
        assertThat(denied.state()).isEqualTo(Rollback.State.DENIED);
        assertThat(denied.reason()).contains("peak traffic, wait an hour");
        assertThatThrownBy(() -> f.flags().approve(id, 1, "bob")).hasMessageContaining("is denied");
        assertThat(f.file().get("new-ranker").orElseThrow().enabled()).isTrue();

        f.flags().request(id, new FlagService.Target.Flag("new-ranker"), "alice");
        String good = Files.readString(f.file().file());
        Files.writeString(f.file().file(), good.replace("\"defaultVariant\": \"on\"", "\"defaultVariant\": \"maybe\""));
        assertThatThrownBy(() -> f.flags().approve(id, 2, "bob"))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageContaining("rollback 2 of " + id + " failed").hasMessageContaining("flags.new-ranker.defaultVariant");
        assertThat(f.flags().rollbacks(id).get(1).state()).isEqualTo(Rollback.State.FAILED);
        assertThat(f.incidents().get(id).incident().timeline()).extracting(TimelineEntry::what)
                .anySatisfy(w -> assertThat(w).startsWith("rollback 2 FAILED: turning flag new-ranker off"));
        // approving again after the file is fixed retries the toggle
        Files.writeString(f.file().file(), good);
        assertThat(f.flags().approve(id, 2, "bob").state()).isEqualTo(Rollback.State.DONE);
        assertThat(f.file().get("new-ranker").orElseThrow().enabled()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void trafficShapingIsADeclaredActionWithWhoAndWhen(TestStores.Kind kind) throws Exception {
        Fixture f = fixture(kind);
        String id = open(f);
        f.incidents().decide(id, MitigationFacts.noFix(MitigationFacts.Containment.TRAFFIC_SHAPING, Optional.of(
                new dev.perfguard.core.incident.RiskAcceptance("pm", "revenue feature", T0.plus(Duration.ofDays(1))))), "alice");
        assertThatThrownBy(() -> f.flags().request(id, new FlagService.Target.Flag("new-ranker"), "alice"))
                .hasMessageContaining("feature-flag-rollback");
        f.flags().request(id, new FlagService.Target.TrafficShaping("10% of /api/search to the old cluster"), "alice");
        f.clock().advance(Duration.ofMinutes(3));
        Rollback r = f.flags().approve(id, 1, "devops-dan");
        assertThat(r.state()).isEqualTo(Rollback.State.DONE);
        assertThat(r.doneAt()).contains(T0.plus(Duration.ofMinutes(3)));
        assertThat(f.incidents().get(id).incident().timeline()).extracting(TimelineEntry::what)
                .anySatisfy(w -> assertThat(w).isEqualTo(
                        "traffic shaping declared done by devops-dan (rollback 1): 10% of /api/search to the old cluster"));
        assertThat(f.file().get("new-ranker").orElseThrow().enabled()).isTrue();
    }
}
