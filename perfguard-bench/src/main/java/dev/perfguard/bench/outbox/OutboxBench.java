package dev.perfguard.bench.outbox;

import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Outbox throughput, a macro benchmark (plain code, not JMH: it measures a loopback HTTP receiver and
 * real databases, seconds per run): N incident-opened messages delivered by the {@link Dispatcher} to a
 * local PagerDuty-shaped {@link Receiver} (POST /v2/enqueue, 202), through an in-memory
 * {@link MemoryPort} (the reference: no database), a SQLite store (one dispatcher and two) and a
 * PostgreSQL store (one and two dispatchers, {@code --jdbc}). The stores come from the composition root
 * ({@link Perfguard}), opened as {@code perfguard serve} opens them ({@link Perfguard.Use#SERVER}), and
 * are closed with it. Each run counts the deliveries per dedup key at the receiver and fails if any was
 * delivered twice or not at all. Prints a Markdown table with ratios to the in-memory reference.
 *
 * <p>Usage: {@code outbox [--messages N] [--jdbc URL]}
 */
public final class OutboxBench {

    private static final String KEY_ENV = "PD_KEY";
    private static final String KEY = "B3NCHROUTINGKEY00000000000000001";
    private static final Bootstrap BOOTSTRAP = new Bootstrap(Map.of(KEY_ENV, KEY), Clock.systemUTC(), InputStream::nullInputStream);

    private OutboxBench() {}

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
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --messages N or --jdbc URL");
            }
        }
        List<Result> results = new ArrayList<>();
        Path dir = Files.createTempDirectory("perfguard-bench-outbox");
        // warm-up: the same path once, small, not reported
        run("warm-up", Math.max(1, n / 10), 1, null);
        results.add(run("in-memory port (reference)", n, 1, null));
        results.add(run("in-memory port (reference)", n, 2, null));
        results.add(run("SQLite", n, 1, new Store.Location.Sqlite(dir.resolve("a.db"))));
        results.add(run("SQLite", n, 2, new Store.Location.Sqlite(dir.resolve("b.db"))));
        if (jdbc != null) {
            results.add(run("PostgreSQL", n, 1, new Store.Location.Postgres(jdbc, "bench_a_" + System.nanoTime())));
            results.add(run("PostgreSQL", n, 2, new Store.Location.Postgres(jdbc, "bench_b_" + System.nanoTime())));
        }
        double ref = results.get(0).perSecond();
        System.out.println("| port | dispatchers | messages | seconds | messages/s | ratio to in-memory, 1 dispatcher | keys at receiver | max deliveries of one key |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.println(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.0f | %.2f | %d | %d |", r.name(),
                    r.dispatchers(), r.messages(), r.seconds(), r.perSecond(), r.perSecond() / ref, r.keys(), r.maxPerKey()));
        }
    }

    /** Delivers n messages through the in-memory port ({@code location} null) or a store at {@code location}. */
    private static Result run(String name, int n, int dispatchers, Store.Location location) throws Exception {
        try (Receiver receiver = new Receiver();
             Perfguard perfguard = location == null ? null
                     : BOOTSTRAP.perfguard(PerfguardConfig.defaults(), location, Perfguard.Use.SERVER)) {
            Map<String, Channel> channels = Channels.create(new NotifySettings(Optional.empty(),
                    Optional.of(new NotifySettings.PagerDuty(receiver.url(), KEY_ENV, "error", "perfguard-bench")),
                    Optional.empty(), Optional.empty()), BOOTSTRAP.env()::get, Channels.httpClient(), Clock.systemUTC(),
                    (i, nm, sha) -> Optional.empty());
            List<OutboxPort> ports = new ArrayList<>();
            Store store = null;
            if (perfguard == null) {
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
                store = perfguard.store();
                OutboxRouting routing = OutboxRouting.to(channels.values());
                store.inTransaction(h -> {
                    for (int i = 1; i <= n; i++) {
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
