package dev.perfguard.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.PagerDutyStub;
import dev.perfguard.runbook.notify.SlackStub;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.notify.Stub;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a real {@code perfguard serve} (SIGKILL) while its outbox loop has a Slack post in flight (Slack
 * has received it, the server never sees the reply), with PagerDuty and Slack configured in
 * {@code perfguard.yaml} and pointed at local stubs. A restarted server finishes the delivery: every
 * incident has one PagerDuty alert and one Slack message, and no Slack message was posted twice even on
 * the wire (the restarted server finds the lost post by its dedup key in the channel history).
 */
class ServeNotifyCrashTest {

    static final int N = 20;
    static final int KILL_AT = 8;

    @TempDir Path tmp;

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aServerKilledMidDeliveryLosesNoMessageAndPostsNoneTwice(TestStores.Kind kind) throws Exception {
        Store.Location location = TestStores.location(kind, tmp);
        Store store = Store.open(location);
        String token = new ApiTokens(store, Clock.systemUTC()).create("reporter", Role.RESPONDER).token();
        PagerDutyStub pd = new PagerDutyStub();
        SlackStub slack = new SlackStub();
        AtomicReference<Process> server = new AtomicReference<>();
        CountDownLatch reported = new CountDownLatch(1);
        AtomicInteger posts = new AtomicInteger();
        AtomicReference<String> inFlight = new AtomicReference<>();
        List<Process> started = new ArrayList<>();
        try (Stub vendors = new Stub(r -> {
            try {
                reported.await(60, TimeUnit.SECONDS); // deliveries start once every incident is reported
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (r.path().equals("/chat.postMessage") && posts.incrementAndGet() == KILL_AT) {
                inFlight.set(r.json().path("metadata").path("event_payload").path("dedup_key").asText());
                server.get().destroyForcibly();
                try {
                    server.get().waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return r.path().startsWith("/v2/") ? pd.handle(r) : slack.handle(r);
        })) {
            Path config = tmp.resolve("perfguard.yaml");
            Files.writeString(config, """
                    notify:
                      pagerduty:
                        routing_key_env: PD_ROUTING_KEY
                        url: %1$s
                      slack:
                        token_env: SLACK_TOKEN
                        url: %1$s
                      lease: 2s
                    """.formatted(vendors.url()));
            List<String> args = new ArrayList<>(CrashTest.storeArgs(location));
            args.addAll(List.of("--config", config.toString()));
            Map<String, String> env = Map.of("PD_ROUTING_KEY", PagerDutyStub.ROUTING_KEY, "SLACK_TOKEN", SlackStub.TOKEN);

            server.set(CrashTest.startServer(args, env));
            started.add(server.get());
            Http http = new Http("http://127.0.0.1:" + CrashTest.port(server.get()));
            for (int i = 1; i <= N; i++) {
                Http.Answer a = http.post("/api/v1/incidents", token, Map.of("discrepancies", List.of(Map.of(
                        "metric", "svc" + i + ".latency_ms",
                        "evidence", Map.of("type", "lighthouse", "baseline", 100, "current", 180, "unit", "ms", "runs", 5),
                        "panels", List.of(), "detectedAt", Instant.now().toString()))));
                assertThat(a.status()).as(a.body()).isEqualTo(201);
            }
            reported.countDown();
            assertThat(server.get().waitFor(60, TimeUnit.SECONDS)).as("the server was killed mid-delivery").isTrue();
            assertThat(server.get().exitValue()).isEqualTo(137);
            StoreOutbox outbox = new StoreOutbox(store, "test", Duration.ofMinutes(2));
            assertThat(outbox.counts().get(StoreOutbox.State.PENDING)).as("messages left by the killed server").isPositive();

            server.set(CrashTest.startServer(args, env));
            started.add(server.get());
            CrashTest.port(server.get());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (outbox.counts().get(StoreOutbox.State.PENDING) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(outbox.counts()).containsEntry(StoreOutbox.State.DELIVERED, 2L * N)
                    .containsEntry(StoreOutbox.State.PENDING, 0L).containsEntry(StoreOutbox.State.DEAD, 0L);

            // receiver level: one alert and one Slack message per incident
            assertThat(pd.alerts).hasSize(N).allSatisfy((k, v) -> assertThat(v).isEqualTo("triggered"));
            Map<String, Long> slackKeys = slack.metadata.values().stream().collect(Collectors.groupingBy(
                    md -> md.path("event_payload").path("dedup_key").asText(), Collectors.counting()));
            assertThat(slackKeys).hasSize(N).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
            // wire level: the post in flight at the kill was not made again
            Map<String, Long> postsPerKey = vendors.requests("POST", "/chat.postMessage").stream().collect(Collectors.groupingBy(
                    r -> r.json().path("metadata").path("event_payload").path("dedup_key").asText(), Collectors.counting()));
            assertThat(postsPerKey).hasSize(N).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
            assertThat(inFlight.get()).isNotNull();
            assertThat(vendors.requests("GET", "/conversations.history")).isNotEmpty();
        } finally {
            started.forEach(Process::destroyForcibly);
            pd.close();
            slack.close();
        }
    }
}
