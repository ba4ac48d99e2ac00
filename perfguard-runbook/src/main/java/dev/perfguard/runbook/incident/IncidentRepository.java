package dev.perfguard.runbook.incident;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LoadTestRequest;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.MitigationTask;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.core.incident.TimelineEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import dev.perfguard.runbook.notify.OutboxRouting;

/**
 * The SQL behind {@link IncidentService}; every method runs on the caller's connection, inside the
 * caller's transaction. Saving an incident writes its document (checked against the version read),
 * the new timeline rows, the load-test and task projections and one outbox message per new
 * timeline entry — all or nothing with the transaction.
 */
final class IncidentRepository {

    private final OutboxRouting routing;

    IncidentRepository(OutboxRouting routing) {
        this.routing = java.util.Objects.requireNonNull(routing, "routing");
    }

    /** Another writer changed the incident (or opened the same fingerprint) since it was read; retry the command. */
    static final class ConcurrentEdit extends RuntimeException {
        ConcurrentEdit(String message) {
            super(message, null, false, false);
        }
    }

    Optional<StoredIncident> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, doc FROM incident WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(stored(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    StoredIncident load(Connection c, String id) throws SQLException {
        return find(c, id).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND, "no incident " + id));
    }

    Optional<StoredIncident> findOpen(Connection c, String openKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, doc FROM incident WHERE open_key = ?")) {
            ps.setString(1, openKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(stored(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    StoredIncident insert(Connection c, Incident incident, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident (id, fingerprint, open_key, service, state,"
                + " opened_ms, updated_ms, version, timeline_size, doc) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
            ps.setString(1, incident.id());
            ps.setString(2, incident.fingerprint().key());
            setNullable(ps, 3, incident.fingerprint().openKey(incident.state()).orElse(null));
            ps.setString(4, incident.service());
            ps.setString(5, incident.state().wireName());
            ps.setLong(6, incident.openedAt().toEpochMilli());
            ps.setLong(7, now.toEpochMilli());
            ps.setLong(8, incident.timeline().size());
            ps.setString(9, IncidentJson.write(incident));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new ConcurrentEdit("an open incident for " + incident.fingerprint().key() + " was opened concurrently");
            }
            throw e;
        }
        writeDerived(c, Optional.empty(), incident, now);
        return new StoredIncident(1, incident);
    }

    /** Saves {@code next} over {@code current}; a {@link ConcurrentEdit} when the version moved meanwhile. */
    StoredIncident update(Connection c, StoredIncident current, Incident next, Instant now) throws SQLException {
        long newVersion = current.version() + 1;
        try (PreparedStatement ps = c.prepareStatement("UPDATE incident SET open_key = ?, state = ?, updated_ms = ?,"
                + " version = ?, timeline_size = ?, doc = ? WHERE id = ? AND version = ?")) {
            setNullable(ps, 1, next.fingerprint().openKey(next.state()).orElse(null));
            ps.setString(2, next.state().wireName());
            ps.setLong(3, now.toEpochMilli());
            ps.setLong(4, newVersion);
            ps.setLong(5, next.timeline().size());
            ps.setString(6, IncidentJson.write(next));
            ps.setString(7, next.id());
            ps.setLong(8, current.version());
            if (ps.executeUpdate() != 1) {
                throw new ConcurrentEdit("incident " + next.id() + " changed since version " + current.version());
            }
        }
        writeDerived(c, Optional.of(current.incident()), next, now);
        return new StoredIncident(newVersion, next);
    }

    private void writeDerived(Connection c, Optional<Incident> before, Incident incident, Instant now) throws SQLException {
        int timelineBefore = before.map(b -> b.timeline().size()).orElse(0);
        List<TimelineEntry> added = incident.timeline().subList(timelineBefore, incident.timeline().size());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO incident_timeline (incident_id, seq, at_ms, who, kind, what) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (TimelineEntry e : added) {
                ps.setString(1, incident.id());
                ps.setLong(2, e.seq());
                ps.setLong(3, e.at().toEpochMilli());
                ps.setString(4, e.who());
                ps.setString(5, e.kind().wireName());
                ps.setString(6, e.what());
                ps.addBatch();
            }
            if (!added.isEmpty()) {
                ps.executeBatch();
            }
        }
        routing.write(c, before, incident, added, now);
        projectLoadTests(c, incident);
        projectTasks(c, incident);
    }

    private void projectLoadTests(Connection c, Incident incident) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM incident_load_test WHERE incident_id = ?")) {
            del.setString(1, incident.id());
            del.executeUpdate();
        }
        if (incident.loadTests().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_load_test (incident_id, number, state,"
                + " start_ms, concurrency, requested_by, verdict) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (LoadTestRequest t : incident.loadTests()) {
                ps.setString(1, incident.id());
                ps.setInt(2, t.number());
                ps.setString(3, t.state().wireName());
                ps.setLong(4, t.plan().start().toEpochMilli());
                ps.setInt(5, t.plan().concurrency());
                ps.setString(6, t.requestedBy());
                setNullable(ps, 7, t.finding().map(f -> f.verdict().wireName()).orElse(null));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void projectTasks(Connection c, Incident incident) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM incident_task WHERE incident_id = ?")) {
            del.setString(1, incident.id());
            del.executeUpdate();
        }
        List<MitigationTask> tasks = incident.decision().map(d -> d.tasks()).orElse(List.of());
        if (tasks.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_task (incident_id, number, action, title,"
                + " done_by, done_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (MitigationTask t : tasks) {
                ps.setString(1, incident.id());
                ps.setInt(2, t.number());
                ps.setString(3, t.action().wireName());
                ps.setString(4, t.title());
                setNullable(ps, 5, t.doneBy().orElse(null));
                if (t.doneAt().isPresent()) {
                    ps.setLong(6, t.doneAt().get().toEpochMilli());
                } else {
                    ps.setNull(6, Types.BIGINT);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void enqueue(Connection c, String channel, String incidentId, String dedupKey, String payload, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (id, channel, incident_id, dedup_key, payload,"
                + " state, attempts, next_attempt_ms, created_ms) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)"
                + " ON CONFLICT (channel, dedup_key) DO NOTHING")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, channel);
            setNullable(ps, 3, incidentId);
            ps.setString(4, dedupKey);
            ps.setString(5, payload);
            ps.setLong(6, now.toEpochMilli());
            ps.setLong(7, now.toEpochMilli());
            ps.executeUpdate();
        }
    }

    List<OutboxMessage> outbox(Connection c, String state, int limit) throws SQLException {
        List<OutboxMessage> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, channel, incident_id, dedup_key, payload, state,"
                + " attempts, next_attempt_ms, created_ms FROM outbox WHERE state = ? ORDER BY created_ms, dedup_key LIMIT ?")) {
            ps.setString(1, state);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxMessage(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7),
                            Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9))));
                }
            }
        }
        return out;
    }

    IncidentPage list(Connection c, Optional<IncidentState> state, int offset, int limit) throws SQLException {
        String where = state.isPresent() ? " WHERE state = ?" : "";
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM incident" + where)) {
            if (state.isPresent()) {
                ps.setString(1, state.get().wireName());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<IncidentSummary> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, fingerprint, state, opened_ms, updated_ms, version"
                + " FROM incident" + where + " ORDER BY opened_ms DESC, id DESC LIMIT ? OFFSET ?")) {
            int i = 1;
            if (state.isPresent()) {
                ps.setString(i++, state.get().wireName());
            }
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new IncidentSummary(rs.getString(1), rs.getString(2),
                            IncidentState.fromWireName(rs.getString(3)), Instant.ofEpochMilli(rs.getLong(4)),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getLong(6)));
                }
            }
        }
        return new IncidentPage(items, offset, limit, total);
    }

    void upsertWindowResults(Connection c, String service, Duration length, Instant start, Collection<WindowOutcome> results,
            String source, String who, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO window_result (service, window_length_ms,"
                + " window_start_ms, metric, outcome, value, source, recorded_by, recorded_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (service, window_length_ms, window_start_ms, metric)"
                + " DO UPDATE SET outcome = excluded.outcome, value = excluded.value, source = excluded.source,"
                + " recorded_by = excluded.recorded_by, recorded_ms = excluded.recorded_ms")) {
            for (WindowOutcome r : results) {
                ps.setString(1, service);
                ps.setLong(2, length.toMillis());
                ps.setLong(3, start.toEpochMilli());
                ps.setString(4, r.metric());
                ps.setString(5, r.outcome().name());
                if (r.value().isPresent()) {
                    ps.setDouble(6, r.value().get());
                } else {
                    ps.setNull(6, Types.DOUBLE);
                }
                ps.setString(7, source);
                ps.setString(8, who);
                ps.setLong(9, now.toEpochMilli());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The reporting windows of {@code service} that started at or after {@code from}, restricted to {@code metrics}. */
    List<ReportingWindow> windows(Connection c, String service, Duration length, Instant from, Collection<String> metrics)
            throws SQLException {
        Set<String> wanted = new HashSet<>(metrics);
        Map<Long, Map<String, MetricOutcome>> byStart = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT window_start_ms, metric, outcome FROM window_result"
                + " WHERE service = ? AND window_length_ms = ? AND window_start_ms >= ?")) {
            ps.setString(1, service);
            ps.setLong(2, length.toMillis());
            ps.setLong(3, from.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, MetricOutcome> m = byStart.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>());
                    if (wanted.contains(rs.getString(2))) {
                        m.put(rs.getString(2), MetricOutcome.valueOf(rs.getString(3)));
                    }
                }
            }
        }
        List<ReportingWindow> out = new ArrayList<>();
        byStart.forEach((start, results) -> out.add(new ReportingWindow(Instant.ofEpochMilli(start), length, results)));
        return out;
    }

    /** Stores {@code content} under its SHA-256 unless it is there already. */
    void putArtefact(Connection c, String sha256, byte[] content, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO artefact (sha256, size_bytes, content, created_ms)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")) {
            ps.setString(1, sha256);
            ps.setLong(2, content.length);
            ps.setBytes(3, content);
            ps.setLong(4, now.toEpochMilli());
            ps.executeUpdate();
        }
    }

    void linkArtefact(Connection c, String incidentId, String name, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_artefact (incident_id, name, sha256)"
                + " VALUES (?, ?, ?) ON CONFLICT (incident_id, name) DO NOTHING")) {
            ps.setString(1, incidentId);
            ps.setString(2, name);
            ps.setString(3, sha256);
            ps.executeUpdate();
        }
    }

    Optional<byte[]> artefact(Connection c, String incidentId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.content FROM incident_artefact ia JOIN artefact a"
                + " ON a.sha256 = ia.sha256 WHERE ia.incident_id = ? AND ia.name = ?")) {
            ps.setString(1, incidentId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    private static StoredIncident stored(long version, String doc) {
        return new StoredIncident(version, IncidentJson.read(doc, Incident.class, "stored incident"));
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    static boolean isUniqueViolation(SQLException e) {
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
