package dev.perfguard.runbook.incident;

import java.time.Instant;
import java.util.Optional;

/**
 * An outbound effect waiting in the outbox: written in the same transaction as the incident change
 * that caused it. {@code channel} is {@code console} until the notification channels (issue 6)
 * exist; {@code dedupKey} is unique per channel, so a retried command never queues a message twice.
 */
public record OutboxMessage(String id, String channel, Optional<String> incidentId, String dedupKey, String payload,
        String state, int attempts, Instant nextAttemptAt, Instant createdAt) {}
