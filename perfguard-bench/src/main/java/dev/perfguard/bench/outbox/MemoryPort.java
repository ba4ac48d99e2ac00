package dev.perfguard.bench.outbox;

import dev.perfguard.runbook.notify.Channels;
import dev.perfguard.runbook.notify.OutboxPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The reference port: rows in memory behind one lock, the same lease rule as the store. */
final class MemoryPort implements OutboxPort {
    private final Map<String, Object[]> rows = new LinkedHashMap<>(); // id → {Row, state, nextMs}
    private final Map<String, Map<String, String>> refs = new HashMap<>();

    synchronized void add(String channel, String payload, String dedupKey) {
        String id = UUID.randomUUID().toString();
        rows.put(id, new Object[] {new Row(id, channel, payload, dedupKey, 0), "pending", 0L});
    }

    @Override
    public synchronized List<Row> claimDue(Instant now, int limit) {
        List<Row> out = new ArrayList<>();
        for (Object[] r : rows.values()) {
            if (out.size() < limit && r[1].equals("pending") && (long) r[2] <= now.toEpochMilli()) {
                r[2] = now.toEpochMilli() + 120_000;
                out.add((Row) r[0]);
            }
        }
        return out;
    }

    @Override
    public synchronized boolean openingPending(String incidentId, String channel) {
        String key = Channels.openingKey(incidentId, channel);
        return rows.values().stream().anyMatch(r -> ((Row) r[0]).dedupKey().equals(key) && r[1].equals("pending"));
    }

    @Override
    public synchronized void markDelivered(String id, int attempts, String externalRef, Instant at) {
        rows.get(id)[1] = "delivered";
    }

    @Override
    public synchronized void markRetry(String id, int attempts, Instant nextAttemptAt, String reason) {
        rows.get(id)[2] = nextAttemptAt.toEpochMilli();
    }

    @Override
    public synchronized void markDead(String id, int attempts, String reason, Instant at) {
        rows.get(id)[1] = "dead";
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
