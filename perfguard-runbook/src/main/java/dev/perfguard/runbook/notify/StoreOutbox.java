package dev.perfguard.runbook.notify;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
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
        boolean skipLocked = store.dialect() == Store.Dialect.POSTGRES;
        Instant until = now.plus(lease);
        return store.inTransaction(h -> {
            List<Row> rows = OutboxSql.due(h, now, limit, skipLocked);
            // The claim counts as an attempt at once: if this dispatcher dies mid-delivery, the next one
            // sees attempts > 0 and the channel checks the receiver before sending again.
            OutboxSql.lease(h, rows, owner, until);
            return rows;
        });
    }

    @Override
    public boolean openingPending(String incidentId, String channel) {
        return store.inAutoCommit(h -> OutboxSql.pending(h, channel, Channels.openingKey(incidentId, channel)));
    }

    @Override
    public void markDelivered(String id, int attempts, String externalRef, Instant at) {
        store.inAutoCommit(h -> {
            OutboxSql.markDelivered(h, id, attempts, externalRef, at);
            return null;
        });
    }

    @Override
    public void markRetry(String id, int attempts, Instant nextAttemptAt, String reason) {
        store.inAutoCommit(h -> {
            OutboxSql.markRetry(h, id, attempts, nextAttemptAt, reason);
            return null;
        });
    }

    @Override
    public void markDead(String id, int attempts, String reason, Instant at) {
        store.inAutoCommit(h -> {
            OutboxSql.markDead(h, id, attempts, reason);
            return null;
        });
    }

    @Override
    public Map<String, String> refs(String incidentId) {
        return store.inAutoCommit(h -> OutboxSql.refs(h, incidentId));
    }

    @Override
    public void markOpeningDelivered(String id, int attempts, String incidentId, String channel, String externalRef, Instant at) {
        store.inTransaction(h -> {
            OutboxSql.markDelivered(h, id, attempts, externalRef, at);
            OutboxSql.insertRef(h, incidentId, channel, externalRef, at);
            return null;
        });
    }

    /** Rows in {@code state}, oldest first, at most {@code limit} (1 to {@link #MAX_LIST}; otherwise {@code BAD_INPUT}). */
    public List<Entry> list(State state, int limit) {
        Objects.requireNonNull(state, "state");
        if (limit < 1 || limit > MAX_LIST) {
            throw PerfguardException.badInput("limit must be between 1 and " + MAX_LIST + ", was " + limit);
        }
        return store.inAutoCommit(h -> OutboxSql.entries(h, state.wireName(), limit)).stream().map(StoreOutbox::entry).toList();
    }

    /** The row {@code id}, in whatever state. */
    public Optional<Entry> get(String id) {
        Objects.requireNonNull(id, "id");
        return store.inAutoCommit(h -> OutboxSql.entry(h, id)).map(StoreOutbox::entry);
    }

    /** The number of rows in each state. */
    public Map<State, Long> counts() {
        return store.inTransaction(h -> {
            Map<State, Long> out = new EnumMap<>(State.class);
            for (State s : State.values()) {
                out.put(s, 0L);
            }
            OutboxSql.counts(h).forEach((state, n) -> out.put(State.parse(state), n));
            return out;
        });
    }

    /** How many rows of {@code channel} are in {@code state}. */
    public record ChannelCount(String channel, State state, long count) {}

    /** The backlog (pending rows) and the dead letters of each channel that has any; one statement, on the {@code state} index. */
    public List<ChannelCount> backlog() {
        return store.inAutoCommit(OutboxSql::channelCounts);
    }

    /**
     * Sends a dead letter again: back to {@code pending}, due now, its attempts counted from zero; returns
     * the row as it is now. Its last error stays until the next attempt replaces it. {@code NOT_FOUND} when
     * there is no row {@code id}, {@code CONFLICT} when the row is not dead (pending or delivered): only dead
     * letters are sent again. The CLI ({@code perfguard outbox retry}) and the API share this.
     */
    public Entry retry(String id, Clock clock) {
        Objects.requireNonNull(id, "id");
        return store.inTransaction(h -> {
            boolean retried = OutboxSql.retryDead(h, id, clock.instant());
            Entry e = OutboxSql.entry(h, id).map(StoreOutbox::entry).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND,
                    "no outbox message " + id + " (see 'perfguard outbox list')"));
            if (!retried) {
                throw new PerfguardException(ErrorCode.CONFLICT, "outbox message " + id + " is " + e.state().wireName()
                        + ", not dead: only dead letters can be retried");
            }
            return e;
        });
    }

    private static Entry entry(OutboxSql.EntryRow r) {
        return new Entry(r.id(), r.channel(), r.incidentId(), r.dedupKey(), State.parse(r.state()), r.attempts(),
                Instant.ofEpochMilli(r.nextAttemptMs()), r.claimedBy(), r.lastError(), r.externalRef());
    }
}
