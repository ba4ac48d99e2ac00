package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointTest {

    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

    private static Endpoint endpoint(String base) {
        return new Endpoint("test", URI.create(base), Channels.httpClient(), Duration.ofSeconds(5), TestEnv.CLOCK, Redactor.NONE);
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertThat(Endpoint.parseRetryAfter("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(Endpoint.parseRetryAfter(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(Endpoint.parseRetryAfter("Fri, 27 Nov 2026 09:01:30 GMT", NOW)).contains(Duration.ofSeconds(90));
        assertThat(Endpoint.parseRetryAfter("Fri, 27 Nov 2026 08:59:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(Endpoint.parseRetryAfter("soon", NOW)).isEmpty();
        assertThat(Endpoint.parseRetryAfter("-5", NOW)).isEmpty();
        assertThat(Endpoint.parseRetryAfter("99999999999999", NOW)).contains(Endpoint.MAX_RETRY_AFTER);
        assertThat(Endpoint.parseRetryAfter("86400", NOW)).contains(Endpoint.MAX_RETRY_AFTER);
    }

    @Test
    void statusesAreClassified() {
        Endpoint e = endpoint("http://127.0.0.1:9");
        for (int s : new int[] {408, 429, 500, 502, 503, 504}) {
            assertThat(e.failure(new Endpoint.Reply(s, Optional.of("3"), Optional.empty(), ""), "x", ""))
                    .isEqualTo(new Delivery.Retry(Duration.ofSeconds(3), "test x: HTTP " + s));
        }
        for (int s : new int[] {400, 401, 403, 404, 409, 413, 422}) {
            assertThat(e.failure(new Endpoint.Reply(s, Optional.empty(), Optional.empty(), ""), "x", "why"))
                    .isEqualTo(new Delivery.Permanent("test x: HTTP " + s + ": why"));
        }
    }

    @Test
    void pathsOutsideTheBaseUrlAreRefused() {
        Endpoint e = endpoint("https://example.atlassian.net/jira");
        assertThat(e.uri("/rest/api/3/issue")).isEqualTo(URI.create("https://example.atlassian.net/jira/rest/api/3/issue"));
        for (String bad : List.of("//evil.example/x", "/../admin", "/a/../../b", "rest/api", "/x@evil.example", "/a b", "/a\\b")) {
            assertThatThrownBy(() -> e.uri(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside https://example.atlassian.net/jira");
        }
        for (String other : List.of("https://evil.example/jira/x", "http://example.atlassian.net/jira/x",
                "https://example.atlassian.net:8443/jira/x", "https://example.atlassian.net/jiraX", "https://example.atlassian.net/other")) {
            assertThatThrownBy(() -> e.requireAllowed(URI.create(other))).as(other)
                    .hasMessageContaining("outbound requests go only to https://example.atlassian.net/jira");
        }
        e.requireAllowed(URI.create("https://example.atlassian.net:443/jira/x"));
        // dots in a query value are data, not a path step
        assertThat(e.uri("/search?jql=labels+%3D+%22perfguard-a..b%22")).hasToString(
                "https://example.atlassian.net/jira/search?jql=labels+%3D+%22perfguard-a..b%22");
        assertThatThrownBy(() -> e.uri("/x#frag")).hasMessageContaining("refusing path");
    }

    @Test
    void aRequestToAnotherHostIsNeverSent() throws Exception {
        try (Stub allowed = new Stub(r -> Stub.Reply.json(200, "{}")); Stub other = new Stub(r -> Stub.Reply.json(200, "{}"))) {
            Endpoint e = endpoint(allowed.url().toString());
            HttpRequest elsewhere = HttpRequest.newBuilder(URI.create(other.url() + "/steal")).GET().build();
            Endpoint.Outcome o = e.exchange(elsewhere, "probe");
            assertThat(o.failure()).isInstanceOf(Delivery.Permanent.class);
            assertThat(((Delivery.Permanent) o.failure()).reason()).contains("refusing request to", "outbound requests go only to " + allowed.url());
            assertThat(other.requests()).isEmpty();
            assertThat(allowed.requests()).isEmpty();
        }
    }

    @Test
    void redirectsAreNotFollowed() {
        try (Stub other = new Stub(r -> Stub.Reply.json(201, "{\"key\":\"EVIL-1\"}"))) {
            try (Stub jira = new Stub(r -> Stub.Reply.empty(307).withHeader("Location", other.url() + "/rest/api/3/issue"))) {
                Channel channel = TestEnv.jiraChannel(jira.url(), ArtefactSource.none());
                Message.IncidentOpened m = NotifyFixtures.openedMessage();
                Delivery d = channel.deliver(m, DeliveryContext.first("k"));
                assertThat(d).isInstanceOf(Delivery.Permanent.class);
                assertThat(((Delivery.Permanent) d).reason()).contains("HTTP 307", "not followed");
                assertThat(other.requests()).isEmpty();
            }
        }
    }

    @Test
    void aConnectionErrorIsARetry() {
        Endpoint e = endpoint("http://127.0.0.1:1");
        Endpoint.Outcome o = e.exchange(e.request("/x").GET().build(), "probe");
        assertThat(o.failure()).isInstanceOf(Delivery.Retry.class);
        assertThat(((Delivery.Retry) o.failure()).reason()).startsWith("test probe: cannot reach 127.0.0.1:1");
    }

    @Test
    void baseUrlsMustBePlainHttpUrls() {
        for (String bad : List.of("ftp://x", "https://user:pw@example.net", "https://example.net?x=1", "https://example.net#f", "/relative")) {
            assertThatThrownBy(() -> Endpoint.requireBase(URI.create(bad), "notify.jira.url")).as(bad)
                    .hasMessageContaining("notify.jira.url '");
        }
    }
}
