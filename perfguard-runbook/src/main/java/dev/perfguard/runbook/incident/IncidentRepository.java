package dev.perfguard.runbook.incident;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.DeployNote;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LoadTestRequest;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.MitigationTask;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.store.Store;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementException;

/**
 * The SQL behind {@link IncidentService}: the {@code incident}, {@code incident_timeline},
 * {@code incident_deploy_note}, {@code incident_load_test}, {@code incident_task}, {@code window_result},
 * {@code artefact} and {@code incident_artefact} tables ({@code V2__incidents.sql},
 * {@code V21__incident_history.sql}). Every method runs on the caller's handle, inside the caller's
 * transaction. Saving an incident writes its bounded document (checked against the version read), the new
 * timeline and deploy-note rows, the load-test and task projections and the outbox rows its new timeline
 * entries route to (through {@link OutboxRouting}, which owns the outbox) — all or nothing with the
 * transaction. The history is only ever appended to and read in pages, so a change costs the same on an
 * incident with ten entries and with ten thousand.
 */
final class IncidentRepository {

    private static final String FIND = """
            SELECT version, deploy_notes, doc FROM incident WHERE id = :id""";

    private static final String FIND_OPEN = """
            SELECT version, deploy_notes, doc FROM incident WHERE open_key = :openKey""";

    /**
     * PostgreSQL: a command reads the incident row locked, so concurrent writers of one incident queue
     * on the lock instead of failing their version check. SQLite needs none: {@code BEGIN IMMEDIATE}
     * already serializes writing transactions.
     */
    private static final String FOR_UPDATE = " FOR UPDATE";

    private static final String TIMELINE_BEFORE = """
            SELECT seq, at_ms, who, kind, what
              FROM incident_timeline
             WHERE incident_id = :incidentId AND seq < :before
             ORDER BY seq DESC
             LIMIT :limit""";

    private static final String TIMELINE_AFTER = """
            SELECT seq, at_ms, who, kind, what
              FROM incident_timeline
             WHERE incident_id = :incidentId AND seq > :after
             ORDER BY seq
             LIMIT :limit""";

    private static final String NOTIFIED = """
            SELECT COUNT(*)
              FROM incident_timeline
             WHERE incident_id = :incidentId AND kind = :kind AND what = :what""";

    private static final String INSERT_DEPLOY_NOTE = """
            INSERT INTO incident_deploy_note (incident_id, number, at_ms, who, text)
            VALUES (:incidentId, :number, :atMs, :who, :text)""";

    private static final String DEPLOY_NOTES_BEFORE = """
            SELECT number, at_ms, who, text
              FROM incident_deploy_note
             WHERE incident_id = :incidentId AND number < :before
             ORDER BY number DESC
             LIMIT :limit""";

    private static final String DEPLOY_NOTES_AFTER = """
            SELECT number, at_ms, who, text
              FROM incident_deploy_note
             WHERE incident_id = :incidentId AND number > :after
             ORDER BY number
             LIMIT :limit""";

    private static final String INSERT = """
            INSERT INTO incident (id, fingerprint, open_key, service, state, opened_ms, updated_ms, version,
                                  timeline_size, doc)
            VALUES (:id, :fingerprint, :openKey, :service, :state, :openedMs, :updatedMs, 1, :timelineSize, :doc)""";

    /** Saves a new version over the one read; no row changes when another writer moved the version. */
    private static final String UPDATE = """
            UPDATE incident
               SET open_key = :openKey, state = :state, updated_ms = :updatedMs, version = :newVersion,
                   timeline_size = :timelineSize, deploy_notes = :deployNotes, doc = :doc
             WHERE id = :id AND version = :readVersion""";

    private static final String COUNT = """
            SELECT COUNT(*) FROM incident""";

    private static final String COUNT_IN_STATE = """
            SELECT COUNT(*) FROM incident WHERE state = :state""";

    private static final String OPEN_COUNTS = """
            SELECT service, state, COUNT(*) AS open_count FROM incident WHERE open_key IS NOT NULL GROUP BY service, state""";

    private static final String PAGE = """
            SELECT id, fingerprint, state, opened_ms, updated_ms, version
              FROM incident
             ORDER BY opened_ms DESC, id DESC
             LIMIT :limit OFFSET :offset""";

    private static final String PAGE_IN_STATE = """
            SELECT id, fingerprint, state, opened_ms, updated_ms, version
              FROM incident
             WHERE state = :state
             ORDER BY opened_ms DESC, id DESC
             LIMIT :limit OFFSET :offset""";

    private static final String INSERT_TIMELINE = """
            INSERT INTO incident_timeline (incident_id, seq, at_ms, who, kind, what)
            VALUES (:incidentId, :seq, :atMs, :who, :kind, :what)""";

    private static final String DELETE_LOAD_TESTS = """
            DELETE FROM incident_load_test WHERE incident_id = :incidentId""";

    private static final String INSERT_LOAD_TEST = """
            INSERT INTO incident_load_test (incident_id, number, state, start_ms, concurrency, requested_by, verdict)
            VALUES (:incidentId, :number, :state, :startMs, :concurrency, :requestedBy, :verdict)""";

    private static final String DELETE_TASKS = """
            DELETE FROM incident_task WHERE incident_id = :incidentId""";

    private static final String INSERT_TASK = """
            INSERT INTO incident_task (incident_id, number, action, title, done_by, done_ms)
            VALUES (:incidentId, :number, :action, :title, :doneBy, :doneMs)""";

    /** A later result for the same window and metric replaces the earlier one. */
    private static final String UPSERT_WINDOW_RESULT = """
            INSERT INTO window_result (service, window_length_ms, window_start_ms, metric, outcome, value, source,
                                       recorded_by, recorded_ms)
            VALUES (:service, :windowLengthMs, :windowStartMs, :metric, :outcome, :value, :source, :recordedBy, :recordedMs)
            ON CONFLICT (service, window_length_ms, window_start_ms, metric)
            DO UPDATE SET outcome = excluded.outcome, value = excluded.value, source = excluded.source,
                          recorded_by = excluded.recorded_by, recorded_ms = excluded.recorded_ms""";

    private static final String WINDOW_RESULTS = """
            SELECT window_start_ms, metric, outcome
              FROM window_result
             WHERE service = :service AND window_length_ms = :windowLengthMs AND window_start_ms >= :fromMs""";

    private static final String WINDOW_POINTS = """
            SELECT window_start_ms, metric, outcome, value
              FROM window_result
             WHERE service = :service AND window_length_ms = :windowLengthMs AND window_start_ms >= :fromMs
             ORDER BY window_start_ms""";

    private static final String METRIC_POINTS = """
            SELECT window_start_ms, outcome, value
              FROM window_result
             WHERE service = :service AND window_length_ms = :windowLengthMs AND window_start_ms >= :fromMs
               AND metric = :metric
             ORDER BY window_start_ms""";

    private static final String WINDOW_SERIES = """
            SELECT service, metric, COUNT(*) AS windows, MAX(window_start_ms) AS latest_ms
              FROM window_result
             WHERE window_length_ms = :windowLengthMs
             GROUP BY service, metric
             ORDER BY service, metric
             LIMIT :limit""";

    private static final String INSERT_ARTEFACT = """
            INSERT INTO artefact (sha256, size_bytes, content, created_ms)
            VALUES (:sha256, :sizeBytes, :content, :createdMs)
            ON CONFLICT (sha256) DO NOTHING""";

    private static final String LINK_ARTEFACT = """
            INSERT INTO incident_artefact (incident_id, name, sha256)
            VALUES (:incidentId, :name, :sha256)
            ON CONFLICT (incident_id, name) DO NOTHING""";

    private static final String ARTEFACT = """
            SELECT a.content
              FROM incident_artefact ia JOIN artefact a ON a.sha256 = ia.sha256
             WHERE ia.incident_id = :incidentId AND ia.name = :name""";

    private static final String ARTEFACT_WITH_SHA = """
            SELECT a.content
              FROM incident_artefact ia JOIN artefact a ON a.sha256 = ia.sha256
             WHERE ia.incident_id = :incidentId AND ia.name = :name AND ia.sha256 = :sha256""";

    /**
     * An {@code incident} row's version, deploy-note count and JSON document. The document holds the newest
     * timeline entry; one written before {@code V21} holds the whole timeline, trimmed here, and its deploy
     * notes, which are kept held (and counted) until the next change moves them into their table.
     */
    record DocRow(long version, long deployNotes, String doc) {
        StoredIncident stored() {
            Incident read = IncidentJson.read(doc, Incident.class, "stored incident");
            List<TimelineEntry> t = read.timeline();
            return new StoredIncident(version, read.heldAs(read.deployNotes(), List.of(t.get(t.size() - 1))),
                    deployNotes + read.deployNotes().size());
        }
    }

    /** A deploy note as its row holds it, numbered from 1 per incident. */
    record NoteRow(long number, DeployNote note) {}

    /** An {@code incident} row as the list shows it. */
    record SummaryRow(String id, String fingerprint, String state, long openedMs, long updatedMs, long version) {
        IncidentSummary summary() {
            return new IncidentSummary(id, fingerprint, IncidentState.fromWireName(state), Instant.ofEpochMilli(openedMs),
                    Instant.ofEpochMilli(updatedMs), version);
        }
    }

    /** A {@code window_result} row's window, metric and outcome. */
    record OutcomeRow(long windowStartMs, String metric, String outcome) {}

    private static final RowMapper<DocRow> DOC = (rs, ctx) -> new DocRow(rs.getLong("version"), rs.getLong("deploy_notes"),
            rs.getString("doc"));
    private static final RowMapper<TimelineEntry> ENTRY = (rs, ctx) -> new TimelineEntry(rs.getLong("seq"),
            Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("who"), kind(rs.getString("kind")), rs.getString("what"));
    private static final RowMapper<NoteRow> NOTE = (rs, ctx) -> new NoteRow(rs.getLong("number"),
            new DeployNote(rs.getString("text"), rs.getString("who"), Instant.ofEpochMilli(rs.getLong("at_ms"))));
    private static final RowMapper<SummaryRow> SUMMARY = (rs, ctx) -> new SummaryRow(rs.getString("id"),
            rs.getString("fingerprint"), rs.getString("state"), rs.getLong("opened_ms"), rs.getLong("updated_ms"),
            rs.getLong("version"));
    private static final RowMapper<OutcomeRow> OUTCOME = (rs, ctx) -> new OutcomeRow(rs.getLong("window_start_ms"),
            rs.getString("metric"), rs.getString("outcome"));

    private final OutboxRouting routing;
    private final String lock;

    IncidentRepository(OutboxRouting routing, Store.Dialect dialect) {
        this.routing = Objects.requireNonNull(routing, "routing");
        this.lock = Objects.requireNonNull(dialect, "dialect") == Store.Dialect.POSTGRES ? FOR_UPDATE : "";
    }

    /** Another writer changed the incident (or opened the same fingerprint) since it was read; retry the command. */
    static final class ConcurrentEdit extends RuntimeException {
        ConcurrentEdit(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The incident's bounded state for a command, its row locked for the transaction (on PostgreSQL): the
     * newest timeline entry and no deploy notes but those of a document written before {@code V21}.
     */
    StoredIncident load(Handle h, String id) {
        return h.createQuery(FIND + lock).bind("id", id).map(DOC).findOne().map(DocRow::stored)
                .orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND, "no incident " + id));
    }

    /** The open incident with {@code openKey}, locked as {@link #load} does. */
    Optional<StoredIncident> findOpen(Handle h, String openKey) {
        return h.createQuery(FIND_OPEN + lock).bind("openKey", openKey).map(DOC).findOne().map(DocRow::stored);
    }

    /** The incident's bounded state, as {@link #load} reads it but without a lock: for reads. */
    StoredIncident find(Handle h, String id) {
        return h.createQuery(FIND).bind("id", id).map(DOC).findOne().map(DocRow::stored)
                .orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND, "no incident " + id));
    }

    /** The incident with its newest {@code entries} timeline entries and newest {@code notes} deploy notes. */
    StoredIncident view(Handle h, String id, int entries, int notes) {
        StoredIncident s = find(h, id);
        Incident i = s.incident();
        List<TimelineEntry> timeline = entries < 1 ? i.timeline() : timelineBefore(h, id, i.timelineSize() + 1, entries);
        List<DeployNote> held = notes < 1 ? List.of() : i.deployNotes().isEmpty()
                ? deployNotesBefore(h, id, Long.MAX_VALUE, notes).stream().map(NoteRow::note).toList()
                : i.deployNotes().subList(Math.max(0, i.deployNotes().size() - notes), i.deployNotes().size());
        return new StoredIncident(s.version(), i.heldAs(held, timeline), s.deployNoteCount());
    }

    /** The incident with its whole history, read from the store in pages of {@code page} rows. */
    StoredIncident whole(Handle h, String id, int page) {
        StoredIncident s = find(h, id);
        List<TimelineEntry> timeline = new ArrayList<>();
        for (List<TimelineEntry> p; !(p = timelineAfter(h, id, timeline.size(), page)).isEmpty(); ) {
            timeline.addAll(p);
        }
        List<DeployNote> notes = new ArrayList<>(s.incident().deployNotes());
        if (notes.isEmpty()) {
            long after = 0;
            for (List<NoteRow> p; !(p = deployNotesAfter(h, id, after, page)).isEmpty(); after = p.get(p.size() - 1).number()) {
                p.forEach(n -> notes.add(n.note()));
            }
        }
        return new StoredIncident(s.version(), s.incident().heldAs(notes, timeline), s.deployNoteCount());
    }

    /** Up to {@code limit} timeline entries before seq {@code before}, oldest first. */
    List<TimelineEntry> timelineBefore(Handle h, String id, long before, int limit) {
        List<TimelineEntry> newestFirst = h.createQuery(TIMELINE_BEFORE).bind("incidentId", id).bind("before", before)
                .bind("limit", limit).map(ENTRY).list();
        return newestFirst.reversed();
    }

    private static List<TimelineEntry> timelineAfter(Handle h, String id, long after, int limit) {
        return h.createQuery(TIMELINE_AFTER).bind("incidentId", id).bind("after", after).bind("limit", limit).map(ENTRY)
                .list();
    }

    /** Up to {@code limit} stored deploy notes numbered below {@code before}, oldest first. */
    List<NoteRow> deployNotesBefore(Handle h, String id, long before, int limit) {
        List<NoteRow> newestFirst = h.createQuery(DEPLOY_NOTES_BEFORE).bind("incidentId", id).bind("before", before)
                .bind("limit", limit).map(NOTE).list();
        return newestFirst.reversed();
    }

    private static List<NoteRow> deployNotesAfter(Handle h, String id, long after, int limit) {
        return h.createQuery(DEPLOY_NOTES_AFTER).bind("incidentId", id).bind("after", after).bind("limit", limit)
                .map(NOTE).list();
    }

    /** Whether the incident's timeline has a {@code kind} entry saying exactly {@code what}. */
    static boolean hasEntry(Handle h, String id, TimelineEntry.Kind kind, String what) {
        return h.createQuery(NOTIFIED).bind("incidentId", id).bind("kind", kind.wireName()).bind("what", what)
                .mapTo(Long.class).one() > 0;
    }

    StoredIncident insert(Handle h, Incident incident, Instant now) {
        try {
            h.createUpdate(INSERT)
                    .bind("id", incident.id())
                    .bind("fingerprint", incident.fingerprint().key())
                    .bind("openKey", incident.fingerprint().openKey(incident.state()).orElse(null))
                    .bind("service", incident.service())
                    .bind("state", incident.state().wireName())
                    .bind("openedMs", incident.openedAt().toEpochMilli())
                    .bind("updatedMs", now.toEpochMilli())
                    .bind("timelineSize", (long) incident.timeline().size())
                    .bind("doc", IncidentJson.write(bounded(incident)))
                    .execute();
        } catch (StatementException e) {
            if (isUniqueViolation(e)) {
                throw new ConcurrentEdit("an open incident for " + incident.fingerprint().key() + " was opened concurrently");
            }
            throw e;
        }
        writeDerived(h, Optional.empty(), incident, incident.timeline(), now);
        return new StoredIncident(1, incident, 0);
    }

    /**
     * Saves {@code next}, a command applied to {@code current} as {@link #load} read it; a
     * {@link ConcurrentEdit} when the version moved meanwhile. Writes the bounded document and inserts the
     * new timeline entries and deploy notes (and a pre-{@code V21} document's inline notes), so its cost
     * does not grow with the history. Answers with the bounded state and what this change added.
     */
    StoredIncident update(Handle h, StoredIncident current, Incident next, Instant now) {
        long newVersion = current.version() + 1;
        long before = current.incident().timelineSize();
        List<TimelineEntry> added = next.timeline().stream().filter(e -> e.seq() > before).toList();
        long notesStored = current.deployNoteCount() - current.incident().deployNotes().size();
        List<DeployNote> notes = next.deployNotes();
        int inline = current.incident().deployNotes().size();
        int updated = h.createUpdate(UPDATE)
                .bind("openKey", next.fingerprint().openKey(next.state()).orElse(null))
                .bind("state", next.state().wireName())
                .bind("updatedMs", now.toEpochMilli())
                .bind("newVersion", newVersion)
                .bind("timelineSize", next.timelineSize())
                .bind("deployNotes", notesStored + notes.size())
                .bind("doc", IncidentJson.write(bounded(next)))
                .bind("id", next.id())
                .bind("readVersion", current.version())
                .execute();
        if (updated != 1) {
            throw new ConcurrentEdit("incident " + next.id() + " changed since version " + current.version());
        }
        if (!notes.isEmpty()) {
            PreparedBatch batch = h.prepareBatch(INSERT_DEPLOY_NOTE);
            for (int n = 0; n < notes.size(); n++) {
                DeployNote note = notes.get(n);
                batch.bind("incidentId", next.id())
                        .bind("number", notesStored + n + 1)
                        .bind("atMs", note.recordedAt().toEpochMilli())
                        .bind("who", note.author())
                        .bind("text", note.text())
                        .add();
            }
            batch.execute();
        }
        writeDerived(h, Optional.of(current.incident()), next, added, now);
        List<TimelineEntry> answered = added.isEmpty() ? List.of(next.timeline().get(next.timeline().size() - 1)) : added;
        return new StoredIncident(newVersion, next.heldAs(notes.subList(Math.min(inline, notes.size()), notes.size()),
                answered), notesStored + notes.size());
    }

    /** What the {@code doc} column keeps: the bounded state and the newest timeline entry. */
    private static Incident bounded(Incident incident) {
        List<TimelineEntry> t = incident.timeline();
        return incident.heldAs(List.of(), List.of(t.get(t.size() - 1)));
    }

    private static TimelineEntry.Kind kind(String wireName) {
        return TimelineEntry.Kind.valueOf(wireName.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private void writeDerived(Handle h, Optional<Incident> before, Incident incident, List<TimelineEntry> added,
            Instant now) {
        if (!added.isEmpty()) {
            PreparedBatch batch = h.prepareBatch(INSERT_TIMELINE);
            for (TimelineEntry e : added) {
                batch.bind("incidentId", incident.id())
                        .bind("seq", e.seq())
                        .bind("atMs", e.at().toEpochMilli())
                        .bind("who", e.who())
                        .bind("kind", e.kind().wireName())
                        .bind("what", e.what())
                        .add();
            }
            batch.execute();
        }
        routing.write(h, before, incident, added, now);
        projectLoadTests(h, incident);
        projectTasks(h, incident);
    }

    private static void projectLoadTests(Handle h, Incident incident) {
        h.createUpdate(DELETE_LOAD_TESTS).bind("incidentId", incident.id()).execute();
        if (incident.loadTests().isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(INSERT_LOAD_TEST);
        for (LoadTestRequest t : incident.loadTests()) {
            batch.bind("incidentId", incident.id())
                    .bind("number", t.number())
                    .bind("state", t.state().wireName())
                    .bind("startMs", t.plan().start().toEpochMilli())
                    .bind("concurrency", t.plan().concurrency())
                    .bind("requestedBy", t.requestedBy())
                    .bind("verdict", t.finding().map(f -> f.verdict().wireName()).orElse(null))
                    .add();
        }
        batch.execute();
    }

    private static void projectTasks(Handle h, Incident incident) {
        h.createUpdate(DELETE_TASKS).bind("incidentId", incident.id()).execute();
        List<MitigationTask> tasks = incident.decision().map(d -> d.tasks()).orElse(List.of());
        if (tasks.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(INSERT_TASK);
        for (MitigationTask t : tasks) {
            batch.bind("incidentId", incident.id())
                    .bind("number", t.number())
                    .bind("action", t.action().wireName())
                    .bind("title", t.title())
                    .bind("doneBy", t.doneBy().orElse(null))
                    .bind("doneMs", t.doneAt().map(Instant::toEpochMilli).orElse(null))
                    .add();
        }
        batch.execute();
    }

    /** The number of incidents not closed, by service and state. */
    List<IncidentService.OpenCount> openCounts(Handle h) {
        return h.createQuery(OPEN_COUNTS).map((rs, ctx) -> new IncidentService.OpenCount(rs.getString("service"),
                IncidentState.fromWireName(rs.getString("state")), rs.getLong("open_count"))).list();
    }

    IncidentPage list(Handle h, Optional<IncidentState> state, int offset, int limit) {
        var count = h.createQuery(state.isPresent() ? COUNT_IN_STATE : COUNT);
        var page = h.createQuery(state.isPresent() ? PAGE_IN_STATE : PAGE).bind("limit", limit).bind("offset", offset);
        state.ifPresent(s -> {
            count.bind("state", s.wireName());
            page.bind("state", s.wireName());
        });
        long total = count.mapTo(Long.class).one();
        List<IncidentSummary> items = page.map(SUMMARY).map(SummaryRow::summary).list();
        return new IncidentPage(items, offset, limit, total);
    }

    /**
     * A page of whole incidents (bounded documents, as {@link DocRow#stored()}), newest first, optionally of one
     * state and one service, with the count of all that match.
     */
    IncidentService.Browse browse(Handle h, Optional<IncidentState> state, Optional<String> service, int offset, int limit) {
        StringBuilder where = new StringBuilder();
        state.ifPresent(s -> where.append(" WHERE state = :state"));
        service.ifPresent(s -> where.append(where.isEmpty() ? " WHERE " : " AND ").append("service = :service"));
        var count = h.createQuery("SELECT COUNT(*) FROM incident" + where);
        var page = h.createQuery("SELECT version, deploy_notes, doc FROM incident" + where
                + " ORDER BY opened_ms DESC, id DESC LIMIT :limit OFFSET :offset").bind("limit", limit).bind("offset", offset);
        state.ifPresent(s -> {
            count.bind("state", s.wireName());
            page.bind("state", s.wireName());
        });
        service.ifPresent(s -> {
            count.bind("service", s);
            page.bind("service", s);
        });
        long total = count.mapTo(Long.class).one();
        List<StoredIncident> items = page.map(DOC).map(DocRow::stored).list();
        List<String> services = h.createQuery("SELECT DISTINCT service FROM incident ORDER BY service").mapTo(String.class).list();
        return new IncidentService.Browse(items, offset, limit, total, services);
    }

    /** Every recorded window result of {@code metrics} for {@code service} from {@code from} on, oldest first. */
    List<IncidentService.WindowPoint> windowPoints(Handle h, String service, Duration length, Instant from, Collection<String> metrics) {
        Set<String> wanted = new HashSet<>(metrics);
        List<IncidentService.WindowPoint> out = new ArrayList<>();
        h.createQuery(WINDOW_POINTS)
                .bind("service", service).bind("windowLengthMs", length.toMillis()).bind("fromMs", from.toEpochMilli())
                .map((rs, ctx) -> {
                    String metric = rs.getString("metric");
                    if (wanted.contains(metric)) {
                        double v = rs.getDouble("value");
                        OptionalDouble value = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
                        out.add(new IncidentService.WindowPoint(Instant.ofEpochMilli(rs.getLong("window_start_ms")), metric,
                                MetricOutcome.valueOf(rs.getString("outcome")), value));
                    }
                    return 0;
                }).forEach(x -> {});
        return out;
    }

    /** The recorded window results of one metric of {@code service} from {@code from} on, oldest first. */
    List<IncidentService.WindowPoint> windowPoints(Handle h, String service, Duration length, String metric, Instant from) {
        return h.createQuery(METRIC_POINTS)
                .bind("service", service).bind("windowLengthMs", length.toMillis()).bind("fromMs", from.toEpochMilli())
                .bind("metric", metric)
                .map((rs, ctx) -> {
                    double v = rs.getDouble("value");
                    OptionalDouble value = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
                    return new IncidentService.WindowPoint(Instant.ofEpochMilli(rs.getLong("window_start_ms")), metric,
                            MetricOutcome.valueOf(rs.getString("outcome")), value);
                }).list();
    }

    List<IncidentService.WindowSeries> windowSeries(Handle h, Duration length, int limit) {
        return h.createQuery(WINDOW_SERIES).bind("windowLengthMs", length.toMillis()).bind("limit", limit)
                .map((rs, ctx) -> new IncidentService.WindowSeries(rs.getString("service"), rs.getString("metric"),
                        rs.getLong("windows"), Instant.ofEpochMilli(rs.getLong("latest_ms"))))
                .list();
    }

    void upsertWindowResults(Handle h, String service, Duration length, Instant start, Collection<WindowOutcome> results,
            String source, String who, Instant now) {
        PreparedBatch batch = h.prepareBatch(UPSERT_WINDOW_RESULT);
        for (WindowOutcome r : results) {
            batch.bind("service", service)
                    .bind("windowLengthMs", length.toMillis())
                    .bind("windowStartMs", start.toEpochMilli())
                    .bind("metric", r.metric())
                    .bind("outcome", r.outcome().name())
                    .bind("value", r.value().orElse(null))
                    .bind("source", source)
                    .bind("recordedBy", who)
                    .bind("recordedMs", now.toEpochMilli())
                    .add();
        }
        batch.execute();
    }

    /** The reporting windows of {@code service} that started at or after {@code from}, restricted to {@code metrics}. */
    List<ReportingWindow> windows(Handle h, String service, Duration length, Instant from, Collection<String> metrics) {
        Set<String> wanted = new HashSet<>(metrics);
        Map<Long, Map<String, MetricOutcome>> byStart = new TreeMap<>();
        List<OutcomeRow> rows = h.createQuery(WINDOW_RESULTS)
                .bind("service", service)
                .bind("windowLengthMs", length.toMillis())
                .bind("fromMs", from.toEpochMilli())
                .map(OUTCOME)
                .list();
        for (OutcomeRow r : rows) {
            Map<String, MetricOutcome> m = byStart.computeIfAbsent(r.windowStartMs(), k -> new TreeMap<>());
            if (wanted.contains(r.metric())) {
                m.put(r.metric(), MetricOutcome.valueOf(r.outcome()));
            }
        }
        List<ReportingWindow> out = new ArrayList<>();
        byStart.forEach((start, results) -> out.add(new ReportingWindow(Instant.ofEpochMilli(start), length, results)));
        return out;
    }

    /** Stores {@code content} under its SHA-256 unless it is there already. */
    void putArtefact(Handle h, String sha256, byte[] content, Instant now) {
        h.createUpdate(INSERT_ARTEFACT)
                .bind("sha256", sha256)
                .bind("sizeBytes", (long) content.length)
                .bind("content", content)
                .bind("createdMs", now.toEpochMilli())
                .execute();
    }

    void linkArtefact(Handle h, String incidentId, String name, String sha256) {
        h.createUpdate(LINK_ARTEFACT).bind("incidentId", incidentId).bind("name", name).bind("sha256", sha256).execute();
    }

    /** The content of the incident's artefact named {@code name}. */
    Optional<byte[]> artefact(Handle h, String incidentId, String name) {
        return h.createQuery(ARTEFACT).bind("incidentId", incidentId).bind("name", name).mapTo(byte[].class).findOne();
    }

    /** The content of the incident's artefact named {@code name}, if it still has that content ({@code sha256}). */
    static Optional<byte[]> artefact(Handle h, String incidentId, String name, String sha256) {
        return h.createQuery(ARTEFACT_WITH_SHA)
                .bind("incidentId", incidentId)
                .bind("name", name)
                .bind("sha256", sha256)
                .mapTo(byte[].class)
                .findOne();
    }

    /** Whether {@code e} (or a cause) is a unique-constraint violation, on PostgreSQL (SQLSTATE 23505) or SQLite. */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if ("23505".equals(s.getSQLState())) {
                    return true;
                }
                String m = s.getMessage() == null ? "" : s.getMessage().toUpperCase(Locale.ROOT);
                if (m.contains("UNIQUE CONSTRAINT FAILED") || m.contains("SQLITE_CONSTRAINT_PRIMARYKEY")
                        || m.contains("SQLITE_CONSTRAINT_UNIQUE")) {
                    return true;
                }
            }
        }
        return false;
    }
}
