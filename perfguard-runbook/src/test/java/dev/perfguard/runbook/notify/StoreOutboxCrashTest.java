package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.retry.Backoff;
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
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
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

    /** What one crash run left behind: the outbox after the next dispatcher finished, the wire, and the request in flight at the kill. */
    record Crashed(StoreOutbox outbox, Stub wire, Stub.Request inFlight) {}

    /**
     * Enqueues the openings of {@code N} incidents for {@code channel}, starts a child dispatcher against a stub
     * that hands each request to {@code vendor} and SIGKILLs the child while holding the {@code KILL_AT}-th
     * request that {@code counts} (the vendor then completes it: the receiver has it, the child never saw the
     * reply), then lets a new dispatcher in this JVM finish after the lease and checks every row delivered.
     * The stub is closed after the test; until then its requests are there to read.
     */
    private Crashed crash(TestStores.Kind kind, String channel, Stub.Handler vendor, Predicate<Stub.Request> counts)
            throws Exception {
        Store.Location location = TestStores.location(kind, tmp);
        Store store = Store.open(location);
        AtomicReference<Process> child = new AtomicReference<>();
        AtomicInteger seen = new AtomicInteger();
        AtomicReference<Stub.Request> inFlight = new AtomicReference<>();
        Stub wire = new Stub(r -> {
            if (counts.test(r) && seen.incrementAndGet() == KILL_AT) {
                inFlight.set(r);
                child.get().destroyForcibly(); // SIGKILL while this request waits for its reply
                try {
                    child.get().waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return vendor.handle(r);
        });
        stubs.add(wire);
        try {
            Channel c = switch (channel) {
                case "slack" -> TestEnv.slackChannel(wire.url());
                case "jira" -> TestEnv.jiraChannel(wire.url(), ArtefactSource.none());
                default -> TestEnv.pagerDutyChannel(wire.url());
            };
            Map<String, Channel> channels = Map.of(c.name(), c);
            for (int i = 1; i <= N; i++) {
                StoreOutboxTest.enqueue(store, StoreOutboxTest.opened(i), channels.values());
            }
            child.set(start(location, wire.url(), channel));
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
            return new Crashed(port, wire, inFlight.get());
        } finally {
            if (child.get() != null) {
                child.get().destroyForcibly();
            }
        }
    }

    private final List<AutoCloseable> stubs = new ArrayList<>();

    @AfterEach
    void closeStubs() throws Exception {
        for (AutoCloseable c : stubs) {
            c.close();
        }
    }

    private static <K> Map<K, Long> countBy(List<Stub.Request> requests, Function<Stub.Request, K> key) {
        return requests.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aKilledDispatchersMessagesAreFinishedByTheNextOneEachOnceAtThePagerDutyLevel(TestStores.Kind kind)
            throws Exception {
        PagerDutyStub pd = new PagerDutyStub();
        stubs.add(pd);
        Crashed c = crash(kind, "pagerduty", pd::handle, r -> true);

        // receiver level: one alert per incident, each triggered
        assertThat(pd.alerts).hasSize(N).allSatisfy((k, v) -> assertThat(v).isEqualTo("triggered"));
        // wire level: exactly the request in flight at the kill was sent twice, nothing else
        Map<String, Long> perKey = countBy(c.wire().requests(), r -> r.json().path("dedup_key").asText());
        assertThat(perKey).hasSize(N);
        String inFlight = c.inFlight().json().path("dedup_key").asText();
        assertThat(perKey.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .containsExactly(inFlight);
        assertThat(perKey.get(inFlight)).isEqualTo(2L);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aKilledDispatchersSlackPostIsFoundByTheNextOneAndNotPostedTwice(TestStores.Kind kind) throws Exception {
        SlackStub slack = new SlackStub();
        stubs.add(slack);
        Crashed c = crash(kind, "slack", slack::handle, r -> r.path().equals("/chat.postMessage"));

        // receiver level: one message per incident in the channel
        assertThat(slack.messages).hasSize(N);
        assertThat(slack.metadata.values().stream().collect(Collectors.groupingBy(
                md -> md.path("event_payload").path("dedup_key").asText(), Collectors.counting())))
                .hasSize(N).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
        // wire level: one chat.postMessage per message, the one in flight at the kill included ...
        assertThat(countBy(c.wire().requests("POST", "/chat.postMessage"),
                r -> r.json().path("metadata").path("event_payload").path("dedup_key").asText()))
                .hasSize(N).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
        // ... whose row the next dispatcher delivered by finding it in the history, with the ts Slack gave it
        String inFlight = c.inFlight().json().path("metadata").path("event_payload").path("dedup_key").asText();
        String ref = c.outbox().list(StoreOutbox.State.DELIVERED, N).stream().filter(e -> e.dedupKey().equals(inFlight))
                .findFirst().orElseThrow().externalRef().orElseThrow();
        assertThat(slack.metadata.get(ref).path("event_payload").path("dedup_key").asText()).isEqualTo(inFlight);
        assertThat(c.wire().requests("GET", "/conversations.history")).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aKilledDispatchersJiraIssueIsFoundByItsLabelAndNotCreatedTwice(TestStores.Kind kind) throws Exception {
        JiraStub jira = new JiraStub();
        stubs.add(jira);
        Crashed c = crash(kind, "jira", jira::handle,
                r -> r.method().equals("POST") && r.path().equals("/rest/api/3/issue"));

        assertThat(jira.issues).hasSize(N);
        assertThat(jira.issues.values().stream().flatMap(i -> i.labels.stream()).filter(l -> l.matches("perfguard-INC-\\d+"))
                .collect(Collectors.groupingBy(l -> l, Collectors.counting())))
                .hasSize(N).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
        assertThat(c.wire().requests("POST", "/rest/api/3/issue")).hasSize(N);
        assertThat(c.wire().requests("GET", "/rest/api/3/search/jql")).isNotEmpty();
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
