package dev.perfguard.app.cli.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.app.Cli;
import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.signals.loadtest.DelayTarget;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code perfguard loadtest run|import} in-process against a loopback target: exit statuses, outputs, safety. */
class LoadtestCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    record Result(int exit, String out, String err) {}

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Bootstrap b = new Bootstrap(Map.of("PERFGUARD_PROGRESS", "never"), Clock.systemUTC(), () -> new ByteArrayInputStream(new byte[0]));
        int exit = Cli.create(new PrintWriter(out, true), new PrintWriter(err, true), b, args).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Path scenario(URI target, String thresholds) throws Exception {
        Files.writeString(tmp.resolve("queries.jsonl"), """
                {"query_id": "1", "query": "what similarity laws must be obeyed"}
                {"query_id": "2", "query": "boundary layer & heat transfer"}
                """);
        Path file = tmp.resolve("search.yaml");
        Files.writeString(file, """
                name: search-smoke
                target: %s
                queries: queries.jsonl
                requests:
                  - name: search
                    path: /search?q={{query}}&k=10&id={{query_id}}
                    headers: { Accept: application/json }
                    weight: 3
                  - name: health
                    path: /health
                    weight: 1
                stages:
                  - executor: constant-arrival-rate
                    rate: 100
                    time_unit: 1s
                    duration: 2s
                    max_in_flight: 200
                max_requests: 1000
                thresholds:
                %s
                """.formatted(target, thresholds));
        return file;
    }

    @Test
    void passingThresholdsExitZeroAndTheOutputsAreWritten() throws Exception {
        try (DelayTarget target = DelayTarget.start(k -> 0)) {
            Path file = scenario(target.url(), """
                      http_req_duration: ["p(95)<5000", "max<10000"]
                      http_req_failed: ["rate<0.01"]
                    """);
            Path out = tmp.resolve("out");
            Result r = cli("loadtest", "run", file.toString(), "--format", "json", "--out", out.toString());

            assertThat(r.exit()).as(r.err()).isEqualTo(ExitStatus.OK);
            JsonNode json = JSON.readTree(r.out());
            assertThat(json.at("/metrics/http_reqs/count").asLong()).isEqualTo(200);
            assertThat(json.at("/metrics/http_req_failed/passes").asLong()).isZero();
            assertThat(json.at("/metrics/http_req_failed/fails").asLong()).isEqualTo(200);
            assertThat(json.at("/metrics/http_req_duration").has("p(95)")).isTrue();
            assertThat(json.at("/metrics/http_req_duration/thresholds/p(95)<5000").asBoolean()).isFalse();
            assertThat(json.at("/metrics/dropped_iterations/count").asLong()).isZero();
            assertThat(json.at("/thresholds/0/ok").asBoolean()).isTrue();
            assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo(r.out());
            assertThat(Files.readString(out.resolve("latency.hlog"))).contains("#[StartTime:");
            assertThat(JSON.readTree(out.resolve("latency-over-time.json").toFile()).at("/points").size()).isGreaterThanOrEqualTo(2);
            assertThat(Files.readString(out.resolve("summary.md"))).contains("| threshold | result | value |");
            // the mix and the templating: query text URL-encoded, ids in turn, about 3 searches to 1 health check
            List<String> paths = target.paths();
            assertThat(paths).contains("GET /search?q=what%20similarity%20laws%20must%20be%20obeyed&k=10&id=1",
                    "GET /search?q=boundary%20layer%20%26%20heat%20transfer&k=10&id=2");
            long health = paths.stream().filter(p -> p.equals("GET /health")).count();
            assertThat(health).isBetween(25L, 75L);
        }
    }

    @Test
    void aFailedThresholdExitsOneAndSaysWhich() throws Exception {
        try (DelayTarget target = DelayTarget.start(k -> 20_000)) {
            Path file = scenario(target.url(), """
                      http_req_duration: ["p(95)<1", "avg<60000"]
                    """);
            Result r = cli("loadtest", "run", file.toString());

            assertThat(r.exit()).as(r.err()).isEqualTo(ExitStatus.REGRESSION);
            assertThat(r.out()).containsPattern("FAILED +http_req_duration: p\\(95\\)<1 +p\\(95\\)=[0-9.]+ms")
                    .containsPattern("ok +http_req_duration: avg<60000")
                    .contains("1 of 2 thresholds failed");
        }
    }

    @Test
    void aBadScenarioExitsTwoNamingFileLineAndField() throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, """
                target: http://127.0.0.1:9
                requests:
                  - path: /x
                stages:
                  - executor: constant-arrival-rate
                    rate: -5
                    duration: 1s
                    max_in_flight: 1
                max_requests: 10
                """);
        Result r = cli("loadtest", "run", file.toString());
        assertThat(r.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(r.err()).contains(file + ":6: stages[0].rate: must be a positive number");

        Files.writeString(file, """
                target: http://127.0.0.1:9
                requests:
                  - path: /x
                stages:
                  - {executor: constant-arrival-rate, rate: 5, duration: 1s, max_in_flight: 1}
                max_requests: 10
                thresholds:
                  http_req_duration: ["p(95)<300", "p95 < 300"]
                """);
        r = cli("loadtest", "run", file.toString());
        assertThat(r.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(r.err()).contains(file + ":8: thresholds.http_req_duration[1]: threshold 'p95 < 300'");

        Files.writeString(file, """
                target: http://127.0.0.1:9
                requests:
                  - path: /x
                stages:
                  - {executor: constant-arrival-rate, rate: 5, duration: 1s, max_in_flight: 1}
                """);
        r = cli("loadtest", "run", file.toString());
        assertThat(r.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(r.err()).contains("max_requests: 'max_requests' is required");
    }

    @Test
    void aTargetNeitherLoopbackNorAllowedIsRefusedBeforeAnyRequest() throws Exception {
        Path file = tmp.resolve("remote.yaml");
        Files.writeString(file, """
                target: http://192.0.2.10:8080
                requests:
                  - path: /x
                stages:
                  - {executor: constant-arrival-rate, rate: 5, duration: 1s, max_in_flight: 1}
                max_requests: 10
                """);
        Result r = cli("loadtest", "run", file.toString());
        assertThat(r.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(r.err()).contains("target: host '192.0.2.10' is neither loopback nor listed in loadtest.allowed_hosts");

        Path config = tmp.resolve("perfguard.yaml");
        Files.writeString(config, """
                loadtest:
                  allowed_hosts:
                    - search.staging.internal
                    - http://search.prod.example/
                """);
        r = cli("loadtest", "run", "--config", config.toString(), file.toString());
        assertThat(r.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(r.err()).contains(config + ":4: key 'loadtest.allowed_hosts[1]': expected a host name or IP address");
    }

    @Test
    void importsAK6SummaryExportAndJudgesThresholds() throws Exception {
        Path k6 = resource("k6-summary.json");
        Result r = cli("loadtest", "import", k6.toString(), "--threshold", "http_req_duration:p(95)<300",
                "--threshold", "http_req_failed:rate<0.01");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitStatus.OK);
        assertThat(r.out()).contains("(k6, 30.0 s)").contains("avg=118.44ms min=41.21ms med=104.88ms max=1.20s p(90)=187.55ms p(95)=241.03ms")
                .contains("0.63%  19 of 3000").contains("dropped_iterations....: 12").contains("all 2 thresholds passed");

        r = cli("loadtest", "import", k6.toString(), "--threshold", "http_req_duration:p(90)<150", "--threshold", "http_req_duration:p(99)<800");
        assertThat(r.exit()).isEqualTo(ExitStatus.REGRESSION);
        assertThat(r.out()).contains("p(90)=187.55ms").contains("p(99)<800  (not measured by this source)");

        r = cli("loadtest", "import", k6.toString(), "--threshold", "http_req_duration:p(95)<<300");
        assertThat(r.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(r.err()).contains("--threshold: threshold 'p(95)<<300'");
    }

    @Test
    void importsWrkOutputAndItsOwnSummaryExport() throws Exception {
        Result r = cli("loadtest", "import", resource("wrk-latency.txt").toString(), "--format", "json",
                "--threshold", "http_req_duration:p(99)<20", "--threshold", "http_req_failed:rate<0.001");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitStatus.OK);
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.at("/source").asText()).isEqualTo("wrk");
        assertThat(json.at("/metrics/http_reqs/count").asLong()).isEqualTo(611842);
        assertThat(json.at("/metrics/http_req_failed/passes").asLong()).isEqualTo(120);
        assertThat(json.at("/metrics/http_req_duration/med").asDouble()).isEqualTo(2.87);
        assertThat(json.at("/metrics/http_req_duration/p(99)").asDouble()).isEqualTo(11.02);
        assertThat(json.at("/metrics/http_req_duration/max").asDouble()).isEqualTo(87.31);
        assertThat(json.at("/state/testRunDurationMs").asDouble()).isEqualTo(30010.0);

        // what run --summary-export writes reads back as a k6 summary
        Path exported = tmp.resolve("exported.json");
        Files.writeString(exported, r.out());
        Result back = cli("loadtest", "import", exported.toString(), "--format", "json");
        JsonNode again = JSON.readTree(back.out());
        assertThat(back.exit()).as(back.err()).isEqualTo(ExitStatus.OK);
        for (String ptr : List.of("/metrics/http_reqs/count", "/metrics/http_req_failed/passes", "/metrics/http_req_duration/med",
                "/metrics/http_req_duration/p(99)", "/state/testRunDurationMs")) {
            assertThat(again.at(ptr)).as(ptr).isEqualTo(json.at(ptr));
        }
    }

    private static Path resource(String name) throws Exception {
        return Path.of(LoadtestCliTest.class.getResource("/loadtest/" + name).toURI());
    }
}
