package dev.perfguard.runbook.notify;

import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.TimelineEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns an incident change into routed outbox rows, on the caller's connection and so in the caller's
 * transaction (the incident change and its messages commit or roll back together).
 *
 * <p>One message per new timeline entry: the {@code opened} entry gives {@link Message.IncidentOpened},
 * the {@code closed} entry {@link Message.Closed}, a {@code decision} entry
 * {@link Message.MitigationDecided} (and {@link Message.DevOpsDmNeeded} when the decision needs DevOps),
 * every other entry a {@link Message.Milestone}. Each message becomes one row per channel that handles it
 * ({@link Channels#route}); a row whose {@code (channel, dedup key)} is already there is skipped.
 */
public final class OutboxRouting {

    private final List<Channel> channels;

    private OutboxRouting(Collection<Channel> channels) {
        this.channels = List.copyOf(channels);
        if (this.channels.isEmpty()) {
            throw new IllegalArgumentException("routing needs at least one channel");
        }
    }

    /** Routes to {@code channels} (what {@link Channels#create} built from the configuration). */
    public static OutboxRouting to(Collection<Channel> channels) {
        return new OutboxRouting(channels);
    }

    /** The default: the console channel alone. */
    public static OutboxRouting console() {
        return new OutboxRouting(List.of(Channels.console()));
    }

    /** The names of the channels routed to. */
    public List<String> channelNames() {
        return channels.stream().map(Channel::name).toList();
    }

    /** The messages for the timeline entries {@code added} to {@code incident} by one change. */
    public static List<Message> messages(Incident incident, List<TimelineEntry> added) {
        List<Message> out = new ArrayList<>();
        for (TimelineEntry e : added) {
            switch (e.kind()) {
                case OPENED -> out.add(Messages.opened(incident));
                case CLOSED -> out.add(incident.closure().isPresent() ? Messages.closed(incident) : Messages.milestone(incident, e));
                case DECISION -> {
                    if (incident.decision().isPresent()) {
                        out.add(Messages.decided(incident));
                        Messages.devopsDm(incident).ifPresent(out::add);
                    } else {
                        out.add(Messages.milestone(incident, e));
                    }
                }
                default -> out.add(Messages.milestone(incident, e));
            }
        }
        return out;
    }

    /** Inserts the routed rows for the entries {@code added} by this change; the caller's transaction. */
    public void write(Connection c, Incident incident, List<TimelineEntry> added, Instant now) throws SQLException {
        Objects.requireNonNull(incident, "incident");
        List<Channels.Outbound> rows = new ArrayList<>();
        for (Message m : messages(incident, added)) {
            rows.addAll(Channels.route(m, channels));
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (id, channel, incident_id, dedup_key, payload,"
                + " state, attempts, next_attempt_ms, created_ms) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)"
                + " ON CONFLICT (channel, dedup_key) DO NOTHING")) {
            for (Channels.Outbound o : rows) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, o.channel());
                ps.setString(3, incident.id());
                ps.setString(4, o.dedupKey());
                ps.setString(5, o.payloadJson());
                ps.setLong(6, now.toEpochMilli());
                ps.setLong(7, now.toEpochMilli());
                ps.executeUpdate();
            }
        }
    }
}
