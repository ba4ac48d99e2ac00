package dev.perfguard.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.ArtefactSource;
import dev.perfguard.runbook.notify.Channel;
import dev.perfguard.runbook.notify.Channels;
import dev.perfguard.runbook.notify.Dispatcher;
import dev.perfguard.runbook.notify.NotifySettings;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.PagerDutyStub;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.notify.Stub;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dead-letter routes on a real server and a real store: an incident reported over HTTP routes its
 * opening to PagerDuty, the real {@link Dispatcher} gets a permanent 400 from a hand-written PagerDuty
 * stub (so the message is a dead letter), the API lists it, re-queues it, and the next pass delivers it
 * once the stub answers 202.
 */
class OutboxApiTest {
    /** A routing key the stub's error body echoes back: it must never reach the API's answer. */
    static final String ROUTING_KEY = PagerDutyStub.ROUTING_KEY;

    @TempDir Path tmp;
    MutableClock clock;
    StoreOutbox outbox;
    Dispatcher dispatcher;
    PerfguardServer server;
    PagerDutyStub pd;
    Http http;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);

    void start(TestStores.Kind kind) throws IOException {
        Store store = TestStores.open(kind, tmp);
        clock = new MutableClock(ServerTest.T0);
        pd = new PagerDutyStub();
        Map<String, Channel> channels = Channels.create(new NotifySettings(Optional.empty(),
                Optional.of(new NotifySettings.PagerDuty(pd.server.url(), "PD_ROUTING_KEY", "critical", "perfguard")), Optional.empty(),
                Optional.empty()), Map.of("PD_ROUTING_KEY", ROUTING_KEY)::get, Channels.httpClient(), clock, ArtefactSource.none());
        IncidentService incidents = new IncidentService(store, new IncidentService.Settings(ClosingGate.DEFAULT,
                OwnershipRules.none(), 1024), clock, OutboxRouting.to(channels.values()));
        outbox = new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE);
        dispatcher = Dispatcher.withDefaults(outbox, channels, clock);
        ApiTokens apiTokens = new ApiTokens(store, clock);
        for (Role r : Role.values()) {
            tokens.put(r, apiTokens.create(r.wireName() + "-user", r).token());
        }
        server = PerfguardServer.start(incidents, outbox, apiTokens, clock, "theo-engine-web", "127.0.0.1", 0);
        http = new Http("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (pd != null) {
            pd.close();
        }
    }

    JsonNode ok(Http.Answer a) {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    JsonNode items(String query) {
        return ok(http.get("/api/v1/outbox" + query, tokens.get(Role.VIEWER))).path("items");
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aDeadLetterIsListedRetriedAndDeliveredThroughTheApi(TestStores.Kind kind) throws IOException {
        start(kind);
        Http.Answer opened = http.post("/api/v1/incidents", tokens.get(Role.RESPONDER), ServerTest.report(3400));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String incident = opened.json().path("incident").path("id").asText();
        String dedupKey = incident + ":incident-opened:pagerduty";

        JsonNode pending = items("?state=pending");
        assertThat(pending.size()).as(pending.toString()).isEqualTo(1);
        String id = pending.get(0).path("id").asText();
        assertThat(pending.get(0).path("dedupKey").asText()).isEqualTo(dedupKey);
        assertThat(items("").size()).isZero(); // the default is dead letters; none yet

        // PagerDuty refuses the event for good (and echoes the routing key): a dead letter after one attempt
        pd.server.failNext(Stub.Reply.json(400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Invalid routing key "
                + ROUTING_KEY + "\"]}"));
        assertThat(dispatcher.runOnce()).isEqualTo(new Dispatcher.Report(1, 0, 0, 1));
        assertThat(pd.server.requests().size()).isEqualTo(1);

        Http.Answer deadAnswer = http.get("/api/v1/outbox?state=dead&limit=10", tokens.get(Role.VIEWER));
        assertThat(deadAnswer.body()).doesNotContain(ROUTING_KEY);
        JsonNode dead = ok(deadAnswer).path("items");
        assertThat(dead.size()).isEqualTo(1);
        JsonNode letter = dead.get(0);
        assertThat(letter.path("id").asText()).isEqualTo(id);
        assertThat(letter.path("channel").asText()).isEqualTo("pagerduty");
        assertThat(letter.path("incidentId").asText()).isEqualTo(incident);
        assertThat(letter.path("dedupKey").asText()).isEqualTo(dedupKey);
        assertThat(letter.path("state").asText()).isEqualTo("DEAD");
        assertThat(letter.path("attempts").asInt()).isEqualTo(1);
        assertThat(letter.path("lastError").asText()).contains("HTTP 400").contains("Invalid routing key").contains("***");
        assertThat(letter.path("externalRef").isNull()).as(letter.toString()).isTrue();
        assertThat(letter.path("nextAttemptAt").asText()).isNotBlank();
        assertThat(items("?state=pending").size()).isZero();
        assertThat(dispatcher.runOnce().claimed()).isZero(); // a dead letter is not due

        // a viewer may look but not re-send; a responder re-queues it: pending, due now, attempts from zero
        Http.Answer forbidden = http.post("/api/v1/outbox/" + id + "/retry", tokens.get(Role.VIEWER), Map.of());
        assertThat(forbidden.status()).isEqualTo(403);
        clock.advance(Duration.ofMinutes(7));
        JsonNode retried = ok(http.post("/api/v1/outbox/" + id + "/retry", tokens.get(Role.RESPONDER), Map.of()));
        assertThat(retried.path("id").asText()).isEqualTo(id);
        assertThat(retried.path("state").asText()).isEqualTo("PENDING");
        assertThat(retried.path("attempts").asInt()).isZero();
        assertThat(retried.path("nextAttemptAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(items("").size()).isZero();
        assertThat(items("?state=pending").get(0).path("id").asText()).isEqualTo(id);

        // only dead letters can be retried; unknown ids are 404
        Http.Answer again = http.post("/api/v1/outbox/" + id + "/retry", tokens.get(Role.ADMIN), Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asText()).isEqualTo("CONFLICT");
        assertThat(again.json().path("message").asText()).contains("outbox message " + id + " is pending, not dead");
        Http.Answer unknown = http.post("/api/v1/outbox/no-such-message/retry", tokens.get(Role.RESPONDER), Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(unknown.json().path("message").asText()).contains("no outbox message no-such-message");

        // the stub answers 202 now: the next pass delivers it
        assertThat(dispatcher.runOnce()).isEqualTo(new Dispatcher.Report(1, 1, 0, 0));
        assertThat(pd.server.requests().size()).isEqualTo(2);
        JsonNode delivered = items("?state=delivered");
        assertThat(delivered.size()).isEqualTo(1);
        assertThat(delivered.get(0).path("id").asText()).isEqualTo(id);
        assertThat(delivered.get(0).path("state").asText()).isEqualTo("DELIVERED");
        assertThat(delivered.get(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(delivered.get(0).path("externalRef").asText()).isNotBlank();
        assertThat(items("").size()).isZero();
        Http.Answer deliveredAgain = http.post("/api/v1/outbox/" + id + "/retry", tokens.get(Role.RESPONDER), Map.of());
        assertThat(deliveredAgain.status()).isEqualTo(409);
        assertThat(deliveredAgain.json().path("message").asText()).contains("is delivered, not dead");
    }

    /** The route table's matrix (ServerTest) sees 404s for retry; here every role meets two real dead letters. */
    @Test
    void rolesOnRealDeadLetters() throws IOException {
        start(TestStores.Kind.SQLITE);
        for (String service : List.of("theo-engine-web", "checkout-web")) {
            assertThat(http.post("/api/v1/incidents", tokens.get(Role.RESPONDER),
                    ServerTest.report(3400).replaceFirst("\\{", "{\"service\":\"" + service + "\",")).status()).isEqualTo(201);
            pd.server.failNext(Stub.Reply.json(400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\"}"));
        }
        assertThat(dispatcher.runOnce()).isEqualTo(new Dispatcher.Report(2, 0, 0, 2));
        for (Role role : Role.values()) {
            assertThat(http.get("/api/v1/outbox", tokens.get(role)).status()).as(role.toString()).isEqualTo(200);
        }
        assertThat(http.get("/api/v1/outbox", null).status()).isEqualTo(401);
        List<String> ids = outbox.list(StoreOutbox.State.DEAD, 10).stream().map(StoreOutbox.Entry::id).toList();
        assertThat(ids).hasSize(2);
        for (String id : ids) {
            String retry = "/api/v1/outbox/" + id + "/retry";
            assertThat(http.post(retry, null, Map.of()).status()).isEqualTo(401);
            assertThat(http.post(retry, "pg_" + "0".repeat(64), Map.of()).status()).isEqualTo(401);
            assertThat(http.post(retry, tokens.get(Role.VIEWER), Map.of()).status()).isEqualTo(403);
        }
        assertThat(outbox.list(StoreOutbox.State.DEAD, 10)).hasSize(2); // refused requests changed nothing
        assertThat(http.post("/api/v1/outbox/" + ids.get(0) + "/retry", tokens.get(Role.RESPONDER), Map.of()).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/outbox/" + ids.get(1) + "/retry", tokens.get(Role.ADMIN), Map.of()).status()).isEqualTo(200);
        assertThat(outbox.list(StoreOutbox.State.DEAD, 10)).isEmpty();
        assertThat(outbox.list(StoreOutbox.State.PENDING, 10)).extracting(StoreOutbox.Entry::id).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void badQueryParametersAreA400NamingTheParameter() throws IOException {
        start(TestStores.Kind.SQLITE);
        String viewer = tokens.get(Role.VIEWER);
        for (String query : List.of("state=lost", "state=DEAD", "limit=0", "limit=10001", "limit=ten", "limit=-5")) {
            Http.Answer a = http.get("/api/v1/outbox?" + query, viewer);
            assertThat(a.status()).as(query + ": " + a.body()).isEqualTo(400);
            assertThat(a.json().path("code").asText()).isEqualTo("BAD_INPUT");
            assertThat(a.json().path("message").asText()).as(query)
                    .contains("query parameter " + query.substring(0, query.indexOf('=')));
        }
        assertThat(http.get("/api/v1/outbox?state=lost", viewer).json().path("message").asText())
                .contains("'lost' is not one of pending, delivered, dead");
        assertThat(http.get("/api/v1/outbox?limit=0", viewer).json().path("message").asText())
                .contains("between 1 and 10000, was 0");
        for (String query : List.of("limit=1", "limit=10000", "state=pending&limit=5", "state=delivered")) {
            assertThat(http.get("/api/v1/outbox?" + query, viewer).status()).as(query).isEqualTo(200);
        }
    }
}
