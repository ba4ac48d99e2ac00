package dev.perfguard.runbook.notify;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default channel when none is configured: logs one short line per message at INFO (its kind, the
 * incident and what it says; the message as the outbox stores it, often kilobytes, only at DEBUG), and writes one line for it on the incident's timeline as a {@code notification}
 * entry, so the embedded demo shows the notifications where the incident is read. Milestones are the
 * timeline's own entries, so they are logged only; a closed incident's timeline does not change, so the
 * closing message is logged only too.
 */
final class ConsoleChannel implements Channel {

    static final String NAME = "console";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleChannel.class);
    /** The longest headline logged, in characters. */
    private static final int HEADLINE = 160;

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
        LOG.info("notify console: {} {} {}{}{}", message.kind(), message.incidentId(), headline(message),
                message.incidentPage().map(p -> " " + p).orElse(""),
                context.attempt() > 1 ? " (attempt " + context.attempt() + ")" : "");
        if (LOG.isDebugEnabled()) {
            LOG.debug("notify console: {} (key {}): {}", message.kind(), context.dedupKey(), MessageCodec.toJson(message));
        }
        if (!(message instanceof Message.Milestone) && !(message instanceof Message.Closed)) {
            try {
                timeline.notified(message.incidentId(), describe(message));
            } catch (RuntimeException e) {
                return new Delivery.Retry(Duration.ZERO, "console: timeline not written: " + e.getMessage());
            }
        }
        return new Delivery.Delivered("console:" + context.dedupKey());
    }

    /**
     * What the log's one line says after the kind and the incident: an opening's service, its metric count
     * and the metric that moved most (relative to its value before); for the rest what would be sent.
     */
    static String headline(Message message) {
        String text = message instanceof Message.IncidentOpened m ? m.service() + ": " + m.metrics().size()
                + (m.metrics().size() == 1 ? " metric" : " metrics") + worst(m.metrics()) : what(message);
        String line = text.replace('\n', ' ').replace('\r', ' ');
        return line.length() <= HEADLINE ? line : line.substring(0, HEADLINE - 1) + "…";
    }

    private static String worst(List<Message.MetricRow> metrics) {
        return metrics.stream().filter(r -> r.before() != 0)
                .max(Comparator.comparingDouble(r -> Math.abs(r.delta() / r.before())))
                .map(r -> ", worst " + r.metric().replaceFirst("\\{.*$", "") + " " + Text.percent(r.before(), r.delta()))
                .orElse("");
    }

    /** One line saying what the configured channels would do with {@code message}. */
    static String describe(Message message) {
        return "console (no notify channel configured) would send: " + what(message);
    }

    private static String what(Message message) {
        return switch (message) {
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
