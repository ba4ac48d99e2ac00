package dev.perfguard.signals.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.PerfguardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioReaderTest {
    @TempDir Path tmp;

    /** The example in docs/loadtest.md reads as documented (with its query file written beside it). */
    @Test
    void theDocumentedExampleReads() throws Exception {
        String doc = Files.readString(Path.of("../docs/loadtest.md"));
        Matcher m = Pattern.compile("```yaml\\n(name: search-under-load.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).isTrue();
        Files.createDirectories(tmp.resolve("evals/golden"));
        Files.writeString(tmp.resolve("evals/golden/queries.jsonl"), "{\"query_id\": \"q1\", \"query\": \"flow & heat\"}\n");
        Path dir = Files.createDirectories(tmp.resolve("scenarios"));
        Path file = dir.resolve("search.yaml");
        Files.writeString(file, m.group(1));

        Scenario s = ScenarioReader.read(file);
        assertThat(s.name()).isEqualTo("search-under-load");
        assertThat(s.requests()).extracting(Scenario.RequestSpec::weight).containsExactly(9.0, 1.0, 0.5);
        assertThat(s.queries()).hasSize(1);
        assertThat(s.stages()).hasSize(2);
        assertThat(s.duration()).isEqualTo(Duration.ofSeconds(120 + 60 + 180 + 30));
        assertThat(s.maxRequests()).isEqualTo(200_000);
        assertThat(s.thresholds()).extracting(Object::toString).containsExactly("http_req_duration: p(95)<300",
                "http_req_duration: p(99)<800", "http_req_duration: avg<150", "http_req_failed: rate<0.01", "dropped_iterations: count==0");
        Stage.RampingArrivalRate ramp = (Stage.RampingArrivalRate) s.stages().get(1);
        assertThat(ramp.startRate()).isEqualTo(200);
        assertThat(ramp.ramps()).extracting(Stage.Ramp::target).containsExactly(500.0, 500.0, 0.0);

        var request = LoadGeneratorAccess.request(s, s.requests().get(0), 0);
        assertThat(request.uri().toString()).isEqualTo("http://127.0.0.1:8080/search?q=flow%20%26%20heat&k=10");
        assertThat(LoadGenerator.fill(s.requests().get(2).body(), s.queries().get(0), false)).isEqualTo("{\"q\": \"flow & heat\", \"id\": \"q1\"}");
    }

    @Test
    void timeUnitScalesTheRate() {
        Scenario s = ScenarioReader.parse("t.yaml", """
                target: http://localhost:1
                requests: [{path: /}]
                stages:
                  - {executor: constant-arrival-rate, rate: 30, time_unit: 1m, duration: 10s, max_in_flight: 2}
                max_requests: 5
                """, tmp, "t");
        assertThat(((Stage.ConstantArrivalRate) s.stages().getFirst()).rate()).isEqualTo(0.5);
    }

    @Test
    void errorsNameTheLineAndTheField() {
        assertThatThrownBy(() -> ScenarioReader.parse("t.yaml", """
                target: http://localhost:1
                requests:
                  - path: /search?q={{query}}
                stages:
                  - {executor: constant-arrival-rate, rate: 3, duration: 1s, max_in_flight: 2}
                max_requests: 5
                """, tmp, "t")).isInstanceOf(PerfguardException.class)
                .hasMessage("t.yaml:3: requests[0].path: uses {{query}} or {{query_id}} but the scenario names no queries file");
        assertThatThrownBy(() -> ScenarioReader.parse("t.yaml", """
                target: http://localhost:1
                requests: [{path: /}]
                stages:
                  - executor: constant-arrival-rate
                    rate: 3
                    duration: 1s
                    max_in_flght: 2
                max_requests: 5
                """, tmp, "t")).hasMessageStartingWith("t.yaml:7: stages[0].max_in_flght: unknown key (expected one of: duration, executor, max_in_flight, rate, time_unit)");
        assertThatThrownBy(() -> ScenarioReader.parse("t.yaml", """
                target: ftp://localhost:1
                requests: [{path: /}]
                """, tmp, "t")).hasMessageContaining("t.yaml:1: target: expected an http(s) base URL");
        assertThatThrownBy(() -> ScenarioReader.parse("t.yaml", """
                target: http://localhost:1
                requests: [{path: /}]
                stages:
                  - executor: ramping-arrival-rate
                    max_in_flight: 2
                    stages:
                      - {target: 10, duration: 10}
                max_requests: 5
                """, tmp, "t")).hasMessageContaining("t.yaml:7: stages[0].stages[0].duration: expected a duration like 500ms, 30s, 5m or 1h, was '10'");
    }
}
