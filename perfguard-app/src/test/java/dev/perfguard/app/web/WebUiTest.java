package dev.perfguard.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.store.TestStores;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The web pages over HTTP: sign-in, sessions, CSRF, roles, refusals in the page, errors as pages. */
class WebUiTest {
    @TempDir
    Path tmp;
    WebFixture web;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(), "");
        }
    }

    Answer get(String path, Optional<String> cookie, Optional<String> bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.base() + path)).timeout(Duration.ofSeconds(10)).GET();
        cookie.ifPresent(c -> b.header("Cookie", WebUi.COOKIE + "=" + c));
        bearer.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return send(b.build());
    }

    Answer post(String path, Optional<String> cookie, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.base() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        cookie.ifPresent(c -> b.header("Cookie", WebUi.COOKIE + "=" + c));
        return send(b.build());
    }

    private Answer send(HttpRequest r) throws Exception {
        HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new LinkedHashMap<>();
        resp.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), String.join("\n", v)));
        return new Answer(resp.statusCode(), headers, resp.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Signs in by pasting the token of {@code role}; answers the session cookie's value. */
    String signIn(Role role) throws Exception {
        Answer a = post("/login", Optional.empty(), Map.of("token", web.token(role), "next", "/incidents"));
        assertThat(a.status()).isEqualTo(303);
        assertThat(a.header("location")).isEqualTo("/incidents");
        return cookieOf(a);
    }

    static String cookieOf(Answer a) {
        Matcher m = Pattern.compile(WebUi.COOKIE + "=([^;]+)").matcher(a.header("set-cookie"));
        assertThat(m.find()).as(a.header("set-cookie")).isTrue();
        return m.group(1);
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field on the page").isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void signedInResponderSeesTheIncidentAndActsOnIt(TestStores.Kind kind) throws Exception {
        web = new WebFixture(tmp, kind);
        String id = web.openIncident(3400);
        String session = signIn(Role.RESPONDER);

        Answer list = get("/incidents", Optional.of(session), Optional.empty());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("content-type")).startsWith("text/html");
        assertThat(list.body()).contains(id, "open", "web-perf", "theo-engine-web", "2,100 \u2192 3,400 ms (+61.9 %)", "critical");

        Answer page = get("/incidents/" + id, Optional.of(session), Optional.empty());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Needs 2 more in-tolerance windows", "Add hypothesis", "Request slot",
                "https://jira.example/browse/PERF-1", "Grafana: Web Vitals", "+61.9 %", "p = 0.004");
        String token = csrf(page.body());

        Answer added = post("/incidents/" + id + "/hypotheses", Optional.of(session),
                Map.of("_csrf", token, "root_cause", "hero image no longer lazy-loaded", "flags", "new-hero=on"));
        assertThat(added.status()).as(added.body()).isEqualTo(303);
        assertThat(added.header("location")).startsWith("/incidents/" + id + "?notice=");
        assertThat(get(added.header("location"), Optional.of(session), Optional.empty()).body())
                .contains("Hypothesis 1 added.", "hero image no longer lazy-loaded", "new-hero=on");
        assertThat(web.incidents.get(id).incident().hypotheses()).hasSize(1);
    }

    @Test
    void withoutASessionPagesRedirectToSignInAndTheRootToTheList() throws Exception {
        web = new WebFixture(tmp);
        Answer root = get("/", Optional.empty(), Optional.empty());
        assertThat(root.status()).isEqualTo(302);
        assertThat(root.header("location")).isEqualTo("/incidents");
        Answer list = get("/incidents?state=open", Optional.empty(), Optional.empty());
        assertThat(list.status()).isEqualTo(303);
        assertThat(list.header("location")).isEqualTo("/login?next=" + enc("/incidents?state=open"));
        Answer login = get("/login", Optional.empty(), Optional.empty());
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("API token");
        assertThat(get("/incidents", Optional.of("forged"), Optional.empty()).status()).isEqualTo(303);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndStrictAndSignOutEndsIt() throws Exception {
        web = new WebFixture(tmp);
        Answer a = post("/login", Optional.empty(), Map.of("token", web.token(Role.VIEWER)));
        String cookie = a.header("set-cookie");
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain("Secure");
        String session = cookieOf(a);
        assertThat(get("/incidents", Optional.of(session), Optional.empty()).status()).isEqualTo(200);
        Answer out = post("/logout", Optional.of(session), Map.of());
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("set-cookie")).contains("Max-Age=0");
        assertThat(get("/incidents", Optional.of(session), Optional.empty()).status()).isEqualTo(303);
    }

    @Test
    void behindTlsTheCookieIsSecure() throws Exception {
        web = new WebFixture(tmp);
        HttpRequest r = HttpRequest.newBuilder(URI.create(web.base() + "/login")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + enc(web.token(Role.VIEWER)))).build();
        assertThat(send(r).header("set-cookie")).contains("; Secure");
    }

    @Test
    void aWrongTokenIsRefusedOnTheSignInPageAndAForeignNextIsNotFollowed() throws Exception {
        web = new WebFixture(tmp);
        Answer bad = post("/login", Optional.empty(), Map.of("token", "pg_nope"));
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.body()).contains("That token is unknown or revoked.");
        assertThat(bad.header("set-cookie")).isEmpty();
        for (String next : new String[] {"https://evil.example/", "//evil.example/", "/\\evil.example"}) {
            Answer a = post("/login", Optional.empty(), Map.of("token", web.token(Role.VIEWER), "next", next));
            assertThat(a.header("location")).as(next).isEqualTo("/incidents");
        }
    }

    @Test
    void aOneTimeCodeSignsInOnceAndExpires() throws Exception {
        web = new WebFixture(tmp);
        String path = web.web.signInPath(web.token(Role.ADMIN));
        assertThat(path).startsWith("/login?code=").doesNotContain(web.token(Role.ADMIN));
        Answer first = get(path, Optional.empty(), Optional.empty());
        assertThat(first.status()).isEqualTo(303);
        assertThat(get("/incidents", Optional.of(cookieOf(first)), Optional.empty()).body()).contains("admin-user (admin)");
        Answer again = get(path, Optional.empty(), Optional.empty());
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("already used or has expired");

        String late = web.web.signInPath(web.token(Role.ADMIN));
        web.clock.advance(Sessions.CODE_TTL.plusSeconds(1));
        assertThat(get(late, Optional.empty(), Optional.empty()).status()).isEqualTo(400);
    }

    @Test
    void aRevokedTokenEndsItsSessions() throws Exception {
        web = new WebFixture(tmp);
        String session = signIn(Role.RESPONDER);
        new dev.perfguard.runbook.incident.ApiTokens(web.store, web.clock).revoke("responder-user");
        assertThat(get("/incidents", Optional.of(session), Optional.empty()).status()).isEqualTo(303);
    }

    @Test
    void aSessionEndsAfterItsIdleTime() throws Exception {
        web = new WebFixture(tmp);
        String session = signIn(Role.VIEWER);
        web.clock.advance(Sessions.IDLE.plusSeconds(1));
        assertThat(get("/incidents", Optional.of(session), Optional.empty()).status()).isEqualTo(303);
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenChangesNothing() throws Exception {
        web = new WebFixture(tmp);
        String id = web.openIncident(3400);
        String session = signIn(Role.RESPONDER);
        for (Map<String, String> form : java.util.List.of(Map.of("text", "deployed 412"),
                Map.of("_csrf", "forged", "text", "deployed 412"))) {
            Answer a = post("/incidents/" + id + "/deploy-notes", Optional.of(session), form);
            assertThat(a.status()).isEqualTo(403);
            assertThat(a.body()).contains("reload the page");
        }
        assertThat(web.incidents.get(id).deployNoteCount()).isZero();
    }

    @Test
    void aViewerSeesNoFormsAndCannotPostOne() throws Exception {
        web = new WebFixture(tmp);
        String id = web.openIncident(3400);
        String session = signIn(Role.VIEWER);
        Answer page = get("/incidents/" + id, Optional.of(session), Optional.empty());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("/hypotheses\"", "/load-tests\"", "/close\"", "/decision\"");
        String token = csrf(page.body()); // the sign-out form's
        Answer a = post("/incidents/" + id + "/deploy-notes", Optional.of(session), Map.of("_csrf", token, "text", "x"));
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.body()).contains("needs the responder role");
    }

    @Test
    void scriptsFetchPagesWithABearerToken() throws Exception {
        web = new WebFixture(tmp);
        String id = web.openIncident(3400);
        Answer a = get("/incidents/" + id, Optional.empty(), Optional.of(web.token(Role.VIEWER)));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("content-type")).startsWith("text/html");
        assertThat(a.header("content-security-policy")).contains("default-src 'self'");
        Answer bad = get("/incidents", Optional.empty(), Optional.of("pg_unknown"));
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.header("www-authenticate")).contains("invalid_token");
    }

    @Test
    void aRefusedActionShowsTheReasonInTheIncidentPage() throws Exception {
        web = new WebFixture(tmp);
        String id = web.openIncident(3400);
        String session = signIn(Role.RESPONDER);
        String token = csrf(get("/incidents/" + id, Optional.of(session), Optional.empty()).body());

        Answer soon = post("/incidents/" + id + "/load-tests", Optional.of(session), Map.of("_csrf", token,
                "start", Fmt.inputTime(WebFixture.T0.plus(Duration.ofMinutes(90))), "scenarios", "search-peak",
                "concurrency", "200", "data_refresh", "snapshot"));
        assertThat(soon.status()).isEqualTo(400);
        assertThat(soon.body()).contains("role=\"alert\"", "two hours", "<h1>" + id + "</h1>");

        Answer close = post("/incidents/" + id + "/close", Optional.of(session), Map.of("_csrf", token));
        assertThat(close.status()).isEqualTo(409);
        assertThat(close.body()).contains("role=\"alert\"", "window", "<h1>" + id + "</h1>");
        assertThat(web.incidents.get(id).incident().closure()).isEmpty();

        Answer blank = post("/incidents/" + id + "/hypotheses", Optional.of(session), Map.of("_csrf", token));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body()).contains("root cause is required");
    }

    @Test
    void aSlotIsConfirmedAndCompletedWithItsReCollectedMetrics() throws Exception {
        web = new WebFixture(tmp);
        String id = web.openIncident(3400);
        String session = signIn(Role.RESPONDER);
        String token = csrf(get("/incidents/" + id, Optional.of(session), Optional.empty()).body());
        Answer requested = post("/incidents/" + id + "/load-tests", Optional.of(session), Map.of("_csrf", token,
                "start", Fmt.inputTime(WebFixture.T0.plus(Duration.ofHours(3))), "scenarios", "search-peak, homepage",
                "concurrency", "200", "data_refresh", "snapshot"));
        assertThat(requested.status()).as(requested.body()).isEqualTo(303);
        assertThat(post("/incidents/" + id + "/load-tests/1/confirm", Optional.of(session), Map.of("_csrf", token)).status())
                .isEqualTo(303);
        Answer bad = post("/incidents/" + id + "/load-tests/1/complete", Optional.of(session), Map.of("_csrf", token,
                "verdict", "mitigate", "summary", "p95 holds", "recollected", "ndcg 0.61"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("must be METRIC@DATASET=VALUE");
        Answer done = post("/incidents/" + id + "/load-tests/1/complete", Optional.of(session), Map.of("_csrf", token,
                "verdict", "mitigate", "summary", "p95 holds", "recollected", "rag.ndcg_cut_10@golden=0.61, rag.map@golden=0.4"));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        var lt = web.incidents.get(id).incident().loadTests().getFirst();
        assertThat(lt.plan().scenarios()).containsExactly("search-peak", "homepage");
        assertThat(lt.finding().orElseThrow().recollected()).hasSize(2);
        assertThat(get("/incidents/" + id, Optional.of(session), Optional.empty()).body()).contains("mitigate: p95 holds");
    }

    @Test
    void flagsAreShownAndAFlagRollbackIsRequestedAndApprovedFromThePage() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("flags.json"), """
                {"$schema": "https://flagd.dev/schema/v0/flags.json", "flags": {
                  "naive-ranking": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"}}}
                """);
        web = new WebFixture(tmp, TestStores.Kind.SQLITE, Optional.of(file));
        String id = web.openIncident(3400);
        String alice = signIn(Role.RESPONDER);
        Answer page = get("/incidents/" + id, Optional.of(alice), Optional.empty());
        assertThat(page.body()).contains("<h2 id=\"h-flags\">Feature flags</h2>", "naive-ranking=on").doesNotContain("Request rollback");
        String token = csrf(page.body());
        assertThat(post("/incidents/" + id + "/decision", Optional.of(alice), Map.of("_csrf", token, "fix", "no",
                "containment", "feature-flag-rollback")).status()).isEqualTo(303);
        assertThat(get("/incidents/" + id, Optional.of(alice), Optional.empty()).body()).contains("Request rollback");
        Answer asked = post("/incidents/" + id + "/rollbacks", Optional.of(alice), Map.of("_csrf", token, "flag", "naive-ranking"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(303);
        assertThat(get(asked.header("location"), Optional.of(alice), Optional.empty()).body())
                .contains("Rollback 1 requested (turn flag naive-ranking off)", "Approve rollback 1");
        Answer self = post("/incidents/" + id + "/rollbacks/1/approve", Optional.of(alice), Map.of("_csrf", token));
        assertThat(self.status()).isEqualTo(409);
        assertThat(self.body()).contains("role=\"alert\"");
        String admin = signIn(Role.ADMIN);
        String adminToken = csrf(get("/incidents/" + id, Optional.of(admin), Optional.empty()).body());
        Answer approved = post("/incidents/" + id + "/rollbacks/1/approve", Optional.of(admin), Map.of("_csrf", adminToken));
        assertThat(approved.status()).as(approved.body()).isEqualTo(303);
        assertThat(java.nio.file.Files.readString(file)).contains("DISABLED");
        assertThat(get("/incidents/" + id, Optional.of(admin), Optional.empty()).body()).contains("done", "(on → off)");
    }

    @Test
    void aLoadTestsResultsAndItsLatencyChartShowOnThePage() throws Exception {
        web = new WebFixture(tmp);
        String id = web.openIncident(3400);
        java.time.Instant start = WebFixture.T0.plus(Duration.ofHours(3));
        web.incidents.requestLoadTest(id, new dev.perfguard.core.incident.LoadTestPlan(java.util.List.of("search-peak"), 50,
                "none", start), "alice");
        web.incidents.addArtefact(id, "loadtest-1-latency-over-time.json", """
                {"unit":"ms","points":[{"second":0,"requests":50,"failed":0,"p50":3.1,"p99":9.5},
                 {"second":1,"requests":50,"failed":0,"p50":3.0,"p99":null}]}""".getBytes(StandardCharsets.UTF_8), "perfguard-serve");
        web.incidents.addArtefact(id, "loadtest-1-summary.md", "p(99) 9.5 ms".getBytes(StandardCharsets.UTF_8), "perfguard-serve");
        String session = signIn(Role.VIEWER);
        Answer page = get("/incidents/" + id, Optional.of(session), Optional.empty());
        assertThat(page.body()).contains("/artefacts/loadtest-1-summary.md", "data-series=\"/incidents/" + id + "/load-tests/1/latency\"");
        Answer chart = get("/incidents/" + id + "/load-tests/1/latency", Optional.of(session), Optional.empty());
        assertThat(chart.status()).isEqualTo(200);
        assertThat(chart.body()).contains("\"t\":[" + start.getEpochSecond() + "," + (start.getEpochSecond() + 1) + "]",
                "\"v\":[9.5,null]");
        assertThat(get("/incidents/" + id + "/load-tests/2/latency", Optional.of(session), Optional.empty()).status()).isEqualTo(404);
    }

    @Test
    void unknownPagesAreHtmlAndTheApiKeepsItsJsonErrors() throws Exception {
        web = new WebFixture(tmp);
        String session = signIn(Role.VIEWER);
        Answer missing = get("/incidents/PERF-nope", Optional.of(session), Optional.empty());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("content-type")).startsWith("text/html");
        assertThat(missing.body()).contains("no incident PERF-nope");
        Answer nowhere = get("/no/such/page", Optional.empty(), Optional.empty());
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.header("content-type")).startsWith("text/html");
        Answer api = get("/api/v1/nothing", Optional.empty(), Optional.empty());
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.header("content-type")).startsWith("application/json");
    }

    @Test
    void theListFiltersByStateAndServiceAndPages() throws Exception {
        web = new WebFixture(tmp);
        for (int n = 0; n < WebUi.PAGE_SIZE + 3; n++) { // distinct fingerprints: a service each
            var d = new dev.perfguard.core.incident.Discrepancy("lighthouse.lcp_ms{page=/p" + n + "}",
                    new dev.perfguard.core.incident.Evidence.LighthouseDelta(2100, 3000, "ms", 5), java.util.List.of(),
                    web.clock.instant());
            web.incidents.report(new dev.perfguard.core.incident.RegressionReport("svc-" + n,
                    java.util.List.of(d)), "ci");
            web.clock.advance(Duration.ofMinutes(1));
        }
        String session = signIn(Role.VIEWER);
        Answer first = get("/incidents", Optional.of(session), Optional.empty());
        assertThat(first.body()).contains("53 incidents", "page 1 of 2", "/incidents?page=2", "/p52}").doesNotContain("/p2}<");
        Answer shop = get("/incidents?service=svc-7&page=1", Optional.of(session), Optional.empty());
        assertThat(shop.body()).contains("1 incident,", "<td>svc-7</td>").doesNotContain("<td>svc-8</td>");
        Answer second = get("/incidents?page=2", Optional.of(session), Optional.empty());
        assertThat(second.body()).contains("page 2 of 2", "/p2}", "/p0}").doesNotContain("/p3}");
        Answer closed = get("/incidents?state=closed", Optional.of(session), Optional.empty());
        assertThat(closed.body()).contains("0 incidents", "No incident matches.");
        Answer bad = get("/incidents?state=done", Optional.of(session), Optional.empty());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("incident state 'done' is unknown");
    }

    @Test
    void assetsComeFromTheJar() throws Exception {
        web = new WebFixture(tmp);
        for (String name : new String[] {"htmx.min.js", "uPlot.iife.min.js", "uPlot.min.css", "perfguard.css", "perfguard.js"}) {
            Answer a = get("/assets/" + name, Optional.empty(), Optional.empty());
            assertThat(a.status()).as(name).isEqualTo(200);
            assertThat(a.body()).as(name).hasSizeGreaterThan(500);
        }
        assertThat(get("/assets/..%2F..%2Fetc%2Fpasswd", Optional.empty(), Optional.empty()).status()).isIn(400, 404);
        assertThat(get("/assets/nothing.js", Optional.empty(), Optional.empty()).status()).isEqualTo(404);
    }

    /** Ingested builds on the pages over each store: the example perf_metrics build and a later one, read as ingest reads them. */
    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void ingestedBuildsAreListedComparedAndCharted(TestStores.Kind kind) throws Exception {
        web = new WebFixture(tmp, kind);
        web.ingestExampleBuilds(tmp);
        String session = signIn(Role.VIEWER);
        Answer builds = get("/builds", Optional.of(session), Optional.empty());
        assertThat(builds.status()).isEqualTo(200);
        assertThat(builds.body()).contains("<tr><th scope=\"row\"><code>1235</code></th><td>0a1b2c3</td>")
                .contains("<td>4</td><td>perf_metrics</td>");

        Answer compare = get("/builds/compare?base=1234&build=1235", Optional.of(session), Optional.empty());
        assertThat(compare.status()).as(compare.body()).isEqualTo(200);
        assertThat(compare.body()).contains("verdict-regression")
                .contains("<code>bundle.main_js_bytes</code></a></th><td>412,345 bytes</td><td>612,345 bytes</td>")
                .contains("+48.5 %").contains("<td>not computed</td>");

        Answer series = get("/explorer/series?branch=main&series=" + enc("ci.test_seconds"), Optional.of(session), Optional.empty());
        assertThat(series.status()).as(series.body()).isEqualTo(200);
        assertThat(series.body()).contains("\"labels\":[\"1234\",\"1235\"]").contains("\"v\":[60.5,60.5]")
                .contains("\"changePoint\":null");
        assertThat(get("/explorer", Optional.of(session), Optional.empty()).body())
                .contains("<code>ci.build_seconds{job=compile}</code></a></th><td><code>main</code></td><td>2</td>");
    }
}
