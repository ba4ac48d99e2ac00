package dev.perfguard.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentConsistency;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a real {@code perfguard serve} process (SIGKILL, {@link Process#destroyForcibly}) while
 * eight clients send commands, then checks that every incident is consistent (document, columns,
 * timeline rows, projections and outbox agree), that every command acknowledged before the kill
 * survived, and that a restarted server carries on.
 */
class CrashTest {
    private static final Pattern LISTENING = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/api/v1");

    @TempDir Path tmp;

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void killedMidCommandLeavesEveryIncidentConsistent(TestStores.Kind kind) throws Exception {
        Store.Location location = TestStores.location(kind, tmp);
        Store store = Store.open(location); // migrates (and creates the PostgreSQL schema) before the server starts
        String token = new ApiTokens(store, Clock.systemUTC()).create("crash-test", Role.RESPONDER).token();
        List<String> storeArgs = storeArgs(location);

        for (int round = 0; round < 2; round++) {
            Process server = startServer(storeArgs);
            try {
                Http http = new Http("http://127.0.0.1:" + port(server));
                Set<String> acknowledged = ConcurrentHashMap.newKeySet();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger sent = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    pool.submit(() -> {
                        int i = 0;
                        while (!stop.get()) {
                            String note = "round " + thread + "-" + i++ + "-" + System.nanoTime();
                            try {
                                // family per thread pair: reports race on four fingerprints
                                String metric = "fam" + (thread % 4) + ".latency_ms";
                                Http.Answer a = http.post("/api/v1/incidents", token, Map.of("discrepancies", List.of(Map.of(
                                        "metric", metric, "evidence", Map.of("type", "lighthouse", "baseline", 1, "current", 2, "unit", "ms", "runs", 1),
                                        "panels", List.of(), "detectedAt", Instant.now().toString()))));
                                sent.incrementAndGet();
                                if (a.status() / 100 != 2) {
                                    continue;
                                }
                                String id = a.json().path("incident").path("id").asText();
                                Http.Answer n = http.post("/api/v1/incidents/" + id + "/deploy-notes", token, Map.of("text", note));
                                if (n.status() == 200) {
                                    acknowledged.add(id + "|" + note);
                                }
                                http.send("PUT", "/api/v1/incidents/" + id + "/artefacts/a-" + thread + "-" + i + ".json", token, "{\"i\":" + i + "}");
                            } catch (RuntimeException e) {
                                return; // the server died under us
                            }
                        }
                    });
                }
                // the kill comes at a different point each round, with commands in flight on all eight connections
                int killAfter = 15 * (round + 1) + 8 * round;
                // the bound only keeps a dead server from hanging the test: on a loaded 2-core machine the
                // first answers of a cold server have taken more than 20 s (seen in CI), and once in a full
                // run only one answer came in 60 s (cause not found; the server's output is in the failure)
                Instant until = Instant.now().plus(Duration.ofSeconds(120));
                while (sent.get() < killAfter && Instant.now().isBefore(until)) {
                    Thread.sleep(20);
                }
                server.destroyForcibly(); // SIGKILL, mid-command
                server.waitFor(30, TimeUnit.SECONDS);
                stop.set(true);
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                assertThat(sent.get()).as("commands sent before the kill; the server said:\n%s", output(server))
                        .isGreaterThanOrEqualTo(5);

                assertThat(IncidentConsistency.check(store)).as("after kill in round " + round).isEmpty();
                for (String ack : acknowledged) {
                    String[] parts = ack.split("\\|", 2);
                    List<String> texts = store.inTransaction(h -> h.createQuery(
                                    "SELECT text FROM incident_deploy_note WHERE incident_id = :id")
                            .bind("id", parts[0]).mapTo(String.class).list());
                    assertThat(texts).as("acknowledged deploy note survives the kill").contains(parts[1]);
                }
                // exactly one open incident per fingerprint, whatever raced
                long open = store.inTransaction(h -> h.createQuery("SELECT COUNT(*) FROM incident WHERE open_key IS NOT NULL")
                        .mapTo(Long.class).one());
                assertThat(open).isEqualTo(4);
            } finally {
                server.destroyForcibly();
            }
        }
    }

    /** The {@code serve} options naming {@code location}. */
    static List<String> storeArgs(Store.Location location) {
        return switch (location) {
            case Store.Location.Sqlite s -> List.of("--db", s.file().toString());
            case Store.Location.Postgres p -> List.of("--jdbc", p.jdbcUrl() + (p.jdbcUrl().contains("?") ? "&" : "?")
                    + "currentSchema=" + p.schema());
        };
    }

    private static Process startServer(List<String> storeArgs) throws Exception {
        return startServer(storeArgs, Map.of());
    }

    /** {@code perfguard serve --port 0} with {@code args} in a JVM of its own, {@code env} added to its environment. */
    static Process startServer(List<String> args, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.perfguard.app.Main", "serve", "--port", "0"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    private static final Map<Process, StringBuilder> OUTPUT = new ConcurrentHashMap<>();

    /** The last lines a started server wrote after announcing its port. */
    static String output(Process p) {
        StringBuilder kept = OUTPUT.getOrDefault(p, new StringBuilder());
        synchronized (kept) {
            return kept.toString();
        }
    }

    /** The port a started server announces (then its output is drained, its last lines kept). */
    static int port(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String line;
        StringBuilder seen = new StringBuilder();
        while (Instant.now().isBefore(deadline) && (line = r.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                StringBuilder kept = OUTPUT.computeIfAbsent(p, k -> new StringBuilder());
                Thread drain = new Thread(() -> {
                    try {
                        String more;
                        while ((more = r.readLine()) != null) { // keeps the pipe from filling, and the last lines
                            synchronized (kept) {
                                kept.append(more).append('\n');
                                if (kept.length() > 20_000) {
                                    kept.delete(0, kept.length() - 10_000);
                                }
                            }
                        }
                    } catch (IOException e) {
                        // the process died
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("server did not start:\n" + seen);
    }
}
