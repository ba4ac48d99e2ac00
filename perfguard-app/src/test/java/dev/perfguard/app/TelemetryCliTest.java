package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.signals.prometheus.LocalPrometheus;
import dev.perfguard.signals.prometheus.TelemetryHistory;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code perfguard telemetry check} against a real Prometheus over the generated history. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class TelemetryCliTest {
    LocalPrometheus prometheus;
    Path config;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        prometheus = LocalPrometheus.start(tmp, TelemetryHistory.openMetrics());
        config = tmp.resolve("perfguard.yaml");
        Files.writeString(config, """
                telemetry:
                  prometheus: %s
                  timeout: 5s
                  expectations:
                    - name: search p95 latency
                      query: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route="/api/search"}[$__window])))
                      max: 0.3
                      metric: edge.latency_p95_s{route=/api/search}
                      panel: https://grafana.theo.internal/d/edge-latency/api-latency-distribution?viewPanel=4
                    - name: search p95 vs yesterday
                      query: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route="/api/search"}[$__window])))
                      baseline: 1d
                      tolerance: 25%%
                      metric: edge.latency_p95_s{route=/api/search}
                    - name: online nDCG@10
                      query: avg_over_time(rag_online_ndcg_at_10[$__window])
                      min: 0.6
                      metric: rag.online_ndcg_at_10
                    - name: no traffic route
                      query: sum(rate(http_requests_total{route="/none"}[$__window]))
                      max: 5
                """.formatted(prometheus.url()));
    }

    @AfterAll
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void jsonOfARegressedWindowIsExactAndExitsOne() throws Exception {
        Run r = Run.of("telemetry", "check", "--config", config.toString(), "--at", "2026-11-21T04:30:00Z", "--format", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitStatus.REGRESSION);
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(fieldNames(root)).containsExactly("window", "results");
        assertThat(root.get("window").toString()).isEqualTo("{\"start\":\"2026-11-21T04:00:00Z\",\"end\":\"2026-11-21T05:00:00Z\"}");
        JsonNode first = root.get("results").get(0);
        assertThat(fieldNames(first)).containsExactly("name", "metric", "value", "baseline", "verdict", "query", "panel");
        assertThat(first.get("value").asDouble()).isCloseTo(0.75, Offset.offset(1e-9));
        assertThat(first.get("baseline").isNull()).isTrue();
        assertThat(first.get("verdict").asText()).isEqualTo("breach");
        assertThat(first.get("query").asText()).isEqualTo(
                "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route=\"/api/search\"}[1h])))");
        assertThat(first.get("panel").asText()).isEqualTo(
                "https://grafana.theo.internal/d/edge-latency/api-latency-distribution?viewPanel=4&from=1795233600000&to=1795237200000");
        List<String> verdicts = new ArrayList<>();
        root.get("results").forEach(n -> verdicts.add(n.get("name").asText() + "=" + n.get("verdict").asText()));
        assertThat(verdicts).containsExactly("search p95 latency=breach", "search p95 vs yesterday=breach", "online nDCG@10=ok",
                "no traffic route=no-data");
        assertThat(root.get("results").get(1).get("baseline").asDouble()).isCloseTo(0.1 + 0.15 * 0.25 / 0.28,
                Offset.offset(1e-9));
        assertThat(root.get("results").get(2).get("panel").isNull()).isTrue();
    }

    @Test
    void reportToOpensTheIncidentWithTheBreachedWindowAndItsPanel(@TempDir Path tmp) {
        Store store = Store.open(new Store.Location.Sqlite(tmp.resolve("report-to.db")));
        ApiTokens tokens = new ApiTokens(store, Clock.systemUTC());
        IncidentService incidents = new IncidentService(store, IncidentService.Settings.defaults(), Clock.systemUTC());
        try (PerfguardServer server = PerfguardServer.start(incidents, new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE),
                tokens, Clock.systemUTC(), "theo-engine-web", "127.0.0.1", 0)) {
            Map<String, String> env = Map.of("PERFGUARD_TOKEN", tokens.create("watch", Role.RESPONDER).token());
            String url = "http://127.0.0.1:" + server.port();
            Run r = Run.with(env, "telemetry", "check", "--config", config.toString(), "--at", "2026-11-21T04:30:00Z",
                    "--report-to", url);
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitStatus.REGRESSION);
            assertThat(r.err()).contains("perfguard: opened incident ").contains("(1 discrepancies)");
            var ds = incidents.browse(Optional.empty(), Optional.empty(), 0, 10).items().getFirst().incident().discrepancies();
            assertThat(ds).singleElement().satisfies(d -> {
                assertThat(d.metric()).isEqualTo("edge.latency_p95_s{route=/api/search}");
                Evidence.TelemetryWindows w = (Evidence.TelemetryWindows) d.evidence();
                assertThat(w.limit()).isEqualTo(0.3);
                assertThat(w.values()).singleElement().satisfies(v -> assertThat(v.value()).isCloseTo(0.75, Offset.offset(1e-9)));
                assertThat(d.panels()).singleElement().satisfies(p -> assertThat(p.url().toString())
                        .endsWith("viewPanel=4&from=1795233600000&to=1795237200000"));
            });
        } finally {
            store.close();
        }
    }

    @Test
    void aRecoveredWindowExitsZeroInTextAndMarkdown() {
        Run text = Run.of("telemetry", "check", "--config", config.toString(), "--at", "1795248000"); // 2026-11-21T08:00:00Z
        assertThat(text.exit()).as(text.err()).isEqualTo(ExitStatus.OK);
        assertThat(text.out()).startsWith("telemetry window 2026-11-21T08:00:00Z to 2026-11-21T09:00:00Z (queries evaluated up to 2026-11-21T08:59:59.999Z on "
                + prometheus.url() + ")");
        assertThat(text.out()).containsPattern("ok +search p95 latency +0\\.233929 +- +0\\.3 +within bounds");
        assertThat(text.out()).contains("3 ok, 1 no-data of 4 expectations");
        Run md = Run.of("telemetry", "check", "--config", config.toString(), "--at", "2026-11-21T08:59:59.999", "--format", "markdown");
        assertThat(md.exit()).isEqualTo(ExitStatus.OK);
        assertThat(md.out()).startsWith("### Telemetry: 3 ok, 1 no-data of 4 expectations\n");
        assertThat(md.out()).contains("| ✅ ok | search p95 latency | `edge.latency_p95_s{route=/api/search}` | 0.233929 | - | 0.3 |");
    }

    @Test
    void withoutAtTheLastClosedWindowIsJudged() {
        StringWriter out = new StringWriter();
        Run r = Run.with(Run.bootstrap(Map.of(), Clock.fixed(Instant.parse("2026-11-21T06:00:00Z"), ZoneOffset.UTC)),
                "telemetry", "check", "--config", config.toString(), "--format", "json");
        int exit = r.exit();
        out.write(r.out());
        assertThat(exit).isEqualTo(ExitStatus.REGRESSION);
        assertThat(out.toString()).contains("\"start\" : \"2026-11-21T05:00:00Z\"");
    }

    @Test
    void prometheusDownGivesErrorResultsAndBadInputExitsTwo() throws Exception {
        int port = freePort();
        Run down = Run.of("telemetry", "check", "--config", config.toString(), "--prometheus", "http://127.0.0.1:" + port,
                "--at", "2026-11-21T04:30:00Z", "--format", "json");
        assertThat(down.exit()).isEqualTo(ExitStatus.INCONCLUSIVE);
        assertThat(down.out()).contains("\"verdict\" : \"error\"").doesNotContain("\"ok\"").doesNotContain("breach");

        Run future = Run.of("telemetry", "check", "--config", config.toString(), "--at", Instant.now().plus(Duration.ofHours(2)).toString());
        assertThat(future.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(future.err()).contains("has not ended yet");
        Run badAt = Run.of("telemetry", "check", "--config", config.toString(), "--at", "yesterday");
        assertThat(badAt.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(badAt.err()).contains("--at: expected a time like 2026-11-27T10:30:00Z");
        Run badUrl = Run.of("telemetry", "check", "--config", config.toString(), "--prometheus", "prometheus:9090");
        assertThat(badUrl.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        Path empty = config.resolveSibling("empty.yaml");
        Files.writeString(empty, "service: x\n");
        Run none = Run.of("telemetry", "check", "--config", empty.toString());
        assertThat(none.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(none.err()).contains("no telemetry expectations configured");
        Path bad = config.resolveSibling("bad.yaml");
        Files.writeString(bad, "telemetry:\n  expectations:\n    - name: x\n      query: up\n      baseline: 3d\n      tolerance: 5%\n");
        Run badConfig = Run.of("telemetry", "check", "--config", bad.toString());
        assertThat(badConfig.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(badConfig.err()).contains("bad.yaml:5: key 'telemetry.expectations[0].baseline': baseline must be 1d, 1w or trailing:N");
    }

    /** Issue 12: a window in which no expectation had data judged nothing: inconclusive, not a pass. */
    @Test
    void aWindowWithNoDataForAnyExpectationIsInconclusive() throws IOException {
        Path onlyNoData = config.resolveSibling("no-data.yaml");
        Files.writeString(onlyNoData, """
                telemetry:
                  prometheus: %s
                  expectations:
                    - name: no traffic route
                      query: sum(rate(http_requests_total{route="/none"}[$__window]))
                      max: 5
                """.formatted(prometheus.url()));
        Run r = Run.of("telemetry", "check", "--config", onlyNoData.toString(), "--at", "2026-11-21T04:30:00Z");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitStatus.INCONCLUSIVE);
        assertThat(r.out()).contains("1 no-data of 1 expectations");
        assertThat(r.err()).contains("no expectation had data");
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
