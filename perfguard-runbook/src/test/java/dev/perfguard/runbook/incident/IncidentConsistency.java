package dev.perfguard.runbook.incident;

import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.runbook.notify.Channels;
import dev.perfguard.runbook.notify.Message;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.store.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Checks what a crash or a race must never break: for every incident, the stored document, its
 * columns (state, open key, timeline size, deploy-note count), its timeline rows (seq 1..n, no gaps, the
 * newest the document's), its deploy-note rows (numbered 1..n) and its load-test and task projections
 * agree, and the outbox holds the messages its timeline routes (with the default console routing).
 */
public final class IncidentConsistency {
    private IncidentConsistency() {}

    /** An {@code incident} row's columns that must agree with its document. */
    record IncidentRow(String id, String state, Optional<String> openKey, long timelineSize, long deployNotes, String doc) {}

    /** An {@code incident_timeline} row. */
    record TimelineRow(long seq, String what, String kind) {}

    private static final RowMapper<IncidentRow> INCIDENT = ConstructorMapper.of(IncidentRow.class);
    private static final RowMapper<TimelineRow> TIMELINE = ConstructorMapper.of(TimelineRow.class);

    /** The problems found; empty when everything agrees. */
    public static List<String> check(Store store) {
        return store.inTransaction(h -> {
            List<String> problems = new ArrayList<>();
            List<IncidentRow> incidents = h.createQuery("SELECT id, state, open_key, timeline_size, deploy_notes, doc FROM incident ORDER BY id")
                    .map(INCIDENT).list();
            for (IncidentRow row : incidents) {
                String id = row.id();
                Incident i = IncidentJson.read(row.doc(), Incident.class, "incident " + id);
                if (!i.state().wireName().equals(row.state())) {
                    problems.add(id + ": state column " + row.state() + " but document " + i.state().wireName());
                }
                Optional<String> openKey = i.fingerprint().openKey(i.state());
                if (!openKey.equals(row.openKey())) {
                    problems.add(id + ": open_key " + row.openKey().orElse(null) + " but expected " + openKey.orElse(null));
                }
                if (i.timeline().size() != 1 || !i.deployNotes().isEmpty()) {
                    problems.add(id + ": document holds " + i.timeline().size() + " timeline entries and "
                            + i.deployNotes().size() + " deploy notes; expected its newest entry only");
                }
                if (row.timelineSize() != i.timelineSize()) {
                    problems.add(id + ": timeline_size " + row.timelineSize() + " but document's newest entry is "
                            + i.timelineSize());
                }
                List<TimelineRow> rows = h.createQuery("SELECT seq, what, kind FROM incident_timeline WHERE incident_id = :id ORDER BY seq")
                        .bind("id", id).map(TIMELINE).list();
                int expected = 1;
                for (TimelineRow t : rows) {
                    if (t.seq() != expected) {
                        problems.add(id + ": timeline row seq " + t.seq() + " where " + expected + " was expected");
                    }
                    expected++;
                }
                TimelineEntry newest = i.timeline().getLast();
                if (rows.size() != row.timelineSize() || rows.isEmpty() || !rows.getLast().what().equals(newest.what())
                        || !rows.getLast().kind().equals(newest.kind().wireName())) {
                    problems.add(id + ": " + rows.size() + " timeline rows, the last not the document's newest entry "
                            + newest.seq());
                }
                List<Long> numbers = h.createQuery("SELECT number FROM incident_deploy_note WHERE incident_id = :id ORDER BY number")
                        .bind("id", id).mapTo(Long.class).list();
                for (int n = 0; n < numbers.size(); n++) {
                    if (numbers.get(n) != n + 1) {
                        problems.add(id + ": deploy note number " + numbers.get(n) + " where " + (n + 1) + " was expected");
                    }
                }
                if (numbers.size() != row.deployNotes()) {
                    problems.add(id + ": deploy_notes " + row.deployNotes() + " but " + numbers.size() + " rows");
                }
                Incident whole = new IncidentRepository(OutboxRouting.none(), store.dialect()).whole(h, id, 1000).incident();
                problems.addAll(count(h, "SELECT COUNT(*) FROM outbox WHERE incident_id = :id", id, consoleRows(whole), "outbox messages"));
                problems.addAll(count(h, "SELECT COUNT(*) FROM incident_load_test WHERE incident_id = :id", id,
                        i.loadTests().size(), "load-test rows"));
                problems.addAll(count(h, "SELECT COUNT(*) FROM incident_task WHERE incident_id = :id", id,
                        i.decision().map(d -> d.tasks().size()).orElse(0), "task rows"));
            }
            return problems;
        });
    }

    /** The outbox rows the default (console) routing writes over the incident's whole history, by dedup key. */
    private static long consoleRows(Incident i) {
        Set<String> keys = new HashSet<>();
        for (Message m : OutboxRouting.messages(Optional.empty(), i, i.timeline())) {
            Channels.route(m, List.of(Channels.console())).forEach(o -> keys.add(o.dedupKey()));
        }
        return keys.size();
    }

    private static List<String> count(Handle h, String sql, String id, long expected, String what) {
        long n = h.createQuery(sql).bind("id", id).mapTo(Long.class).one();
        return n == expected ? List.of() : List.of(id + ": " + n + " " + what + " but expected " + expected);
    }
}
