package dev.perfguard.runbook.flags;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The SQL of the {@code flag_rollback} table ({@code V25__feature_flags.sql}), on the caller's handle. */
final class RollbackSql {
    private RollbackSql() {}

    private static final String COLUMNS = """
            number, kind, flag, description, store, state, requested_by, requested_ms, decided_by, decided_ms, reason,
            before_state, after_state, done_ms, error""";

    static long next(Handle h, String id) {
        return h.createQuery("SELECT COALESCE(MAX(number), 0) FROM flag_rollback WHERE incident_id = :id")
                .bind("id", id).mapTo(Long.class).one() + 1;
    }

    static void insert(Handle h, String id, Rollback r) {
        h.createUpdate("""
                INSERT INTO flag_rollback (incident_id, number, kind, flag, description, store, state, requested_by,
                                           requested_ms, before_state)
                VALUES (:id, :number, :kind, :flag, :description, :store, :state, :by, :at, :before)""")
                .bind("id", id).bind("number", r.number()).bind("kind", r.kind().wireName())
                .bind("flag", r.flag().orElse(null)).bind("description", r.description().orElse(null))
                .bind("store", r.store()).bind("state", r.state().wireName()).bind("by", r.requestedBy())
                .bind("at", r.requestedAt().toEpochMilli()).bind("before", r.before().orElse(null)).execute();
    }

    static Rollback find(Handle h, String id, long number) {
        return h.createQuery("SELECT " + COLUMNS + " FROM flag_rollback WHERE incident_id = :id AND number = :n")
                .bind("id", id).bind("n", number).map((rs, ctx) -> row(rs)).findOne()
                .orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND, "incident " + id + " has no rollback " + number));
    }

    static List<Rollback> list(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM flag_rollback WHERE incident_id = :id ORDER BY number")
                .bind("id", id).map((rs, ctx) -> row(rs)).list();
    }

    static void decide(Handle h, String id, long number, Rollback.State state, String who, Instant at, Optional<String> reason) {
        h.createUpdate("""
                UPDATE flag_rollback SET state = :state, decided_by = :who, decided_ms = :at, reason = :reason
                 WHERE incident_id = :id AND number = :n""")
                .bind("state", state.wireName()).bind("who", who).bind("at", at.toEpochMilli())
                .bind("reason", reason.orElse(null)).bind("id", id).bind("n", number).execute();
    }

    static void fail(Handle h, String id, long number, String error) {
        h.createUpdate("UPDATE flag_rollback SET state = 'failed', error = :error WHERE incident_id = :id AND number = :n")
                .bind("error", error).bind("id", id).bind("n", number).execute();
    }

    static void done(Handle h, String id, long number, Optional<String> before, Optional<String> after, Instant at) {
        h.createUpdate("""
                UPDATE flag_rollback SET state = 'done', error = NULL, done_ms = :at,
                       before_state = COALESCE(:before, before_state), after_state = :after
                 WHERE incident_id = :id AND number = :n""")
                .bind("at", at.toEpochMilli()).bind("before", before.orElse(null)).bind("after", after.orElse(null))
                .bind("id", id).bind("n", number).execute();
    }

    private static Rollback row(ResultSet rs) throws SQLException {
        return new Rollback(rs.getLong("number"), Rollback.Kind.fromWireName(rs.getString("kind")),
                Optional.ofNullable(rs.getString("flag")), Optional.ofNullable(rs.getString("description")),
                rs.getString("store"), Rollback.State.fromWireName(rs.getString("state")), rs.getString("requested_by"),
                Instant.ofEpochMilli(rs.getLong("requested_ms")), Optional.ofNullable(rs.getString("decided_by")),
                millis(rs, "decided_ms"), Optional.ofNullable(rs.getString("reason")),
                Optional.ofNullable(rs.getString("before_state")), Optional.ofNullable(rs.getString("after_state")),
                millis(rs, "done_ms"), Optional.ofNullable(rs.getString("error")));
    }

    private static Optional<Instant> millis(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }
}
