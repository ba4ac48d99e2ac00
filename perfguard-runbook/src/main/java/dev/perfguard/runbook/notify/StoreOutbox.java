package dev.perfguard.runbook.notify;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link OutboxPort} over the store's {@code outbox} and {@code external_ref} tables.
 *
 * <p>Claims: one transaction selects the due pending rows and leases them (sets {@code claimed_by},
 * {@code lease_until_ms} and pushes {@code next_attempt_ms} to the lease's end). On PostgreSQL the select
 * is {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers skip each other's rows instead of waiting; on
 * SQLite the store's {@code BEGIN IMMEDIATE} transactions serialize claimers. A row whose lease ran out
 * (its dispatcher crashed mid-delivery) is due again and is claimed by the next dispatcher: delivery is
 * at least once, and the channels' dedup keys make a repeat harmless where the receiver deduplicates.
 *
 * <p>The {@code mark*} calls only touch a row still {@code pending}, so a late outcome from a dispatcher
 * whose lease ran out cannot turn a delivered row back into a retry.
 */
public final class StoreOutbox implements OutboxPort {

    /** How long a claim hides a row from other dispatchers (longer than any delivery's timeouts). */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

    /** The most rows {@link #list} returns at once. */
    public static final int MAX_LIST = 10_000;

    /** The states of an outbox row. */
    public enum State {
        PENDING, DELIVERED, DEAD;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State parse(String s) {
            for (State v : values()) {
                if (v.wireName().equals(s)) {
                    return v;
                }
            }
            throw PerfguardException.badInput("outbox state '" + s + "' is not one of pending, delivered, dead");
        }
    }

    /** One row as the CLI and the API list it. */
    public record Entry(String id, String channel, Optional<String> incidentId, String dedupKey, State state,
            int attempts, Instant nextAttemptAt, Optional<String> claimedBy, Optional<String> lastError,
            Optional<String> externalRef) {
        public Entry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(incidentId, "incidentId");
            Objects.requireNonNull(dedupKey, "dedupKey");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
            Objects.requireNonNull(claimedBy, "claimedBy");
            Objects.requireNonNull(lastError, "lastError");
            Objects.requireNonNull(externalRef, "externalRef");
        }
    }

    private final Store store;
    private final String owner;
    private final Duration lease;

    /** @param owner names this dispatcher in {@code claimed_by} (host and process, say) */
    public StoreOutbox(Store store, String owner, Duration lease) {
        this.store = Objects.requireNonNull(store, "store");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.lease = Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
    }

    @Override
    public List<Row> claimDue(Instant now, int limit) {
        String lock = store.dialect() == Store.Dialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
        long until = now.plus(lease).toEpochMilli();
        return store.inTransaction(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, channel, payload, dedup_key, attempts FROM outbox"
                    + " WHERE state = 'pending' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, created_ms, id LIMIT ?"
                    + lock)) {
                ps.setLong(1, now.toEpochMilli());
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                    }
                }
            }
            if (!rows.isEmpty()) {
                // The claim counts as an attempt at once: if this dispatcher dies mid-delivery, the next one
                // sees attempts > 0 and the channel checks the receiver before sending again.
                try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET claimed_by = ?, lease_until_ms = ?,"
                        + " next_attempt_ms = ?, attempts = attempts + 1 WHERE id = ?")) {
                    for (Row r : rows) {
                        ps.setString(1, owner);
                        ps.setLong(2, until);
                        ps.setLong(3, until);
                        ps.setString(4, r.id());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return rows;
        });
    }

    @Override
    public boolean openingPending(String incidentId, String channel) {
        return store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM outbox WHERE channel = ? AND dedup_key = ? AND state = 'pending'")) {
                ps.setString(1, channel);
                ps.setString(2, Channels.openingKey(incidentId, channel));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public void markDelivered(String id, int attempts, String externalRef, Instant at) {
        update("UPDATE outbox SET state = 'delivered', attempts = ?, external_ref = ?, delivered_ms = ?,"
                + " claimed_by = NULL, lease_until_ms = NULL WHERE id = ? AND state = 'pending'", ps -> {
                    ps.setInt(1, attempts);
                    ps.setString(2, externalRef);
                    ps.setLong(3, at.toEpochMilli());
                    ps.setString(4, id);
                });
    }

    @Override
    public void markRetry(String id, int attempts, Instant nextAttemptAt, String reason) {
        update("UPDATE outbox SET attempts = ?, next_attempt_ms = ?, last_error = ?, claimed_by = NULL,"
                + " lease_until_ms = NULL WHERE id = ? AND state = 'pending'", ps -> {
                    ps.setInt(1, attempts);
                    ps.setLong(2, nextAttemptAt.toEpochMilli());
                    ps.setString(3, reason);
                    ps.setString(4, id);
                });
    }

    @Override
    public void markDead(String id, int attempts, String reason, Instant at) {
        update("UPDATE outbox SET state = 'dead', attempts = ?, last_error = ?, dead_reason = ?, claimed_by = NULL,"
                + " lease_until_ms = NULL WHERE id = ? AND state = 'pending'", ps -> {
                    ps.setInt(1, attempts);
                    ps.setString(2, reason);
                    ps.setString(3, reason);
                    ps.setString(4, id);
                });
    }

    @Override
    public Map<String, String> refs(String incidentId) {
        return store.inTransaction(c -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT channel, ref FROM external_ref WHERE incident_id = ?")) {
                ps.setString(1, incidentId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return Map.copyOf(out);
        });
    }

    @Override
    public void recordRef(String incidentId, String channel, String externalRef) {
        store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO external_ref (incident_id, channel, ref, created_ms)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (incident_id, channel) DO NOTHING")) {
                ps.setString(1, incidentId);
                ps.setString(2, channel);
                ps.setString(3, externalRef);
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Rows in {@code state}, oldest first, at most {@code limit} (1 to {@link #MAX_LIST}; otherwise {@code BAD_INPUT}). */
    public List<Entry> list(State state, int limit) {
        Objects.requireNonNull(state, "state");
        if (limit < 1 || limit > MAX_LIST) {
            throw PerfguardException.badInput("limit must be between 1 and " + MAX_LIST + ", was " + limit);
        }
        return store.inTransaction(c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT_ENTRY + " WHERE state = ? ORDER BY created_ms, dedup_key LIMIT ?")) {
                ps.setString(1, state.wireName());
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
            }
            return out;
        });
    }

    /** The row {@code id}, in whatever state. */
    public Optional<Entry> get(String id) {
        Objects.requireNonNull(id, "id");
        return store.inTransaction(c -> entry(c, id));
    }

    private static final String SELECT_ENTRY = "SELECT id, channel, incident_id, dedup_key, state, attempts,"
            + " next_attempt_ms, claimed_by, last_error, external_ref FROM outbox";

    private static Optional<Entry> entry(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_ENTRY + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        }
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                rs.getString(4), State.parse(rs.getString(5)), rs.getInt(6),
                Instant.ofEpochMilli(rs.getLong(7)), Optional.ofNullable(rs.getString(8)),
                Optional.ofNullable(rs.getString(9)), Optional.ofNullable(rs.getString(10)));
    }

    /** The number of rows in each state. */
    public Map<State, Long> counts() {
        return store.inTransaction(c -> {
            Map<State, Long> out = new java.util.EnumMap<>(State.class);
            for (State s : State.values()) {
                out.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM outbox GROUP BY state");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(State.parse(rs.getString(1)), rs.getLong(2));
                }
            }
            return out;
        });
    }

    /**
     * Sends a dead letter again: back to {@code pending}, due now, its attempts counted from zero; returns
     * the row as it is now. Its last error stays until the next attempt replaces it. {@code NOT_FOUND} when
     * there is no row {@code id}, {@code CONFLICT} when the row is not dead (pending or delivered): only dead
     * letters are sent again. The CLI ({@code perfguard outbox retry}) and the API share this.
     */
    public Entry retry(String id, Clock clock) {
        Objects.requireNonNull(id, "id");
        return store.inTransaction(c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'pending', attempts = 0,"
                    + " next_attempt_ms = ?, claimed_by = NULL, lease_until_ms = NULL WHERE id = ? AND state = 'dead'")) {
                ps.setLong(1, clock.millis());
                ps.setString(2, id);
                updated = ps.executeUpdate();
            }
            Entry e = entry(c, id).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND,
                    "no outbox message " + id + " (see 'perfguard outbox list')"));
            if (updated != 1) {
                throw new PerfguardException(ErrorCode.CONFLICT, "outbox message " + id + " is " + e.state().wireName()
                        + ", not dead: only dead letters can be retried");
            }
            return e;
        });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        store.inTransaction((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }
}
