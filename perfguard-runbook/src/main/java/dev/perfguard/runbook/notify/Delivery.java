package dev.perfguard.runbook.notify;

import dev.perfguard.core.retry.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * What happened when a channel tried to deliver a message. A channel never throws for a remote
 * failure; it answers with one of these, and the dispatcher acts on it.
 */
public sealed interface Delivery {

    /**
     * The receiver took the message. {@code externalRef} identifies what it made or touched: the Jira
     * issue key, {@code channel/ts} of a Slack message, the PagerDuty dedup key, a Grafana annotation id.
     */
    record Delivered(String externalRef) implements Delivery {
        public Delivered {
            Objects.requireNonNull(externalRef, "externalRef");
        }
    }

    /**
     * Try again later: a 5xx, 408 or 429, a connection error, Slack's {@code ratelimited}. {@code after} is
     * the wait the server asked for ({@code Retry-After}), {@link Duration#ZERO} when it asked for none;
     * {@link Backoff} uses it as a floor.
     */
    record Retry(Duration after, String reason) implements Delivery {
        public Retry {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(reason, "reason");
            if (after.isNegative()) {
                after = Duration.ZERO;
            }
        }
    }

    /** Retrying cannot help (a 4xx other than 408 and 429, an invalid token, an unknown channel): a dead letter. */
    record Permanent(String reason) implements Delivery {
        public Permanent {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
