package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private final JiraStub jira = new JiraStub();
    private final PagerDutyStub pd = new PagerDutyStub();
    private final SlackStub slack = new SlackStub();
    private final GrafanaStub grafana = new GrafanaStub();
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final Map<String, Channel> channels = TestEnv.channels(new NotifySettings(Optional.of(TestEnv.jira(jira.server.url())),
            Optional.of(TestEnv.pagerDuty(pd.server.url())), Optional.of(TestEnv.slack(slack.server.url())),
            Optional.of(TestEnv.grafana(grafana.server.url()))), ArtefactSource.none());
    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30), 5);
    private final Dispatcher dispatcher = new Dispatcher(outbox, channels, backoff, new Random(3), outbox.clock, 50, 3,
            Duration.ofSeconds(30));

    @AfterEach
    void stop() {
        jira.close();
        pd.close();
        slack.close();
        grafana.close();
    }

    private void drain(int passes, Duration step) {
        for (int i = 0; i < passes; i++) {
            dispatcher.runOnce();
            outbox.advance(step);
        }
    }

    @Test
    void aWholeIncidentReachesEveryChannelOnceWithTheTicketLinkAndUpdatesTheSlackMessage() {
        outbox.enqueue(NotifyFixtures.openedMessage(), channels.values());
        outbox.enqueue(NotifyFixtures.openedMessage(), channels.values()); // enqueued twice: the dedup key makes it one row each
        assertThat(outbox.rows).hasSize(4);

        // Jira's row is first, so the others find the ticket recorded in the same pass
        assertThat(dispatcher.runOnce()).isEqualTo(new Dispatcher.Report(4, 4, 0, 0));

        String ticket = jira.server.url() + "/browse/PERF-24";
        assertThat(slack.server.requests("POST", "/chat.postMessage").get(0).json().path("text").asText()).startsWith("<" + ticket + "|PERF-24> ");
        assertThat(pd.server.requests().get(0).json().path("links").get(0).path("href").asText()).isEqualTo(ticket);
        assertThat(outbox.refs.get("INC-7")).containsOnlyKeys("jira", "pagerduty", "slack", "grafana")
                .containsEntry("jira", "PERF-24").containsEntry("slack", "C0ALERTS/1700000000.000100");

        outbox.enqueue(Messages.acknowledged(NotifyFixtures.opened(), "alice", NotifyFixtures.at(5)), channels.values());
        outbox.enqueue(Messages.decided(NotifyFixtures.decided()), channels.values());
        outbox.enqueue(Messages.devopsDm(NotifyFixtures.decided()).orElseThrow(), channels.values());
        outbox.enqueue(Messages.loadTestRequested(NotifyFixtures.decided(), 1), channels.values());
        outbox.enqueue(Messages.closed(NotifyFixtures.closed()), channels.values());
        drain(3, Duration.ofMinutes(1));

        assertThat(outbox.count(InMemoryOutbox.State.DEAD)).isZero();
        assertThat(outbox.count(InMemoryOutbox.State.PENDING)).isZero();
        assertThat(jira.issues).hasSize(3); // the incident and two follow-ups
        assertThat(jira.issues.get("PERF-24").status).isEqualTo("Done");
        assertThat(pd.triggers).isEqualTo(1);
        assertThat(pd.alerts).containsExactly(Map.entry("perfguard-INC-7", "resolved"));
        assertThat(slack.server.requests("POST", "/chat.update")).hasSize(3);
        assertThat(slack.server.requests("POST", "/chat.update")).allSatisfy(r ->
                assertThat(r.json().path("ts").asText()).isEqualTo("1700000000.000100"));
        assertThat(slack.messages.get("C0ALERTS/1700000000.000100")).contains("INC-7 closed by root");
        assertThat(slack.server.requests("POST", "/conversations.open")).hasSize(1);
        assertThat(grafana.annotations).hasSize(3);
    }

    @Test
    void retriesBackOffWithJitterAndHonourRetryAfterAsAFloor() {
        Dispatcher dispatcher = new Dispatcher(outbox, Map.of("slack", channels.get("slack")), backoff, new Random(3),
                outbox.clock, 50, 3, Duration.ofSeconds(30));
        outbox.enqueue(NotifyFixtures.openedMessage(), List.of(channels.get("slack")));
        slack.server.failNext(Stub.Reply.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}").withHeader("Retry-After", "120"));
        slack.server.failNext(Stub.Reply.json(503, ""));

        Instant t0 = outbox.clock.instant();
        dispatcher.runOnce();
        InMemoryOutbox.Entry e = outbox.byKey("INC-7:incident-opened:slack");
        assertThat(e.attempts).isEqualTo(1);
        // the jittered delay of the first retry is at most 5 s; the server asked for 120 s
        assertThat(e.nextAttemptAt).isEqualTo(t0.plusSeconds(120));
        assertThat(e.lastReason).isEqualTo("slack chat.postMessage: HTTP 429: ratelimited");

        outbox.advance(Duration.ofSeconds(119));
        assertThat(dispatcher.runOnce().claimed()).isZero();
        outbox.advance(Duration.ofSeconds(1));
        Instant t1 = outbox.clock.instant();
        dispatcher.runOnce();
        assertThat(e.attempts).isEqualTo(2);
        assertThat(Duration.between(t1, e.nextAttemptAt)).isBetween(Duration.ZERO, backoff.ceiling(2));
        outbox.advance(Duration.ofSeconds(10));
        dispatcher.runOnce();
        assertThat(e.state).isEqualTo(InMemoryOutbox.State.DELIVERED);
        assertThat(e.attempts).isEqualTo(3);
        assertThat(slack.messages).hasSize(1);
    }

    @Test
    void permanentFailuresAndExhaustedRetriesBecomeDeadLetters() {
        Map<String, Channel> wrong = TestEnv.channels(new NotifySettings(Optional.empty(), Optional.empty(), Optional.of(
                new NotifySettings.Slack(slack.server.url(), "SLACK_TOKEN", "#nowhere", Optional.empty(), "#devops-requests")),
                Optional.empty()), ArtefactSource.none());
        Dispatcher d = new Dispatcher(outbox, Map.of("slack", wrong.get("slack"), "pagerduty", channels.get("pagerduty")),
                backoff, new Random(3), outbox.clock, 50, 0, Duration.ofSeconds(30));
        outbox.enqueue(NotifyFixtures.openedMessage(), List.of(wrong.get("slack"), channels.get("pagerduty")));
        for (int i = 0; i < 5; i++) {
            pd.server.failNext(Stub.Reply.json(500, "{\"status\":\"error\"}"));
        }
        for (int i = 0; i < 8; i++) {
            d.runOnce();
            outbox.advance(Duration.ofMinutes(31));
        }
        InMemoryOutbox.Entry s = outbox.byKey("INC-7:incident-opened:slack");
        assertThat(s.state).isEqualTo(InMemoryOutbox.State.DEAD);
        assertThat(s.attempts).isEqualTo(1);
        assertThat(s.lastReason).isEqualTo("slack chat.postMessage: channel_not_found");
        InMemoryOutbox.Entry p = outbox.byKey("INC-7:incident-opened:pagerduty");
        assertThat(p.state).isEqualTo(InMemoryOutbox.State.DEAD);
        assertThat(p.attempts).isEqualTo(5);
        assertThat(p.lastReason).startsWith("gave up after 5 attempts: pagerduty enqueue trigger: HTTP 500");
        assertThat(pd.server.requests()).hasSize(5);
    }

    @Test
    void undecodablePayloadsAndUnconfiguredChannelsAreDeadLetters() {
        outbox.insertRaw("slack", "{\"kind\":\"carrier-pigeon\",\"v\":1}", "x:1");
        outbox.insertRaw("teams", MessageCodec.toJson(NotifyFixtures.openedMessage()), "x:2");

        assertThat(dispatcher.runOnce()).isEqualTo(new Dispatcher.Report(2, 0, 0, 2));
        assertThat(outbox.byKey("x:1").lastReason).startsWith("undecodable payload: outbox payload kind 'carrier-pigeon' is unknown");
        assertThat(outbox.byKey("x:2").lastReason)
                .isEqualTo("channel teams is not configured (configured: [grafana, jira, pagerduty, slack])");
    }

    @Test
    void withoutJiraTheOpeningDoesNotWaitAndAfterTheWaitItGoesWithoutTheLink() {
        jira.server.failNext(Stub.Reply.json(503, ""));
        jira.server.failNext(Stub.Reply.json(503, ""));
        jira.server.failNext(Stub.Reply.json(503, ""));
        jira.server.failNext(Stub.Reply.json(503, ""));
        outbox.enqueue(NotifyFixtures.openedMessage(), List.of(channels.get("jira"), channels.get("slack")));
        for (int i = 0; i < 4; i++) {
            dispatcher.runOnce();
            outbox.advance(Duration.ofMinutes(1));
        }
        InMemoryOutbox.Entry s = outbox.byKey("INC-7:incident-opened:slack");
        assertThat(s.retryAt).hasSize(3); // waited three times for the ticket, then went without it
        assertThat(s.lastReason).isEqualTo("waiting for the Jira ticket");
        assertThat(s.state).isEqualTo(InMemoryOutbox.State.DELIVERED);
        assertThat(s.attempts).isEqualTo(4);
        assertThat(outbox.byKey("INC-7:incident-opened:jira").state).isEqualTo(InMemoryOutbox.State.PENDING);
        // the fourth attempt checks the channel for an earlier post before posting (attempts 1-3 were waits)
        assertThat(slack.server.requests()).extracting(Stub.Request::path)
                .containsExactly("/conversations.list", "/conversations.history", "/chat.postMessage");
        assertThat(slack.server.requests().get(2).json().path("text").asText()).startsWith("Performance regression INC-7");

        Map<String, Channel> slackOnly = Map.of("slack", channels.get("slack"));
        InMemoryOutbox other = new InMemoryOutbox();
        new Dispatcher(other, slackOnly, backoff, new Random(1), other.clock, 10, 3, Duration.ofSeconds(30)).runOnce();
        other.enqueue(new Message.Acknowledged("INC-8", "bob", NotifyFixtures.at(1)), slackOnly.values());
        assertThat(new Dispatcher(other, slackOnly, backoff, new Random(1), other.clock, 10, 3, Duration.ofSeconds(30)).runOnce())
                .isEqualTo(new Dispatcher.Report(1, 1, 0, 0));
    }

    @Test
    void aChannelThatThrowsIsRetriedNotLost() {
        Channel broken = new Channel() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public boolean handles(Message message) {
                return true;
            }

            @Override
            public Delivery deliver(Message message, DeliveryContext context) {
                throw new IllegalStateException("bug");
            }
        };
        outbox.enqueue(NotifyFixtures.openedMessage(), List.of(broken));
        Dispatcher d = new Dispatcher(outbox, Map.of("broken", broken), backoff, new Random(3), outbox.clock, 50, 3, Duration.ofSeconds(30));
        assertThat(d.runOnce()).isEqualTo(new Dispatcher.Report(1, 0, 1, 0));
        assertThat(outbox.byKey("INC-7:incident-opened:broken").lastReason).isEqualTo("broken failed: IllegalStateException");
    }

    @Test
    void twoDispatchersOnOnePortNeverDeliverOneRowTwice() throws Exception {
        Map<String, Channel> two = Map.of("pagerduty", channels.get("pagerduty"), "grafana", channels.get("grafana"));
        int incidents = 100;
        for (int i = 1; i <= incidents; i++) {
            Message.IncidentOpened base = NotifyFixtures.openedMessage();
            Message.IncidentOpened m = new Message.IncidentOpened("INC-" + i, base.service(), base.fingerprint(),
                    base.openedAt().plusSeconds(i), base.metrics(), base.panels(), base.hypotheses(), base.deployNotes(), base.squad());
            outbox.enqueue(m, two.values());
        }
        List<Thread> threads = new ArrayList<>();
        AtomicInteger delivered = new AtomicInteger();
        long start = System.nanoTime();
        for (int t = 0; t < 2; t++) {
            Dispatcher d = new Dispatcher(outbox, two, backoff, new Random(t), outbox.clock, 5, 3, Duration.ofSeconds(30));
            Thread th = new Thread(() -> {
                while (outbox.count(InMemoryOutbox.State.PENDING) > 0) {
                    delivered.addAndGet(d.runOnce().delivered());
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join(60_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "two dispatchers: %d rows in %.2f s (%.0f/s)%n", 2 * incidents, seconds,
                2 * incidents / seconds);

        assertThat(delivered.get()).isEqualTo(2 * incidents);
        assertThat(outbox.count(InMemoryOutbox.State.DELIVERED)).isEqualTo(2L * incidents);
        assertThat(pd.server.requests()).hasSize(incidents);
        assertThat(pd.server.requests().stream().map(r -> r.json().path("dedup_key").asText()).distinct().count()).isEqualTo(incidents);
        assertThat(grafana.annotations).hasSize(incidents);
    }

    @Test
    void anAcknowledgementWaitsOnEachChannelUntilTheOpeningHasGoneOutThere() {
        for (int i = 0; i < 2; i++) {
            jira.server.failNext(Stub.Reply.json(503, ""));
        }
        outbox.enqueue(NotifyFixtures.openedMessage(), channels.values());
        outbox.enqueue(Messages.acknowledged(NotifyFixtures.opened(), "alice", NotifyFixtures.at(5)), channels.values());

        dispatcher.runOnce(); // Jira is down: the page waits for the ticket, so the acknowledgement waits for the page
        assertThat(pd.server.requests()).isEmpty();
        InMemoryOutbox.Entry ack = outbox.byKey(Channels.dedupKey(
                Messages.acknowledged(NotifyFixtures.opened(), "alice", NotifyFixtures.at(5)), "pagerduty"));
        assertThat(ack.lastReason).isEqualTo("waiting for the opening on pagerduty");
        assertThat(ack.attempts).as("a wait is not an attempt").isZero();

        drain(12, Duration.ofMinutes(1));

        assertThat(pd.server.requests()).extracting(r -> r.json().path("event_action").asText())
                .containsExactly("trigger", "acknowledge");
        assertThat(pd.alerts).containsEntry(PagerDutyChannel.dedupKey("INC-7"), "acknowledged");
        assertThat(outbox.rows).hasSize(7); // Grafana annotates the opening, not the acknowledgement
        assertThat(outbox.count(InMemoryOutbox.State.DELIVERED)).isEqualTo(7);
        assertThat(slack.server.requests("POST", "/chat.update")).hasSize(1);
    }
}
