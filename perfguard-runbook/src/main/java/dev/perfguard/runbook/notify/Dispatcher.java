package dev.perfguard.runbook.notify;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.retry.Backoff;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers claimed outbox rows through their channels and records the outcome: delivered, retry later
 * ({@link Backoff} with full jitter, never sooner than the server's {@code Retry-After}), or dead letter
 * (a permanent failure, an unknown channel, an undecodable payload, or retries used up).
 *
 * <p>Ordering between channels: an incident's opening is held back on the other channels (up to
 * {@code ticketWaitAttempts} tries, {@code ticketWait} apart) until Jira has made the ticket, so the
 * page and the Slack alert carry the ticket link; if Jira stays down they go out without it. The
 * references an opening produced (issue key, Slack {@code ts}) are recorded through the port for the
 * messages that follow, and every other message about the incident waits on a channel until the opening
 * has left the outbox there (delivered or dead).
 *
 * <p>Not thread-safe; run one per thread (replicas coordinate through {@link OutboxPort#claimDue}).
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** How long a message waits before looking again whether its incident's opening went out on its channel. */
    static final Duration FOLLOW_OPENING = Duration.ofSeconds(1);

    private final OutboxPort port;
    private final Map<String, Channel> channels;
    private final Backoff backoff;
    private final Random random;
    private final Clock clock;
    private final int batchSize;
    private final int ticketWaitAttempts;
    private final Duration ticketWait;

    public Dispatcher(OutboxPort port, Map<String, Channel> channels, Backoff backoff, Random random, Clock clock,
            int batchSize, int ticketWaitAttempts, Duration ticketWait) {
        this.port = Objects.requireNonNull(port, "port");
        this.channels = Map.copyOf(channels);
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
        if (ticketWaitAttempts < 0) {
            throw new IllegalArgumentException("ticketWaitAttempts must not be negative, was " + ticketWaitAttempts);
        }
        this.ticketWaitAttempts = ticketWaitAttempts;
        this.ticketWait = Objects.requireNonNull(ticketWait, "ticketWait");
    }

    /** The defaults of {@code perfguard serve}: batches of 50, the opening waits up to 3 × 30 s for the ticket. */
    public static Dispatcher withDefaults(OutboxPort port, Map<String, Channel> channels, Clock clock) {
        return new Dispatcher(port, channels, Backoff.DEFAULT, new Random(), clock, 50, 3, Duration.ofSeconds(30));
    }

    /** What one pass did. */
    public record Report(int claimed, int delivered, int retried, int dead) {}

    /** Claims the rows due now and delivers each once. */
    public Report runOnce() {
        List<OutboxPort.Row> rows = port.claimDue(clock.instant(), batchSize);
        int delivered = 0;
        int retried = 0;
        int dead = 0;
        for (OutboxPort.Row row : rows) {
            switch (handle(row)) {
                case DELIVERED -> delivered++;
                case RETRY -> retried++;
                case DEAD -> dead++;
            }
        }
        return new Report(rows.size(), delivered, retried, dead);
    }

    private enum Outcome { DELIVERED, RETRY, DEAD }

    private Outcome handle(OutboxPort.Row row) {
        int attempt = row.attempts() + 1;
        Message message;
        try {
            message = MessageCodec.fromJson(row.payloadJson());
        } catch (PerfguardException e) {
            return dead(row, attempt, "undecodable payload: " + e.getMessage());
        }
        Channel channel = channels.get(row.channel());
        if (channel == null) {
            return dead(row, attempt, "channel " + row.channel() + " is not configured (configured: "
                    + channels.keySet().stream().sorted().toList() + ")");
        }
        Map<String, String> refs = port.refs(message.incidentId());
        Channel jira = channels.get(JiraChannel.NAME);
        Optional<URI> ticket = Channels.ticket(channels, refs);
        Instant now = clock.instant();
        if (!(message instanceof Message.IncidentOpened) && port.openingPending(message.incidentId(), channel.name())) {
            // Nothing about an incident goes out on a channel before its opening there (an acknowledge
            // before the trigger, a chat.update before the post); this wait is not an attempt.
            port.markRetry(row.id(), row.attempts(), now.plus(FOLLOW_OPENING), "waiting for the opening on " + channel.name());
            return Outcome.RETRY;
        }
        if (message instanceof Message.IncidentOpened && jira != null && !channel.name().equals(JiraChannel.NAME)
                && ticket.isEmpty() && attempt <= ticketWaitAttempts) {
            port.markRetry(row.id(), attempt, now.plus(ticketWait), "waiting for the Jira ticket");
            return Outcome.RETRY;
        }
        Delivery delivery;
        try {
            delivery = channel.deliver(message, new DeliveryContext(attempt, row.dedupKey(), new ExternalRefs(refs, ticket)));
        } catch (RuntimeException e) {
            LOG.warn("notify {}: channel {} failed on {} ({}); will retry", row.dedupKey(), channel.name(), message.kind(),
                    e.getClass().getName());
            delivery = new Delivery.Retry(Duration.ZERO, channel.name() + " failed: " + e.getClass().getSimpleName());
        }
        return switch (delivery) {
            case Delivery.Delivered d -> {
                if (message instanceof Message.IncidentOpened) {
                    port.markOpeningDelivered(row.id(), attempt, message.incidentId(), channel.name(), d.externalRef(), now);
                } else {
                    port.markDelivered(row.id(), attempt, d.externalRef(), now);
                }
                LOG.info("notify {}: delivered ({})", row.dedupKey(), d.externalRef());
                yield Outcome.DELIVERED;
            }
            case Delivery.Retry r -> {
                if (!backoff.mayRetry(attempt)) {
                    yield dead(row, attempt, "gave up after " + attempt + " attempts: " + r.reason());
                }
                Duration wait = backoff.delay(attempt, r.after(), random);
                String reason = redact(r.reason());
                port.markRetry(row.id(), attempt, now.plus(wait), reason);
                LOG.info("notify {}: attempt {} failed, retry in {}: {}", row.dedupKey(), attempt, wait, reason);
                yield Outcome.RETRY;
            }
            case Delivery.Permanent p -> dead(row, attempt, p.reason());
        };
    }

    private Outcome dead(OutboxPort.Row row, int attempt, String vendorReason) {
        String reason = redact(vendorReason);
        port.markDead(row.id(), attempt, reason, clock.instant());
        LOG.warn("notify {}: dead letter after {} attempt(s): {}", row.dedupKey(), attempt, reason);
        return Outcome.DEAD;
    }

    /** {@code reason} with every channel's secrets taken out, whichever channel's text it holds. */
    private String redact(String reason) {
        String out = reason;
        for (Channel c : channels.values()) {
            out = c.redact(out);
        }
        return out;
    }
}
