package dev.perfguard.signals.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.Direction;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.ci.CiMetric;
import dev.perfguard.signals.lighthouse.LhrReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricFilesTest {
    private final MetricFiles files = new MetricFiles(new LhrReader(), url -> url);

    @TempDir Path tmp;

    private MetricFile read(String json) {
        return files.read("f.json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, CiMetric> bySeries(MetricFile f) {
        return f.metrics().stream().collect(Collectors.toMap(CiMetric::series, m -> m));
    }

    @Test
    void theRepositorysExamplePerfMetricsFileReads() {
        MetricFile f = files.read(Path.of("../examples/perf_metrics/build-1234.json"));
        assertThat(f.kind()).isEqualTo(FileKind.PERF_METRICS);
        assertThat(f.build()).contains("1234");
        assertThat(f.branch()).contains("main");
        assertThat(f.commit()).contains("9f2c1e7");
        assertThat(f.time()).contains(Instant.parse("2026-12-03T10:15:30Z"));
        Map<String, CiMetric> m = bySeries(f);
        assertThat(m).containsKeys("ci.build_seconds{job=compile}", "ci.test_seconds", "bundle.main_js_bytes",
                "search.recall_at_10{dataset=golden}");
        CiMetric build = m.get("ci.build_seconds{job=compile}");
        assertThat(build.repeated()).isFalse();
        assertThat(build.samples()).containsExactly(182.4);
        assertThat(build.unit()).isEqualTo("s");
        assertThat(m.get("ci.test_seconds").repeated()).isTrue();
        assertThat(m.get("ci.test_seconds").samples()).hasSize(5);
        assertThat(m.get("search.recall_at_10{dataset=golden}").direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
    }

    @Test
    void aNameWithoutFamilyJoinsTheCiFamily() {
        MetricFile f = read("""
                {"metrics": [{"name": "build_seconds", "direction": "lower", "value": 3}]}""");
        assertThat(f.metrics().getFirst().name()).isEqualTo("ci.build_seconds");
        assertThat(f.build()).isEmpty();
    }

    @Test
    void validationErrorsNameTheFileAndTheField() {
        assertError("""
                {"metrics": [{"name": "ci.a", "value": 3}]}""", "f.json: /metrics/0/direction: required field is missing");
        assertError("""
                {"metrics": [{"name": "ci.a", "direction": "down", "value": 3}]}""",
                "f.json: /metrics/0/direction: expected \"lower\" or \"higher\", was \"down\"");
        assertError("""
                {"metrics": [{"name": "ci.a", "direction": "lower", "samples": [1, "2"]}]}""",
                "f.json: /metrics/0/samples/1: expected a number");
        assertError("""
                {"metrics": [{"name": "ci.a", "direction": "lower", "value": 1, "samples": [1]}]}""",
                "f.json: /metrics/0: give exactly one of \"value\"");
        assertError("""
                {"metrics": [{"name": "ci.a", "direction": "lower"}]}""", "f.json: /metrics/0: give exactly one of");
        assertError("""
                {"metrics": [{"name": "ci.a", "direction": "lower", "value": 1, "unti": "ms"}]}""",
                "f.json: /metrics/0/unti: unknown field");
        assertError("""
                {"time": "yesterday", "metrics": [{"name": "ci.a", "direction": "lower", "value": 1}]}""",
                "f.json: /time: expected an RFC 3339 date-time");
        assertError("""
                {"build": 7, "metrics": [{"name": "ci.a", "direction": "lower", "value": 1}]}""", "f.json: /build: expected a string");
        assertError("""
                {"metrics": []}""", "f.json: /metrics: expected a non-empty array");
        assertError("""
                {"metrics": [{"name": "ci.a", "direction": "lower", "value": 1, "labels": {"job": 3}}]}""",
                "f.json: /metrics/0/labels/job: expected a string");
        assertError("""
                {"metrics": [{"name": "Bad Name", "direction": "lower", "value": 1}]}""", "f.json: /metrics/0/name: \"Bad Name\" is not a metric name");
        assertError("""
                {"metrics": [{"name": "ci.a", "direction": "lower", "value": 1}, {"name": "ci.a", "direction": "lower", "value": 2}]}""",
                "f.json: /metrics/1: metric ci.a appears twice");
        assertError("{\"metrics\": [", "f.json:1:");
        assertError("{\"hello\": 1}", "f.json: not a metric file perfguard knows");
    }

    private void assertError(String json, String message) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(PerfguardException.class).hasMessageStartingWith(message);
    }

    /** The shape of {@code java -jar benchmarks.jar -rf json}: rawData holds one array of iteration scores per fork. */
    static final String JMH = """
            [
              {
                "jmhVersion": "1.37", "benchmark": "dev.perfguard.bench.LhrReadBench.read", "mode": "avgt", "threads": 1, "forks": 2,
                "jvm": "/usr/lib/jvm/bin/java", "jvmArgs": [], "jdkVersion": "21.0.5", "vmName": "OpenJDK 64-Bit Server VM",
                "warmupIterations": 3, "warmupTime": "1 s", "measurementIterations": 3, "measurementTime": "1 s",
                "params": {"size": "large"},
                "primaryMetric": {
                  "score": 1.95, "scoreError": 0.2, "scoreConfidence": [1.75, 2.15],
                  "scorePercentiles": {"0.0": 1.8, "50.0": 1.95, "100.0": 2.1},
                  "scoreUnit": "ms/op",
                  "rawData": [[1.8, 1.9, 2.0], [1.95, 2.1, 1.95]]
                },
                "secondaryMetrics": {}
              },
              {
                "jmhVersion": "1.37", "benchmark": "dev.perfguard.bench.OutboxBench.deliver", "mode": "thrpt", "threads": 1, "forks": 1,
                "primaryMetric": {"score": 5012.5, "scoreError": "NaN", "scoreUnit": "ops/s", "rawData": [[5000.0, 5025.0]]},
                "secondaryMetrics": {}
              }
            ]""";

    @Test
    void jmhResultsBecomeOneSeriesPerBenchmarkWithEveryIterationAsASample() {
        MetricFile f = read(JMH);
        assertThat(f.kind()).isEqualTo(FileKind.JMH);
        Map<String, CiMetric> m = bySeries(f);
        CiMetric read = m.get("jmh.dev.perfguard.bench.LhrReadBench.read{mode=avgt,size=large}");
        assertThat(read.samples()).containsExactly(1.8, 1.9, 2.0, 1.95, 2.1, 1.95);
        assertThat(read.unit()).isEqualTo("ms/op");
        assertThat(read.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(read.repeated()).isTrue();
        CiMetric deliver = m.get("jmh.dev.perfguard.bench.OutboxBench.deliver{mode=thrpt}");
        assertThat(deliver.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(deliver.samples()).containsExactly(5000.0, 5025.0);
        assertThatThrownBy(() -> read("""
                [{"benchmark": "a.B.c", "mode": "fast", "primaryMetric": {"score": 1, "scoreUnit": "ms/op"}}]"""))
                .hasMessage("f.json: /0/mode: unknown JMH mode \"fast\"; expected thrpt, avgt, sample or ss");
        assertThatThrownBy(() -> read("""
                [{"benchmark": "a.B.c", "mode": "ss", "primaryMetric": {"score": 1}}]"""))
                .hasMessage("f.json: /0/primaryMetric/scoreUnit: required field is missing");
    }

    /** The shape of {@code k6 run --summary-export=summary.json}: trends in ms, rates as value, counters with rate. */
    static final String K6 = """
            {
              "root_group": {"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e", "groups": {}, "checks": {}},
              "metrics": {
                "http_req_duration": {"avg": 144.56, "min": 104.11, "med": 110.47, "max": 1140.2, "p(90)": 203.54, "p(95)": 215.95,
                  "thresholds": {"p(95)<500": false}},
                "http_reqs": {"count": 180, "rate": 4.36938},
                "http_req_failed": {"passes": 0, "fails": 180, "value": 0, "thresholds": {"rate<0.01": false}},
                "checks": {"passes": 45, "fails": 45, "value": 0.5},
                "iterations": {"count": 45, "rate": 1.092345},
                "vus": {"value": 1, "min": 1, "max": 19}
              }
            }""";

    @Test
    void aK6SummaryExportGivesLatencyThroughputAndErrorRate() {
        MetricFile f = read(K6);
        assertThat(f.kind()).isEqualTo(FileKind.K6);
        Map<String, CiMetric> m = bySeries(f);
        assertThat(m).containsOnlyKeys("k6.http_req_duration_avg_ms", "k6.http_req_duration_med_ms", "k6.http_req_duration_p90_ms",
                "k6.http_req_duration_p95_ms", "k6.http_req_duration_max_ms", "k6.http_reqs_rate", "k6.http_req_failed_rate",
                "k6.checks_rate");
        assertThat(m.get("k6.http_req_duration_p95_ms").samples()).containsExactly(215.95);
        assertThat(m.get("k6.http_req_duration_p95_ms").unit()).isEqualTo("ms");
        assertThat(m.get("k6.http_req_duration_p95_ms").repeated()).isFalse();
        assertThat(m.get("k6.http_reqs_rate").direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(m.get("k6.http_req_failed_rate").samples()).containsExactly(0.0);
        assertThat(m.get("k6.checks_rate").samples()).containsExactly(0.5);
    }

    @Test
    void aHandleSummaryExportWithValuesObjectsReadsToo() {
        MetricFile f = read("""
                {"metrics": {"http_req_duration": {"type": "trend", "contains": "time", "values": {"avg": 12.5, "p(95)": 30.1, "med": 11}},
                             "http_req_failed": {"type": "rate", "contains": "default", "values": {"rate": 0.02, "passes": 2, "fails": 98}}}}""");
        Map<String, CiMetric> m = bySeries(f);
        assertThat(m.get("k6.http_req_duration_p95_ms").samples()).containsExactly(30.1);
        assertThat(m.get("k6.http_req_failed_rate").samples()).containsExactly(0.02);
    }

    @Test
    void ragEvalJsonGivesEveryMeasureWithPerQueryValuesAsSamples() {
        MetricFile f = read("""
                {
                  "run_id": "bm25",
                  "trec_eval_version": "9.0.8",
                  "summary": {"runid": "bm25", "num_q": 3, "num_ret": 30, "map": 0.5, "P_5": 0.4, "ndcg_cut_10": 0.6},
                  "queries": [
                    {"query_id": "1", "missing": false, "values": {"num_ret": 10, "map": 0.4, "P_5": 0.4, "ndcg_cut_10": 0.5}},
                    {"query_id": "2", "missing": false, "values": {"num_ret": 10, "map": 0.6, "P_5": 0.2, "ndcg_cut_10": 0.7}},
                    {"query_id": "3", "missing": true, "values": {"num_ret": 10, "map": 0.5, "P_5": 0.6, "ndcg_cut_10": 0.6}}
                  ]
                }""");
        assertThat(f.kind()).isEqualTo(FileKind.RAG_EVAL);
        Map<String, CiMetric> m = bySeries(f);
        assertThat(m).containsOnlyKeys("rag.map", "rag.P_5", "rag.ndcg_cut_10");
        assertThat(m.get("rag.ndcg_cut_10").samples()).containsExactly(0.5, 0.7, 0.6);
        assertThat(m.get("rag.map").direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        MetricFile summaryOnly = read("""
                {"run_id": "r", "trec_eval_version": "9.0.8", "summary": {"map": 0.25}}""");
        assertThat(summaryOnly.metrics().getFirst().samples()).containsExactly(0.25);
        assertThat(summaryOnly.metrics().getFirst().repeated()).isFalse();
    }

    @Test
    void lighthouseReportsPoolTheirRunsIntoOneSeriesPerPageAndPreset() throws Exception {
        Path dir = fixtures().resolve("lighthouse/13.5.0/mobile/good");
        MetricFiles.Read read = files.readAll(List.of(dir));
        assertThat(read.files()).allSatisfy(f -> assertThat(f.kind()).isEqualTo(FileKind.LIGHTHOUSE));
        int runs = read.files().size();
        assertThat(runs).isGreaterThan(1);
        CiMetric lcp = read.metrics().stream().filter(m -> m.name().equals("lighthouse.lcp_ms")).findFirst().orElseThrow();
        assertThat(lcp.samples()).hasSize(runs);
        assertThat(lcp.labels()).containsKeys("page", "preset").containsEntry("preset", "mobile");
        assertThat(lcp.unit()).isEqualTo("ms");
        assertThat(read.metrics()).extracting(CiMetric::name).contains("lighthouse.score", "lighthouse.cls", "lighthouse.tbt_ms");
    }

    @Test
    void theSameMetricInTwoFilesIsRefused() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.json"), K6);
        Path b = Files.writeString(tmp.resolve("b.json"), K6);
        assertThatThrownBy(() -> files.readAll(List.of(a, b))).hasMessageContaining("b.json: metric k6.http_req_duration_avg_ms is also in")
                .hasMessageContaining("a.json");
    }

    @Test
    void gzippedFilesRead() throws Exception {
        Path gz = tmp.resolve("jmh.json.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(JMH.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(files.read(gz).kind()).isEqualTo(FileKind.JMH);
        assertThat(files.read(gz).build()).isEqualTo(Optional.empty());
    }

    /** The schema in docs/ and the reader describe the same fields: a field added to one must be added to the other. */
    @Test
    void theSchemaFileNamesTheFieldsTheReaderAccepts() throws Exception {
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of("../docs/schemas/perf_metrics.schema.json").toFile());
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        List<String> root = new java.util.ArrayList<>();
        schema.get("properties").fieldNames().forEachRemaining(root::add);
        assertThat(root).containsExactlyInAnyOrderElementsOf(PerfMetricsReader.ROOT_FIELDS);
        assertThat(schema.get("required")).extracting(com.fasterxml.jackson.databind.JsonNode::asText).containsExactly("metrics");
        var metric = schema.get("$defs").get("metric");
        List<String> fields = new java.util.ArrayList<>();
        metric.get("properties").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrderElementsOf(PerfMetricsReader.METRIC_FIELDS);
        assertThat(metric.get("properties").get("direction").get("enum")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactly("lower", "higher");
        assertThat(metric.get("additionalProperties").asBoolean()).isFalse();
    }

    static Path fixtures() {
        String p = System.getProperty("perfguard.fixtures");
        return Path.of(p != null ? p : "../../shared/fixtures").normalize();
    }
}
