package dev.perfguard.runbook.notify;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The SQL of the {@code outbox} and {@code external_ref} tables ({@code V2__incidents.sql},
 * {@code V20__outbox_delivery.sql}): the one place rows are inserted ({@link OutboxRouting}), claimed and
 * marked ({@code StoreOutbox}). Every method runs on the caller's handle, in the caller's transaction.
 */
final class OutboxSql {
    private OutboxSql() {}

    /** A new pending row, due at once; a row whose {@code (channel, dedup_key)} is there already is kept as it is. */
    private static final String INSERT = """
            INSERT INTO outbox (id, channel, incident_id, dedup_key, payload, state, attempts, next_attempt_ms, created_ms)
            VALUES (:id, :channel, :incidentId, :dedupKey, :payload, 'pending', 0, :nowMs, :nowMs)
            ON CONFLICT (channel, dedup_key) DO NOTHING""";

    /** The due pending rows, oldest due first; PostgreSQL appends {@link #SKIP_LOCKED}. */
    private static final String DUE = """
            SELECT id, channel, payload, dedup_key, attempts
              FROM outbox
             WHERE state = 'pending' AND next_attempt_ms <= :nowMs
             ORDER BY next_attempt_ms, created_ms, id
             LIMIT :limit""";

    private static final String SKIP_LOCKED = " FOR UPDATE SKIP LOCKED";

    /** A claim counts as an attempt at once (see {@code StoreOutbox.claimDue}). */
    private static final String LEASE = """
            UPDATE outbox
               SET claimed_by = :owner, lease_until_ms = :untilMs, next_attempt_ms = :untilMs, attempts = attempts + 1
             WHERE id = :id""";

    private static final String OPENING_PENDING = """
            SELECT COUNT(*) FROM outbox WHERE channel = :channel AND dedup_key = :dedupKey AND state = 'pending'""";

    private static final String MARK_DELIVERED = """
            UPDATE outbox
               SET state = 'delivered', attempts = :attempts, external_ref = :externalRef, delivered_ms = :atMs,
                   claimed_by = NULL, lease_until_ms = NULL
             WHERE id = :id AND state = 'pending'""";

    private static final String MARK_RETRY = """
            UPDATE outbox
               SET attempts = :attempts, next_attempt_ms = :nextAttemptMs, last_error = :reason,
                   claimed_by = NULL, lease_until_ms = NULL
             WHERE id = :id AND state = 'pending'""";

    private static final String MARK_DEAD = """
            UPDATE outbox
               SET state = 'dead', attempts = :attempts, last_error = :reason, dead_reason = :reason,
                   claimed_by = NULL, lease_until_ms = NULL
             WHERE id = :id AND state = 'pending'""";

    /** Only a dead letter goes back to pending. */
    private static final String RETRY_DEAD = """
            UPDATE outbox
               SET state = 'pending', attempts = 0, next_attempt_ms = :nowMs, claimed_by = NULL, lease_until_ms = NULL
             WHERE id = :id AND state = 'dead'""";

    private static final String ENTRY = """
            SELECT id, channel, incident_id, dedup_key, state, attempts, next_attempt_ms, claimed_by, last_error, external_ref
              FROM outbox
             WHERE id = :id""";

    private static final String ENTRIES = """
            SELECT id, channel, incident_id, dedup_key, state, attempts, next_attempt_ms, claimed_by, last_error, external_ref
              FROM outbox
             WHERE state = :state
             ORDER BY created_ms, dedup_key
             LIMIT :limit""";

    private static final String COUNTS = """
            SELECT state, COUNT(*) AS row_count FROM outbox GROUP BY state""";

    private static final String CHANNEL_COUNTS = """
            SELECT channel, state, COUNT(*) AS row_count FROM outbox WHERE state IN ('pending', 'dead') GROUP BY channel, state""";

    private static final String REFS = """
            SELECT channel, ref FROM external_ref WHERE incident_id = :incidentId""";

    /** The first reference recorded for an incident and channel wins. */
    private static final String INSERT_REF = """
            INSERT INTO external_ref (incident_id, channel, ref, created_ms)
            VALUES (:incidentId, :channel, :ref, :createdMs)
            ON CONFLICT (incident_id, channel) DO NOTHING""";

    /** An {@code outbox} row as listed; nullable columns are empty when NULL. */
    record EntryRow(String id, String channel, Optional<String> incidentId, String dedupKey, String state, int attempts,
            long nextAttemptMs, Optional<String> claimedBy, Optional<String> lastError, Optional<String> externalRef) {}

    record CountRow(String state, long rowCount) {}

    record RefRow(String channel, String ref) {}

    private static final RowMapper<OutboxPort.Row> ROW = (rs, ctx) -> new OutboxPort.Row(rs.getString("id"),
            rs.getString("channel"), rs.getString("payload"), rs.getString("dedup_key"), rs.getInt("attempts"));
    private static final RowMapper<EntryRow> ENTRY_ROW = ConstructorMapper.of(EntryRow.class);
    private static final RowMapper<CountRow> COUNT_ROW = (rs, ctx) -> new CountRow(rs.getString("state"), rs.getLong("row_count"));
    private static final RowMapper<RefRow> REF_ROW = (rs, ctx) -> new RefRow(rs.getString("channel"), rs.getString("ref"));

    /** Inserts one pending row per routed message, due at {@code now}; rows already there (same channel and dedup key) are skipped. */
    static void insert(Handle h, String incidentId, Collection<Channels.Outbound> rows, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(INSERT);
        for (Channels.Outbound o : rows) {
            batch.bind("id", UUID.randomUUID().toString())
                    .bind("channel", o.channel())
                    .bind("incidentId", incidentId)
                    .bind("dedupKey", o.dedupKey())
                    .bind("payload", o.payloadJson())
                    .bind("nowMs", now.toEpochMilli())
                    .add();
        }
        batch.execute();
    }

    /** The due pending rows, locked against other claimers until this transaction ends when {@code skipLocked}. */
    static List<OutboxPort.Row> due(Handle h, Instant now, int limit, boolean skipLocked) {
        return h.createQuery(skipLocked ? DUE + SKIP_LOCKED : DUE)
                .bind("nowMs", now.toEpochMilli())
                .bind("limit", limit)
                .map(ROW)
                .list();
    }

    /** Leases {@code rows} to {@code owner} until {@code until} and counts the attempt. */
    static void lease(Handle h, List<OutboxPort.Row> rows, String owner, Instant until) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(LEASE);
        for (OutboxPort.Row r : rows) {
            batch.bind("owner", owner).bind("untilMs", until.toEpochMilli()).bind("id", r.id()).add();
        }
        batch.execute();
    }

    static boolean pending(Handle h, String channel, String dedupKey) {
        return h.createQuery(OPENING_PENDING).bind("channel", channel).bind("dedupKey", dedupKey).mapTo(Long.class).one() > 0;
    }

    static void markDelivered(Handle h, String id, int attempts, String externalRef, Instant at) {
        h.createUpdate(MARK_DELIVERED)
                .bind("attempts", attempts)
                .bind("externalRef", externalRef)
                .bind("atMs", at.toEpochMilli())
                .bind("id", id)
                .execute();
    }

    static void markRetry(Handle h, String id, int attempts, Instant nextAttemptAt, String reason) {
        h.createUpdate(MARK_RETRY)
                .bind("attempts", attempts)
                .bind("nextAttemptMs", nextAttemptAt.toEpochMilli())
                .bind("reason", reason)
                .bind("id", id)
                .execute();
    }

    static void markDead(Handle h, String id, int attempts, String reason) {
        h.createUpdate(MARK_DEAD).bind("attempts", attempts).bind("reason", reason).bind("id", id).execute();
    }

    /** Sends a dead letter again, due at {@code now}; false when {@code id} is not a dead letter. */
    static boolean retryDead(Handle h, String id, Instant now) {
        return h.createUpdate(RETRY_DEAD).bind("nowMs", now.toEpochMilli()).bind("id", id).execute() == 1;
    }

    static Optional<EntryRow> entry(Handle h, String id) {
        return h.createQuery(ENTRY).bind("id", id).map(ENTRY_ROW).findOne();
    }

    /** The rows in {@code state} (its wire name), oldest first, at most {@code limit}. */
    static List<EntryRow> entries(Handle h, String state, int limit) {
        return h.createQuery(ENTRIES)
                .bind("state", state)
                .bind("limit", limit)
                .map(ENTRY_ROW)
                .list();
    }

    /** The number of rows per state (wire names), for the states that have rows. */
    static Map<String, Long> counts(Handle h) {
        Map<String, Long> out = new HashMap<>();
        for (CountRow r : h.createQuery(COUNTS).map(COUNT_ROW).list()) {
            out.put(r.state(), r.rowCount());
        }
        return out;
    }

    /** Pending and dead rows by channel, then state. */
    static List<StoreOutbox.ChannelCount> channelCounts(Handle h) {
        return h.createQuery(CHANNEL_COUNTS).map((rs, ctx) -> new StoreOutbox.ChannelCount(rs.getString("channel"),
                StoreOutbox.State.parse(rs.getString("state")), rs.getLong("row_count"))).list();
    }

    static Map<String, String> refs(Handle h, String incidentId) {
        Map<String, String> out = new HashMap<>();
        for (RefRow r : h.createQuery(REFS).bind("incidentId", incidentId).map(REF_ROW).list()) {
            out.put(r.channel(), r.ref());
        }
        return Map.copyOf(out);
    }

    static void insertRef(Handle h, String incidentId, String channel, String ref, Instant now) {
        h.createUpdate(INSERT_REF)
                .bind("incidentId", incidentId)
                .bind("channel", channel)
                .bind("ref", ref)
                .bind("createdMs", now.toEpochMilli())
                .execute();
    }
}
