package dev.perfguard.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.app.Run;
import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.core.lighthouse.GroupResult;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.core.lighthouse.MetricResult;
import dev.perfguard.core.lighthouse.MetricText;
import dev.perfguard.core.lighthouse.Status;
import dev.perfguard.runbook.builds.BuildCheck;
import dev.perfguard.runbook.builds.StoredRun;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.incident.WindowOutcome;
import dev.perfguard.runbook.store.Store;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart data, the build compare page and the metric explorer over HTTP, on a real server and SQLite store. */
class ChartsAndBuildsTest {
    static final String SERVICE = "theo-engine-web";
    static final String P95 = "search.latency_p95_ms{route=/search}";
    static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path tmp;
    WebFixture web;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() {
        web = new WebFixture(tmp);
    }

    @AfterEach
    void stop() {
        web.close();
    }

    record Answer(int status, String type, String body) {}

    Answer get(String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(web.base() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + web.token(Role.VIEWER)).GET().build();
        HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(""), resp.body());
    }

    JsonNode getJson(String path) throws Exception {
        Answer a = get(path);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.type()).startsWith("application/json");
        return json.readTree(a.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * A telemetry incident opened at T0 (limit 500 ms) and 24 hourly windows around it: 12 in tolerance near 200 ms
     * ending at T0, then 12 breaches near 800 ms, one of them without a value; and one window 9 days before.
     */
    String telemetryIncident() {
        Instant opened = WebFixture.T0.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Discrepancy d = new Discrepancy(P95, new Evidence.TelemetryWindows(500, List.of(new Evidence.WindowValue(opened, 810))),
                List.of(), web.clock.instant());
        String id = web.incidents.report(new RegressionReport(SERVICE, List.of(d)), "watch").stored().incident().id();
        web.clock.set(opened.plus(Duration.ofHours(13)));
        web.incidents.recordServiceWindow(SERVICE, opened.minus(Duration.ofDays(9)), List.of(
                new WindowOutcome(P95, MetricOutcome.WITHIN_TOLERANCE, Optional.of(190.0))), "watch", "watch");
        for (int i = 0; i < 24; i++) {
            Instant start = opened.minus(HOUR.multipliedBy(12)).plus(HOUR.multipliedBy(i));
            boolean bad = i >= 12;
            Optional<Double> value = i == 20 ? Optional.empty() : Optional.of((bad ? 800.0 : 200.0) + (i % 3) * 7);
            web.incidents.recordServiceWindow(SERVICE, start, List.of(new WindowOutcome(P95,
                    i == 20 ? MetricOutcome.NO_DATA : bad ? MetricOutcome.BREACH : MetricOutcome.WITHIN_TOLERANCE, value)),
                    "watch", "watch");
        }
        return id;
    }

    @Test
    void anIncidentsSeriesCarriesItsWindowsValuesLimitAndChangePoint() throws Exception {
        String id = telemetryIncident();
        Instant first = WebFixture.T0.truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(HOUR.multipliedBy(12));

        JsonNode s = getJson("/incidents/" + id + "/series?metric=" + enc(P95));
        assertThat(s.get("metric").asText()).isEqualTo(P95);
        assertThat(s.get("t")).hasSize(24);
        assertThat(s.get("t").get(0).asLong()).isEqualTo(first.getEpochSecond());
        assertThat(s.get("t").get(1).asLong() - s.get("t").get(0).asLong()).isEqualTo(3600);
        assertThat(s.get("v").get(0).asDouble()).isEqualTo(200.0);
        assertThat(s.get("v").get(13).asDouble()).isEqualTo(807.0);
        assertThat(s.get("v").get(20).isNull()).isTrue();
        assertThat(s.get("limit").asDouble()).isEqualTo(500.0);
        assertThat(s.has("baseline")).isFalse();
        // adjacent windows alike are one band: 12 hours in tolerance, then 12 out (the breaches and the one without data)
        JsonNode w = s.get("windows");
        assertThat(w).hasSize(2);
        assertThat(w.get(0).get(0).asLong()).isEqualTo(first.getEpochSecond());
        assertThat(w.get(0).get(1).asLong()).isEqualTo(first.getEpochSecond() + 12 * 3600);
        assertThat(w.get(0).get(2).asInt()).isEqualTo(1);
        assertThat(w.get(1).get(0).asLong()).isEqualTo(first.getEpochSecond() + 12 * 3600);
        assertThat(w.get(1).get(1).asLong()).isEqualTo(first.getEpochSecond() + 24 * 3600);
        assertThat(w.get(1).get(2).asInt()).isEqualTo(0);
        // the first window of the worse level
        assertThat(s.get("changePoint").asLong()).isEqualTo(s.get("t").get(12).asLong());

        JsonNode longer = getJson("/incidents/" + id + "/series?metric=" + enc(P95) + "&days=10");
        assertThat(longer.get("t")).hasSize(25);
        assertThat(longer.get("v").get(0).asDouble()).isEqualTo(190.0);
        assertThat(longer.get("windows")).hasSize(3);
    }

    @Test
    void aLighthouseIncidentsSeriesCarriesItsBaselineAndNoChangePointWithoutWindows() throws Exception {
        String id = web.openIncident(2900);
        JsonNode s = getJson("/incidents/" + id + "/series?metric=" + enc(WebFixture.LCP));
        assertThat(s.get("t")).isEmpty();
        assertThat(s.get("baseline").asDouble()).isEqualTo(2100.0);
        assertThat(s.get("changePoint").isNull()).isTrue();
        assertThat(s.has("limit")).isFalse();
    }

    @Test
    void badSeriesRequestsAreRefusedNamingTheField() throws Exception {
        String id = telemetryIncident();
        Answer missing = get("/incidents/" + id + "/series");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.type()).startsWith("text/html");
        assertThat(missing.body()).contains("query parameter metric is required");
        assertThat(get("/incidents/" + id + "/series?metric=other.metric").body()).contains("not a triggering metric");
        assertThat(get("/incidents/" + id + "/series?metric=other.metric").status()).isEqualTo(400);
        Answer tooLong = get("/incidents/" + id + "/series?metric=" + enc(P95) + "&days=367");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("days must be between 1 and 366");
        assertThat(get("/incidents/" + id + "/series?metric=" + enc(P95) + "&days=week").status()).isEqualTo(400);
        assertThat(get("/incidents/no-such-incident/series?metric=" + enc(P95)).status()).isEqualTo(404);
    }

    @Test
    void theIncidentPagesChartsSayWhereTheirTextAlternativeIs() throws Exception {
        String id = telemetryIncident();
        Answer page = get("/incidents/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-series=\"/incidents/" + id + "/series?metric=" + enc(P95) + "\"")
                .contains("Its text alternative is the evidence table above and the reporting windows table below.");
    }

    @Test
    void theComparePageShowsTheDemoBuildsVerdictAndPValues() throws Exception {
        BuildCheck.Outcome demo = web.storeDemoBuilds();
        Answer list = get("/builds");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("example-main-1").contains("example-pr-2").contains("action=\"/builds/compare\"")
                .contains("<caption>Branch <code>feature/hero-image</code></caption>");

        Answer page = get("/builds/compare?base=example-main-1&build=example-pr-2");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(demo.report().verdict().label()).isEqualTo("regression");
        assertThat(page.body()).contains("perfguard's verdict: <strong class=\"badge verdict-regression\">regression</strong>");
        int regressions = 0;
        for (GroupResult g : demo.report().groups()) {
            assertThat(page.body()).contains("<code>" + g.url() + "</code> · " + g.formFactor());
            for (MetricResult m : g.metrics()) {
                if (m.status() != Status.REGRESSION) {
                    continue;
                }
                regressions++;
                String p = Fmt.pValue(m.pValue()).replace("<", "&lt;");
                String row = "<tr><th scope=\"row\">" + MetricText.name(m.metric()) + "</th><td>"
                        + MetricText.value(m.metric(), m.baselineMedian()) + "</td><td>"
                        + MetricText.value(m.metric(), m.currentMedian()) + "</td>";
                int at = page.body().indexOf(row);
                assertThat(at).as("row of " + m.metric() + " in " + g.formFactor()).isNotNegative();
                String rest = page.body().substring(at, page.body().indexOf("</tr>", at));
                assertThat(rest).contains("<span aria-hidden=\"true\">" + Fmt.arrow(m.delta()) + "</span><span class=\"sr-only\">"
                                + (m.delta() > 0 ? "up" : "down") + ", worse</span>")
                        .contains("<span class=\"status-regression\">regression</span>").contains("<td>" + p + "</td>");
            }
        }
        assertThat(regressions).isPositive();
        assertThat(page.body()).contains("<figure class=\"chart\" data-series=\"/builds/series?build=example-pr-2&amp;url=");

        JsonNode s = getJson("/builds/series?build=example-pr-2&url=" + enc(demo.report().groups().get(0).url()) + "&form="
                + demo.report().groups().get(0).formFactor() + "&metric=largest-contentful-paint");
        assertThat(s.get("labels")).hasSize(1);
        assertThat(s.get("labels").get(0).asText()).isEqualTo("example-pr-2");
        assertThat(s.get("v").get(0).asDouble()).isEqualTo(demo.report().groups().get(0).metrics().stream()
                .filter(m -> m.metric().id().equals("largest-contentful-paint")).findFirst().orElseThrow().currentMedian());
        assertThat(s.get("changePoint").isNull()).isTrue();
    }

    @Test
    void unknownBuildsAndBadParametersAreErrorPages() throws Exception {
        web.storeDemoBuilds();
        Answer unknown = get("/builds/compare?base=no-such-build&build=example-pr-2");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.type()).startsWith("text/html");
        assertThat(unknown.body()).contains("build no-such-build is not stored");
        Answer missing = get("/builds/compare?base=example-main-1");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("query parameter build is required");
        assertThat(get("/builds/compare?base=example-pr-2&build=example-pr-2").status()).isEqualTo(400);
        Answer metric = get("/builds/series?build=example-pr-2&url=x&form=mobile&metric=speed");
        assertThat(metric.status()).isEqualTo(400);
        assertThat(metric.body()).contains("query parameter metric: 'speed' is not a Lighthouse metric");
        assertThat(get("/builds/series?build=example-pr-2&url=" + enc("https://nowhere.example/") + "&form=mobile&metric=lcp").status())
                .isEqualTo(404);
        assertThat(get("/explorer?branch=no-such-branch&url=x&form=mobile&metric=lcp").status()).isEqualTo(404);
        assertThat(get("/explorer?service=nothing&metric=nothing").status()).isEqualTo(404);
        assertThat(get("/explorer?service=" + SERVICE).status()).isEqualTo(400);
    }

    @Test
    void theExplorerListsStoredSeriesAndShowsAWindowSeriesWithItsChangePoint() throws Exception {
        telemetryIncident();
        web.storeDemoBuilds();
        Answer list = get("/explorer");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("<code>" + P95 + "</code>").contains("/explorer?service=" + SERVICE + "&amp;metric=" + enc(P95))
                .contains("<code>feature/hero-image</code>").contains("<code>example-pr-2</code>");

        Answer picked = get("/explorer?service=" + SERVICE + "&metric=" + enc(P95));
        assertThat(picked.status()).isEqualTo(200);
        Instant bad = WebFixture.T0.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        assertThat(picked.body()).contains("data-series=\"/explorer/series?service=" + SERVICE + "&amp;metric=" + enc(P95) + "&amp;days=30\"")
                .contains("<tr><th scope=\"row\">" + Fmt.time(bad) + "</th><td>regression</td><td>207</td><td>807</td>")
                .contains("<tr><th scope=\"row\">" + Fmt.time(bad) + "</th><td>800</td><td>out of tolerance</td></tr>")
                .contains("<tr><th scope=\"row\">" + Fmt.time(bad.minus(HOUR)) + "</th><td>214</td><td>within tolerance</td></tr>");
        JsonNode s = getJson("/explorer/series?service=" + SERVICE + "&metric=" + enc(P95) + "&days=30");
        assertThat(s.get("changePoint").asLong()).isEqualTo(bad.getEpochSecond());
        assertThat(s.has("limit")).isFalse();
    }

    @Test
    void theExplorerShowsABranchHistoryWithItsFirstBadBuild() throws Exception {
        List<StoredRun> good = WebFixture.examples("good");
        // the regressed examples were served from another path: the same page for the history
        List<StoredRun> regressed = WebFixture.examples("regressed").stream().map(r -> {
            LighthouseRun x = r.run();
            String url = good.stream().filter(g -> g.run().formFactor().equals(x.formFactor())).findFirst().orElseThrow().run().url();
            return new StoredRun(r.key(), new LighthouseRun(x.source(), url, x.formFactor(), x.fetchTime(), x.lighthouseVersion(),
                    x.benchmarkIndex(), x.warnings(), x.values(), x.failure()));
        }).toList();
        for (int i = 1; i <= 16; i++) {
            web.clock.advance(Duration.ofMinutes(10));
            web.check.check("main-" + i, "main", Optional.of("c" + i), Optional.empty(), i <= 8 ? good : regressed);
        }
        String url = good.stream().filter(r -> r.run().formFactor().equals("mobile")).findFirst().orElseThrow().run().url();
        Answer page = get("/explorer?branch=main&url=" + enc(url) + "&form=mobile&metric=largest-contentful-paint");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("16 builds of branch main up to main-16").contains("<tr><th scope=\"row\">main-9</th><td>regression</td>");

        JsonNode s = getJson("/builds/series?build=main-16&url=" + enc(url) + "&form=mobile&metric=lcp");
        assertThat(s.get("t")).hasSize(16);
        assertThat(s.get("labels").get(8).asText()).isEqualTo("main-9");
        assertThat(s.get("changePoint").asLong()).isEqualTo(s.get("t").get(8).asLong());

        Answer compare = get("/builds/compare?base=main-8&build=main-16");
        assertThat(compare.status()).isEqualTo(200);
        assertThat(compare.body()).contains("<td><code>main-9</code></td><td><code>main-8</code></td>");
    }

    /**
     * Twenty builds of main ingested by {@code perfguard ingest} into the pages' store, an hour apart from T: a search
     * latency of five samples near 100 ms that rises to near 140 ms from build ci-11 on, and a bundle size that stays;
     * then the bundled example build 1234 (main, two days later, without the latency).
     */
    void ingestBuilds() throws Exception {
        String db = ((Store.Location.Sqlite) web.location).file().toString();
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        for (int b = 1; b <= 20; b++) {
            double level = (b <= 10 ? 100 : 140) + (b * 7 % 5) * 0.5;
            String samples = IntStream.range(0, 5).mapToObj(i -> String.format(Locale.ROOT, "%.1f", level + i * 0.5))
                    .collect(Collectors.joining(", "));
            Path f = Files.writeString(tmp.resolve("perf-" + b + ".json"), """
                    {"build": "ci-%d", "branch": "main", "commit": "c%d", "time": "%s",
                     "metrics": [
                       {"name": "api.search_ms", "unit": "ms", "direction": "lower", "samples": [%s], "labels": {"route": "/api/search"}},
                       {"name": "bundle.main_js_bytes", "unit": "bytes", "direction": "lower", "value": 412345}
                     ]}""".formatted(b, b, t.plusSeconds(3600L * b), samples));
            Run r = Run.of("ingest", "--db", db, f.toString());
            assertThat(r.exit()).as(r.out() + r.err()).isIn(ExitStatus.OK, ExitStatus.REGRESSION, ExitStatus.INCONCLUSIVE);
        }
        Run example = Run.of("ingest", "--db", db, Path.of("../examples/perf_metrics/build-1234.json").toString());
        assertThat(example.out()).as(example.err()).contains("build 1234 (branch main, commit 9f2c1e7)");
    }

    @Test
    void theExplorerListsIngestedSeriesAndChartsOneWithItsChangePoint() throws Exception {
        ingestBuilds();
        String latency = "api.search_ms{route=/api/search}";
        Answer list = get("/explorer");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("<a href=\"/explorer?branch=main&amp;series=" + enc(latency) + "\"")
                .contains("<code>" + latency + "</code></a></th><td><code>main</code></td><td>20</td>")
                .contains("<code>search.recall_at_10{dataset=golden}</code></a></th><td><code>main</code></td><td>1</td>");

        Answer picked = get("/explorer?branch=main&series=" + enc(latency));
        assertThat(picked.status()).as(picked.body()).isEqualTo(200);
        assertThat(picked.body()).contains("data-series=\"/explorer/series?branch=main&amp;series=" + enc(latency) + "\"")
                .contains("21 ingested builds of branch main up to 1234")
                .contains("<tr><th scope=\"row\">ci-11</th><td>regression</td><td>102 ms</td><td>142 ms</td>")
                .contains("<th scope=\"row\">1234 (" + Fmt.time(Instant.parse("2026-12-03T10:15:30Z")) + ")</th><td>no value</td>");

        JsonNode s = getJson("/explorer/series?branch=main&series=" + enc(latency));
        assertThat(s.get("metric").asText()).isEqualTo(latency);
        assertThat(s.get("t")).hasSize(21);
        assertThat(s.get("t").get(0).asLong()).isEqualTo(Instant.parse("2026-12-01T01:00:00Z").getEpochSecond());
        assertThat(s.get("labels").get(10).asText()).isEqualTo("ci-11");
        assertThat(s.get("v").get(0).asDouble()).isEqualTo(102.0);
        assertThat(s.get("v").get(10).asDouble()).isEqualTo(142.0);
        assertThat(s.get("v").get(20).isNull()).isTrue();
        assertThat(s.get("changePoint").asLong()).isEqualTo(s.get("t").get(10).asLong());

        JsonNode flat = getJson("/explorer/series?branch=main&series=bundle.main_js_bytes");
        assertThat(flat.get("v")).hasSize(21);
        assertThat(flat.get("changePoint").isNull()).isTrue();

        assertThat(get("/explorer?branch=main&series=nope.metric").status()).isEqualTo(404);
        assertThat(get("/explorer/series?branch=no-such-branch&series=" + enc(latency)).status()).isEqualTo(404);
    }

    @Test
    void theBuildPagesListIngestedBuildsAndCompareTwoMetricByMetric() throws Exception {
        ingestBuilds();
        Answer list = get("/builds");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("<caption>Ingested builds of branch <code>main</code></caption>")
                .contains("<tr><th scope=\"row\"><code>1234</code></th><td>9f2c1e7</td>")
                .contains("<td>4</td><td>perf_metrics</td>").contains("<input type=\"hidden\" name=\"kind\" value=\"ingested\">");

        Answer page = get("/builds/compare?kind=ingested&base=ci-10&build=ci-20");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("perfguard's verdict: <strong class=\"badge verdict-regression\">regression</strong>")
                .contains("regression in force since build ci-11 (last good ci-10, commits c10..c11");
        String row = "<tr><th scope=\"row\"><a href=\"/explorer?branch=main&amp;series=" + enc("api.search_ms{route=/api/search}")
                + "\"><code>api.search_ms{route=/api/search}</code></a></th><td>101 ms</td><td>141 ms</td>";
        int at = page.body().indexOf(row);
        assertThat(at).as(page.body()).isNotNegative();
        // five samples a side, no overlap: the exact one-sided rank-test p-value is 1/252
        assertThat(page.body().substring(at, page.body().indexOf("</tr>", at)))
                .contains("<span class=\"sr-only\">up, worse</span> +39.6 %")
                .contains("<span class=\"status-regression\">regression</span></td><td>p = 0.004</td>");
        assertThat(page.body()).contains("<code>bundle.main_js_bytes</code></a></th><td>412,345 bytes</td><td>412,345 bytes</td>")
                .contains("<span class=\"status-pass\">pass</span>");

        // without kind, ids only ingested name ingested builds
        assertThat(get("/builds/compare?base=ci-1&build=ci-2").body()).contains("<span class=\"status-pass\">pass</span>");
        assertThat(get("/builds/compare?kind=ingested&base=ci-1&build=nope").status()).isEqualTo(404);
        Answer kind = get("/builds/compare?kind=other&base=ci-1&build=ci-2");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.body()).contains("query parameter kind must be lighthouse or ingested");
    }
}
