package dev.perfguard.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.runbook.incident.IncidentConsistency;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServerTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:20:00Z");
    static final String LCP = "lighthouse.lcp_ms{page=https://example.com/,preset=mobile}";

    @TempDir Path tmp;
    PerfguardServer server;
    Store store;
    MutableClock clock;
    Http http;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);

    void start(TestStores.Kind kind) {
        TestServer started = new TestServer(tmp, kind);
        server = started.server;
        store = started.store;
        clock = started.clock;
        http = started.http;
        tokens.putAll(started.tokens);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String report(double current) {
        return """
                {"discrepancies":[{"metric":"%s","evidence":{"type":"lighthouse","baseline":2100,"current":%s,"unit":"ms","runs":5},
                 "panels":[{"title":"Web Vitals","url":"https://grafana.example/d/web-vitals"}],"detectedAt":"2026-11-27T10:19:00Z"}]}
                """.formatted(LCP, current);
    }

    String responder() {
        return tokens.get(Role.RESPONDER);
    }

    JsonNode ok(Http.Answer a) {
        assertThat(a.status()).as(a.body()).isBetween(200, 201);
        return a.json();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void fullLifecycleThroughTheApi(TestStores.Kind kind) {
        start(kind);
        assertThat(http.get("/health", null).body()).contains("ok");
        Http.Answer opened = http.post("/api/v1/incidents", responder(), report(3400));
        assertThat(opened.status()).isEqualTo(201);
        String id = opened.json().path("incident").path("id").asText();
        String inc = "/api/v1/incidents/" + id;
        Http.Answer attached = http.post("/api/v1/incidents", responder(), report(3500));
        assertThat(attached.status()).isEqualTo(200);
        assertThat(attached.json().path("incident").path("id").asText()).isEqualTo(id);

        ok(http.post(inc + "/transition", responder(), Map.of("to", "INVESTIGATING")));
        JsonNode h = ok(http.post(inc + "/hypotheses", responder(),
                Map.of("rootCause", "hero image is no longer lazy-loaded", "flags", List.of(Map.of("flag", "new-hero", "state", "on")))));
        assertThat(h.path("incident").path("hypotheses").get(0).path("owner").path("squad").asText()).isEqualTo("web-perf");
        ok(http.post(inc + "/deploy-notes", responder(), Map.of("text", "deploy 412: new hero image")));
        Http.Answer art = http.send("PUT", inc + "/artefacts/perf_metrics.json", responder(), "{\"lcp\":3400}");
        assertThat(art.status()).isEqualTo(200);
        assertThat(http.get(inc + "/artefacts/perf_metrics.json", tokens.get(Role.VIEWER)).body()).isEqualTo("{\"lcp\":3400}");
        assertThat(http.send("PUT", inc + "/artefacts/..%2Fpasswd", responder(), "x").status()).isIn(400, 404);
        assertThat(http.send("PUT", inc + "/artefacts/big.json", responder(), "x".repeat(1025)).status()).isEqualTo(400);

        // the two-hour rule: 1h59m ahead is refused with the earliest allowed time, 3h ahead accepted
        Http.Answer tooSoon = http.post(inc + "/load-tests", responder(), Map.of("scenarios", List.of("search-burst"),
                "concurrency", 200, "dataRefresh", "reindex golden corpus", "start", T0.plus(Duration.ofMinutes(119)).toString()));
        assertThat(tooSoon.status()).isEqualTo(400);
        assertThat(tooSoon.json().path("code").asText()).isEqualTo("BAD_INPUT");
        assertThat(tooSoon.json().path("message").asText()).contains("2026-11-27T12:20:00Z");
        ok(http.post(inc + "/load-tests", responder(), Map.of("scenarios", List.of("search-burst"), "concurrency", 200,
                "dataRefresh", "reindex golden corpus", "start", T0.plus(Duration.ofHours(2)).toString())));
        ok(http.post(inc + "/load-tests/1/confirm", responder(), Map.of()));
        ok(http.post(inc + "/load-tests/1/complete", responder(), Map.of("verdict", "MITIGATE", "summary", "p95 holds",
                "recollected", List.of(Map.of("metric", "rag.ndcg_cut_10", "dataset", "golden", "value", 0.61)))));
        JsonNode d = ok(http.post(inc + "/decision", responder(), Map.of("fixAvailable", true, "fixEstimate", "PT45M",
                "needsInfrastructure", false)));
        assertThat(d.path("incident").path("decision").path("branch").asText()).isEqualTo("FAST_FIX");
        ok(http.post(inc + "/tasks/1/done", responder(), Map.of()));
        ok(http.post(inc + "/transition", responder(), Map.of("to", "MITIGATING")));
        ok(http.post(inc + "/transition", responder(), Map.of("to", "MONITORING")));
        ok(http.post(inc + "/follow-ups", responder(), Map.of("kind", "MISSING_BASELINE", "title", "baseline for /search")));

        // the closing gate: summary missing and windows missing, then one breach, then two good windows
        Http.Answer refused = http.post(inc + "/close", responder(), Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("message").asText()).contains("summary (root cause, remediation) is not written").contains("ended before the incident opened");
        ok(http.post(inc + "/summary", responder(), Map.of("rootCause", "eager hero image", "remediation", "lazy-load it")));
        clock.set(Instant.parse("2026-11-27T13:05:00Z")); // required windows: 11:00 and 12:00
        assertThat(http.post(inc + "/windows", responder(), Map.of("start", "2026-11-27T13:00:00Z",
                "results", List.of(Map.of("metric", LCP, "outcome", "WITHIN_TOLERANCE")))).status()).isEqualTo(400); // not ended
        JsonNode w = ok(http.post(inc + "/windows", responder(), Map.of("start", "2026-11-27T11:00:00Z",
                "results", List.of(Map.of("metric", LCP, "outcome", "WITHIN_TOLERANCE")))));
        assertThat(w.path("closable").asBoolean()).isFalse();
        ok(http.post(inc + "/windows", responder(), Map.of("start", "2026-11-27T12:00:00Z",
                "results", List.of(Map.of("metric", LCP, "outcome", "BREACH", "value", 3300)))));
        Http.Answer breach = http.post(inc + "/close", responder(), Map.of());
        assertThat(breach.status()).isEqualTo(409);
        assertThat(breach.json().path("message").asText()).contains(LCP + " was in breach in window 2026-11-27T12:00:00Z");
        clock.set(Instant.parse("2026-11-27T14:05:00Z")); // required: 12:00 (breach) and 13:00 (missing)
        ok(http.post(inc + "/windows", responder(), Map.of("start", "2026-11-27T12:00:00Z",
                "results", List.of(Map.of("metric", LCP, "outcome", "WITHIN_TOLERANCE", "value", 2000)))));
        JsonNode last = ok(http.post(inc + "/windows", responder(), Map.of("start", "2026-11-27T13:00:00Z",
                "results", List.of(Map.of("metric", LCP, "outcome", "WITHIN_TOLERANCE", "value", 1990)))));
        assertThat(last.path("closable").asBoolean()).as(last.toString()).isTrue();
        JsonNode closed = ok(http.post(inc + "/close", responder(), Map.of()));
        assertThat(closed.path("incident").path("state").asText()).isEqualTo("CLOSED");
        assertThat(http.post(inc + "/deploy-notes", responder(), Map.of("text", "late")).status()).isEqualTo(409);

        String md = http.get(inc + "/report", tokens.get(Role.VIEWER)).body();
        assertThat(md).contains(id).contains("eager hero image").contains("lazy-load it").contains("baseline for /search");
        JsonNode list = ok(http.get("/api/v1/incidents?state=closed&limit=1", tokens.get(Role.VIEWER)));
        assertThat(list.path("total").asLong()).isEqualTo(1);
        assertThat(IncidentConsistency.check(store)).isEmpty();
    }

    @Test
    void adminOverrideNeedsAdminAndIsRecorded() {
        start(TestStores.Kind.SQLITE);
        String id = ok(http.post("/api/v1/incidents", responder(), report(3400))).path("incident").path("id").asText();
        String inc = "/api/v1/incidents/" + id;
        for (String to : List.of("INVESTIGATING", "MITIGATING", "MONITORING")) {
            ok(http.post(inc + "/transition", responder(), Map.of("to", to)));
        }
        ok(http.post(inc + "/summary", responder(), Map.of("rootCause", "r", "remediation", "m")));
        Http.Answer forbidden = http.post(inc + "/close", responder(), Map.of("overrideReason", "dashboards broken"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().path("code").asText()).isEqualTo("FORBIDDEN");
        JsonNode closed = ok(http.post(inc + "/close", tokens.get(Role.ADMIN), Map.of("overrideReason", "dashboards broken")));
        JsonNode basis = closed.path("incident").path("closure").path("basis");
        assertThat(basis.path("type").asText()).isEqualTo("admin-override");
        assertThat(basis.path("reason").asText()).isEqualTo("dashboards broken");
        assertThat(basis.path("overriddenProblems").size()).isEqualTo(2); // both required windows ended before the opening
    }

    @Test
    void badInputIsA400WithCodeAndMessage() {
        start(TestStores.Kind.SQLITE);
        String id = ok(http.post("/api/v1/incidents", responder(), report(3400))).path("incident").path("id").asText();
        String inc = "/api/v1/incidents/" + id;
        for (Object body : List.of("{not json", "{\"to\":\"SLEEPING\"}", "{}", "{\"to\":\"MONITORING\",\"extra\":1}")) {
            Http.Answer a = http.post(inc + "/transition", responder(), body);
            assertThat(a.status()).as(body.toString()).isEqualTo(400);
            assertThat(a.json().path("code").asText()).isEqualTo("BAD_INPUT");
            assertThat(a.json().path("message").asText()).isNotBlank();
        }
        assertThat(http.post(inc + "/hypotheses", responder(), Map.of("rootCause", "x".repeat(20_001))).status()).isEqualTo(400);
        assertThat(http.post(inc + "/load-tests/0/confirm", responder(), Map.of()).status()).isEqualTo(400);
        assertThat(http.post(inc + "/load-tests/7/confirm", responder(), Map.of()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/incidents?limit=1000", responder()).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/incidents/NOPE-1", responder()).json().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(http.post(inc + "/transition", responder(), Map.of("to", "CLOSED")).status()).isEqualTo(409);
        assertThat(http.post(inc + "/transition", responder(), Map.of("to", "OPEN")).status()).isEqualTo(409);
    }

    /** Every route of the table: 401 without a token, 403 for each role below its own, never 401/403 with it. */
    @Test
    void authorizationMatrix() {
        start(TestStores.Kind.SQLITE);
        String id = ok(http.post("/api/v1/incidents", responder(), report(3400))).path("incident").path("id").asText();
        int checked = 0;
        for (PerfguardServer.Route r : server.routes()) {
            String path = r.path().replace("{id}", id).replace("{n}", "1").replace("{name}", "x.json");
            String method = r.method().toString().toUpperCase(Locale.ROOT);
            if (r.role().isEmpty()) {
                assertThat(http.send(method, path, null, null).status()).as(method + " " + path).isEqualTo(200);
                continue;
            }
            Role needed = r.role().get();
            assertThat(http.send(method, path, null, method.equals("GET") ? null : "{}").status()).as("no token " + method + " " + path).isEqualTo(401);
            assertThat(http.send(method, path, "pg_" + "0".repeat(64), method.equals("GET") ? null : "{}").status()).isEqualTo(401);
            for (Role role : Role.values()) {
                int status = http.send(method, path, tokens.get(role), method.equals("GET") ? null : "{}").status();
                if (role.includes(needed)) {
                    assertThat(status).as(role + " " + method + " " + path).isNotIn(401, 403);
                } else {
                    assertThat(status).as(role + " " + method + " " + path).isEqualTo(403);
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(27); // 25 incident and token routes, 2 outbox routes
    }

    @Test
    void openApiDocumentCoversEveryRoute() {
        start(TestStores.Kind.SQLITE);
        JsonNode doc = ok(http.get("/api/v1/openapi.json", null));
        assertThat(doc.path("openapi").asText()).startsWith("3.1");
        Set<String> documented = new HashSet<>();
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> documented.add(m.getKey() + " " + p.getKey())));
        Set<String> registered = new HashSet<>();
        for (PerfguardServer.Route r : server.routes()) {
            registered.add(r.method().toString().toLowerCase(Locale.ROOT) + " " + r.path());
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void racingReportersOverHttpOpenOneIncident(TestStores.Kind kind) throws Exception {
        start(kind);
        int n = 24;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Answer>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(pool.submit(() -> {
                go.await();
                return http.post("/api/v1/incidents", responder(), report(3400));
            }));
        }
        go.countDown();
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Future<Http.Answer> f : fs) {
            Http.Answer a = f.get();
            assertThat(a.status()).as(a.body()).isIn(200, 201);
            created += a.status() == 201 ? 1 : 0;
            ids.add(a.json().path("incident").path("id").asText());
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        assertThat(ids).hasSize(1);
        assertThat(ok(http.get("/api/v1/incidents", responder())).path("total").asLong()).isEqualTo(1);
        assertThat(IncidentConsistency.check(store)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aLongTimelineIsReadInPagesAndWritesAnswerWhatTheyAdded(TestStores.Kind kind) {
        start(kind);
        String id = ok(http.post("/api/v1/incidents", responder(), report(3400))).path("incident").path("id").asText();
        String inc = "/api/v1/incidents/" + id;
        JsonNode write = null;
        for (int n = 1; n <= 149; n++) {
            write = ok(http.post(inc + "/deploy-notes", responder(), Map.of("text", "deploy " + n)));
        }
        assertThat(write.path("timelineSize").asLong()).isEqualTo(150);
        assertThat(write.path("deployNoteCount").asLong()).isEqualTo(149);
        assertThat(write.path("incident").path("timeline")).hasSize(1);
        assertThat(write.path("incident").path("timeline").get(0).path("what").asText()).isEqualTo("deploy note: deploy 149");
        assertThat(write.path("incident").path("deployNotes")).hasSize(1);

        JsonNode got = ok(http.get(inc, responder()));
        assertThat(got.path("timelineSize").asLong()).isEqualTo(150);
        assertThat(got.path("incident").path("timeline")).hasSize(100);
        assertThat(got.path("incident").path("timeline").get(0).path("seq").asLong()).isEqualTo(51);
        assertThat(got.path("incident").path("deployNotes")).hasSize(10);
        assertThat(got.path("earlierTimeline").asText()).isEqualTo(inc + "/timeline?before=51&limit=100");

        JsonNode page = ok(http.get(got.path("earlierTimeline").asText(), responder()));
        assertThat(page.path("total").asLong()).isEqualTo(150);
        assertThat(page.path("items")).hasSize(50);
        assertThat(page.path("items").get(0).path("kind").asText()).isEqualTo("OPENED");
        assertThat(page.has("earlier")).isFalse();
        JsonNode middle = ok(http.get(inc + "/timeline?before=101&limit=20", responder()));
        assertThat(middle.path("items").get(0).path("seq").asLong()).isEqualTo(81);
        assertThat(middle.path("earlier").asText()).isEqualTo(inc + "/timeline?before=81&limit=20");
        JsonNode notes = ok(http.get(inc + "/deploy-notes?before=3", responder()));
        assertThat(notes.path("items").get(0).path("note").path("text").asText()).isEqualTo("deploy 1");
        assertThat(notes.path("items")).hasSize(2);

        Http.Answer tooMany = http.get(inc + "/timeline?limit=501", responder());
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("message").asText()).contains("limit must be between 1 and 500");
        assertThat(http.get(inc + "/timeline?before=x", responder()).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/incidents/nope/timeline", responder()).status()).isEqualTo(404);
        Http.Answer report = http.get(inc + "/report", responder());
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body()).contains("deploy note: deploy 1\n").contains("deploy note: deploy 149");
        assertThat(IncidentConsistency.check(store)).isEmpty();
    }
}
