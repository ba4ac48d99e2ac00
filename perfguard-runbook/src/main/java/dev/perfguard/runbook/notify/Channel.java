package dev.perfguard.runbook.notify;

import java.net.URI;
import java.util.Optional;

/**
 * One notification target: Jira, PagerDuty, Slack, Grafana or the console. Implementations are
 * thread-safe, never throw for a remote failure (they answer {@link Delivery.Retry} or
 * {@link Delivery.Permanent}), send requests only to their configured base URL, and never put a secret
 * into a log line or a {@link Delivery} reason.
 *
 * <p>Delivery is at least once: the dispatcher may call {@link #deliver} again for a message that was
 * in fact received (a crash after the request, a timeout). Each channel makes that harmless where its
 * API allows: Jira looks for the issue by its unique label before creating it again and for a comment's
 * marker before commenting again, PagerDuty deduplicates by {@code dedup_key}, Slack updates the stored
 * message with {@code chat.update}.
 */
public interface Channel {

    /** The channel's name as the outbox stores it: {@code jira}, {@code pagerduty}, {@code slack}, {@code grafana}, {@code console}. */
    String name();

    /** Whether this channel has something to do for {@code message}; the router enqueues it only then. */
    boolean handles(Message message);

    /** Delivers one message; {@code context} says which attempt this is and what earlier deliveries made. */
    Delivery deliver(Message message, DeliveryContext context);

    /**
     * {@code text} with this channel's secrets taken out in every form perfguard sends them in; the dispatcher
     * puts every reason through this before it stores or logs it.
     */
    default String redact(String text) {
        return text;
    }

    /** A link a person can open for a reference this channel returned (the Jira issue's browse URL). */
    default Optional<URI> linkFor(String externalRef) {
        return Optional.empty();
    }
}
