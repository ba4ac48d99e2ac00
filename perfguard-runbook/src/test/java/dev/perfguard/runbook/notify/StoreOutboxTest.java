package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.retry.Backoff;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StoreOutboxTest {

    @TempDir Path tmp;
    private final PagerDutyStub pd = new PagerDutyStub();
    private final Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 5);

    @AfterEach
    void stop() {
        pd.close();
    }

    /** Inserts the routed rows of {@code message} through the outbox's one INSERT, due at once (created at the epoch). */
    static void enqueue(Store store, Message message, Collection<Channel> channels) {
        store.inTransaction(h -> {
            OutboxRouting.to(channels).enqueue(h, message, Instant.EPOCH);
            return null;
        });
    }

    static Message.IncidentOpened opened(int i) {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        return new Message.IncidentOpened("INC-" + i, m.service(), m.fingerprint(), m.openedAt(), m.metrics(), m.panels(),
                m.hypotheses(), m.deployNotes(), m.squad());
    }

    private Dispatcher dispatcher(StoreOutbox port, Map<String, Channel> channels, int seed) {
        return new Dispatcher(port, channels, backoff, new Random(seed), Clock.systemUTC(), 10, 3, Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void twoDispatchersOnOneStoreDeliverEveryMessageExactlyOnce(TestStores.Kind kind) throws Exception {
        Store store = TestStores.open(kind, tmp);
        Map<String, Channel> channels = Map.of("pagerduty", TestEnv.pagerDutyChannel(pd.server.url()));
        int n = 120;
        for (int i = 1; i <= n; i++) {
            enqueue(store, opened(i), channels.values());
        }
        StoreOutbox a = new StoreOutbox(store, "a", Duration.ofMinutes(2));
        StoreOutbox b = new StoreOutbox(store, "b", Duration.ofMinutes(2));
        Map<String, AtomicInteger> deliveredBy = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (StoreOutbox port : List.of(a, b)) {
            Dispatcher d = dispatcher(port, channels, port == a ? 1 : 2);
            threads.add(Thread.ofVirtual().start(() -> {
                int idle = 0;
                while (idle < 3) {
                    Dispatcher.Report r = d.runOnce();
                    deliveredBy.computeIfAbsent(port == a ? "a" : "b", k -> new AtomicInteger()).addAndGet(r.delivered());
                    idle = r.claimed() == 0 ? idle + 1 : 0;
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofMinutes(2));
        }
        Map<String, Long> perKey = pd.server.requests("POST", "/v2/enqueue").stream()
                .collect(Collectors.groupingBy(r -> r.json().path("dedup_key").asText(), Collectors.counting()));
        assertThat(perKey).hasSize(n);
        assertThat(perKey.values()).allMatch(count -> count == 1L);
        assertThat(pd.triggers).isEqualTo(n);
        assertThat(a.counts()).containsEntry(StoreOutbox.State.DELIVERED, (long) n)
                .containsEntry(StoreOutbox.State.PENDING, 0L).containsEntry(StoreOutbox.State.DEAD, 0L);
        assertThat(deliveredBy.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(n);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aClaimHidesRowsUntilTheLeaseRunsOutThenAnotherDispatcherTakesThem(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        Map<String, Channel> channels = Map.of("pagerduty", TestEnv.pagerDutyChannel(pd.server.url()));
        enqueue(store, opened(1), channels.values());
        enqueue(store, opened(2), channels.values());
        StoreOutbox crashed = new StoreOutbox(store, "crashed", Duration.ofSeconds(60));
        StoreOutbox next = new StoreOutbox(store, "next", Duration.ofSeconds(60));
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        assertThat(crashed.claimDue(t, 10)).hasSize(2);
        assertThat(crashed.list(StoreOutbox.State.PENDING, 10)).allMatch(e -> e.claimedBy().orElseThrow().equals("crashed"));
        assertThat(next.claimDue(t.plusSeconds(59), 10)).isEmpty();
        List<OutboxPort.Row> again = next.claimDue(t.plusSeconds(60), 10);
        assertThat(again).extracting(OutboxPort.Row::dedupKey)
                .containsExactlyInAnyOrder("INC-1:incident-opened:pagerduty", "INC-2:incident-opened:pagerduty");
        // the late outcome of the crashed claimer cannot undo the new one's delivery
        next.markDelivered(again.get(0).id(), 1, "pd", t.plusSeconds(61));
        crashed.markRetry(again.get(0).id(), 1, t.plusSeconds(62), "late");
        assertThat(next.list(StoreOutbox.State.DELIVERED, 10)).extracting(StoreOutbox.Entry::id).containsExactly(again.get(0).id());
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aPermanentErrorParksADeadLetterThatRetrySendsAgain(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        Map<String, String> wrongEnv = Map.of("PD_ROUTING_KEY", "X".repeat(32));
        Function<String, String> env = wrongEnv::get;
        Map<String, Channel> wrong = Channels.create(new NotifySettings(Optional.empty(),
                Optional.of(TestEnv.pagerDuty(pd.server.url())), Optional.empty(), Optional.empty()),
                env, Channels.httpClient(), TestEnv.CLOCK, ArtefactSource.none());
        enqueue(store, opened(1), wrong.values());
        StoreOutbox port = new StoreOutbox(store, "a", Duration.ofMinutes(2));
        assertThat(dispatcher(port, wrong, 1).runOnce()).isEqualTo(new Dispatcher.Report(1, 0, 0, 1));
        List<StoreOutbox.Entry> dead = port.list(StoreOutbox.State.DEAD, 10);
        assertThat(dead).singleElement().satisfies(e -> {
            assertThat(e.dedupKey()).isEqualTo("INC-1:incident-opened:pagerduty");
            assertThat(e.lastError().orElseThrow()).contains("400").contains("Invalid routing key")
                    .doesNotContain("X".repeat(32));
        });
        assertThat(pd.triggers).isZero();
        // nothing is due while it is dead
        Map<String, Channel> right = Map.of("pagerduty", TestEnv.pagerDutyChannel(pd.server.url()));
        assertThat(dispatcher(port, right, 1).runOnce().claimed()).isZero();

        Clock retryClock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
        StoreOutbox.Entry retried = port.retry(dead.get(0).id(), retryClock);
        assertThat(retried.state()).isEqualTo(StoreOutbox.State.PENDING);
        assertThat(retried.attempts()).isZero();
        assertThat(retried.nextAttemptAt()).isEqualTo(retryClock.instant());
        assertThat(port.get(dead.get(0).id())).contains(retried);
        // retrying a pending message is a conflict and changes nothing
        assertThatThrownBy(() -> port.retry(dead.get(0).id(), Clock.systemUTC())).isInstanceOf(PerfguardException.class)
                .hasMessageContaining("outbox message " + dead.get(0).id() + " is pending, not dead")
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(port.get(dead.get(0).id())).contains(retried);
        assertThat(dispatcher(port, right, 1).runOnce()).isEqualTo(new Dispatcher.Report(1, 1, 0, 0));
        assertThat(pd.triggers).isEqualTo(1);
        assertThat(port.list(StoreOutbox.State.DELIVERED, 10)).singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(1));
        assertThatThrownBy(() -> port.retry(dead.get(0).id(), Clock.systemUTC())).isInstanceOf(PerfguardException.class)
                .hasMessageContaining("outbox message " + dead.get(0).id() + " is delivered, not dead")
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThatThrownBy(() -> port.retry("no-such-id", Clock.systemUTC())).isInstanceOf(PerfguardException.class)
                .hasMessageContaining("no outbox message no-such-id")
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(port.get("no-such-id")).isEmpty();
        for (int bad : new int[] {0, StoreOutbox.MAX_LIST + 1}) {
            assertThatThrownBy(() -> port.list(StoreOutbox.State.DEAD, bad)).isInstanceOf(PerfguardException.class)
                    .hasMessageContaining("limit must be between 1 and 10000, was " + bad);
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void anEntryListsItsNullColumnsAsEmptyUntilTheyAreSet(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        Map<String, Channel> channels = Map.of("pagerduty", TestEnv.pagerDutyChannel(pd.server.url()));
        enqueue(store, opened(1), channels.values());
        enqueue(store, opened(1), channels.values()); // the same message again: one row
        StoreOutbox port = new StoreOutbox(store, "a", Duration.ofMinutes(2));
        StoreOutbox.Entry fresh = port.list(StoreOutbox.State.PENDING, 10).getFirst();
        assertThat(fresh).isEqualTo(new StoreOutbox.Entry(fresh.id(), "pagerduty", Optional.of("INC-1"),
                "INC-1:incident-opened:pagerduty", StoreOutbox.State.PENDING, 0, Instant.EPOCH, Optional.empty(),
                Optional.empty(), Optional.empty()));
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        assertThat(port.claimDue(t, 10)).singleElement().isEqualTo(new OutboxPort.Row(fresh.id(), "pagerduty",
                Channels.route(opened(1), channels.values()).getFirst().payloadJson(), "INC-1:incident-opened:pagerduty", 0));
        port.markRetry(fresh.id(), 1, t.plusSeconds(1), "HTTP 503");
        assertThat(port.get(fresh.id()).orElseThrow()).satisfies(e -> {
            assertThat(e.claimedBy()).isEmpty();
            assertThat(e.lastError()).contains("HTTP 503");
            assertThat(e.externalRef()).isEmpty();
            assertThat(e.nextAttemptAt()).isEqualTo(t.plusSeconds(1));
        });
        port.markOpeningDelivered(fresh.id(), 2, "INC-1", "pagerduty", "INC-1-dedup", t.plusSeconds(2));
        assertThat(port.get(fresh.id()).orElseThrow().externalRef()).contains("INC-1-dedup");
        assertThat(port.refs("INC-1")).isEqualTo(Map.of("pagerduty", "INC-1-dedup"));
        assertThat(port.counts()).containsEntry(StoreOutbox.State.DELIVERED, 1L).containsEntry(StoreOutbox.State.PENDING, 0L)
                .containsEntry(StoreOutbox.State.DEAD, 0L);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void referencesAreKeptOnceFirstOneWins(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        StoreOutbox port = new StoreOutbox(store, "a", Duration.ofMinutes(2));
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        port.markOpeningDelivered("1", 1, "INC-1", "jira", "PERF-24", t);
        port.markOpeningDelivered("2", 1, "INC-1", "jira", "PERF-25", t); // a second delivery after a lost lease
        port.markOpeningDelivered("3", 1, "INC-1", "slack", "C1/1700000000.1", t);
        assertThat(port.refs("INC-1")).isEqualTo(Map.of("jira", "PERF-24", "slack", "C1/1700000000.1"));
        assertThat(port.refs("INC-2")).isEmpty();
    }
}
