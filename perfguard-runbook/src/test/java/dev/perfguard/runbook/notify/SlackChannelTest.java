package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackChannelTest {

    private final SlackStub slack = new SlackStub();
    private final Channel channel = TestEnv.slackChannel(slack.server.url());
    private static final URI TICKET = URI.create("https://example.atlassian.net/browse/PERF-24");

    @AfterEach
    void stop() {
        slack.server.close();
    }

    private static DeliveryContext ctx(Message m, int attempt, Map<String, String> refs) {
        return TestEnv.ctx(attempt, Channels.dedupKey(m, "slack"), refs, Optional.of(TICKET));
    }

    @Test
    void theAlertIsPostedWithTheTicketLinkFirstAndBlocks() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();

        Delivery d = channel.deliver(m, ctx(m, 1, Map.of()));

        assertThat(d).isEqualTo(new Delivery.Delivered("C0ALERTS/1700000000.000100"));
        Stub.Request r = slack.server.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/chat.postMessage");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + SlackStub.TOKEN);
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode b = r.json();
        assertThat(b.path("channel").asText()).isEqualTo("#theo-perf-alerts");
        assertThat(b.path("text").asText()).isEqualTo("<https://example.atlassian.net/browse/PERF-24|PERF-24> "
                + "Performance regression INC-7: rag.ndcg_cut_10{dataset=golden}, rag.recall_100{dataset=golden} on theo-engine-web"
                + " (squad search-quality)");
        assertThat(b.path("blocks").get(0).path("text").path("text").asText())
                .startsWith("*<https://example.atlassian.net/browse/PERF-24|PERF-24>* Performance regression INC-7");
        assertThat(b.path("blocks").get(1).path("fields").get(0).path("text").asText())
                .isEqualTo("*rag.ndcg_cut_10{dataset=golden}*\n0.7412 → 0.6931 (-0.0481)");
        assertThat(b.path("blocks").get(2).path("elements").get(0).path("text").asText()).contains(
                "Squad: search-quality", "<https://grafana.theo.internal/d/rag-quality/rag-retrieval-efficacy?viewPanel=2|RAG Retrieval Quality>");
    }

    @Test
    void theFallbackTextIsEscapedLikeTheBlocks() {
        Message.IncidentOpened o = NotifyFixtures.openedMessage();
        Message.IncidentOpened m = new Message.IncidentOpened(o.incidentId(), "web <!channel> & <https://evil.example|click>",
                o.fingerprint(), o.openedAt(), o.metrics(), o.panels(), o.hypotheses(), o.deployNotes(), "a&b <squad>");

        channel.deliver(m, ctx(m, 1, Map.of()));
        Message.MitigationDecided decided = new Message.MitigationDecided("INC-7", "no-immediate-fix",
                Optional.of("<@U999> & co"), List.of("ping <!here>"), false, "bob <b>", NotifyFixtures.at(9));
        channel.deliver(decided, ctx(decided, 1, Map.of("slack", "C0ALERTS/1700000000.000100")));

        String posted = slack.server.requests().get(0).json().path("text").asText();
        assertThat(posted).isEqualTo("<https://example.atlassian.net/browse/PERF-24|PERF-24> "
                + "Performance regression INC-7: rag.ndcg_cut_10{dataset=golden}, rag.recall_100{dataset=golden} on web "
                + "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; (squad a&amp;b &lt;squad&gt;)");
        String updated = slack.server.requests().get(1).json().path("text").asText();
        assertThat(updated).startsWith("<https://example.atlassian.net/browse/PERF-24|PERF-24> INC-7 mitigating: ")
                .contains("(&lt;@U999&gt; &amp; co)", "decided by bob &lt;b&gt;");
        for (Stub.Request r : slack.server.requests()) {
            String text = r.json().path("text").asText();
            String userText = text.substring(text.indexOf("> ") + 2);
            assertThat(userText).as(text).doesNotContain("<", ">");
        }
    }

    @Test
    void laterStatusChangesUseChatUpdateWithTheStoredTs() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        String ref = ((Delivery.Delivered) channel.deliver(m, ctx(m, 1, Map.of()))).externalRef();
        Message.Acknowledged ack = new Message.Acknowledged("INC-7", "alice", NotifyFixtures.at(5));

        Delivery d = channel.deliver(ack, ctx(ack, 1, Map.of("slack", ref)));

        assertThat(d).isEqualTo(new Delivery.Delivered(ref));
        Stub.Request r = slack.server.requests().get(1);
        assertThat(r.path()).isEqualTo("/chat.update");
        assertThat(r.json().path("channel").asText()).isEqualTo("C0ALERTS");
        assertThat(r.json().path("ts").asText()).isEqualTo("1700000000.000100");
        assertThat(slack.messages).containsExactly(Map.entry("C0ALERTS/1700000000.000100",
                "<https://example.atlassian.net/browse/PERF-24|PERF-24> INC-7 acknowledged by alice at 2026-11-27 08:05 UTC"));
        assertThat(r.json().path("blocks").get(0).path("text").path("text").asText())
                .isEqualTo("<https://example.atlassian.net/browse/PERF-24|PERF-24> INC-7 acknowledged by alice at 2026-11-27 08:05 UTC");
        assertThat(slack.server.requests("POST", "/chat.postMessage")).hasSize(1);
    }

    @Test
    void aRetriedOpeningWithAStoredTsDoesNotPostAgain() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        assertThat(channel.deliver(m, ctx(m, 2, Map.of("slack", "C0ALERTS/1.2"))))
                .isEqualTo(new Delivery.Delivered("C0ALERTS/1.2"));
        assertThat(slack.server.requests()).isEmpty();
    }

    @Test
    void okFalseIsAnErrorByItsCode() {
        Channel wrongChannel = TestEnv.channels(new NotifySettings(Optional.empty(), Optional.empty(), Optional.of(
                new NotifySettings.Slack(slack.server.url(), "SLACK_TOKEN", "#nowhere", Optional.empty(), "#devops-requests")),
                Optional.empty()), ArtefactSource.none()).get("slack");
        Message.IncidentOpened m = NotifyFixtures.openedMessage();

        assertThat(wrongChannel.deliver(m, ctx(m, 1, Map.of())))
                .isEqualTo(new Delivery.Permanent("slack chat.postMessage: channel_not_found"));

        Channel badToken = Channels.create(new NotifySettings(Optional.empty(), Optional.empty(),
                Optional.of(TestEnv.slack(slack.server.url())), Optional.empty()), Map.of("SLACK_TOKEN", "xoxb-wrong-token")::get,
                Channels.httpClient(), TestEnv.CLOCK, ArtefactSource.none()).get("slack");
        assertThat(badToken.deliver(m, ctx(m, 1, Map.of()))).isEqualTo(new Delivery.Permanent("slack chat.postMessage: invalid_auth"));

        slack.server.failNext(SlackStub.error("ratelimited").withHeader("Retry-After", "4"));
        assertThat(channel.deliver(m, ctx(m, 1, Map.of())))
                .isEqualTo(new Delivery.Retry(Duration.ofSeconds(4), "slack chat.postMessage: ratelimited"));
        assertThat(slack.messages).isEmpty();
    }

    @Test
    void http429HonoursRetryAfter() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        slack.server.failNext(Stub.Reply.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}").withHeader("Retry-After", "30"));

        assertThat(channel.deliver(m, ctx(m, 1, Map.of())))
                .isEqualTo(new Delivery.Retry(Duration.ofSeconds(30), "slack chat.postMessage: HTTP 429: ratelimited"));
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        // TestEnv.CLOCK is 2026-11-27T09:00:00Z
        slack.server.failNext(Stub.Reply.json(503, "").withHeader("Retry-After", "Fri, 27 Nov 2026 09:02:00 GMT"));

        assertThat(channel.deliver(m, ctx(m, 1, Map.of())))
                .isEqualTo(new Delivery.Retry(Duration.ofMinutes(2), "slack chat.postMessage: HTTP 503"));
    }

    @Test
    void theDevOpsDmOpensAConversationThenPosts() {
        Message.DevOpsDmNeeded dm = Messages.devopsDm(NotifyFixtures.decided()).orElseThrow();

        Delivery d = channel.deliver(dm, ctx(dm, 1, Map.of()));

        assertThat(d).isEqualTo(new Delivery.Delivered("D0ONCALL/1700000000.000100"));
        assertThat(slack.server.requests().stream().map(Stub.Request::path).toList())
                .containsExactly("/conversations.open", "/chat.postMessage");
        assertThat(slack.server.requests().get(0).json().path("users").asText()).isEqualTo("U123DEVOPS");
        JsonNode post = slack.server.requests().get(1).json();
        assertThat(post.path("channel").asText()).isEqualTo("D0ONCALL");
        assertThat(post.path("text").asText()).startsWith("<https://example.atlassian.net/browse/PERF-24|PERF-24> DevOps help needed on INC-7")
                .contains("no-immediate-fix (feature-flag-rollback)");
        assertThat(post.path("blocks").get(1).path("text").path("text").asText()).contains("• [ ] ");
    }

    @Test
    void theLoadTestSlotRequestGoesToTheDevOpsRequestsChannel() {
        Message.LoadTestSlotRequested lt = Messages.loadTestRequested(NotifyFixtures.decided(), 1);

        Delivery d = channel.deliver(lt, ctx(lt, 1, Map.of()));

        assertThat(d).isEqualTo(new Delivery.Delivered("C0DEVOPS/1700000000.000100"));
        JsonNode post = slack.server.requests().get(0).json();
        assertThat(post.path("channel").asText()).isEqualTo("#devops-requests");
        assertThat(post.path("text").asText()).isEqualTo("<https://example.atlassian.net/browse/PERF-24|PERF-24> "
                + "Load-test slot request for INC-7 from alice: scenarios search-burst, long-answers; expected concurrency 200; "
                + "data refresh: reindex golden corpus; start 2026-11-27 10:20 UTC.");
    }

    @Test
    void handlesOnlyWhatItShowsAndTheDmOnlyWithAnOncallUser() {
        assertThat(channel.handles(new Message.Milestone("INC-7", 3, "a", NotifyFixtures.at(1), "x"))).isFalse();
        Message.DevOpsDmNeeded dm = Messages.devopsDm(NotifyFixtures.decided()).orElseThrow();
        assertThat(channel.handles(dm)).isTrue();
        Channel noOncall = TestEnv.channels(new NotifySettings(Optional.empty(), Optional.empty(), Optional.of(
                new NotifySettings.Slack(slack.server.url(), "SLACK_TOKEN", "#theo-perf-alerts", Optional.empty(), "#devops-requests")),
                Optional.empty()), ArtefactSource.none()).get("slack");
        assertThat(noOncall.handles(dm)).isFalse();
        assertThat(Channels.route(dm, List.of(noOncall))).isEmpty();
    }

    @Test
    void everyPostCarriesItsDedupKeyAsMessageMetadata() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        channel.deliver(m, ctx(m, 1, Map.of()));
        JsonNode md = slack.server.requests().get(0).json().path("metadata");
        assertThat(md.path("event_type").asText()).isEqualTo("perfguard_notification");
        assertThat(md.path("event_payload").path("dedup_key").asText()).isEqualTo("INC-7:incident-opened:slack");
        assertThat(slack.server.requests()).hasSize(1); // a first attempt does not look anything up
    }

    @Test
    void aRetryFindsThePostWhoseReplyWasLostAndDoesNotPostAgain() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        // attempt 1 reached Slack, but the dispatcher never saw the reply (it was killed)
        String first = ((Delivery.Delivered) channel.deliver(m, ctx(m, 1, Map.of()))).externalRef();
        // other traffic in the channel meanwhile, more than one history page of it
        for (int i = 0; i < 250; i++) {
            Message.Acknowledged other = new Message.Acknowledged("INC-" + (100 + i), "bob", NotifyFixtures.at(6));
            channel.deliver(other, ctx(other, 1, Map.of()));
        }
        int before = slack.server.requests().size();

        Delivery d = channel.deliver(m, ctx(m, 2, Map.of()));

        assertThat(d).isEqualTo(new Delivery.Delivered(first));
        List<Stub.Request> lookups = slack.server.requests().subList(before, slack.server.requests().size());
        assertThat(lookups).extracting(Stub.Request::method, Stub.Request::path).containsExactly(
                Tuple.tuple("GET", "/conversations.list"),
                Tuple.tuple("GET", "/conversations.history"),
                Tuple.tuple("GET", "/conversations.history"));
        assertThat(lookups.get(1).param("channel")).isEqualTo("C0ALERTS");
        assertThat(lookups.get(1).param("include_all_metadata")).isEqualTo("true");
        assertThat(lookups.get(2).param("cursor")).isNotEmpty();
        assertThat(lookups).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + SlackStub.TOKEN));
        assertThat(slack.metadata.values().stream()
                .filter(md -> md.path("event_payload").path("dedup_key").asText().equals("INC-7:incident-opened:slack"))).hasSize(1);

        // the channel id is looked up once per channel, not on every retry
        channel.deliver(m, ctx(m, 3, Map.of()));
        assertThat(slack.server.requests().subList(before + 3, slack.server.requests().size()))
                .extracting(Stub.Request::path).doesNotContain("/conversations.list", "/chat.postMessage");
    }

    @Test
    void aRetryWithNothingPostedPostsOnce() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        Delivery d = channel.deliver(m, ctx(m, 2, Map.of()));
        assertThat(d).isInstanceOf(Delivery.Delivered.class);
        assertThat(slack.server.requests()).extracting(Stub.Request::path)
                .containsExactly("/conversations.list", "/conversations.history", "/chat.postMessage");
        assertThat(slack.messages).hasSize(1);
    }

    @Test
    void aRefusedLookupStillPostsRatherThanLoseTheAlert() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        slack.server.failNext(SlackStub.error("missing_scope"));
        Delivery d = channel.deliver(m, ctx(m, 2, Map.of()));
        assertThat(d).isInstanceOf(Delivery.Delivered.class);
        assertThat(slack.server.requests()).extracting(Stub.Request::path)
                .containsExactly("/conversations.list", "/chat.postMessage");
    }

    @Test
    void aRateLimitedLookupIsRetriedLaterNotSkipped() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        slack.server.failNext(Stub.Reply.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}").withHeader("Retry-After", "7"));
        Delivery d = channel.deliver(m, ctx(m, 2, Map.of()));
        assertThat(d).isInstanceOf(Delivery.Retry.class);
        assertThat(((Delivery.Retry) d).after()).isEqualTo(Duration.ofSeconds(7));
        assertThat(slack.messages).isEmpty();
    }

    @Test
    void theDevOpsDmRetryLooksInTheDmChannel() {
        Message.DevOpsDmNeeded dm = Messages.devopsDm(NotifyFixtures.decided()).orElseThrow();
        String first = ((Delivery.Delivered) channel.deliver(dm, ctx(dm, 1, Map.of()))).externalRef();
        int before = slack.server.requests().size();
        assertThat(channel.deliver(dm, ctx(dm, 2, Map.of()))).isEqualTo(new Delivery.Delivered(first));
        assertThat(slack.server.requests().subList(before, slack.server.requests().size())).extracting(Stub.Request::path)
                .containsExactly("/conversations.open", "/conversations.history");
        assertThat(slack.server.requests().get(slack.server.requests().size() - 1).param("channel")).isEqualTo("D0ONCALL");
    }

    /** What each post and update sends: the fallback text and the first section of the blocks. */
    private List<String> sentTexts() {
        return slack.server.requests().stream().filter(r -> r.method().equals("POST")).filter(r -> r.json().has("text"))
                .flatMap(r -> java.util.stream.Stream.of(r.json().path("text").asText(),
                        r.json().path("blocks").get(0).path("text").path("text").asText()))
                .toList();
    }

    /** The alert, its update, the load-test request and the DevOps DM, each as built with or without the page link. */
    private void deliverEveryKind(boolean linked) {
        Message.IncidentOpened o = NotifyFixtures.openedMessage();
        Message opened = linked ? o.withIncidentPage(NotifyFixtures.PAGE) : o;
        String ref = ((Delivery.Delivered) channel.deliver(opened, ctx(opened, 1, Map.of()))).externalRef();
        Message.Acknowledged a = new Message.Acknowledged("INC-7", "alice", NotifyFixtures.at(5));
        Message ack = linked ? a.withIncidentPage(NotifyFixtures.PAGE) : a;
        channel.deliver(ack, ctx(ack, 1, Map.of("slack", ref)));
        Message.LoadTestSlotRequested l = Messages.loadTestRequested(NotifyFixtures.decided(), 1);
        Message lt = linked ? l.withIncidentPage(NotifyFixtures.PAGE) : l;
        channel.deliver(lt, ctx(lt, 1, Map.of()));
        Message.DevOpsDmNeeded d = Messages.devopsDm(NotifyFixtures.decided()).orElseThrow();
        Message dm = linked ? d.withIncidentPage(NotifyFixtures.PAGE) : d;
        channel.deliver(dm, ctx(dm, 1, Map.of()));
    }

    @Test
    void withAPublicUrlEveryTextAndFirstBlockLinksToTheIncidentPage() {
        deliverEveryKind(true);

        List<String> texts = sentTexts();
        assertThat(texts).hasSize(8).allSatisfy(t -> assertThat(t)
                .endsWith(" · <https://perfguard.example.com/incidents/INC-7|Open INC-7 in perfguard>"));
        assertThat(texts.get(0)).isEqualTo("<https://example.atlassian.net/browse/PERF-24|PERF-24> "
                + "Performance regression INC-7: rag.ndcg_cut_10{dataset=golden}, rag.recall_100{dataset=golden} on theo-engine-web"
                + " (squad search-quality) · <https://perfguard.example.com/incidents/INC-7|Open INC-7 in perfguard>");
        assertThat(slack.messages.get("C0ALERTS/1700000000.000100")).isEqualTo("<https://example.atlassian.net/browse/PERF-24|PERF-24> "
                + "INC-7 acknowledged by alice at 2026-11-27 08:05 UTC · <https://perfguard.example.com/incidents/INC-7|Open INC-7 in perfguard>");
    }

    @Test
    void withoutAPublicUrlNothingLinksToAPage() {
        deliverEveryKind(false);

        assertThat(sentTexts()).hasSize(8).allSatisfy(t -> assertThat(t).doesNotContain("/incidents/", "in perfguard"));
    }
}
