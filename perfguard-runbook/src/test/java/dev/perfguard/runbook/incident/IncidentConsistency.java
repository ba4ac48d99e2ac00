package dev.perfguard.runbook.incident;

import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.runbook.notify.Channels;
import dev.perfguard.runbook.notify.Message;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks what a crash or a race must never break: for every incident, the stored document, its
 * columns (state, open key, timeline size), its timeline rows (same entries, seq 1..n, no gaps) and
 * its load-test and task projections agree, and the outbox holds the messages its timeline routes (with
 * the default console routing).
 */
public final class IncidentConsistency {
    private IncidentConsistency() {}

    /** The problems found; empty when everything agrees. */
    public static List<String> check(Store store) {
        return store.inTransaction(c -> {
            List<String> problems = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, state, open_key, timeline_size, doc FROM incident ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    Incident i = IncidentJson.read(rs.getString(5), Incident.class, "incident " + id);
                    if (!i.state().wireName().equals(rs.getString(2))) {
                        problems.add(id + ": state column " + rs.getString(2) + " but document " + i.state().wireName());
                    }
                    String openKey = i.fingerprint().openKey(i.state()).orElse(null);
                    if (!java.util.Objects.equals(openKey, rs.getString(3))) {
                        problems.add(id + ": open_key " + rs.getString(3) + " but expected " + openKey);
                    }
                    if (rs.getLong(4) != i.timeline().size()) {
                        problems.add(id + ": timeline_size " + rs.getLong(4) + " but document has " + i.timeline().size());
                    }
                    List<TimelineEntry> rows = new ArrayList<>();
                    try (PreparedStatement t = c.prepareStatement(
                            "SELECT seq, what, kind FROM incident_timeline WHERE incident_id = ? ORDER BY seq")) {
                        t.setString(1, id);
                        try (ResultSet tr = t.executeQuery()) {
                            int expected = 1;
                            while (tr.next()) {
                                if (tr.getLong(1) != expected) {
                                    problems.add(id + ": timeline row seq " + tr.getLong(1) + " where " + expected + " was expected");
                                }
                                if (expected <= i.timeline().size()) {
                                    TimelineEntry e = i.timeline().get(expected - 1);
                                    if (!e.what().equals(tr.getString(2)) || !e.kind().wireName().equals(tr.getString(3))) {
                                        problems.add(id + ": timeline row " + expected + " differs from the document");
                                    }
                                }
                                expected++;
                                rows.add(null);
                            }
                        }
                    }
                    if (rows.size() != i.timeline().size()) {
                        problems.add(id + ": " + rows.size() + " timeline rows but document has " + i.timeline().size());
                    }
                    problems.addAll(count(c, "SELECT COUNT(*) FROM outbox WHERE incident_id = ?", id, consoleRows(i), "outbox messages"));
                    problems.addAll(count(c, "SELECT COUNT(*) FROM incident_load_test WHERE incident_id = ?", id,
                            i.loadTests().size(), "load-test rows"));
                    problems.addAll(count(c, "SELECT COUNT(*) FROM incident_task WHERE incident_id = ?", id,
                            i.decision().map(d -> d.tasks().size()).orElse(0), "task rows"));
                }
            }
            return problems;
        });
    }

    /** The outbox rows the default (console) routing writes over the incident's whole history, by dedup key. */
    private static long consoleRows(Incident i) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Message m : OutboxRouting.messages(java.util.Optional.empty(), i, i.timeline())) {
            Channels.route(m, List.of(Channels.console())).forEach(o -> keys.add(o.dedupKey()));
        }
        return keys.size();
    }

    private static List<String> count(java.sql.Connection c, String sql, String id, long expected, String what)
            throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                return n == expected ? List.of() : List.of(id + ": " + n + " " + what + " but expected " + expected);
            }
        }
    }
}
