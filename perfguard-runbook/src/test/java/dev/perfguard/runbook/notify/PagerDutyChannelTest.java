package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagerDutyChannelTest {

    private final PagerDutyStub pd = new PagerDutyStub();
    private final Channel channel = TestEnv.pagerDutyChannel(pd.server.url());
    private static final URI TICKET = URI.create("https://example.atlassian.net/browse/PERF-24");

    @AfterEach
    void stop() {
        pd.server.close();
    }

    private static DeliveryContext ctx(Message m, int attempt) {
        return TestEnv.ctx(attempt, Channels.dedupKey(m, "pagerduty"), Map.of(), Optional.of(TICKET));
    }

    @Test
    void triggerSendsTheDocumentedEvent() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();

        Delivery d = channel.deliver(m, ctx(m, 1));

        assertThat(d).isEqualTo(new Delivery.Delivered("perfguard-INC-7"));
        Stub.Request r = pd.server.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v2/enqueue");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Authorization")).isNull();
        JsonNode e = r.json();
        assertThat(e.path("routing_key").asText()).isEqualTo(PagerDutyStub.ROUTING_KEY);
        assertThat(e.path("event_action").asText()).isEqualTo("trigger");
        assertThat(e.path("dedup_key").asText()).isEqualTo("perfguard-INC-7");
        JsonNode p = e.path("payload");
        assertThat(p.path("summary").asText()).startsWith("Performance regression INC-7: rag.ndcg_cut_10{dataset=golden}");
        assertThat(p.path("source").asText()).isEqualTo("theo-engine-web");
        assertThat(p.path("severity").asText()).isEqualTo("error");
        assertThat(p.path("timestamp").asText()).isEqualTo("2026-11-27T08:00:00Z");
        JsonNode ndcg = p.path("custom_details").path("metrics").path("rag.ndcg_cut_10{dataset=golden}");
        assertThat(ndcg.path("before").asText()).isEqualTo("0.7412");
        assertThat(ndcg.path("after").asText()).isEqualTo("0.6931");
        assertThat(ndcg.path("delta").asText()).isEqualTo("-0.0481");
        assertThat(ndcg.path("failing_query_ids").asText()).isEqualTo("q-0017, q-0342");
        assertThat(p.path("custom_details").path("ticket").asText()).isEqualTo(TICKET.toString());
        assertThat(e.path("links").get(0).path("href").asText()).isEqualTo(TICKET.toString());
        assertThat(e.path("links").get(1).path("href").asText())
                .isEqualTo("https://grafana.theo.internal/d/rag-quality/rag-retrieval-efficacy?viewPanel=2");
        assertThat(e.path("links")).hasSize(2);
    }

    @Test
    void theDedupKeyIsStableSoARepeatedTriggerIsOneAlertAndAckAndResolveFindIt() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        channel.deliver(m, ctx(m, 1));
        channel.deliver(m, ctx(m, 2));
        assertThat(pd.alerts).containsExactly(Map.entry("perfguard-INC-7", "triggered"));

        Message.Acknowledged ack = new Message.Acknowledged("INC-7", "alice", NotifyFixtures.at(5));
        assertThat(channel.deliver(ack, ctx(ack, 1))).isEqualTo(new Delivery.Delivered("perfguard-INC-7"));
        assertThat(pd.alerts).containsExactly(Map.entry("perfguard-INC-7", "acknowledged"));
        JsonNode ackBody = pd.server.requests().get(2).json();
        assertThat(ackBody.path("event_action").asText()).isEqualTo("acknowledge");
        assertThat(ackBody.has("payload")).isFalse();

        Message.Closed closed = Messages.closed(NotifyFixtures.closed());
        assertThat(channel.deliver(closed, ctx(closed, 1))).isEqualTo(new Delivery.Delivered("perfguard-INC-7"));
        assertThat(pd.alerts).containsExactly(Map.entry("perfguard-INC-7", "resolved"));
        assertThat(pd.server.requests().stream().map(r -> r.json().path("dedup_key").asText()).distinct().toList())
                .containsExactly("perfguard-INC-7");
    }

    @Test
    void anInvalidEventIsPermanentWithPagerDutysErrors() {
        Map<String, String> wrongEnv = Map.of("PD_ROUTING_KEY", "0123456789abcdef0123456789abcdef");
        Channel wrongKey = Channels.create(new NotifySettings(Optional.empty(), Optional.of(TestEnv.pagerDuty(pd.server.url())),
                Optional.empty(), Optional.empty()), wrongEnv::get, Channels.httpClient(), TestEnv.CLOCK, ArtefactSource.none())
                .get("pagerduty");
        Message.IncidentOpened m = NotifyFixtures.openedMessage();

        assertThat(wrongKey.deliver(m, ctx(m, 1))).isEqualTo(new Delivery.Permanent(
                "pagerduty enqueue trigger: HTTP 400: Event object is invalid; Invalid routing key"));
        assertThat(pd.alerts).isEmpty();
    }

    @Test
    void rateLimitedAndServerErrorsRetry() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        pd.server.failNext(Stub.Reply.json(429, "{\"status\":\"throttle event\",\"message\":\"Requests for this service are arriving too quickly.\"}")
                .withHeader("Retry-After", "12"));
        pd.server.failNext(Stub.Reply.json(500, "{\"status\":\"error\"}"));

        assertThat(channel.deliver(m, ctx(m, 1))).isEqualTo(new Delivery.Retry(Duration.ofSeconds(12),
                "pagerduty enqueue trigger: HTTP 429: Requests for this service are arriving too quickly."));
        assertThat(channel.deliver(m, ctx(m, 2))).isInstanceOf(Delivery.Retry.class);
        assertThat(channel.deliver(m, ctx(m, 3))).isEqualTo(new Delivery.Delivered("perfguard-INC-7"));
    }

    @Test
    void withAPublicUrlTheTriggerLinksToTheIncidentPageAsClientUrlAndFirstLink() {
        Message m = NotifyFixtures.openedMessage().withIncidentPage(NotifyFixtures.PAGE);

        channel.deliver(m, ctx(m, 1));

        JsonNode e = pd.server.requests().get(0).json();
        assertThat(e.path("client").asText()).isEqualTo("perfguard");
        assertThat(e.path("client_url").asText()).isEqualTo("https://perfguard.example.com/incidents/INC-7");
        assertThat(e.path("links")).hasSize(3);
        assertThat(e.path("links").get(0).path("href").asText()).isEqualTo("https://perfguard.example.com/incidents/INC-7");
        assertThat(e.path("links").get(0).path("text").asText()).isEqualTo("perfguard incident INC-7");
        assertThat(e.path("links").get(1).path("href").asText()).isEqualTo(TICKET.toString());
    }

    @Test
    void withoutAPublicUrlTheTriggerHasNoClientUrlNorPageLink() {
        Message m = NotifyFixtures.openedMessage();

        channel.deliver(m, ctx(m, 1));

        JsonNode e = pd.server.requests().get(0).json();
        assertThat(e.has("client_url")).isFalse();
        assertThat(e.toString()).doesNotContain("/incidents/");
    }
}
