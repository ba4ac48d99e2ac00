package dev.perfguard.app.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.app.Cli;
import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.app.wiring.Bootstrap;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perfguard loadtest run} against the real demo target on loopback, its slow ranker delaying a fifth
 * of the searches by 200 ms: the delayed fifth shows in p(90) from the intended start, the median stays
 * fast, and a threshold the delay breaks exits 1.
 */
class LoadtestOnTargetTest {
    @TempDir Path tmp;

    @Test
    void theSlowRankersDelayShowsInTheTailAndFailsTheThreshold() throws Exception {
        Path flags = tmp.resolve("flags.json");
        TargetClient.writeFlags(flags, TargetClient.flags("{\"p\": 0.2, \"delayMs\": 200}", false));
        try (DemoTarget target = DemoTarget.start("127.0.0.1", 0, Optional.of(flags), new PrintWriter(new StringWriter()))) {
            Files.writeString(tmp.resolve("queries.tsv"), """
                    1\twhat similarity laws must be obeyed when constructing aeroelastic models of heated high speed aircraft
                    2\twhat are the structural and aeroelastic problems associated with flight of high speed aircraft
                    4\twhat problems of heat conduction in composite slabs have been solved so far
                    """);
            Path scenario = tmp.resolve("search.yaml");
            Files.writeString(scenario, """
                    target: %s
                    queries: queries.tsv
                    requests:
                      - path: /search?q={{query}}&k=10
                    stages:
                      - {executor: constant-arrival-rate, rate: 50, duration: 4s, max_in_flight: 200}
                    max_requests: 1000
                    thresholds:
                      http_req_duration: ["p(90)<150", "med<150"]
                      http_req_failed: ["rate<0.01"]
                    """.formatted(target.uri()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Bootstrap b = new Bootstrap(Map.of("PERFGUARD_PROGRESS", "never"), Clock.systemUTC(), () -> new ByteArrayInputStream(new byte[0]));
            String[] args = {"loadtest", "run", scenario.toString(), "--format", "json"};
            int exit = Cli.create(new PrintWriter(out, true), new PrintWriter(err, true), b, args).execute(args);

            assertThat(exit).as(err.toString()).isEqualTo(ExitStatus.REGRESSION);
            JsonNode json = new ObjectMapper().readTree(out.toString());
            assertThat(json.at("/metrics/http_reqs/count").asLong()).isEqualTo(200);
            assertThat(json.at("/metrics/http_req_failed/passes").asLong()).isZero();
            assertThat(json.at("/metrics/http_req_duration/p(90)").asDouble()).isGreaterThanOrEqualTo(200);
            assertThat(json.at("/metrics/http_req_duration/med").asDouble()).isLessThan(150);
            assertThat(json.at("/metrics/http_req_duration/thresholds/p(90)<150").asBoolean()).isTrue();
            assertThat(json.at("/metrics/http_req_duration/thresholds/med<150").asBoolean()).isFalse();
        }
    }
}
