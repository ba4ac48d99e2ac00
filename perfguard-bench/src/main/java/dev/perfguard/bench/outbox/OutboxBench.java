package dev.perfguard.bench.outbox;

import com.sun.net.httpserver.HttpServer;
import dev.perfguard.core.retry.Backoff;
import dev.perfguard.runbook.notify.Channel;
import dev.perfguard.runbook.notify.Channels;
import dev.perfguard.runbook.notify.Dispatcher;
import dev.perfguard.runbook.notify.Message;
import dev.perfguard.runbook.notify.NotifySettings;
import dev.perfguard.runbook.notify.OutboxPort;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Outbox throughput: N incident-opened messages delivered by the {@link Dispatcher} to a local
 * PagerDuty-shaped receiver (POST /v2/enqueue, 202), through an in-memory port (the reference: no
 * database), a SQLite store (one dispatcher and two) and a PostgreSQL store (one and two dispatchers,
 * {@code --jdbc}). Each run counts the deliveries per dedup key at the receiver and fails if any was
 * delivered twice or not at all. Prints a Markdown table with ratios to the in-memory reference.
 *
 * <p>Usage: {@code OutboxBench [--messages N] [--jdbc URL]}
 */
public final class OutboxBench {

    private static final String KEY = "B3NCHROUTINGKEY00000000000000001";
    private static final Pattern DEDUP = Pattern.compile("\"dedup_key\"\\s*:\\s*\"([^\"]+)\"");

    private OutboxBench() {}

    /** The receiver: counts each dedup key it acknowledged. */
    static final class Receiver implements AutoCloseable {
        final Map<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
        final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/v2/enqueue", ex -> {
                try (ex) {
                    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    Matcher m = DEDUP.matcher(body);
                    String key = m.find() ? m.group(1) : "";
                    perKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    byte[] reply = ("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + key + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(202, reply.length);
                    ex.getResponseBody().write(reply);
                }
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The reference port: rows in memory behind one lock, the same lease rule as the store. */
    static final class MemoryPort implements OutboxPort {
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
        public synchronized void recordRef(String incidentId, String channel, String externalRef) {
            refs.computeIfAbsent(incidentId, k -> new HashMap<>()).putIfAbsent(channel, externalRef);
        }
    }

    static Message.IncidentOpened message(int i) {
        return new Message.IncidentOpened("INC-" + i, "theo-engine-web", "lighthouse.lcp_ms", Instant.parse("2026-11-27T08:00:00Z"),
                List.of(new Message.MetricRow("lighthouse.lcp_ms{page=/,preset=mobile}", "lighthouse (5 runs)", 2100, 3400,
                        "ms", List.of())), List.of(), List.of(), List.of(), "web-perf");
    }

    record Result(String name, int dispatchers, int messages, double seconds, int maxPerKey, int keys) {
        double perSecond() {
            return messages / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int n = 2000;
        String jdbc = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--messages" -> n = Integer.parseInt(args[++i]);
                case "--jdbc" -> jdbc = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<Result> results = new ArrayList<>();
        Path dir = Files.createTempDirectory("perfguard-bench-outbox");
        // warm-up: the same path once, small, not reported
        run("warm-up", Math.max(1, n / 10), 1, null, null);
        results.add(run("in-memory port (reference)", n, 1, null, null));
        results.add(run("in-memory port (reference)", n, 2, null, null));
        results.add(run("SQLite", n, 1, new Store.Location.Sqlite(dir.resolve("a.db")), null));
        results.add(run("SQLite", n, 2, new Store.Location.Sqlite(dir.resolve("b.db")), null));
        if (jdbc != null) {
            results.add(run("PostgreSQL", n, 1, new Store.Location.Postgres(jdbc, "bench_a_" + System.nanoTime()), null));
            results.add(run("PostgreSQL", n, 2, new Store.Location.Postgres(jdbc, "bench_b_" + System.nanoTime()), null));
        }
        double ref = results.get(0).perSecond();
        System.out.println("| port | dispatchers | messages | seconds | messages/s | ratio to in-memory, 1 dispatcher | keys at receiver | max deliveries of one key |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.println(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.0f | %.2f | %d | %d |", r.name(),
                    r.dispatchers(), r.messages(), r.seconds(), r.perSecond(), r.perSecond() / ref, r.keys(), r.maxPerKey()));
        }
    }

    private static Result run(String name, int n, int dispatchers, Store.Location location, Void unused) throws Exception {
        try (Receiver receiver = new Receiver()) {
            Map<String, String> env = Map.of("PD_KEY", KEY);
            Map<String, Channel> channels = Channels.create(new NotifySettings(Optional.empty(),
                    Optional.of(new NotifySettings.PagerDuty(receiver.url(), "PD_KEY", "error", "perfguard-bench")),
                    Optional.empty(), Optional.empty()), env::get, Channels.httpClient(), Clock.systemUTC(),
                    (i, nm, sha) -> Optional.empty());
            List<OutboxPort> ports = new ArrayList<>();
            Store store = null;
            if (location == null) {
                MemoryPort memory = new MemoryPort();
                for (int i = 1; i <= n; i++) {
                    for (Channels.Outbound o : Channels.route(message(i), channels.values())) {
                        memory.add(o.channel(), o.payloadJson(), o.dedupKey());
                    }
                }
                for (int d = 0; d < dispatchers; d++) {
                    ports.add(memory);
                }
            } else {
                store = Store.open(location, Store.Pool.SERVER); // as perfguard serve opens it
                OutboxRouting routing = OutboxRouting.to(channels.values());
                int total = n;
                store.inTransaction(h -> {
                    for (int i = 1; i <= total; i++) {
                        routing.enqueue(h, message(i), Instant.EPOCH);
                    }
                    return null;
                });
                for (int d = 0; d < dispatchers; d++) {
                    ports.add(new StoreOutbox(store, "bench-" + d, Duration.ofMinutes(2)));
                }
            }
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int d = 0; d < dispatchers; d++) {
                Dispatcher dispatcher = new Dispatcher(ports.get(d), channels, Backoff.DEFAULT, new Random(d), Clock.systemUTC(),
                        50, 3, Duration.ofSeconds(30));
                threads.add(Thread.ofPlatform().start(() -> {
                    int idle = 0;
                    while (idle < 2) {
                        idle = dispatcher.runOnce().claimed() == 0 ? idle + 1 : 0;
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int max = receiver.perKey.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
            int keys = receiver.perKey.size();
            if (keys != n || max != 1) {
                throw new IllegalStateException(name + ": " + keys + " keys at the receiver (expected " + n
                        + "), a key delivered up to " + max + " times (expected exactly 1)");
            }
            if (store != null) {
                long delivered = new StoreOutbox(store, "check", Duration.ofMinutes(1)).counts().get(StoreOutbox.State.DELIVERED);
                if (delivered != n) {
                    throw new IllegalStateException(name + ": " + delivered + " rows delivered in the store, expected " + n);
                }
            }
            System.err.println(String.format(Locale.ROOT, "outbox bench: %s, %d dispatcher(s): %d messages in %.2f s",
                    name, dispatchers, n, seconds));
            return new Result(name, dispatchers, n, seconds, max, keys);
        }
    }
}
