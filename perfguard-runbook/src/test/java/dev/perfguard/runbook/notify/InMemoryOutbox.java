package dev.perfguard.runbook.notify;

import dev.perfguard.runbook.incident.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our own in-memory implementation of {@link OutboxPort} for dispatcher tests: rows with a unique dedup
 * key, a claim that leases rows for five minutes, the recorded references, and a clock tests move.
 */
final class InMemoryOutbox implements OutboxPort {

    static final Duration LEASE = Duration.ofMinutes(5);

    enum State { PENDING, DELIVERED, DEAD }

    static final class Entry {
        final long id;
        final String channel;
        final String payload;
        final String dedupKey;
        State state = State.PENDING;
        int attempts;
        Instant nextAttemptAt;
        String lastReason = "";
        String externalRef = "";
        final List<Instant> retryAt = new ArrayList<>();

        Entry(long id, String channel, String payload, String dedupKey, Instant now) {
            this.id = id;
            this.channel = channel;
            this.payload = payload;
            this.dedupKey = dedupKey;
            this.nextAttemptAt = now;
        }
    }

    final MutableClock clock = new MutableClock(NotifyFixtures.at(60));
    final Map<Long, Entry> rows = new LinkedHashMap<>();
    final Map<String, Map<String, String>> refs = new HashMap<>();
    private long nextId = 1;

    synchronized void enqueue(Message message, Collection<Channel> channels) {
        for (Channels.Outbound o : Channels.route(message, channels)) {
            if (rows.values().stream().noneMatch(e -> e.dedupKey.equals(o.dedupKey()))) {
                long id = nextId++;
                rows.put(id, new Entry(id, o.channel(), o.payloadJson(), o.dedupKey(), clock.instant()));
            }
        }
    }

    synchronized void insertRaw(String channel, String payload, String dedupKey) {
        long id = nextId++;
        rows.put(id, new Entry(id, channel, payload, dedupKey, clock.instant()));
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    synchronized Entry byKey(String dedupKey) {
        return rows.values().stream().filter(e -> e.dedupKey.equals(dedupKey)).findFirst().orElseThrow();
    }

    synchronized List<String> reasons() {
        return rows.values().stream().map(e -> e.lastReason).filter(r -> !r.isEmpty()).toList();
    }

    synchronized long count(State state) {
        return rows.values().stream().filter(e -> e.state == state).count();
    }

    @Override
    public synchronized List<Row> claimDue(Instant now, int limit) {
        List<Row> out = new ArrayList<>();
        for (Entry e : rows.values()) {
            if (out.size() < limit && e.state == State.PENDING && !e.nextAttemptAt.isAfter(now)) {
                e.nextAttemptAt = now.plus(LEASE);
                out.add(new Row(String.valueOf(e.id), e.channel, e.payload, e.dedupKey, e.attempts));
                e.attempts++;
            }
        }
        return out;
    }

    @Override
    public synchronized boolean openingPending(String incidentId, String channel) {
        String key = Channels.openingKey(incidentId, channel);
        return rows.values().stream().anyMatch(e -> e.dedupKey.equals(key) && e.state == State.PENDING);
    }

    @Override
    public synchronized void markDelivered(String id, int attempts, String externalRef, Instant at) {
        Entry e = rows.get(Long.parseLong(id));
        e.state = State.DELIVERED;
        e.attempts = attempts;
        e.externalRef = externalRef;
    }

    @Override
    public synchronized void markRetry(String id, int attempts, Instant nextAttemptAt, String reason) {
        Entry e = rows.get(Long.parseLong(id));
        e.attempts = attempts;
        e.nextAttemptAt = nextAttemptAt;
        e.lastReason = reason;
        e.retryAt.add(nextAttemptAt);
    }

    @Override
    public synchronized void markDead(String id, int attempts, String reason, Instant at) {
        Entry e = rows.get(Long.parseLong(id));
        e.state = State.DEAD;
        e.attempts = attempts;
        e.lastReason = reason;
    }

    @Override
    public synchronized Map<String, String> refs(String incidentId) {
        return Map.copyOf(refs.getOrDefault(incidentId, Map.of()));
    }

    @Override
    public synchronized void markOpeningDelivered(String id, int attempts, String incidentId, String channel, String externalRef,
            Instant at) {
        markDelivered(id, attempts, externalRef, at);
        refs.computeIfAbsent(incidentId, k -> new HashMap<>()).putIfAbsent(channel, externalRef);
    }
}
