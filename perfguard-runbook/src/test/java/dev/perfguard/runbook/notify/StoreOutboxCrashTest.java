package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a dispatcher process (SIGKILL, {@link Process#destroyForcibly}) while a delivery is in flight: the
 * stub has received the request but the dispatcher has not seen the reply nor marked the row. A new
 * dispatcher then finishes after the dead one's lease runs out.
 * <ul>
 *   <li>PagerDuty: every message reaches the stub's alerts exactly once per dedup key; the one in flight
 *       at the kill is sent twice on the wire, which PagerDuty absorbs by its {@code dedup_key}.</li>
 *   <li>Slack, which has no idempotency key for posts: the claim counted as an attempt, so the next
 *       dispatcher looks the dedup key up in the channel's history (message metadata) and finds the post
 *       that was in flight: every message is posted exactly once, on the wire too.</li>
 *   <li>Jira: likewise, the next dispatcher searches the issue by its unique label before creating it
 *       again: one issue per incident, one create request per incident.</li>
 * </ul>
 */
class StoreOutboxCrashTest {

    static final int N = 60;
    static final int KILL_AT = 25;
    static final long LEASE_MS = 3_000;

    @TempDir Path tmp;

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aKilledDispatchersMessagesAreFinishedByTheNextOneEachOnceAtThePagerDutyLevel(TestStores.Kind kind)
            throws Exception {
        Store.Location location = TestStores.location(kind, tmp);
        Store store = Store.open(location);
        PagerDutyStub pd = new PagerDutyStub();
        AtomicReference<Process> child = new AtomicReference<>();
        AtomicInteger seen = new AtomicInteger();
        AtomicReference<String> inFlight = new AtomicReference<>();
        try (Stub killing = new Stub(r -> {
            if (seen.incrementAndGet() == KILL_AT) {
                inFlight.set(r.json().path("dedup_key").asText());
                child.get().destroyForcibly(); // SIGKILL while this request waits for its reply
                try {
                    child.get().waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return pd.handle(r);
        })) {
            Map<String, Channel> channels = Map.of("pagerduty", TestEnv.pagerDutyChannel(killing.url()));
            for (int i = 1; i <= N; i++) {
                StoreOutboxTest.enqueue(store, StoreOutboxTest.opened(i), channels.values());
            }
            child.set(start(location, killing.url(), "pagerduty"));
            assertThat(child.get().waitFor(120, TimeUnit.SECONDS)).as("the child was killed").isTrue();
            assertThat(child.get().exitValue()).isEqualTo(137); // 128 + SIGKILL

            StoreOutbox port = new StoreOutbox(store, "next", Duration.ofMinutes(2));
            assertThat(port.counts().get(StoreOutbox.State.DELIVERED)).isEqualTo(KILL_AT - 1L);
            assertThat(port.list(StoreOutbox.State.PENDING, N)).filteredOn(e -> e.claimedBy().isPresent())
                    .isNotEmpty().allMatch(e -> e.claimedBy().get().startsWith("child/"));
            Dispatcher next = new Dispatcher(port, channels, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 5),
                    new Random(2), Clock.systemUTC(), 10, 3, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (port.counts().get(StoreOutbox.State.DELIVERED) < N && System.nanoTime() < deadline) {
                if (next.runOnce().claimed() == 0) {
                    Thread.sleep(50);
                }
            }
            assertThat(port.counts()).containsEntry(StoreOutbox.State.DELIVERED, (long) N)
                    .containsEntry(StoreOutbox.State.PENDING, 0L).containsEntry(StoreOutbox.State.DEAD, 0L);

            // receiver level: one alert per incident, each triggered
            assertThat(pd.alerts).hasSize(N).allSatisfy((k, v) -> assertThat(v).isEqualTo("triggered"));
            // wire level: exactly the request in flight at the kill was sent twice, nothing else
            Map<String, Long> perKey = killing.requests().stream()
                    .collect(Collectors.groupingBy(r -> r.json().path("dedup_key").asText(), Collectors.counting()));
            assertThat(perKey).hasSize(N);
            assertThat(perKey.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                    .containsExactly(inFlight.get());
            assertThat(perKey.get(inFlight.get())).isEqualTo(2L);
        } finally {
            if (child.get() != null) {
                child.get().destroyForcibly();
            }
            pd.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aKilledDispatchersSlackPostIsFoundByTheNextOneAndNotPostedTwice(TestStores.Kind kind) throws Exception {
        Store.Location location = TestStores.location(kind, tmp);
        Store store = Store.open(location);
        SlackStub slack = new SlackStub();
        AtomicReference<Process> child = new AtomicReference<>();
        AtomicInteger posts = new AtomicInteger();
        AtomicReference<String> inFlight = new AtomicReference<>();
        try (Stub killing = new Stub(r -> {
            if (r.path().equals("/chat.postMessage") && posts.incrementAndGet() == KILL_AT) {
                inFlight.set(r.json().path("metadata").path("event_payload").path("dedup_key").asText());
                child.get().destroyForcibly();
                try {
                    child.get().waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return slack.handle(r); // Slack posts the message; nobody reads the reply
        })) {
            Map<String, Channel> channels = Map.of("slack", TestEnv.slackChannel(killing.url()));
            for (int i = 1; i <= N; i++) {
                StoreOutboxTest.enqueue(store, StoreOutboxTest.opened(i), channels.values());
            }
            child.set(start(location, killing.url(), "slack"));
            assertThat(child.get().waitFor(120, TimeUnit.SECONDS)).as("the child was killed").isTrue();
            assertThat(child.get().exitValue()).isEqualTo(137);

            StoreOutbox port = new StoreOutbox(store, "next", Duration.ofMinutes(2));
            assertThat(port.counts().get(StoreOutbox.State.DELIVERED)).isEqualTo(KILL_AT - 1L);
            Dispatcher next = new Dispatcher(port, channels, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 5),
                    new Random(2), Clock.systemUTC(), 10, 3, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (port.counts().get(StoreOutbox.State.DELIVERED) < N && System.nanoTime() < deadline) {
                if (next.runOnce().claimed() == 0) {
                    Thread.sleep(50);
                }
            }
            assertThat(port.counts()).containsEntry(StoreOutbox.State.DELIVERED, (long) N)
                    .containsEntry(StoreOutbox.State.PENDING, 0L).containsEntry(StoreOutbox.State.DEAD, 0L);

            // receiver level: one message per incident in the channel
            Map<String, Long> posted = slack.metadata.values().stream()
                    .collect(Collectors.groupingBy(md -> md.path("event_payload").path("dedup_key").asText(), Collectors.counting()));
            assertThat(posted).hasSize(N).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
            assertThat(slack.messages).hasSize(N);
            // wire level: one chat.postMessage per message, the one in flight at the kill included ...
            Map<String, Long> perKey = killing.requests("POST", "/chat.postMessage").stream().collect(Collectors.groupingBy(
                    r -> r.json().path("metadata").path("event_payload").path("dedup_key").asText(), Collectors.counting()));
            assertThat(perKey).hasSize(N).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
            // ... whose row the next dispatcher delivered by finding it in the history, with the ts Slack gave it
            String ref = port.list(StoreOutbox.State.DELIVERED, N).stream().filter(e -> e.dedupKey().equals(inFlight.get()))
                    .findFirst().orElseThrow().externalRef().orElseThrow();
            assertThat(slack.metadata.get(ref).path("event_payload").path("dedup_key").asText()).isEqualTo(inFlight.get());
            assertThat(killing.requests("GET", "/conversations.history")).isNotEmpty();
        } finally {
            if (child.get() != null) {
                child.get().destroyForcibly();
            }
            slack.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aKilledDispatchersJiraIssueIsFoundByItsLabelAndNotCreatedTwice(TestStores.Kind kind) throws Exception {
        Store.Location location = TestStores.location(kind, tmp);
        Store store = Store.open(location);
        JiraStub jira = new JiraStub();
        AtomicReference<Process> child = new AtomicReference<>();
        AtomicInteger creates = new AtomicInteger();
        try (Stub killing = new Stub(r -> {
            if (r.method().equals("POST") && r.path().equals("/rest/api/3/issue") && creates.incrementAndGet() == KILL_AT) {
                child.get().destroyForcibly();
                try {
                    child.get().waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return jira.handle(r); // Jira creates the issue; nobody reads the reply
        })) {
            Map<String, Channel> channels = Map.of("jira", TestEnv.jiraChannel(killing.url(), ArtefactSource.none()));
            for (int i = 1; i <= N; i++) {
                StoreOutboxTest.enqueue(store, StoreOutboxTest.opened(i), channels.values());
            }
            child.set(start(location, killing.url(), "jira"));
            assertThat(child.get().waitFor(120, TimeUnit.SECONDS)).as("the child was killed").isTrue();
            assertThat(child.get().exitValue()).isEqualTo(137);

            StoreOutbox port = new StoreOutbox(store, "next", Duration.ofMinutes(2));
            Dispatcher next = new Dispatcher(port, channels, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 5),
                    new Random(2), Clock.systemUTC(), 10, 3, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (port.counts().get(StoreOutbox.State.DELIVERED) < N && System.nanoTime() < deadline) {
                if (next.runOnce().claimed() == 0) {
                    Thread.sleep(50);
                }
            }
            assertThat(port.counts()).containsEntry(StoreOutbox.State.DELIVERED, (long) N)
                    .containsEntry(StoreOutbox.State.DEAD, 0L);
            assertThat(jira.issues).hasSize(N);
            Map<String, Long> perLabel = jira.issues.values().stream().flatMap(i -> i.labels.stream())
                    .filter(l -> l.matches("perfguard-INC-\\d+"))
                    .collect(Collectors.groupingBy(l -> l, Collectors.counting()));
            assertThat(perLabel).hasSize(N).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
            assertThat(killing.requests("POST", "/rest/api/3/issue")).hasSize(N);
            assertThat(killing.requests("GET", "/rest/api/3/search/jql")).isNotEmpty();
        } finally {
            if (child.get() != null) {
                child.get().destroyForcibly();
            }
            jira.close();
        }
    }

    private Process start(Store.Location location, URI stub, String channel) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OutboxChildProcess.class.getName()));
        switch (location) {
            case Store.Location.Sqlite s -> cmd.addAll(List.of("sqlite", s.file().toString(), "-"));
            case Store.Location.Postgres p -> cmd.addAll(List.of("postgres", p.jdbcUrl(), p.schema()));
        }
        cmd.addAll(List.of(stub.toString(), String.valueOf(LEASE_MS), channel));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    }
}
