package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrafanaChannelTest {

    private final GrafanaStub grafana = new GrafanaStub();
    private final Channel channel = TestEnv.grafanaChannel(grafana.server.url());
    private static final URI TICKET = URI.create("https://example.atlassian.net/browse/PERF-24");

    @AfterEach
    void stop() {
        grafana.server.close();
    }

    private static DeliveryContext ctx(Message m, int attempt) {
        return TestEnv.ctx(attempt, Channels.dedupKey(m, "grafana"), Map.of(), Optional.of(TICKET));
    }

    @Test
    void annotatesOpenMitigationAndClose() {
        Message.IncidentOpened open = NotifyFixtures.openedMessage();
        Message.MitigationDecided decided = Messages.decided(NotifyFixtures.decided());
        Message.Closed closed = Messages.closed(NotifyFixtures.closed());

        assertThat(channel.deliver(open, ctx(open, 1))).isEqualTo(new Delivery.Delivered("annotation:1"));
        assertThat(channel.deliver(decided, ctx(decided, 1))).isEqualTo(new Delivery.Delivered("annotation:2"));
        assertThat(channel.deliver(closed, ctx(closed, 1))).isEqualTo(new Delivery.Delivered("annotation:3"));

        Stub.Request r = grafana.server.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/annotations");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + GrafanaStub.TOKEN);
        JsonNode b = r.json();
        assertThat(b.path("time").asLong()).isEqualTo(NotifyFixtures.T0.toEpochMilli());
        assertThat(tags(b)).containsExactly("perfguard", "incident:INC-7", "event:incident-opened");
        assertThat(b.path("text").asText()).startsWith("Performance regression INC-7").endsWith(" — " + TICKET);
        assertThat(b.has("dashboardUID")).isFalse();
        assertThat(tags(grafana.server.requests().get(1).json())).containsExactly("perfguard", "incident:INC-7", "event:mitigation-decided");
        assertThat(grafana.server.requests().get(1).json().path("text").asText())
                .startsWith("INC-7 mitigation: no-immediate-fix (feature-flag-rollback)");
        assertThat(tags(grafana.server.requests().get(2).json())).containsExactly("perfguard", "incident:INC-7", "event:closed");
        assertThat(channel.handles(new Message.Acknowledged("INC-7", "a", NotifyFixtures.T0))).isFalse();
    }

    @Test
    void aRetryFindsTheAnnotationAlreadyMade() {
        Message.IncidentOpened open = NotifyFixtures.openedMessage();
        channel.deliver(open, ctx(open, 1));

        assertThat(channel.deliver(open, ctx(open, 2))).isEqualTo(new Delivery.Delivered("annotation:1"));
        assertThat(grafana.annotations).hasSize(1);
        Stub.Request get = grafana.server.requests("GET", "/api/annotations").get(0);
        assertThat(get.params("tags")).containsExactly("perfguard", "incident:INC-7", "event:incident-opened");
    }

    @Test
    void unauthorizedIsPermanent() {
        Channel bad = Channels.create(new NotifySettings(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(TestEnv.grafana(grafana.server.url()))), Map.of("GRAFANA_TOKEN", "glsa_wrong")::get,
                Channels.httpClient(), TestEnv.CLOCK, ArtefactSource.none()).get("grafana");
        Message.IncidentOpened open = NotifyFixtures.openedMessage();
        assertThat(bad.deliver(open, ctx(open, 1))).isEqualTo(new Delivery.Permanent("grafana create annotation: HTTP 401: Unauthorized"));
    }

    private static List<String> tags(JsonNode b) {
        List<String> out = new ArrayList<>();
        b.path("tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    @Test
    void withAPublicUrlTheAnnotationTextEndsWithTheIncidentPage() {
        Message open = NotifyFixtures.openedMessage().withIncidentPage(NotifyFixtures.PAGE);
        Message plain = Messages.decided(NotifyFixtures.decided());

        channel.deliver(open, ctx(open, 1));
        channel.deliver(plain, ctx(plain, 1));

        assertThat(grafana.server.requests().get(0).json().path("text").asText())
                .endsWith(" — " + TICKET + " — https://perfguard.example.com/incidents/INC-7");
        assertThat(grafana.server.requests().get(1).json().path("text").asText()).endsWith(" — " + TICKET)
                .doesNotContain("/incidents/");
    }
}
