package dev.perfguard.runbook.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default channel when none is configured: logs what would be sent (the message as the outbox
 * stores it) at INFO and reports it delivered, so the embedded demo shows the notifications.
 */
final class ConsoleChannel implements Channel {

    static final String NAME = "console";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleChannel.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Message message) {
        return true;
    }

    @Override
    public Delivery deliver(Message message, DeliveryContext context) {
        LOG.info("notify console: {} for {} (attempt {}, key {}): {}", message.kind(), message.incidentId(),
                context.attempt(), context.dedupKey(), MessageCodec.toJson(message));
        return new Delivery.Delivered("console:" + context.dedupKey());
    }

    @Override
    public String toString() {
        return "console";
    }
}
