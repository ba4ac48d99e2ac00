package dev.perfguard.app.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.signals.prometheus.LocalPrometheus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics on a real target: OpenMetrics that counts what happened, checked by promtool and scraped by a real Prometheus. */
class TargetMetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$");

    @TempDir
    Path tmp;

    DemoTarget target;
    TargetClient client;

    @BeforeEach
    void start() {
        target = DemoTarget.start("127.0.0.1", 0, Optional.empty(), new PrintWriter(new StringWriter()));
        client = new TargetClient(target);
    }

    @AfterEach
    void stop() {
        target.close();
    }

    /** The samples of an OpenMetrics scrape by series, checking the format's frame on the way. */
    private Map<String, Double> scrape() {
        HttpResponse<String> r = client.get("metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        List<String> lines = r.body().lines().toList();
        assertThat(r.body()).endsWith("\n");
        assertThat(lines.getLast()).isEqualTo("# EOF");
        assertThat(lines.subList(0, lines.size() - 1)).doesNotContain("# EOF").noneMatch(String::isEmpty);
        Map<String, Double> samples = new HashMap<>();
        for (String l : lines) {
            if (l.startsWith("#")) {
                assertThat(l).matches("# (HELP|TYPE|UNIT|EOF)( .*)?");
                continue;
            }
            Matcher m = SAMPLE.matcher(l);
            assertThat(m.matches()).as(l).isTrue();
            samples.put(m.group(1), Double.parseDouble(m.group(2).replace("+Inf", "Infinity")));
        }
        return samples;
    }

    @Test
    void countsRiseWithRequests() {
        Map<String, Double> before = scrape();
        assertThat(before).containsEntry("demo_target_documents", 1400.0)
                .containsEntry("demo_target_request_duration_seconds_count{route=\"/search\"}", 0.0)
                .containsEntry("demo_target_searches_total{ranking=\"bm25\"}", 0.0)
                .containsEntry("demo_target_quality_window_searches", 0.0)
                .doesNotContainKey("demo_target_quality_ndcg_at_10")
                .containsEntry("demo_target_flag_enabled{flag=\"naive-ranking\"}", 0.0);
        for (int i = 0; i < 3; i++) {
            client.search("boundary layer", 10);
        }
        client.get("search?q=wing&k=0");
        client.get("nowhere");
        Map<String, Double> after = scrape();
        assertThat(after).containsEntry("demo_target_request_duration_seconds_count{route=\"/search\"}", 4.0)
                .containsEntry("demo_target_request_duration_seconds_bucket{route=\"/search\",le=\"+Inf\"}", 4.0)
                .containsEntry("demo_target_requests_total{route=\"/search\",code=\"200\"}", 3.0)
                .containsEntry("demo_target_requests_total{route=\"/search\",code=\"400\"}", 1.0)
                .containsEntry("demo_target_request_errors_total{route=\"/search\",class=\"4xx\"}", 1.0)
                .containsEntry("demo_target_request_errors_total{route=\"unmatched\",class=\"4xx\"}", 1.0)
                .containsEntry("demo_target_searches_total{ranking=\"bm25\"}", 3.0)
                // the first scrape is counted once it has answered
                .containsEntry("demo_target_requests_total{route=\"/metrics\",code=\"200\"}", 1.0);
        assertThat(after.get("demo_target_request_duration_seconds_sum{route=\"/search\"}")).isPositive();
        assertThat(after.get("demo_target_request_duration_seconds_bucket{route=\"/search\",le=\"10\"}")).isEqualTo(4.0);
    }

    @Test
    void theQualityGaugeAveragesJudgedSearches() {
        // query 1 of the judgments, as rag-eval collect would send it with {{query_id}} in its template
        String q1 = CranfieldTest.CRANFIELD.queries().getFirst().text();
        client.post("search", "{\"query\": " + Json.string(q1) + ", \"top_k\": 3, \"query_id\": \"1\"}");
        client.get("search?q=" + URLEncoder.encode(q1, StandardCharsets.UTF_8) + "&qid=1");
        client.post("search", "{\"query\": \"wing\", \"query_id\": \"999\"}");
        Map<String, Double> s = scrape();
        assertThat(s).containsEntry("demo_target_quality_judged_searches_total", 2.0).containsEntry("demo_target_quality_window_searches", 2.0);
        JsonNode hits = client.search(q1, 10);
        double expected = QualityWindow.ndcgAt10(TargetClient.ids(hits), CranfieldTest.CRANFIELD.judged("1"));
        assertThat(expected).isBetween(0.05, 1.0);
        // top_k 3 still scores the top 10: both searches are the same ranking
        assertThat(s.get("demo_target_quality_ndcg_at_10")).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void promtoolAcceptsTheTextFormatAndPrometheusScrapesOpenMetrics() throws IOException, InterruptedException {
        LocalPrometheus.requireBinaries();
        client.search("boundary layer", 10);
        client.post("search", "{\"query\": \"heat transfer\", \"query_id\": \"3\"}");
        HttpResponse<String> text = client.get("metrics", "text/plain; version=0.0.4");
        assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(text.body()).doesNotContain("# EOF").doesNotContain("# UNIT").contains("# TYPE demo_target_requests_total counter");
        Path body = tmp.resolve("metrics.txt");
        Files.writeString(body, text.body(), StandardCharsets.UTF_8);
        Process check = new ProcessBuilder("promtool", "check", "metrics").redirectInput(body.toFile()).redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(checked).isZero();

        // Prometheus asks for OpenMetrics first and parses it strictly: a missing # EOF or a bad family fails the scrape
        Path dir = Files.createDirectories(tmp.resolve("prometheus"));
        String config = """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: demo-target
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(target.port());
        try (LocalPrometheus prometheus = LocalPrometheus.scraping(dir, config)) {
            assertThat(query(prometheus, "up{job=\"demo-target\"}")).isEqualTo(1);
            assertThat(query(prometheus, "demo_target_documents")).isEqualTo(1400);
            assertThat(query(prometheus, "demo_target_requests_total{route=\"/search\",code=\"200\"}")).isEqualTo(2);
            assertThat(query(prometheus, "demo_target_request_duration_seconds_count{route=\"/search\"}")).isEqualTo(2);
            assertThat(query(prometheus, "demo_target_quality_judged_searches_total")).isEqualTo(1);
        }
    }

    /** The value of an instant query, waiting (bounded) for the first scrape that has it. */
    private static double query(LocalPrometheus prometheus, String promql) throws IOException, InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                    prometheus.url().resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            last = r.body();
            JsonNode result = TargetClient.json(last).at("/data/result");
            if (result.isArray() && !result.isEmpty()) {
                return Double.parseDouble(result.get(0).get("value").get(1).asText());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no value for " + promql + " within 30 s; last answer " + last);
    }
}
