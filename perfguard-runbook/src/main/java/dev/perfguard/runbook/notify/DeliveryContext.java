package dev.perfguard.runbook.notify;

import java.util.Objects;

/**
 * What a channel knows besides the message when it delivers: the attempt number (1 for the first try),
 * the outbox row's dedup key (used as an idempotency marker), and the references earlier deliveries for
 * the same incident produced.
 */
public record DeliveryContext(int attempt, String dedupKey, ExternalRefs refs) {
    public DeliveryContext {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(refs, "refs");
    }

    public static DeliveryContext first(String dedupKey) {
        return new DeliveryContext(1, dedupKey, ExternalRefs.none());
    }
}
