package dev.perfguard.runbook.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.FlagState;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LoadTestFinding;
import dev.perfguard.core.incident.LoadTestPlan;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.MitigationFacts;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IncidentServiceTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:20:00Z");

    @TempDir Path tmp;

    static Discrepancy lcp(double current) {
        return new Discrepancy("lighthouse.lcp_ms{page=/,preset=mobile}", new Evidence.LighthouseDelta(2100, current, "ms", 5),
                List.of(new PanelLink("Web Vitals", URI.create("https://grafana.example/d/web-vitals"))), T0);
    }

    static Discrepancy tbt() {
        return new Discrepancy("lighthouse.tbt_ms{page=/,preset=mobile}", new Evidence.LighthouseDelta(150, 420, "ms", 5),
                List.of(), T0);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void lifecycleThroughTheGate(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        MutableClock clock = new MutableClock(T0);
        IncidentService s = new IncidentService(store, IncidentService.Settings.defaults(), clock);

        Reported r = s.report(new RegressionReport("theo-engine-web", List.of(lcp(3400))), "ci");
        assertThat(r.opened()).isTrue();
        String id = r.stored().incident().id();
        Reported again = s.report(new RegressionReport("theo-engine-web", List.of(lcp(3500), tbt())), "ci");
        assertThat(again.opened()).isFalse();
        assertThat(again.stored().incident().id()).isEqualTo(id);
        assertThat(again.stored().incident().triggeringMetrics()).hasSize(2);

        s.transition(id, IncidentState.INVESTIGATING, "alice");
        s.addHypothesis(id, "hero image not lazy-loaded", Optional.of("web-perf"), List.of(new FlagState("new-hero", "on")), "alice");
        s.addDeployNote(id, "deploy 412 shipped the new hero image", "alice");
        s.addArtefact(id, "perf_metrics.json", "{\"lcp\":3400}".getBytes(StandardCharsets.UTF_8), "alice");
        assertThat(s.artefact(id, "perf_metrics.json")).asString(StandardCharsets.UTF_8).isEqualTo("{\"lcp\":3400}");
        assertThatThrownBy(() -> s.requestLoadTest(id, plan(T0.plus(Duration.ofMinutes(90))), "alice"))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("2026-11-27T12:20:00Z");
        s.requestLoadTest(id, plan(T0.plus(Duration.ofHours(3))), "alice");
        s.confirmLoadTest(id, 1, "devops");
        s.completeLoadTest(id, 1, LoadTestFinding.Verdict.MITIGATE, "p95 fine under load",
                List.of(new LoadTestFinding.RetrievalMetric("rag.ndcg_cut_10", "golden", 0.61)), "devops");
        s.decide(id, MitigationFacts.fix(Duration.ofMinutes(45), false), "alice");
        s.transition(id, IncidentState.MITIGATING, "alice");
        s.transition(id, IncidentState.MONITORING, "alice");
        s.writeSummary(id, "hero image eager", "lazy-load it", "alice");

        // opened 10:20; at 12:20 the required windows are 10:00 and 11:00
        clock.set(Instant.parse("2026-11-27T12:20:00Z"));
        List<WindowOutcome> good = List.of(new WindowOutcome("lighthouse.lcp_ms{page=/,preset=mobile}", MetricOutcome.WITHIN_TOLERANCE, Optional.of(2000.0)),
                new WindowOutcome("lighthouse.tbt_ms{page=/,preset=mobile}", MetricOutcome.WITHIN_TOLERANCE, Optional.empty()));
        s.recordWindow(id, Instant.parse("2026-11-27T11:00:00Z"), good, "ci");
        IncidentService.Closability c = s.closability(id);
        assertThat(c.closable()).isFalse();
        assertThat(c.blockers()).anySatisfy(b -> assertThat(b).contains("2026-11-27T10:00:00Z").contains("missing"));
        assertThatThrownBy(() -> s.close(id, "alice")).isInstanceOf(PerfguardException.class)
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        s.recordWindow(id, Instant.parse("2026-11-27T10:00:00Z"), good, "ci");
        Incident closed = s.close(id, "alice").incident();
        assertThat(closed.state()).isEqualTo(IncidentState.CLOSED);
        assertThat(s.report(id)).contains("hero image eager");

        // a new report after closing opens a second incident
        assertThat(s.report(new RegressionReport("theo-engine-web", List.of(lcp(3600))), "ci").opened()).isTrue();
        assertThat(s.list(Optional.empty(), 0, 10).total()).isEqualTo(2);
        assertConsistent(store);
        // one per timeline entry (the first transition as the acknowledgement), the artefact's upload, the
        // load-test slot request, and the second incident's opening
        assertThat(new StoreOutbox(store, "t", Duration.ofMinutes(2)).list(StoreOutbox.State.PENDING, 1000))
                .hasSize((int) closed.timelineSize() + 2 + 1);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void racingReportersOpenExactlyOneIncident(TestStores.Kind kind) throws Exception {
        Store store = TestStores.open(kind, tmp);
        IncidentService s = new IncidentService(store, IncidentService.Settings.defaults(), new MutableClock(T0));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reported>> fs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            fs.add(pool.submit(() -> {
                go.await();
                return s.report(new RegressionReport("theo-engine-web", List.of(lcp(3400))), "ci");
            }));
        }
        go.countDown();
        Set<String> ids = new HashSet<>();
        int opened = 0;
        for (Future<Reported> f : fs) {
            Reported r = f.get();
            ids.add(r.stored().incident().id());
            opened += r.opened() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
        assertThat(opened).isEqualTo(1);
        Incident i = s.get(ids.iterator().next()).incident();
        assertThat(i.timeline()).hasSize(threads); // one opening, threads - 1 attachments: none lost
        assertConsistent(store);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void concurrentEditsLoseNoUpdate(TestStores.Kind kind) throws Exception {
        Store store = TestStores.open(kind, tmp);
        IncidentService s = new IncidentService(store, IncidentService.Settings.defaults(), new MutableClock(T0));
        String id = s.report(new RegressionReport("theo-engine-web", List.of(lcp(3400))), "ci").stored().incident().id();
        int n = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            fs.add(pool.submit(() -> s.addDeployNote(id, "note " + k, "u" + k)));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        StoredIncident st = s.get(id);
        assertThat(st.deployNoteCount()).isEqualTo(n);
        assertThat(s.deployNotes(id, Optional.empty(), n).items()).extracting(note -> note.note().text())
                .hasSize(n).doesNotHaveDuplicates();
        assertThat(st.version()).isEqualTo(1 + n);
        assertConsistent(store);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void artefactsAreSafeAndBounded(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        IncidentService s = new IncidentService(store, new IncidentService.Settings(
                ClosingGate.DEFAULT, OwnershipRules.none(), 16),
                new MutableClock(T0));
        String id = s.report(new RegressionReport("theo-engine-web", List.of(lcp(3400))), "ci").stored().incident().id();
        assertThatThrownBy(() -> s.addArtefact(id, "../etc/passwd", new byte[1], "a")).hasMessageContaining("not a safe file name");
        assertThatThrownBy(() -> s.addArtefact(id, "big.json", new byte[17], "a")).hasMessageContaining("at most 16");
        long v = s.addArtefact(id, "a.json", new byte[] {1, 2}, "a").version();
        assertThat(s.addArtefact(id, "a.json", new byte[] {1, 2}, "a").version()).isEqualTo(v); // retried upload: no-op
        assertThatThrownBy(() -> s.addArtefact(id, "a.json", new byte[] {3}, "a"))
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThatThrownBy(() -> s.artefact(id, "b.json")).extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void tokensAreStoredHashedAndRevocable(TestStores.Kind kind) throws Exception {
        Store store = TestStores.open(kind, tmp);
        ApiTokens tokens = new ApiTokens(store, new MutableClock(T0));
        ApiTokens.Created c = tokens.create("alice", Role.RESPONDER);
        assertThat(c.token()).matches("pg_[0-9a-f]{64}");
        assertThat(tokens.authenticate(c.token())).contains(new ApiTokens.Principal("alice", Role.RESPONDER));
        char last = c.token().charAt(66);
        assertThat(tokens.authenticate(c.token().substring(0, 66) + (last == '0' ? '1' : '0'))).isEmpty(); // one digit off
        String storedHash = store.inTransaction(h -> h.createQuery("SELECT token_hash FROM api_token").mapTo(String.class).one());
        assertThat(storedHash).isNotEqualTo(c.token()).doesNotContain(c.token().substring(3));
        assertThatThrownBy(() -> tokens.create("alice", Role.ADMIN)).hasMessageContaining("exists");
        tokens.create("bob", Role.VIEWER);
        assertThat(tokens.list()).extracting(ApiTokens.TokenInfo::name, ApiTokens.TokenInfo::revokedAt).containsExactly(
                Tuple.tuple("alice", Optional.empty()), Tuple.tuple("bob", Optional.empty()));
        tokens.revoke("alice");
        assertThat(tokens.authenticate(c.token())).isEmpty();
        assertThat(tokens.list()).extracting(ApiTokens.TokenInfo::name, ApiTokens.TokenInfo::revokedAt).containsExactly(
                Tuple.tuple("alice", Optional.of(T0)), Tuple.tuple("bob", Optional.empty()));
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aUniqueViolationIsToldApartFromOtherFailures(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        String insert = "INSERT INTO api_token (token_hash, name, role, created_ms) VALUES (:hash, :name, 'viewer', 0)";
        store.inTransaction(h -> h.createUpdate(insert).bind("hash", "a".repeat(64)).bind("name", "alice").execute());
        // the same name again breaks the unique index on api_token(name)
        assertThatThrownBy(() -> store.inTransaction(h -> h.createUpdate(insert).bind("hash", "b".repeat(64))
                .bind("name", "alice").execute()))
                .isInstanceOf(PerfguardException.class)
                .satisfies(e -> assertThat(IncidentRepository.isUniqueViolation(e)).isTrue());
        // a missing value is another failure
        assertThatThrownBy(() -> store.inTransaction(h -> h.createUpdate(insert).bind("hash", "c".repeat(64))
                .bind("name", (String) null).execute()))
                .isInstanceOf(PerfguardException.class)
                .satisfies(e -> assertThat(IncidentRepository.isUniqueViolation(e)).isFalse());
    }

    static LoadTestPlan plan(Instant start) {
        return new LoadTestPlan(List.of("search-burst"), 200, "reindex golden corpus", start);
    }

    /** Every incident's document, columns and timeline rows agree. */
    static void assertConsistent(Store store) {
        IncidentConsistency.check(store).forEach(problem -> {
            throw new AssertionError(problem);
        });
    }

}
