package dev.perfguard.runbook.notify;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default channel when none is configured: logs what would be sent (the message as the outbox
 * stores it) at INFO, and writes one line for it on the incident's timeline as a {@code notification}
 * entry, so the embedded demo shows the notifications where the incident is read. Milestones are the
 * timeline's own entries, so they are logged only; a closed incident's timeline does not change, so the
 * closing message is logged only too.
 */
final class ConsoleChannel implements Channel {

    static final String NAME = "console";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleChannel.class);

    private final Timeline timeline;

    ConsoleChannel(Timeline timeline) {
        this.timeline = Objects.requireNonNull(timeline, "timeline");
    }

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
        if (!(message instanceof Message.Milestone) && !(message instanceof Message.Closed)) {
            try {
                timeline.notified(message.incidentId(), describe(message));
            } catch (RuntimeException e) {
                return new Delivery.Retry(Duration.ZERO, "console: timeline not written: " + e.getMessage());
            }
        }
        return new Delivery.Delivered("console:" + context.dedupKey());
    }

    /** One line saying what the configured channels would do with {@code message}. */
    static String describe(Message message) {
        return "console (no notify channel configured) would send: " + switch (message) {
            case Message.IncidentOpened m -> "ticket, page, alert and annotation \"" + m.summary() + "\" (squad "
                    + m.squad() + ", " + m.metrics().size() + " metric(s), " + m.panels().size() + " panel link(s))";
            case Message.Acknowledged m -> "acknowledgement by " + m.by() + " at " + Text.time(m.at());
            case Message.Milestone m -> "ticket comment \"" + m.what() + "\"";
            case Message.MitigationDecided m -> "decision " + m.branch() + m.containment().map(c -> " (" + c + ")").orElse("")
                    + " by " + m.decidedBy() + " with " + m.tasks().size() + " task(s)";
            case Message.DevOpsDmNeeded m -> "DM to the DevOps on-call: decision " + m.branch()
                    + " needs infrastructure support or a flag toggle";
            case Message.LoadTestSlotRequested m -> "load-test slot request " + m.number() + " to DevOps: "
                    + String.join(", ", m.scenarios()) + " at concurrency " + m.concurrency() + ", data refresh "
                    + m.dataRefresh() + ", start " + Text.time(m.start());
            case Message.ArtefactAdded m -> "ticket attachment " + m.name() + " (" + m.sizeBytes() + " bytes)";
            case Message.Closed m -> "resolution by " + m.closedBy() + ": " + m.basis();
        };
    }

    @Override
    public String toString() {
        return "console";
    }
}
