package dev.perfguard.runbook.notify;

import dev.perfguard.core.incident.ArtefactRef;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Turns an incident change into routed outbox rows, on the caller's connection and so in the caller's
 * transaction (the incident change and its messages commit or roll back together).
 *
 * <p>Messages per new timeline entry: the {@code opened} entry gives {@link Message.IncidentOpened},
 * the {@code closed} entry {@link Message.Closed}, a {@code decision} entry
 * {@link Message.MitigationDecided} (and {@link Message.DevOpsDmNeeded} when the decision needs DevOps),
 * the first transition {@link Message.Acknowledged}; a load-test request adds
 * {@link Message.LoadTestSlotRequested} and a new artefact {@link Message.ArtefactAdded} to the
 * {@link Message.Milestone} every other entry gives; {@code notification} entries give none. Each message becomes one row per channel that handles it
 * ({@link Channels#route}); a row whose {@code (channel, dedup key)} is already there is skipped. Routing made
 * with {@link IncidentPages} ({@code server.public_url}) stores each message with its incident's page link.
 */
public final class OutboxRouting {

    private final List<Channel> channels;
    private final Optional<IncidentPages> pages;

    private OutboxRouting() {
        this.channels = List.of();
        this.pages = Optional.empty();
    }

    private OutboxRouting(Collection<Channel> channels, Optional<IncidentPages> pages) {
        this.channels = List.copyOf(channels);
        if (this.channels.isEmpty()) {
            throw new IllegalArgumentException("routing needs at least one channel");
        }
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    /** Routes to {@code channels} (what {@link Channels#create} built from the configuration). */
    public static OutboxRouting to(Collection<Channel> channels) {
        return new OutboxRouting(channels, Optional.empty());
    }

    /**
     * Routes to {@code channels}, each message built linking to its incident's page among {@code pages} (when
     * {@code server.public_url} is configured).
     */
    public static OutboxRouting to(Collection<Channel> channels, Optional<IncidentPages> pages) {
        return new OutboxRouting(channels, pages);
    }

    /** Routes nothing: for writers whose entries never produce messages (the console channel's notes). */
    public static OutboxRouting none() {
        return new OutboxRouting();
    }

    /** The default: the console channel alone. */
    public static OutboxRouting console() {
        return new OutboxRouting(List.of(Channels.console()), Optional.empty());
    }

    /** The names of the channels routed to. */
    public List<String> channelNames() {
        return channels.stream().map(Channel::name).toList();
    }

    /**
     * The messages for the timeline entries {@code added} by one change from {@code before} (empty when the
     * change opened the incident) to {@code after}.
     */
    public static List<Message> messages(Optional<Incident> before, Incident after, List<TimelineEntry> added) {
        List<Message> out = new ArrayList<>();
        int loadTestsBefore = before.map(b -> b.loadTests().size()).orElse(0);
        Set<String> artefactsBefore = new HashSet<>();
        before.ifPresent(b -> b.artefacts().forEach(a -> artefactsBefore.add(a.name())));
        // every transition leaves open and none returns to it, so "moved before" is "not open before";
        // the incident value holds only the newest timeline entries
        boolean transitionedBefore = before.map(b -> b.state() != IncidentState.OPEN).orElse(false);
        for (TimelineEntry e : added) {
            switch (e.kind()) {
                case OPENED -> out.add(Messages.opened(after));
                case CLOSED -> out.add(after.closure().isPresent() ? Messages.closed(after) : Messages.milestone(after, e));
                case DECISION -> {
                    if (after.decision().isPresent()) {
                        out.add(Messages.decided(after));
                        Messages.devopsDm(after).ifPresent(out::add);
                    } else {
                        out.add(Messages.milestone(after, e));
                    }
                }
                case TRANSITION -> {
                    if (!transitionedBefore) {
                        // The first move out of open: someone took the incident (PagerDuty acknowledge, Jira
                        // "in progress" with a comment, the Slack alert updated), in place of a plain milestone.
                        out.add(Messages.acknowledged(after, e.who(), e.at()));
                        transitionedBefore = true;
                    } else {
                        out.add(Messages.milestone(after, e));
                    }
                }
                case LOAD_TEST -> {
                    out.add(Messages.milestone(after, e));
                    while (loadTestsBefore < after.loadTests().size()) {
                        out.add(Messages.loadTestRequested(after, ++loadTestsBefore));
                    }
                }
                case ARTEFACT -> {
                    out.add(Messages.milestone(after, e));
                    for (ArtefactRef a : after.artefacts()) {
                        if (artefactsBefore.add(a.name())) {
                            out.add(Messages.artefactAdded(after, a));
                        }
                    }
                }
                // What the channels report back (the console channel's entries) is not sent again.
                case NOTIFICATION -> { }
                default -> out.add(Messages.milestone(after, e));
            }
        }
        return out;
    }

    /** Inserts the routed rows for the entries {@code added} by this change; the caller's transaction. */
    public void write(Handle h, Optional<Incident> before, Incident incident, List<TimelineEntry> added, Instant now) {
        Objects.requireNonNull(incident, "incident");
        List<Channels.Outbound> rows = new ArrayList<>();
        for (Message m : messages(before, incident, added)) {
            Message linked = pages.map(p -> m.withIncidentPage(p.of(m.incidentId()))).orElse(m);
            rows.addAll(Channels.route(linked, channels));
        }
        OutboxSql.insert(h, incident.id(), rows, now);
    }

    /**
     * Inserts the rows of one {@code message} routed to these channels, pending and due at {@code now}, in the
     * caller's transaction; a row whose {@code (channel, dedup key)} is there already is skipped. For writers
     * outside an incident change: tests and the outbox benchmark fill the outbox with it.
     */
    public void enqueue(Handle h, Message message, Instant now) {
        Objects.requireNonNull(message, "message");
        OutboxSql.insert(h, message.incidentId(), Channels.route(message, channels), now);
    }
}
