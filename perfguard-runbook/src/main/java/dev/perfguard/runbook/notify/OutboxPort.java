package dev.perfguard.runbook.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link Dispatcher} needs from the outbox table. The store implements it; rows are
 * {@code (id, channel, payload JSON, dedup key, state, attempts, next_attempt_at)}.
 *
 * <p>Contract: {@link #claimDue} returns pending rows with {@code next_attempt_at <= now} and makes them
 * invisible to other claimers until this dispatcher marks them or a lease runs out (PostgreSQL:
 * {@code FOR UPDATE SKIP LOCKED} and pushing {@code next_attempt_at} forward by the lease in the same
 * transaction; SQLite: one writer, the same update), so two replicas never deliver one row at once, and a
 * dispatcher that crashed mid-delivery leaves its rows to be claimed again after the lease (at-least-once).
 * Each {@code mark*} call is its own short transaction.
 */
public interface OutboxPort {

    /**
     * One claimed row; {@code attempts} counts the deliveries tried before this claim, including claims whose
     * dispatcher never reported back (it crashed mid-delivery): a claim counts as an attempt when it is made.
     */
    record Row(String id, String channel, String payloadJson, String dedupKey, int attempts) {
        public Row {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(payloadJson, "payloadJson");
            Objects.requireNonNull(dedupKey, "dedupKey");
            if (attempts < 0) {
                throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
            }
        }
    }

    List<Row> claimDue(Instant now, int limit);

    /** Whether the incident's opening message on {@code channel} is still waiting to be delivered. */
    boolean openingPending(String incidentId, String channel);

    /** Delivered: state {@code delivered}, {@code attempts} as given, the channel's reference kept. */
    void markDelivered(String id, int attempts, String externalRef, Instant at);

    /** Failed for now: state stays pending, {@code attempts} as given, next try at {@code nextAttemptAt}. */
    void markRetry(String id, int attempts, Instant nextAttemptAt, String reason);

    /** A dead letter: state {@code dead}, kept with its reason for the CLI and API (and a retry command). */
    void markDead(String id, int attempts, String reason, Instant at);

    /** The references recorded for an incident by channel ({@code jira → PERF-24}, {@code slack → C1/1700000000.1}). */
    Map<String, String> refs(String incidentId);

    /**
     * An incident's opening delivered on {@code channel}: as {@link #markDelivered}, and {@code externalRef}
     * recorded as the incident's reference there (the first one recorded wins), in one step, so a crash
     * cannot keep the delivery and lose the reference that the incident's later messages need.
     */
    void markOpeningDelivered(String id, int attempts, String incidentId, String channel, String externalRef, Instant at);
}
