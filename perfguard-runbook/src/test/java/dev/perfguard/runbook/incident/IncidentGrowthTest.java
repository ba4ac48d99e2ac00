package dev.perfguard.runbook.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.DeployNote;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.nio.file.Path;
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
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An incident that grows: concurrent writers queue, and a write's cost does not follow the history. */
class IncidentGrowthTest {
    static final Instant T0 = IncidentServiceTest.T0;

    @TempDir Path tmp;

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void fiftyConcurrentWritersToOneIncidentAreNeverRefused(TestStores.Kind kind) throws Exception {
        int writers = 50;
        int notesEach = 8;
        try (Store store = Store.open(TestStores.location(kind, tmp), Store.Pool.SERVER)) {
            IncidentService s = new IncidentService(store, IncidentService.Settings.defaults(), new MutableClock(T0));
            String id = s.report(new RegressionReport("theo-engine-web", List.of(IncidentServiceTest.lcp(3400))), "ci")
                    .stored().incident().id();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    start.await();
                    int refused = 0;
                    for (int n = 0; n < notesEach; n++) {
                        try {
                            s.addDeployNote(id, "deploy " + writer + "-" + n, "writer-" + writer);
                        } catch (RuntimeException e) {
                            refused++;
                        }
                    }
                    return refused;
                }));
            }
            start.countDown();
            int refused = 0;
            for (Future<Integer> f : results) {
                refused += f.get();
            }
            pool.shutdown();

            assertThat(refused).as("writes refused").isZero();
            // every note is in the timeline once, read back through the whole-history report
            Set<String> notes = new HashSet<>();
            s.report(id).lines().filter(l -> l.contains("deploy note: deploy ")).forEach(notes::add);
            assertThat(notes).hasSize(writers * notesEach);
            assertThat(s.get(id).deployNoteCount()).isEqualTo(writers * notesEach);
            assertThat(IncidentConsistency.check(store)).isEmpty();
        }
    }

    /**
     * A write answers with the bounded state and what it added, and the stored document stays the same size,
     * however long the history: no write reads or rewrites the whole timeline.
     */
    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aWriteOnALongHistoryAnswersAndStoresABoundedDocument(TestStores.Kind kind) {
        int notes = 3000;
        try (Store store = TestStores.open(kind, tmp)) {
            IncidentService s = new IncidentService(store, IncidentService.Settings.defaults(), new MutableClock(T0));
            String id = s.report(new RegressionReport("theo-engine-web", List.of(IncidentServiceTest.lcp(3400))), "ci")
                    .stored().incident().id();
            String text = "deploy 412 shipped the hero image; " + "x".repeat(1000);
            int earlyAnswer = 0;
            int earlyDoc = 0;
            StoredIncident last = null;
            for (int n = 1; n <= notes; n++) {
                last = s.addDeployNote(id, n + " " + text, "alice");
                if (n == 10) {
                    earlyAnswer = IncidentJson.write(last).length();
                    earlyDoc = doc(store, id).length();
                }
            }
            assertThat(IncidentJson.write(last).length()).as("answer of write %d", notes).isLessThan(earlyAnswer + 100);
            assertThat(doc(store, id).length()).as("stored document after %d notes", notes).isLessThan(earlyDoc + 100);
            assertThat(last.incident().timelineSize()).isEqualTo(notes + 1);
            assertThat(last.deployNoteCount()).isEqualTo(notes);
            assertThat(last.incident().deployNotes()).extracting(DeployNote::text).containsExactly(notes + " " + text);
            // each timeline entry repeats at most an excerpt of the note
            assertThat(last.incident().timeline().get(0).what()).hasSizeLessThan(Incident.TIMELINE_EXCERPT + 20);

            StoredIncident got = s.get(id);
            assertThat(got.incident().timeline()).hasSize(IncidentService.TIMELINE_IN_ANSWER);
            assertThat(got.incident().timelineSize()).isEqualTo(notes + 1);
            assertThat(got.incident().deployNotes()).hasSize(IncidentService.DEPLOY_NOTES_IN_ANSWER);
            assertThat(got.incident().deployNotes().getLast().text()).startsWith(notes + " ");
            assertThat(got.deployNoteCount()).isEqualTo(notes);

            // paging back through the whole timeline gives every entry once, in order
            List<Long> seqs = new ArrayList<>();
            Optional<Long> before = Optional.empty();
            do {
                IncidentService.HistoryPage<TimelineEntry> page = s.timeline(id, before, IncidentService.MAX_HISTORY_PAGE);
                assertThat(page.total()).isEqualTo(notes + 1);
                seqs.addAll(0, page.items().stream().map(TimelineEntry::seq).toList());
                before = page.before();
            } while (before.isPresent());
            assertThat(seqs).hasSize(notes + 1).isSorted().startsWith(1L).endsWith((long) notes + 1);
            IncidentService.HistoryPage<IncidentService.NumberedNote> first = s.deployNotes(id, Optional.of(3L), 10);
            assertThat(first.items()).extracting(IncidentService.NumberedNote::number).containsExactly(1L, 2L);
            assertThat(first.items().get(0).note().text()).isEqualTo("1 " + text);
            assertThat(first.before()).isEmpty();
            assertThatThrownBy(() -> s.timeline(id, Optional.empty(), IncidentService.MAX_HISTORY_PAGE + 1))
                    .isInstanceOf(PerfguardException.class).hasMessageContaining("limit must be between 1 and 500");

            // the report still has the whole history
            String report = s.report(id);
            assertThat(report.lines().filter(l -> l.contains("deploy note: "))).hasSize(notes);
            assertThat(report).contains("1 " + text).contains(notes + " " + text);
        }
    }

    /**
     * A store written before the history had its own rows (schema version 20: the whole timeline and the
     * deploy notes inside the document) opens, migrates and reads back the same incident; its next change
     * moves the notes into their table.
     */
    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void anIncidentStoredBeforeTheMigrationReadsBackWhole(TestStores.Kind kind) {
        Store.Location location = TestStores.location(kind, tmp);
        Incident old = Incident.open("PERF-20261127-0000beef", "theo-engine-web", List.of(IncidentServiceTest.lcp(3400)),
                "ci", T0);
        for (int n = 1; n <= 150; n++) {
            old = old.addDeployNote("deploy " + n, "alice", T0.plusSeconds(n));
        }
        old = old.transition(IncidentState.INVESTIGATING, "alice", T0.plusSeconds(200));
        Flyway flyway = flyway(location).target("20").load();
        flyway.migrate();
        DataSource ds = flyway.getConfiguration().getDataSource();
        Jdbi jdbi = Jdbi.create(ds);
        Incident written = old;
        jdbi.useTransaction(h -> {
            if (location instanceof Store.Location.Postgres pg) {
                h.execute("SET search_path TO " + pg.schema());
            }
            h.createUpdate("""
                    INSERT INTO incident (id, fingerprint, open_key, service, state, opened_ms, updated_ms, version,
                                          timeline_size, doc)
                    VALUES (:id, :fp, :key, :service, :state, :opened, :opened, 152, :size, :doc)""")
                    .bind("id", written.id()).bind("fp", written.fingerprint().key())
                    .bind("key", written.fingerprint().openKey(written.state()).orElseThrow())
                    .bind("service", written.service()).bind("state", written.state().wireName())
                    .bind("opened", T0.toEpochMilli()).bind("size", (long) written.timeline().size())
                    .bind("doc", IncidentJson.write(written)).execute();
            for (TimelineEntry e : written.timeline()) {
                h.createUpdate("INSERT INTO incident_timeline (incident_id, seq, at_ms, who, kind, what) "
                                + "VALUES (:id, :seq, :at, :who, :kind, :what)")
                        .bind("id", written.id()).bind("seq", e.seq()).bind("at", e.at().toEpochMilli())
                        .bind("who", e.who()).bind("kind", e.kind().wireName()).bind("what", e.what()).execute();
            }
        });

        try (Store store = Store.open(location)) {
            IncidentService s = new IncidentService(store, IncidentService.Settings.defaults(), new MutableClock(T0));
            StoredIncident got = s.get(written.id());
            assertThat(got.version()).isEqualTo(152);
            assertThat(got.deployNoteCount()).isEqualTo(150);
            assertThat(got.incident().timelineSize()).isEqualTo(152);
            assertThat(got.incident().timeline()).hasSize(IncidentService.TIMELINE_IN_ANSWER)
                    .isEqualTo(written.timeline().subList(52, 152));
            assertThat(got.incident().deployNotes()).isEqualTo(written.deployNotes().subList(140, 150));
            assertThat(s.deployNotes(written.id(), Optional.of(3L), 5).items())
                    .extracting(n -> n.note().text()).containsExactly("deploy 1", "deploy 2");
            assertThat(s.report(written.id())).contains("deploy 1\n").contains("deploy 150");

            StoredIncident changed = s.addDeployNote(written.id(), "deploy 151", "bob");
            assertThat(changed.deployNoteCount()).isEqualTo(151);
            assertThat(changed.incident().deployNotes()).extracting(DeployNote::text).containsExactly("deploy 151");
            assertThat(doc(store, written.id())).doesNotContain("deploy 1\"");
            StoredIncident after = s.get(written.id());
            assertThat(after.incident().deployNotes()).extracting(DeployNote::text).endsWith("deploy 150", "deploy 151");
            assertThat(s.deployNotes(written.id(), Optional.of(3L), 5).items())
                    .extracting(n -> n.note().text()).containsExactly("deploy 1", "deploy 2");
            assertThat(after.incident().timeline().getLast().seq()).isEqualTo(153);
            assertThat(s.report(written.id())).contains("deploy 1\n").contains("deploy 151");
        }
    }

    private static FluentConfiguration flyway(Store.Location location) {
        FluentConfiguration cfg = Flyway.configure(Store.class.getClassLoader()).locations("classpath:db/migration");
        return switch (location) {
            case Store.Location.Sqlite f -> cfg.dataSource("jdbc:sqlite:" + f.file().toAbsolutePath(), null, null);
            case Store.Location.Postgres pg -> cfg.dataSource(pg.jdbcUrl(), null, null).schemas(pg.schema())
                    .defaultSchema(pg.schema()).createSchemas(true);
        };
    }

    private static String doc(Store store, String id) {
        return store.inAutoCommit(h -> h.createQuery("SELECT doc FROM incident WHERE id = :id").bind("id", id)
                .mapTo(String.class).one());
    }
}
